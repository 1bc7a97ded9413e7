using Bunit;
using DIH4S.Web.Pages.Labs;
using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;

namespace DIH4S.Web.Tests.Labs;

public sealed class ApprovalsPageTests : DeskTestContext
{
    private static readonly string Pending = LabData.BookingsQuery(BookingStates.Pending, 100);

    [Fact]
    public async Task ApprovalQueueFillsLive()
    {
        Api.StubLabs();
        await SignInAsync(Roles.LabManager, LabData.PartnerId, LabData.ManagerId);
        var page = Render<ApprovalsPage>();
        page.WaitForElement("[data-testid=approval-queue-empty]");

        Live.Raise(LabData.Booking("b_new", createdMinutesAgo: 5));
        Live.Raise(LabData.Booking("b_old", createdMinutesAgo: 50));
        Live.Raise(LabData.Booking("b_elsewhere", labId: LabData.OtherLab.Id));

        page.WaitForAssertion(() =>
        {
            var rows = page.FindAll("[data-testid=approval-queue] tr[data-testid^=booking-]");
            rows.Select(r => r.GetAttribute("data-testid")).ShouldBe(["booking-b_old", "booking-b_new"]);
        });
        page.Find("[data-testid=booking-b_old]").TextContent.ShouldContain("Industrial 3D printer");
        page.FindAll("[data-testid=approve-b_old]").Count.ShouldBe(1);
    }

    [Fact]
    public async Task ApprovedBookingLeavesTheQueue()
    {
        Api.StubLabs();
        Api.OnGet(Pending, StubApi.PageOf(LabData.Booking("b1")));
        Api.OnPost("/api/bookings/b1/approve", LabData.Booking("b1", BookingStates.Approved, version: 2));
        await SignInAsync(Roles.LabManager, LabData.PartnerId, LabData.ManagerId);
        var page = Render<ApprovalsPage>();

        page.WaitForElement("[data-testid=approve-b1]").Click();

        page.WaitForAssertion(() =>
        {
            page.FindAll("[data-testid=approval-queue] [data-testid=booking-b1]").ShouldBeEmpty();
            page.Find("[data-testid=upcoming] [data-testid=booking-b1] [data-testid=state]").GetAttribute("data-state").ShouldBe(BookingStates.Approved);
        });
        page.FindAll("[data-testid=check-in-b1]").Count.ShouldBe(1);
        Api.Sent.ShouldContain(s => s.Method == HttpMethod.Post && s.PathAndQuery == "/api/bookings/b1/approve");

        // The hub's own message about the approval, arriving late, changes nothing.
        Live.Raise(LabData.Booking("b1"));
        page.FindAll("[data-testid=approval-queue] [data-testid=booking-b1]").ShouldBeEmpty();
    }

    [Fact]
    public async Task ABookingDecidedByAnotherManagerLeavesTheQueueLive()
    {
        Api.StubLabs();
        Api.OnGet(Pending, StubApi.PageOf(LabData.Booking("b1")));
        await SignInAsync(Roles.LabManager, LabData.PartnerId, LabData.ManagerId);
        var page = Render<ApprovalsPage>();
        page.WaitForElement("[data-testid=booking-b1]");

        Live.Raise(LabData.Booking("b1", BookingStates.Rejected, version: 2, reason: "Under maintenance."));

        page.WaitForAssertion(() => page.FindAll("[data-testid=booking-b1]").ShouldBeEmpty());
        page.Find("[data-testid=approval-queue-empty]");
    }

    [Fact]
    public async Task RejectingAsksForTheReasonAndSendsIt()
    {
        Api.StubLabs();
        Api.OnGet(Pending, StubApi.PageOf(LabData.Booking("b1")));
        Api.OnPost("/api/bookings/b1/reject", LabData.Booking("b1", BookingStates.Rejected, version: 2, reason: "Under maintenance."));
        await SignInAsync(Roles.LabManager, LabData.PartnerId, LabData.ManagerId);
        var page = Render<ApprovalsPage>();

        page.WaitForElement("[data-testid=reject-b1]").Click();
        page.Find("#reject-reason").Input("Under maintenance.");
        page.Find("[data-testid=reject-confirm]").Click();

        page.WaitForAssertion(() => page.FindAll("[data-testid=booking-b1]").ShouldBeEmpty());
        Api.BodiesSentTo(HttpMethod.Post, "/api/bookings/b1/reject").Single().ShouldBe("""{"reason":"Under maintenance."}""");
    }

    [Fact]
    public async Task ARejectionWithoutReasonShowsTheErrorAtTheReason()
    {
        Api.StubLabs();
        Api.OnGet(Pending, StubApi.PageOf(LabData.Booking("b1")));
        Api.OnPostProblem("/api/bookings/b1/reject", 400, "Validation failed.", new Dictionary<string, string[]> { ["reason"] = ["'reason' is required."] });
        await SignInAsync(Roles.LabManager, LabData.PartnerId, LabData.ManagerId);
        var page = Render<ApprovalsPage>();

        page.WaitForElement("[data-testid=reject-b1]").Click();
        page.Find("[data-testid=reject-confirm]").Click();

        page.WaitForAssertion(() => page.Find("#reject-reason").Closest(".mud-input-control")!.TextContent.ShouldContain("'reason' is required."));
        page.FindAll("[data-testid=reject-confirm]").Count.ShouldBe(1);
    }

    [Fact]
    public async Task AnApprovalThatCameTooLateIsExplained()
    {
        Api.StubLabs();
        Api.OnGet(Pending, StubApi.PageOf(LabData.Booking("b1")));
        Api.OnPostProblem("/api/bookings/b1/approve", 409, "A booking that is cancelled cannot take 'approve'.");
        await SignInAsync(Roles.LabManager, LabData.PartnerId, LabData.ManagerId);
        var page = Render<ApprovalsPage>();

        page.WaitForElement("[data-testid=approve-b1]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=problem]").TextContent.ShouldContain("The booking changed meanwhile"));
    }

    [Fact]
    public async Task CheckedInBookingsOfferComplete()
    {
        Api.StubLabs();
        Api.OnGet(LabData.BookingsQuery(BookingStates.CheckedIn, 100), StubApi.PageOf(LabData.Booking("b1", BookingStates.CheckedIn, version: 3)));
        Api.OnPost("/api/bookings/b1/complete", LabData.Booking("b1", BookingStates.Completed, version: 4));
        await SignInAsync(Roles.LabManager, LabData.PartnerId, LabData.ManagerId);
        var page = Render<ApprovalsPage>();

        page.WaitForElement("[data-testid=checked-in] [data-testid=complete-b1]").Click();

        page.WaitForAssertion(() => page.FindAll("[data-testid=booking-b1]").ShouldBeEmpty());
    }
}
