using DIH4S.Web.Pages.Labs;
using DIH4S.Web.Services;

namespace DIH4S.Web.Tests.Labs;

public sealed class BookingActionsTests
{
    private static readonly Me Manager = new(LabData.ManagerId, "ioana@utcn.example", "Ioana", LabData.PartnerId, [Roles.LabManager]);
    private static readonly Me Booker = new(LabData.RequesterId, "ana@bakery.example", "Ana", LabData.CustomerId, [Roles.Requester]);
    private static readonly Me Colleague = new("usr_ion", "ion@bakery.example", "Ion", LabData.CustomerId, [Roles.Requester]);
    private static readonly Me Coordinator = new("usr_admin", "admin@dih4s.local", "Admin", "org_hub", [Roles.Coordinator]);

    [Theory]
    [InlineData(BookingStates.Pending, "approve,reject")]
    [InlineData(BookingStates.Approved, "check-in")]
    [InlineData(BookingStates.CheckedIn, "complete")]
    [InlineData(BookingStates.Rejected, "")]
    [InlineData(BookingStates.Completed, "")]
    [InlineData(BookingStates.NoShow, "")]
    [InlineData(BookingStates.Cancelled, "")]
    public void TheLabsManagerDecidesChecksInAndCompletes(string state, string expected) =>
        Actions(LabData.Booking("b1", state), Manager, managesLab: true).ShouldBe(expected);

    [Theory]
    [InlineData(BookingStates.Pending, "cancel")]
    [InlineData(BookingStates.Approved, "cancel")]
    [InlineData(BookingStates.CheckedIn, "")]
    [InlineData(BookingStates.Rejected, "")]
    [InlineData(BookingStates.Cancelled, "")]
    public void TheBookerMayOnlyWithdrawAPendingOrApprovedBooking(string state, string expected) =>
        Actions(LabData.Booking("b1", state), Booker, managesLab: false).ShouldBe(expected);

    [Fact]
    public void AColleagueOfTheBookerSeesTheBookingButNoAction() =>
        Actions(LabData.Booking("b1", BookingStates.Pending), Colleague, managesLab: false).ShouldBe("");

    [Fact]
    public void AManagerOfAnotherLabCannotDecide() =>
        Actions(LabData.Booking("b1", BookingStates.Pending), Manager, managesLab: false).ShouldBe("");

    [Theory]
    [InlineData(BookingStates.Pending, "approve,reject,cancel")]
    [InlineData(BookingStates.Approved, "check-in,cancel")]
    [InlineData(BookingStates.CheckedIn, "complete")]
    public void ACoordinatorMayDoEverythingTheStateAllows(string state, string expected) =>
        Actions(LabData.Booking("b1", state), Coordinator, BookingActions.Manages(Coordinator, LabData.OtherLab)).ShouldBe(expected);

    [Fact]
    public void ManagingALabTakesTheLabManagerRoleAndBeingOneOfItsManagers()
    {
        BookingActions.Manages(Manager, LabData.Lab).ShouldBeTrue();
        BookingActions.Manages(Manager, LabData.OtherLab).ShouldBeFalse();
        BookingActions.Manages(Manager with { Roles = [Roles.PartnerStaff] }, LabData.Lab).ShouldBeFalse();
        BookingActions.Manages(Booker, LabData.Lab).ShouldBeFalse();
        BookingActions.Manages(Coordinator, null).ShouldBeTrue();
    }

    [Fact]
    public void RejectAndCancelAskForAReason()
    {
        BookingActions.NeedsReason(BookingActions.Reject).ShouldBeTrue();
        BookingActions.NeedsReason(BookingActions.Cancel).ShouldBeTrue();
        BookingActions.NeedsReason(BookingActions.Approve).ShouldBeFalse();
        BookingActions.NeedsReason(BookingActions.CheckIn).ShouldBeFalse();
    }

    private static string Actions(Booking booking, Me me, bool managesLab) => string.Join(",", BookingActions.For(booking, me, managesLab));
}
