using DIH4S.Contracts.Labs;

namespace DIH4S.Contracts.Live;

/// <summary>A lab booking changed (including a new booking).</summary>
[GenerateSerializer, Immutable, Alias("dih4s.BookingChanged")]
public sealed record BookingChanged([property: Id(0)] BookingView Booking, IReadOnlyList<string> Audience) : LiveChange(Audience)
{
    /// <inheritdoc />
    public override Task DeliverToAsync(IDeskClient clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        return clients.BookingChanged(Booking);
    }
}
