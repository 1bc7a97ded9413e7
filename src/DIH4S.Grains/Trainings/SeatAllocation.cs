using DIH4S.Contracts.Trainings;

namespace DIH4S.Grains.Trainings;

/// <summary>The seats after a decision, and those among them that changed (each with its version + 1).</summary>
/// <param name="Seats">Every seat, in reservation order.</param>
/// <param name="Changed">The seats whose state or waiting-list position changed, in reservation order.</param>
public sealed record Allocation(IReadOnlyList<SeatRecord> Seats, IReadOnlyList<SeatRecord> Changed);

/// <summary>
/// How a training's places go to people, as pure functions over its seats in reservation order.
/// Every operation ends by settling the line: <see cref="Promote"/> fills free places from the head of
/// the waiting list, then <see cref="Renumber"/> numbers the waiting list 1..n in reservation order.
/// So, whatever happened before, the result never has more places taken than the capacity, never a free
/// place while someone waits, and dense, ordered positions.
/// </summary>
public static class SeatAllocation
{
    /// <summary>Whether a seat in this state occupies one of the training's places.</summary>
    public static bool HoldsPlace(SeatState state) => state is SeatState.Confirmed or SeatState.Attended or SeatState.NoShow;

    /// <summary>Whether a seat in this state is still its person's (everything but cancelled); one per person and training.</summary>
    public static bool IsHeld(SeatState state) => state != SeatState.Cancelled;

    /// <summary>Adds a seat for the person at the end of the line: confirmed while places remain, otherwise waitlisted.</summary>
    public static Allocation Reserve(int capacity, IReadOnlyList<SeatRecord> seats, string seatId, string userId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(seats);
        var claim = new SeatRecord(seatId, userId, SeatState.Waitlisted, null, 0, now, now);
        return Settle(capacity, seats, [.. seats, claim], now);
    }

    /// <summary>Cancels a seat; a place it freed goes to the first in line, and the line closes up behind it.</summary>
    public static Allocation Cancel(int capacity, IReadOnlyList<SeatRecord> seats, string seatId, DateTimeOffset now) =>
        Settle(capacity, seats, Replace(seats, seatId, s => s with { State = SeatState.Cancelled, WaitlistPosition = null }), now);

    /// <summary>Records attendance on a seat that holds a place; the seat keeps its place either way.</summary>
    public static Allocation MarkAttendance(int capacity, IReadOnlyList<SeatRecord> seats, string seatId, bool attended, DateTimeOffset now) =>
        Settle(capacity, seats, Replace(seats, seatId, s => s with { State = attended ? SeatState.Attended : SeatState.NoShow }), now);

    /// <summary>Confirms waitlisted seats, first in line first, while places are free.</summary>
    public static IReadOnlyList<SeatRecord> Promote(int capacity, IReadOnlyList<SeatRecord> seats)
    {
        ArgumentNullException.ThrowIfNull(seats);
        var free = capacity - seats.Count(s => HoldsPlace(s.State));
        var result = new List<SeatRecord>(seats.Count);
        foreach (var seat in seats)
        {
            if (free > 0 && seat.State == SeatState.Waitlisted)
            {
                free--;
                result.Add(seat with { State = SeatState.Confirmed, WaitlistPosition = null });
            }
            else
            {
                result.Add(seat);
            }
        }

        return result;
    }

    /// <summary>Numbers the waitlisted seats 1..n in reservation order; every other seat has no position.</summary>
    public static IReadOnlyList<SeatRecord> Renumber(IReadOnlyList<SeatRecord> seats)
    {
        ArgumentNullException.ThrowIfNull(seats);
        var position = 0;
        return [.. seats.Select(seat =>
        {
            int? wanted = seat.State == SeatState.Waitlisted ? ++position : null;
            return seat.WaitlistPosition == wanted ? seat : seat with { WaitlistPosition = wanted };
        })];
    }

    /// <summary>Promotes and renumbers <paramref name="after"/>, then stamps each seat that differs from <paramref name="before"/>.</summary>
    private static Allocation Settle(int capacity, IReadOnlyList<SeatRecord> before, IReadOnlyList<SeatRecord> after, DateTimeOffset now)
    {
        var previous = before.ToDictionary(s => s.Id);
        var seats = new List<SeatRecord>(after.Count);
        var changed = new List<SeatRecord>();
        foreach (var seat in Renumber(Promote(capacity, after)))
        {
            var old = previous.GetValueOrDefault(seat.Id);
            if (old is not null && old.State == seat.State && old.WaitlistPosition == seat.WaitlistPosition)
            {
                seats.Add(old);
                continue;
            }

            var stamped = seat with { Version = (old?.Version ?? 0) + 1, UpdatedAt = now };
            seats.Add(stamped);
            changed.Add(stamped);
        }

        return new Allocation(seats, changed);
    }

    private static List<SeatRecord> Replace(IReadOnlyList<SeatRecord> seats, string seatId, Func<SeatRecord, SeatRecord> change)
    {
        ArgumentNullException.ThrowIfNull(seats);
        return [.. seats.Select(s => s.Id == seatId ? change(s) : s)];
    }
}
