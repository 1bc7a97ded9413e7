using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Trainings;

namespace DIH4S.Grains.Trainings;

/// <summary>
/// Who may do what with a training and its seats, and when, as pure decisions. Checks run in the
/// order of the whole desk: role (403), visibility (404), then party, state and time (409).
/// </summary>
public static class TrainingRules
{
    public const int MaxCapacity = 10_000;
    public const int TitleMax = 200;

    /// <summary>Whether the actor runs the training (its trainer, or a coordinator): they see and manage every seat.</summary>
    public static bool Runs(TrainingState training, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsCoordinator || (training.TrainerId is { } trainerId && trainerId == actor.UserId);
    }

    /// <summary>Whether the actor may see the seat: its holder, or whoever runs the training.</summary>
    public static bool CanSee(TrainingState training, SeatRecord seat, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(seat);
        ArgumentNullException.ThrowIfNull(actor);
        return seat.UserId == actor.UserId || Runs(training, actor);
    }

    /// <summary>Trainers and coordinators create trainings; nobody else ever does.</summary>
    public static DeskProblem? CreatorProblem(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsCoordinator || actor.Has(DeskRoles.Trainer)
            ? null
            : DeskProblem.Forbidden("Only trainers and coordinators create trainings.");
    }

    /// <summary>What is wrong with a draft, field by field (JSON names); empty when it may be created now.</summary>
    public static IReadOnlyList<(string Field, string Message)> DraftErrors(TrainingDraft draft, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(draft.Title) || draft.Title.Length > TitleMax)
        {
            errors.Add(("title", $"'title' is required, at most {TitleMax} characters."));
        }

        if (draft.Start <= now)
        {
            errors.Add(("start", "'start' must be in the future."));
        }

        if (draft.End <= draft.Start)
        {
            errors.Add(("end", "'end' must be after 'start'."));
        }

        if (draft.Capacity is < 1 or > MaxCapacity)
        {
            errors.Add(("capacity", $"'capacity' must be from 1 to {MaxCapacity}."));
        }

        if (draft.CancellationDeadline is { } deadline && deadline > draft.Start)
        {
            errors.Add(("cancellationDeadline", "'cancellationDeadline' must not be after 'start'."));
        }

        return errors;
    }

    /// <summary>The draft's own deadline, or the default notice before the start.</summary>
    public static DateTimeOffset CancellationDeadline(TrainingDraft draft, TimeSpan defaultNotice)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return draft.CancellationDeadline ?? draft.Start - defaultNotice;
    }

    /// <summary>Anyone signed in may reserve, until the start, and hold one seat (not cancelled) per training.</summary>
    public static DeskProblem? ReserveProblem(TrainingState training, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(actor);
        if (now >= training.Start)
        {
            return DeskProblem.Conflict("The training has started; reservations are closed.");
        }

        return training.Seats.FirstOrDefault(s => s.UserId == actor.UserId && SeatAllocation.IsHeld(s.State)) is { } existing
            ? DeskProblem.Conflict(
                $"You already hold seat {existing.Id} in this training.",
                $"Seat {existing.Id} is {Kebab(existing.State)}; cancel it before reserving again.")
            : null;
    }

    /// <summary>
    /// Confirmed and waitlisted seats can be cancelled: a confirmed one by its holder until the
    /// cancellation deadline, a place on the waiting list by its holder at any time (leaving the line
    /// frees nothing anyone relies on), and either by whoever runs the training at any time.
    /// </summary>
    public static Outcome<SeatRecord> DecideCancel(TrainingState training, Actor actor, string seatId, DateTimeOffset now)
    {
        if (Find(training, actor, seatId) is not { } seat)
        {
            return DeskProblem.NotFound("Seat");
        }

        if (seat.State is not (SeatState.Confirmed or SeatState.Waitlisted))
        {
            return DeskProblem.Conflict($"A seat that is {Kebab(seat.State)} cannot be cancelled.");
        }

        if (seat.State == SeatState.Confirmed && !Runs(training, actor) && now >= training.CancellationDeadline)
        {
            return DeskProblem.Conflict(
                "The cancellation deadline has passed.",
                $"Attendees could cancel until {training.CancellationDeadline:O}; the trainer or a coordinator still can.");
        }

        return seat;
    }

    /// <summary>
    /// The trainer of the training or a coordinator marks attendance on a seat that holds a place
    /// (confirmed, or already marked: a mark can be corrected), from when attendance opens.
    /// </summary>
    public static Outcome<SeatRecord> DecideAttendance(TrainingState training, Actor actor, string seatId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Find(training, actor, seatId) is not { } seat)
        {
            return DeskProblem.NotFound("Seat");
        }

        if (!actor.IsCoordinator && !actor.Has(DeskRoles.Trainer))
        {
            return DeskProblem.Forbidden("Only trainers and coordinators mark attendance.");
        }

        if (!Runs(training, actor))
        {
            return DeskProblem.Forbidden("Only the trainer of this training or a coordinator marks its attendance.");
        }

        if (!SeatAllocation.HoldsPlace(seat.State))
        {
            return DeskProblem.Conflict($"Attendance is marked on confirmed seats; this one is {Kebab(seat.State)}.");
        }

        if (now < training.AttendanceOpensAt)
        {
            return DeskProblem.Conflict(
                "Attendance cannot be marked yet.",
                $"It opens at {training.AttendanceOpensAt:O}, shortly before the start.");
        }

        return seat;
    }

    /// <summary>The API's spelling of a seat state.</summary>
    public static string Kebab(SeatState state) => state switch
    {
        SeatState.NoShow => "no-show",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static SeatRecord? Find(TrainingState training, Actor actor, string seatId)
    {
        ArgumentNullException.ThrowIfNull(training);
        return training.Seats.Find(s => s.Id == seatId) is { } seat && CanSee(training, seat, actor) ? seat : null;
    }
}
