using DIH4S.Web.Services;

namespace DIH4S.Web.Pages.Trainings;

/// <summary>
/// What a person sees of seats: which of their own seats a training shows, how a change moves it, which
/// buttons fit, and how the trainer's seat list is ordered.
/// </summary>
public static class SeatPresentation
{
    /// <summary>The seat a person's row shows: their latest seat that is not cancelled; null when they hold none.</summary>
    public static Seat? Mine(IEnumerable<Seat> seats, string userId)
    {
        ArgumentNullException.ThrowIfNull(seats);
        return seats
            .Where(s => s.UserId == userId && s.State != SeatStates.Cancelled)
            .OrderByDescending(s => s.ReservedAt)
            .ThenByDescending(s => s.Version)
            .FirstOrDefault();
    }

    /// <summary>
    /// The seat to show after <paramref name="change"/> (live, or the answer of the person's own call):
    /// a newer version of the shown seat replaces it, an older one is ignored; another seat of the same
    /// person replaces the shown one when it is a newer reservation that still holds or awaits a place.
    /// </summary>
    public static (Seat? Shown, LiveItems.Effect Effect) Apply(Seat? shown, Seat change, string userId)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.UserId != userId)
        {
            return (shown, LiveItems.Effect.Ignored);
        }

        if (shown is not null && shown.Id == change.Id)
        {
            var effect = LiveItems.Compare(shown, change)!.Value;
            return effect == LiveItems.Effect.Ignored ? (shown, effect) : (change, effect);
        }

        if (change.State == SeatStates.Cancelled)
        {
            return (shown, LiveItems.Effect.Ignored);
        }

        return shown is null || shown.State == SeatStates.Cancelled || change.ReservedAt >= shown.ReservedAt
            ? (change, LiveItems.Effect.Added)
            : (shown, LiveItems.Effect.Ignored);
    }

    /// <summary>What a fresh read shows, unless a live change of the same seat already showed a newer version.</summary>
    public static Seat? Newer(Seat? shown, Seat? read) =>
        shown is not null && read is not null && shown.Id == read.Id && shown.Version > read.Version ? shown : read;

    /// <summary>One seat per training: a person may reserve when they hold none (or theirs was cancelled).</summary>
    public static bool CanReserve(Seat? mine) => mine is null || mine.State == SeatStates.Cancelled;

    /// <summary>Reserving is offered until the training starts.</summary>
    public static bool CanReserve(Seat? mine, Training training, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(training);
        return CanReserve(mine) && now < training.Start;
    }

    /// <summary>A confirmed seat or a waiting-list place can be given up (the server enforces the deadline).</summary>
    public static bool CanCancel(Seat? mine) => mine?.State is SeatStates.Confirmed or SeatStates.Waitlisted;

    /// <summary>The trainer of the training and coordinators see every seat and mark attendance.</summary>
    public static bool RunsTraining(Training training, Me? me)
    {
        ArgumentNullException.ThrowIfNull(training);
        return me is not null && (me.Has(Roles.Coordinator) || (training.TrainerId is not null && training.TrainerId == me.UserId));
    }

    /// <summary>Attendance is marked from <see cref="Training.AttendanceOpensAt"/> on.</summary>
    public static bool AttendanceOpen(Training training, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(training);
        return now >= training.AttendanceOpensAt;
    }

    /// <summary>Attendance is marked on confirmed seats, and a mark can be corrected.</summary>
    public static bool TakesAttendance(Seat seat)
    {
        ArgumentNullException.ThrowIfNull(seat);
        return seat.State is SeatStates.Confirmed or SeatStates.Attended or SeatStates.NoShow;
    }

    /// <summary>The seats that are not on the waiting list, in reservation order.</summary>
    public static IReadOnlyList<Seat> Places(IEnumerable<Seat> seats)
    {
        ArgumentNullException.ThrowIfNull(seats);
        return [.. seats.Where(s => s.State != SeatStates.Waitlisted).OrderBy(s => s.ReservedAt).ThenBy(s => s.Id, StringComparer.Ordinal)];
    }

    /// <summary>The waiting list, first in line first.</summary>
    public static IReadOnlyList<Seat> WaitingList(IEnumerable<Seat> seats)
    {
        ArgumentNullException.ThrowIfNull(seats);
        return [.. seats.Where(s => s.State == SeatStates.Waitlisted)
            .OrderBy(s => s.WaitlistPosition ?? int.MaxValue).ThenBy(s => s.ReservedAt)];
    }
}
