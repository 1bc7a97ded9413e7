using Bunit;
using DIH4S.Web.Pages.Labs;
using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;
using MudBlazor;

namespace DIH4S.Web.Tests.Labs;

public sealed class BookingsPageTests : DeskTestContext
{
    private static readonly string All = LabData.BookingsQuery(null, 20);

    private static string StateOf(IRenderedComponent<BookingsPage> page, string id) =>
        page.Find($"[data-testid=booking-{id}] [data-testid=state]").GetAttribute("data-state")!;

    [Fact]
    public async Task RequesterSeesBookingTurnApprovedWithoutReload()
    {
        Api.StubLabs();
        Api.OnGet(All, StubApi.PageOf(LabData.Booking("b1")));
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);
        var page = Render<BookingsPage>();
        page.WaitForAssertion(() => StateOf(page, "b1").ShouldBe(BookingStates.Pending));

        Live.Raise(LabData.Booking("b1", BookingStates.Approved, version: 2));

        page.WaitForAssertion(() => StateOf(page, "b1").ShouldBe(BookingStates.Approved));
        page.Find("[data-testid=booking-b1] [data-testid=state]").TextContent.ShouldContain("Approved");
        page.FindAll("[data-testid=cancel-b1]").Count.ShouldBe(1);
    }

    [Fact]
    public async Task AChangeArrivingWhileTheListIsBeingReadIsKept()
    {
        // The list's read was answered before the booking was approved, and reaches the page after its live change.
        Api.StubLabs();
        var release = new TaskCompletionSource();
        Api.OnGetHeld(All, StubApi.PageOf(LabData.Booking("b1")), release.Task);
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);
        var page = Render<BookingsPage>();
        page.WaitForAssertion(() => Api.Sent.ShouldContain(s => s.PathAndQuery == All));

        Live.Raise(LabData.Booking("b1", BookingStates.Approved, version: 2));
        Live.Raise(LabData.Booking("b2", bookerId: "usr_ion"));
        release.SetResult();

        page.WaitForAssertion(() => StateOf(page, "b1").ShouldBe(BookingStates.Approved));
        page.Find("[data-testid=booking-b2]");
    }

    [Fact]
    public async Task AnOlderChangeOfABookingIsIgnored()
    {
        Api.StubLabs();
        Api.OnGet(All, StubApi.PageOf(LabData.Booking("b1", BookingStates.Approved, version: 2)));
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);
        var page = Render<BookingsPage>();
        page.WaitForAssertion(() => StateOf(page, "b1").ShouldBe(BookingStates.Approved));

        Live.Raise(LabData.Booking("b1", BookingStates.Pending, version: 1));
        Live.Raise(LabData.Booking("b1", BookingStates.Approved, version: 2));

        page.Render();
        StateOf(page, "b1").ShouldBe(BookingStates.Approved);
        page.Find("[data-testid=booking-b1]").GetAttribute("data-version").ShouldBe("2");
    }

    [Fact]
    public async Task ANewBookingOfTheOrganizationAppearsWithoutReload()
    {
        Api.StubLabs();
        Api.OnGet(All, StubApi.PageOf(LabData.Booking("b1")));
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);
        var page = Render<BookingsPage>();
        page.WaitForElement("[data-testid=booking-b1]");

        Live.Raise(LabData.Booking("b2", bookerId: "usr_ion"));

        page.WaitForAssertion(() => page.FindAll("tr[data-testid^=booking-]").Select(r => r.GetAttribute("data-testid")).ShouldBe(["booking-b2", "booking-b1"]));
        page.Find("[data-testid=booking-b2]").TextContent.ShouldContain("Industrial 3D printer");
        page.FindAll("[data-testid=cancel-b2]").ShouldBeEmpty(); // a colleague's booking: only its booker withdraws it
    }

    [Fact]
    public async Task TheBookerCancelsWithAReasonAndSeesIt()
    {
        Api.StubLabs();
        Api.OnGet(All, StubApi.PageOf(LabData.Booking("b1")));
        Api.OnPost("/api/bookings/b1/cancel", LabData.Booking("b1", BookingStates.Cancelled, version: 2, reason: "Plans changed."));
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);
        var page = Render<BookingsPage>();

        page.WaitForElement("[data-testid=cancel-b1]").Click();
        page.Find("#cancel-reason").Input("Plans changed.");
        page.Find("[data-testid=cancel-confirm]").Click();

        page.WaitForAssertion(() => StateOf(page, "b1").ShouldBe(BookingStates.Cancelled));
        page.Find("[data-testid=booking-b1] [data-testid=reason]").TextContent.ShouldBe("Reason: Plans changed.");
        page.FindAll("[data-testid=cancel-b1]").ShouldBeEmpty();
        Api.BodiesSentTo(HttpMethod.Post, "/api/bookings/b1/cancel").Single().ShouldBe("""{"reason":"Plans changed."}""");
    }

    [Fact]
    public async Task TheStateFilterAsksTheServerAndDropsRowsThatLeaveIt()
    {
        Api.StubLabs();
        Api.OnGet(All, StubApi.PageOf(LabData.Booking("b1"), LabData.Booking("b2")));
        Api.OnGet(LabData.BookingsQuery(BookingStates.Pending, 20), StubApi.PageOf(LabData.Booking("b1")));
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);
        var page = Render<BookingsPage>();
        page.WaitForElement("[data-testid=booking-b2]");

        var filter = page.FindComponent<MudSelect<string>>();
        await page.InvokeAsync(() => filter.Instance.ValueChanged.InvokeAsync(BookingStates.Pending));
        page.WaitForAssertion(() => page.FindAll("[data-testid=booking-b2]").ShouldBeEmpty());

        Live.Raise(LabData.Booking("b1", BookingStates.Approved, version: 2));

        page.WaitForAssertion(() => page.FindAll("[data-testid=booking-b1]").ShouldBeEmpty());
        page.Find("[data-testid=bookings-empty]");
    }

    [Fact]
    public async Task ARejectedBookingShowsTheLabsReason()
    {
        Api.StubLabs();
        Api.OnGet(All, StubApi.PageOf(LabData.Booking("b1", BookingStates.Rejected, version: 2, reason: "Under maintenance.")));
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);
        var page = Render<BookingsPage>();

        page.WaitForAssertion(() => page.Find("[data-testid=booking-b1] [data-testid=reason]").TextContent.ShouldContain("Under maintenance."));
        page.Find("[data-testid=booking-b1] [data-testid=state]").TextContent.ShouldContain("Rejected");
    }

    [Fact]
    public async Task AfterAReconnectTheListIsReadAgain()
    {
        Api.StubLabs();
        Api.OnGet(All, StubApi.PageOf(LabData.Booking("b1")));
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);
        var page = Render<BookingsPage>();
        page.WaitForElement("[data-testid=booking-b1]");
        Api.OnGet(All, StubApi.PageOf(LabData.Booking("b2"), LabData.Booking("b1", BookingStates.Approved, version: 2)));

        Live.Reconnect();

        page.WaitForAssertion(() => StateOf(page, "b1").ShouldBe(BookingStates.Approved));
        page.Find("[data-testid=booking-b2]");
    }
}
