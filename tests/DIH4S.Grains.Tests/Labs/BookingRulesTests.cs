using DIH4S.Contracts;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Labs;
using DIH4S.Grains.Labs;

namespace DIH4S.Grains.Tests.Labs;

public sealed class BookingRulesTests
{
    private static readonly DateTimeOffset Ten = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Eleven = Ten.AddHours(1);
    private static readonly TimeSpan HalfHour = TimeSpan.FromMinutes(30);

    private static readonly Actor Booker = new("usr_booker", "org_customer", OrganizationKind.Sme, [DeskRoles.Requester]);
    private static readonly Actor Colleague = new("usr_colleague", "org_customer", OrganizationKind.Sme, [DeskRoles.Requester]);
    private static readonly Actor Stranger = new("usr_stranger", "org_other", OrganizationKind.Sme, [DeskRoles.Requester]);
    private static readonly Actor Manager = new("usr_manager", "org_partner", OrganizationKind.Partner, [DeskRoles.LabManager]);
    private static readonly Actor OtherLabsManager = new("usr_other_manager", "org_partner2", OrganizationKind.Partner, [DeskRoles.LabManager]);
    private static readonly Actor Coordinator = new("usr_coordinator", "hub", OrganizationKind.Hub, [DeskRoles.Coordinator]);

    [Fact]
    public void IntervalsThatOnlyTouchDoNotCollideWithoutABuffer()
    {
        BookingRules.Collides(Eleven, Eleven.AddHours(1), Ten, Eleven, TimeSpan.Zero).ShouldBeFalse();
        BookingRules.Collides(Ten.AddHours(-1), Ten, Ten, Eleven, TimeSpan.Zero).ShouldBeFalse();
    }

    [Fact]
    public void OverlappingOrContainedIntervalsCollide()
    {
        BookingRules.Collides(Ten.AddMinutes(59), Eleven.AddHours(1), Ten, Eleven, TimeSpan.Zero).ShouldBeTrue();
        BookingRules.Collides(Ten.AddMinutes(10), Ten.AddMinutes(20), Ten, Eleven, TimeSpan.Zero).ShouldBeTrue();
        BookingRules.Collides(Ten.AddHours(-1), Eleven.AddHours(1), Ten, Eleven, TimeSpan.Zero).ShouldBeTrue();
    }

    [Fact]
    public void ExactlyTheBufferApartIsAllowedOnBothSides()
    {
        BookingRules.Collides(Eleven + HalfHour, Eleven.AddHours(2), Ten, Eleven, HalfHour).ShouldBeFalse();
        BookingRules.Collides(Ten.AddHours(-2), Ten - HalfHour, Ten, Eleven, HalfHour).ShouldBeFalse();
    }

    [Fact]
    public void OneMinuteLessThanTheBufferCollidesOnBothSides()
    {
        BookingRules.Collides(Eleven.AddMinutes(29), Eleven.AddHours(2), Ten, Eleven, HalfHour).ShouldBeTrue();
        BookingRules.Collides(Ten.AddHours(-2), Ten.AddMinutes(-29), Ten, Eleven, HalfHour).ShouldBeTrue();
    }

    [Fact]
    public void TheFirstCollisionIsTheEarliestHoldingInTheWay()
    {
        Holding[] holdings =
        [
            new(SlotKind.Booking, "bkg_late", Ten.AddHours(3), Ten.AddHours(4), "org_customer", BookingState.Pending),
            new(SlotKind.Blackout, "blk_early", Ten, Eleven, null, null),
            new(SlotKind.Booking, "bkg_free", Ten.AddHours(6), Ten.AddHours(7), "org_customer", BookingState.Approved),
        ];

        BookingRules.FirstCollision(Ten.AddMinutes(30), Ten.AddHours(5), TimeSpan.Zero, holdings)!.Id.ShouldBe("blk_early");
        BookingRules.FirstCollision(Eleven, Ten.AddHours(3), TimeSpan.Zero, holdings).ShouldBeNull();
    }

    [Fact]
    public void TheRefusalNamesABookingOnlyToItsOrganizationItsLabAndCoordinators()
    {
        var holding = new Holding(SlotKind.Booking, "bkg_secret", Ten, Eleven, "org_customer", BookingState.Approved);
        string[] managers = [Manager.UserId];

        BookingRules.SlotTaken(holding, Stranger, managers, TimeSpan.Zero).Detail
            .ShouldBe("It collides with an existing booking from 2026-12-01T10:00:00Z to 2026-12-01T11:00:00Z.");
        BookingRules.SlotTaken(holding, Colleague, managers, TimeSpan.Zero).Detail!.ShouldContain("bkg_secret");
        BookingRules.SlotTaken(holding, Manager, managers, TimeSpan.Zero).Detail!.ShouldContain("bkg_secret");
        BookingRules.SlotTaken(holding, Coordinator, managers, TimeSpan.Zero).Detail!.ShouldContain("bkg_secret");
        BookingRules.SlotTaken(holding, Stranger, managers, TimeSpan.Zero).Kind.ShouldBe(ProblemKind.Conflict);
    }

    [Fact]
    public void ARequestMustRespectTheNoticeAndTheMaximumLength()
    {
        var equipment = Equipment(minNoticeHours: 24, maxHours: 4);
        var now = Ten.AddDays(-1);

        BookingRules.CheckRequest(equipment, Ten, Ten.AddHours(4), now).ShouldBeNull();
        BookingRules.CheckRequest(equipment, Ten.AddMinutes(-1), Ten.AddHours(1), now)!.Errors!.Keys.ShouldBe(["start"]);
        BookingRules.CheckRequest(equipment, Ten, Ten.AddHours(4).AddMinutes(1), now)!.Errors!.Keys.ShouldBe(["end"]);
        BookingRules.CheckRequest(equipment, Eleven, Ten, now)!.Errors!.Keys.ShouldBe(["end"]);
    }

