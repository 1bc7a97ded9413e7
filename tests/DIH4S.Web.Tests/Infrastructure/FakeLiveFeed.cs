using DIH4S.Web.Services;

namespace DIH4S.Web.Tests.Infrastructure;

/// <summary>The live hub as a test drives it: raise a change and the subscribed page receives it.</summary>
public sealed class FakeLiveFeed : ILiveFeed
{
    public LiveState State { get; private set; } = LiveState.Live;

    public event Action? StateChanged;

    public event Action<ServiceRequest>? RequestChanged;

    public event Action<Booking>? BookingChanged;

    public event Action<Seat>? SeatChanged;

    public event Action<Training>? TrainingChanged;

    public event Action<OfferWithdrawn>? OfferWithdrawn;

    public event Action? Resynchronize;

    public void Raise(ServiceRequest request) => RequestChanged?.Invoke(request);

    public void Raise(Booking booking) => BookingChanged?.Invoke(booking);

    public void Raise(Seat seat) => SeatChanged?.Invoke(seat);

    public void Raise(Training training) => TrainingChanged?.Invoke(training);

    public void Raise(OfferWithdrawn withdrawn) => OfferWithdrawn?.Invoke(withdrawn);

    public void Reconnect()
    {
        State = LiveState.Live;
        StateChanged?.Invoke();
        Resynchronize?.Invoke();
    }

    public void Move(LiveState state)
    {
        State = state;
        StateChanged?.Invoke();
    }
}
