using DIH4S.Contracts.Trainings;
using DIH4S.Grains.Trainings;

namespace DIH4S.Grains.Tests.Trainings;

public sealed class SeatAllocationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ReservationsAreConfirmedWhilePlacesRemainThenJoinTheWaitingListInOrder()
    {
        var seats = Reserve(capacity: 2, people: 4);

        seats.Select(s => s.State).ShouldBe([SeatState.Confirmed, SeatState.Confirmed, SeatState.Waitlisted, SeatState.Waitlisted]);
        seats.Select(s => s.WaitlistPosition).ShouldBe([null, null, 1, 2]);
        seats.ShouldAllBe(s => s.Version == 1);
    }

    [Fact]
    public void AReservationChangesOnlyTheNewSeat()
    {
        var seats = Reserve(capacity: 1, people: 3);

        var result = SeatAllocation.Reserve(1, seats, "seat_new", "usr_new", Now);

        result.Changed.Select(s => s.Id).ShouldBe(["seat_new"]);
        result.Changed[0].WaitlistPosition.ShouldBe(3);
    }

    [Fact]
    public void CancellingAConfirmedSeatPromotesTheFirstInLineAndMovesEveryoneElseUpInTheSameOperation()
    {
        var seats = Reserve(capacity: 2, people: 5);

        var result = SeatAllocation.Cancel(2, seats, "seat_0", Now.AddHours(1));

        result.Changed.Select(s => (s.Id, s.State, s.WaitlistPosition, s.Version)).ShouldBe(
        [
            ("seat_0", SeatState.Cancelled, (int?)null, 2),
            ("seat_2", SeatState.Confirmed, null, 2),
            ("seat_3", SeatState.Waitlisted, 1, 2),
            ("seat_4", SeatState.Waitlisted, 2, 2),
        ]);
        result.Changed.ShouldAllBe(s => s.UpdatedAt == Now.AddHours(1));
        result.Seats.Single(s => s.Id == "seat_1").Version.ShouldBe(1);
    }

    [Fact]
    public void CancellingAWaitlistedSeatClosesTheGapBehindItAndLeavesThePlacesAlone()
    {
        var seats = Reserve(capacity: 2, people: 5);

        var result = SeatAllocation.Cancel(2, seats, "seat_2", Now);

        result.Changed.Select(s => (s.Id, s.State, s.WaitlistPosition)).ShouldBe(
        [
            ("seat_2", SeatState.Cancelled, (int?)null),
            ("seat_3", SeatState.Waitlisted, 1),
            ("seat_4", SeatState.Waitlisted, 2),
        ]);
    }

    [Fact]
    public void CancellingTheLastInLineChangesNoOtherSeat()
    {
        var seats = Reserve(capacity: 1, people: 3);

        var result = SeatAllocation.Cancel(1, seats, "seat_2", Now);

        result.Changed.Select(s => s.Id).ShouldBe(["seat_2"]);
    }

    [Fact]
    public void ACancelledPlaceWithNobodyWaitingStaysFree()
    {
        var seats = Reserve(capacity: 3, people: 2);

        var result = SeatAllocation.Cancel(3, seats, "seat_0", Now);

        result.Changed.Select(s => s.Id).ShouldBe(["seat_0"]);
        result.Seats.Count(s => SeatAllocation.HoldsPlace(s.State)).ShouldBe(1);
    }

    [Fact]
    public void MarkedSeatsKeepTheirPlaceSoNobodyIsPromoted()
    {
        var seats = Reserve(capacity: 2, people: 3);

        var attended = SeatAllocation.MarkAttendance(2, seats, "seat_0", attended: true, Now);
        var noShow = SeatAllocation.MarkAttendance(2, attended.Seats, "seat_1", attended: false, Now);

        attended.Changed.Select(s => (s.Id, s.State)).ShouldBe([("seat_0", SeatState.Attended)]);
        noShow.Changed.Select(s => (s.Id, s.State)).ShouldBe([("seat_1", SeatState.NoShow)]);
        noShow.Seats.Single(s => s.Id == "seat_2").WaitlistPosition.ShouldBe(1);
    }

    [Fact]
    public void RepeatingTheSameAttendanceMarkChangesNothing()
    {
        var seats = SeatAllocation.MarkAttendance(1, Reserve(capacity: 1, people: 1), "seat_0", attended: true, Now).Seats;

        var again = SeatAllocation.MarkAttendance(1, seats, "seat_0", attended: true, Now);

        again.Changed.ShouldBeEmpty();
        again.Seats.Single().Version.ShouldBe(2);
    }

    [Fact]
    public void PromoteFillsEveryFreePlaceFromTheHeadOfTheLine()
    {
        IReadOnlyList<SeatRecord> seats =
            [Seat(0, SeatState.Confirmed), Seat(1, SeatState.Waitlisted, 1), Seat(2, SeatState.Waitlisted, 2), Seat(3, SeatState.Waitlisted, 3)];

        var promoted = SeatAllocation.Promote(3, seats);

        promoted.Select(s => s.State).ShouldBe([SeatState.Confirmed, SeatState.Confirmed, SeatState.Confirmed, SeatState.Waitlisted]);
        promoted.Take(3).ShouldAllBe(s => s.WaitlistPosition == null);
    }

    [Fact]
    public void RenumberMakesPositionsDenseInReservationOrder()
    {
        IReadOnlyList<SeatRecord> seats =
        [
            Seat(0, SeatState.Waitlisted, 5), Seat(1, SeatState.Confirmed, 4), Seat(2, SeatState.Cancelled, 2),
            Seat(3, SeatState.Waitlisted, 2), Seat(4, SeatState.Waitlisted),
        ];

        var renumbered = SeatAllocation.Renumber(seats);

        renumbered.Select(s => s.WaitlistPosition).ShouldBe([1, null, null, 2, 3]);
        renumbered[3].ShouldBeSameAs(seats[3]);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(7, 3)]
    [InlineData(20, 4)]
    public void AnyMixOfReservationsCancellationsAndMarksKeepsTheInvariants(int capacity, int seed)
    {
        var random = new Random(seed);
        IReadOnlyList<SeatRecord> seats = [];
        var clock = Now;
        for (var step = 0; step < 600; step++)
        {
            clock = clock.AddMinutes(1);
            var open = seats.Where(s => s.State is SeatState.Confirmed or SeatState.Waitlisted).ToList();
            var roll = random.Next(10);
            var result = roll < 6 || open.Count == 0
                ? SeatAllocation.Reserve(capacity, seats, $"seat_{step}", $"usr_{step}", clock)
                : roll < 9
                    ? SeatAllocation.Cancel(capacity, seats, open[random.Next(open.Count)].Id, clock)
                    : SeatAllocation.MarkAttendance(capacity, seats,
                        open.FirstOrDefault(s => s.State == SeatState.Confirmed)?.Id ?? "none", random.Next(2) == 0, clock);

            AssertInvariants(capacity, seats, result, clock);
            seats = result.Seats;
        }
    }

    /// <summary>Checks a step against the rules, independently of how the allocation computes it.</summary>
    private static void AssertInvariants(int capacity, IReadOnlyList<SeatRecord> before, Allocation after, DateTimeOffset now)
    {
        var holding = after.Seats.Count(s => s.State is SeatState.Confirmed or SeatState.Attended or SeatState.NoShow);
        var waiting = after.Seats.Where(s => s.State == SeatState.Waitlisted).ToList();
        holding.ShouldBeLessThanOrEqualTo(capacity);
        if (waiting.Count > 0)
        {
            holding.ShouldBe(capacity, "a place is free while someone waits");
        }

        waiting.Select(s => s.WaitlistPosition).ShouldBe(Enumerable.Range(1, waiting.Count).Select(i => (int?)i));
        after.Seats.Where(s => s.State != SeatState.Waitlisted).ShouldAllBe(s => s.WaitlistPosition == null);
        after.Seats.Take(before.Count).Select(s => s.Id).ShouldBe(before.Select(s => s.Id), "reservation order is kept");

        var previous = before.ToDictionary(s => s.Id);
        foreach (var seat in after.Seats)
        {
            var differs = !previous.TryGetValue(seat.Id, out var old) || old.State != seat.State || old.WaitlistPosition != seat.WaitlistPosition;
            seat.Version.ShouldBe(differs ? (old?.Version ?? 0) + 1 : old!.Version);
            after.Changed.Contains(seat).ShouldBe(differs);
            if (differs)
            {
                seat.UpdatedAt.ShouldBe(now);
            }
        }
    }

    private static IReadOnlyList<SeatRecord> Reserve(int capacity, int people)
    {
        IReadOnlyList<SeatRecord> seats = [];
        for (var i = 0; i < people; i++)
        {
            seats = SeatAllocation.Reserve(capacity, seats, $"seat_{i}", $"usr_{i}", Now).Seats;
        }

        return seats;
    }

    private static SeatRecord Seat(int i, SeatState state, int? position = null) =>
        new($"seat_{i}", $"usr_{i}", state, position, 1, Now, Now);
}