    [Theory]
    [InlineData(BookingState.Pending, true)]
    [InlineData(BookingState.Approved, true)]
    [InlineData(BookingState.CheckedIn, true)]
    [InlineData(BookingState.Rejected, false)]
    [InlineData(BookingState.Cancelled, false)]
    [InlineData(BookingState.NoShow, false)]
    [InlineData(BookingState.Completed, false)]
    public void OnlyPendingApprovedAndCheckedInBookingsHoldTheirSlot(BookingState state, bool holds)
    {
        BookingRules.Holds(state).ShouldBe(holds);
        BookingRules.IsFinal(state).ShouldBe(!holds);
    }

    [Fact]
    public void TheLifecycleRunsFromPendingThroughApprovalAndCheckInToCompletion()
    {
        var booking = Booking(BookingState.Pending);

        Decide(booking, Manager, new ApproveBooking()).To.ShouldBe(BookingState.Approved);
        Decide(Booking(BookingState.Pending), Manager, new RejectBooking("No.")).ShouldBe(new BookingTransition(BookingState.Rejected, "No."));
        Decide(Booking(BookingState.Approved), Manager, new CheckInBooking()).To.ShouldBe(BookingState.CheckedIn);
        Decide(Booking(BookingState.CheckedIn), Coordinator, new CompleteBooking()).To.ShouldBe(BookingState.Completed);
        Decide(Booking(BookingState.Pending), Colleague, new CancelBooking("x")).To.ShouldBe(BookingState.Cancelled);
        Decide(Booking(BookingState.Approved), Manager, new CancelBooking("x")).To.ShouldBe(BookingState.Cancelled);
    }

    [Theory]
    [InlineData(BookingState.Approved, "approve")]
    [InlineData(BookingState.Pending, "check-in")]
    [InlineData(BookingState.Approved, "complete")]
    [InlineData(BookingState.CheckedIn, "cancel")]
    [InlineData(BookingState.Completed, "cancel")]
    [InlineData(BookingState.Rejected, "approve")]
    [InlineData(BookingState.NoShow, "check-in")]
    public void AnActionTheStateDoesNotAllowIsAConflict(BookingState state, string action)
    {
        BookingCommand command = action switch
        {
            "approve" => new ApproveBooking(),
            "check-in" => new CheckInBooking(),
            "complete" => new CompleteBooking(),
            _ => new CancelBooking("x"),
        };

        BookingRules.Decide(Booking(state), Coordinator, command).Problem!.Kind.ShouldBe(ProblemKind.Conflict);
    }

    [Fact]
    public void VisibilityComesBeforeTheRoleTheLabAndTheState()
    {
        var approved = Booking(BookingState.Approved);
        var colleaguesBooking = Booking(BookingState.Pending, organizationId: OtherLabsManager.OrganizationId);

        BookingRules.Decide(Booking(BookingState.Pending), Booker, new ApproveBooking()).Problem!.Kind.ShouldBe(ProblemKind.Forbidden);
        BookingRules.Decide(approved, Stranger, new ApproveBooking()).Problem!.Kind.ShouldBe(ProblemKind.NotFound);
        BookingRules.Decide(approved, OtherLabsManager, new ApproveBooking()).Problem!.Kind.ShouldBe(ProblemKind.NotFound);
        BookingRules.Decide(approved, Stranger, new CancelBooking("x")).Problem!.Kind.ShouldBe(ProblemKind.NotFound);
        BookingRules.Decide(colleaguesBooking, OtherLabsManager, new ApproveBooking()).Problem!.Kind.ShouldBe(ProblemKind.Forbidden);
        BookingRules.Decide(approved, Manager, new ApproveBooking()).Problem!.Kind.ShouldBe(ProblemKind.Conflict);
    }

    [Fact]
    public void AnApprovedBookingIsANoShowOnlyFromTheEndOfTheGrace()
    {
        var booking = Booking(BookingState.Approved);
        booking.NoShowAt = Ten.AddMinutes(15);

        BookingRules.IsNoShow(booking, Ten.AddMinutes(14)).ShouldBeFalse();
        BookingRules.IsNoShow(booking, Ten.AddMinutes(15)).ShouldBeTrue();
        booking.State = BookingState.CheckedIn;
        BookingRules.IsNoShow(booking, Ten.AddHours(1)).ShouldBeFalse();
    }

    [Theory]
    [InlineData(BookingState.CheckedIn, "checked-in")]
    [InlineData(BookingState.NoShow, "no-show")]
    [InlineData(BookingState.Pending, "pending")]
    public void StatesAreSpelledInKebabCase(BookingState state, string spelled) => BookingRules.Kebab(state).ShouldBe(spelled);

    private static BookingTransition Decide(BookingGrainState booking, Actor actor, BookingCommand command)
    {
        var decision = BookingRules.Decide(booking, actor, command);
        decision.Problem.ShouldBeNull();
        return decision.Value!;
    }

    private static BookingGrainState Booking(BookingState state, string organizationId = "org_customer") => new()
    {
        Exists = true,
        State = state,
        Version = 1,
        OrganizationId = organizationId,
        BookerId = Booker.UserId,
        ManagerIds = [Manager.UserId],
        Start = Ten,
        End = Eleven,
    };

    private static EquipmentView Equipment(int minNoticeHours = 0, int maxHours = 24) =>
        new("eqp_x", "lab_x", "org_partner", "Microscope", null, 0, minNoticeHours, maxHours, null, Ten.AddDays(-30));
}
