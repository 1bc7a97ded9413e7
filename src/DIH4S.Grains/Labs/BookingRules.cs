using System.Globalization;
using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Labs;

namespace DIH4S.Grains.Labs;

/// <summary>What an accepted command does to a booking.</summary>
/// <param name="To">The state afterwards.</param>
/// <param name="Note">Free text kept in the history and shown as the booking's reason (rejection, cancellation).</param>
public sealed record BookingTransition(BookingState To, string? Note = null);

/// <summary>
/// Lab bookings as pure decisions: the calendar's overlap rule, the equipment's booking rules, and who
/// may do what in which state. Checks run in a fixed order: visibility (404), role (403), the lab the
/// actor manages (403), then state (409).
/// </summary>
public static class BookingRules
{
    /// <summary>Whether a booking in this state holds its slot.</summary>
    public static bool Holds(BookingState state) => state is BookingState.Pending or BookingState.Approved or BookingState.CheckedIn;

    /// <summary>States from which nothing moves; all of them release the slot.</summary>
    public static bool IsFinal(BookingState state) =>
        state is BookingState.Rejected or BookingState.Completed or BookingState.NoShow or BookingState.Cancelled;

    /// <summary>Whether the equipment's iCalendar feed shows a booking in this state.</summary>
    public static bool InFeed(BookingState state) => state is BookingState.Approved or BookingState.CheckedIn or BookingState.Completed;

    /// <summary>
    /// Whether two half-open intervals [start, end) come closer than <paramref name="buffer"/>: a new use may
    /// start no sooner than the buffer after another ends, and must end at least the buffer before another
    /// starts. Exactly the buffer apart (with no buffer: touching) does not collide.
    /// </summary>
    public static bool Collides(DateTimeOffset start, DateTimeOffset end, DateTimeOffset otherStart, DateTimeOffset otherEnd, TimeSpan buffer) =>
        start < otherEnd + buffer && otherStart < end + buffer;

    /// <summary>The earliest holding that collides with [start, end), or null when the interval is free.</summary>
    public static Holding? FirstCollision(DateTimeOffset start, DateTimeOffset end, TimeSpan buffer, IEnumerable<Holding> holdings)
    {
        ArgumentNullException.ThrowIfNull(holdings);
        return holdings
            .Where(h => Collides(start, end, h.Start, h.End, buffer))
            .OrderBy(h => h.Start)
            .ThenBy(h => h.Id, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Checks a requested interval against the equipment's rules: order, maximum length and minimum notice.</summary>
    public static DeskProblem? CheckRequest(EquipmentView equipment, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(equipment);
        var errors = new Dictionary<string, string[]>();
        if (end <= start)
        {
            errors["end"] = ["'end' must be after 'start'."];
        }
        else if (end - start > TimeSpan.FromHours(equipment.MaxHours))
        {
            errors["end"] = [$"This equipment can be booked for at most {equipment.MaxHours} hours at a time."];
        }

        var earliest = now + TimeSpan.FromHours(equipment.MinNoticeHours);
        if (start < earliest)
        {
            errors["start"] = [equipment.MinNoticeHours == 0
                ? "'start' must not be in the past."
                : $"This equipment must be booked at least {equipment.MinNoticeHours} hours ahead: start at {Format(earliest)} or later."];
        }

        return errors.Count == 0 ? null : new DeskProblem(ProblemKind.Invalid, "One or more fields are invalid.", null, errors);
    }

    /// <summary>The refusal for a request that collides with a holding; a booking's id only when the actor may see it.</summary>
    public static DeskProblem SlotTaken(Holding holding, Actor actor, IReadOnlyCollection<string> managerIds, TimeSpan buffer)
    {
        ArgumentNullException.ThrowIfNull(holding);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(managerIds);
        var what = holding.Kind switch
        {
            SlotKind.Blackout => "a blackout",
            _ when actor.IsCoordinator || managerIds.Contains(actor.UserId) || holding.OrganizationId == actor.OrganizationId =>
                $"booking {holding.Id}",
            _ => "an existing booking",
        };
        var gap = buffer > TimeSpan.Zero ? $" The equipment needs {buffer.TotalMinutes:0} minutes between uses." : "";
        return DeskProblem.Conflict(
            "The slot is taken.",
            $"It collides with {what} from {Format(holding.Start)} to {Format(holding.End)}.{gap}");
    }

    /// <summary>Whether the actor may see the booking: its organization's people, the lab's managers and coordinators.</summary>
    public static bool CanSee(BookingGrainState booking, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(booking);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsCoordinator || booking.OrganizationId == actor.OrganizationId || booking.ManagerIds.Contains(actor.UserId);
    }

    /// <summary>Whether the actor manages the lab: one of its lab managers, or a coordinator.</summary>
    public static bool Manages(IReadOnlyCollection<string> managerIds, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(managerIds);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsCoordinator || (actor.Has(DeskRoles.LabManager) && managerIds.Contains(actor.UserId));
    }

    /// <summary>Decides a command against the booking's current state.</summary>
    public static Outcome<BookingTransition> Decide(BookingGrainState booking, Actor actor, BookingCommand command)
    {
        ArgumentNullException.ThrowIfNull(booking);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(command);

        if (!CanSee(booking, actor))
        {
            return DeskProblem.NotFound("Booking");
        }

        var labAction = command is ApproveBooking or RejectBooking or CheckInBooking or CompleteBooking;
        if (labAction && !actor.IsCoordinator && !actor.Has(DeskRoles.LabManager))
        {
            return DeskProblem.Forbidden($"Only lab managers and coordinators may '{command.Action}' a booking.");
        }

        if (labAction && !Manages(booking.ManagerIds, actor))
        {
            return DeskProblem.Forbidden($"Only the managers of this booking's lab may '{command.Action}' it.");
        }

        return command switch
        {
            ApproveBooking => From(booking, command, new BookingTransition(BookingState.Approved), BookingState.Pending),
            RejectBooking reject => From(booking, command, new BookingTransition(BookingState.Rejected, reject.Reason), BookingState.Pending),
            CancelBooking cancel => From(booking, command, new BookingTransition(BookingState.Cancelled, cancel.Reason),
                BookingState.Pending, BookingState.Approved),
            CheckInBooking => From(booking, command, new BookingTransition(BookingState.CheckedIn), BookingState.Approved),
            CompleteBooking => From(booking, command, new BookingTransition(BookingState.Completed), BookingState.CheckedIn),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown booking command."),
        };
    }

    /// <summary>Whether an approved booking has passed its start plus the grace without a check-in.</summary>
    public static bool IsNoShow(BookingGrainState booking, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(booking);
        return booking.State == BookingState.Approved && booking.NoShowAt is { } due && now >= due;
    }

    /// <summary>The API's spelling of a state.</summary>
    public static string Kebab(BookingState state) => state switch
    {
        BookingState.CheckedIn => "checked-in",
        BookingState.NoShow => "no-show",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>An instant as the API writes it: ISO 8601 in UTC.</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static Outcome<BookingTransition> From(
        BookingGrainState booking, BookingCommand command, BookingTransition transition, params BookingState[] allowed) =>
        allowed.Contains(booking.State)
            ? transition
            : DeskProblem.Conflict(
                $"A booking that is {Kebab(booking.State)} cannot take '{command.Action}'.",
                $"The booking is at version {booking.Version}; re-read it and try again if it changed.");
}
