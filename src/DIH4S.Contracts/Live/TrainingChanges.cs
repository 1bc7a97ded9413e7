using DIH4S.Contracts.Trainings;

namespace DIH4S.Contracts.Live;

/// <summary>A training seat changed: reserved, promoted, moved on the waiting list, cancelled, attendance marked.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.SeatChanged")]
public sealed record SeatChanged([property: Id(0)] SeatView Seat, IReadOnlyList<string> Audience) : LiveChange(Audience)
{
    public override Task DeliverToAsync(IDeskClient clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        return clients.SeatChanged(Seat);
    }
}

/// <summary>A training was created or its counts changed.</summary>
[GenerateSerializer, Immutable, Alias("dih4s.TrainingChanged")]
public sealed record TrainingChanged([property: Id(0)] TrainingView Training, IReadOnlyList<string> Audience) : LiveChange(Audience)
{
    public override Task DeliverToAsync(IDeskClient clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        return clients.TrainingChanged(Training);
    }
}
