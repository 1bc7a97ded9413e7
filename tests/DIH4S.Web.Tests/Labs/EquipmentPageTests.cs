using System.Net;
using Bunit;
using DIH4S.Web.Pages.Labs;
using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;

namespace DIH4S.Web.Tests.Labs;

public sealed class EquipmentPageTests : DeskTestContext
{
    private const string Calendar = "/api/equipment/eqp_1/calendar";

    private IRenderedComponent<EquipmentPage> RenderPrinter()
    {
        var page = Render<EquipmentPage>(p => p.Add(x => x.Id, LabData.Printer.Id));
        page.WaitForElement("[data-testid=week]");
        return page;
    }

    private static string? CellClass(IRenderedComponent<EquipmentPage> page, string day, int hour) =>
        page.Find($"[data-testid=cell-{day}-{hour:00}]").GetAttribute("class");

    private int CalendarReads() => Api.Sent.Count(s => s.Method == HttpMethod.Get && s.PathAndQuery.StartsWith(Calendar + "?", StringComparison.Ordinal));

    [Fact]
    public async Task WeekCalendarMarksBusySlotsInBucharestTime()
    {
        Api.StubLabs();
        Api.OnGet(Calendar, new[]
        {
            // Tuesday 24 November 2026, 08:00–10:00 UTC: 10:00–12:00 in Bucharest (UTC+2).
            new CalendarSlot(new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero), new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), "booking", "b1", BookingStates.Approved),
            new CalendarSlot(new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), new(2026, 11, 25, 13, 0, 0, TimeSpan.Zero), "booking", null, BookingStates.Pending),
            new CalendarSlot(new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero), new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), "blackout", null, null),
        });
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);

        var page = RenderPrinter();

        CellClass(page, "2026-11-24", 10).ShouldBe("busy");
        CellClass(page, "2026-11-24", 11).ShouldBe("busy");
        CellClass(page, "2026-11-24", 8).ShouldBeNull();
        CellClass(page, "2026-11-24", 9).ShouldBeNull();
        CellClass(page, "2026-11-24", 12).ShouldBeNull();
        CellClass(page, "2026-11-23", 10).ShouldBeNull();
        CellClass(page, "2026-11-25", 14).ShouldBe("pending");
        CellClass(page, "2026-11-27", 8).ShouldBe("blackout");
        CellClass(page, "2026-11-27", 9).ShouldBe("blackout");
        page.Find("[data-testid=day-2026-11-24]").TextContent.ShouldBe("Tue 24");
        // The week asked for runs from Monday 00:00 to the next Monday 00:00 in Bucharest.
        Api.Sent.ShouldContain(s => s.PathAndQuery == $"{Calendar}?from=2026-11-22T22%3A00%3A00.0000000Z&to=2026-11-29T22%3A00%3A00.0000000Z");
    }

    [Fact]
    public async Task TheWeekButtonsReadTheNextAndPreviousWeek()
    {
        Api.StubLabs();
        Api.OnGet(Calendar, new[]
        {
            new CalendarSlot(new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero), new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), "booking", null, BookingStates.Approved),
        });
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);
        var page = RenderPrinter();

        page.Find("[data-testid=week-next]").Click();

        page.WaitForElement("[data-testid=day-2026-11-30]");
        CellClass(page, "2026-12-01", 10).ShouldBeNull();
        Api.Sent.ShouldContain(s => s.PathAndQuery.StartsWith($"{Calendar}?from=2026-11-29T22%3A00%3A00", StringComparison.Ordinal));

        page.Find("[data-testid=week-prev]").Click();
        page.WaitForElement("[data-testid=day-2026-11-23]");
        CellClass(page, "2026-11-24", 10).ShouldBe("busy");
    }

    [Fact]
    public async Task TheRulesAreWrittenInWords()
    {
        Api.StubLabs();
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);

        var page = RenderPrinter();

        var rules = page.Find("[data-testid=rules]").TextContent;
        rules.ShouldContain("30 minutes stay free before and after every booking.");
        rules.ShouldContain("Book at least 24 hours ahead.");
        rules.ShouldContain("At most 4 hours per booking.");
    }

    [Fact]
    public async Task BookingShowsItPendingAndSendsTheTimeInBucharest()
    {
        Api.StubLabs();
        Api.OnPost("/api/bookings", LabData.Booking("b9"), HttpStatusCode.Created);
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);
        var page = RenderPrinter();
        var reads = CalendarReads();

        page.Find("#booking-purpose").Input("Moulds for a new loaf.");
        page.Find("[data-testid=book]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=booked] [data-testid=state]").GetAttribute("data-state").ShouldBe(BookingStates.Pending));
        // The first free day after the 24-hour notice, 09:00–11:00 local time.
        var body = Api.BodiesSentTo(HttpMethod.Post, "/api/bookings").Single();
        body.ShouldBe("""{"equipmentId":"eqp_1","start":"2026-11-26T09:00:00+02:00","end":"2026-11-26T11:00:00+02:00","purpose":"Moulds for a new loaf."}""");
        CalendarReads().ShouldBe(reads + 1);

        Live.Raise(LabData.Booking("b9", BookingStates.Approved, version: 2));
        page.WaitForAssertion(() => page.Find("[data-testid=booked] [data-testid=state]").GetAttribute("data-state").ShouldBe(BookingStates.Approved));
    }

    [Fact]
    public async Task SlotTakenShowsConflictMessage()
    {
        Api.StubLabs();
        Api.On(HttpMethod.Post, "/api/bookings", (_, _) => StubApi.Json(HttpStatusCode.Conflict, new
        {
            status = 409,
            title = "The slot is taken.",
            detail = "It collides with an existing booking from 2026-11-26T10:00:00Z to 2026-11-26T12:00:00Z.",
        }));
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);
        var page = RenderPrinter();

        page.Find("#booking-purpose").Input("Test prints.");
        page.Find("[data-testid=book]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=booking-form] [data-testid=problem]").TextContent
            .ShouldContain("This slot is taken. It collides with an existing booking from 2026-11-26T10:00:00Z to 2026-11-26T12:00:00Z."));
        page.FindAll("[data-testid=booked]").ShouldBeEmpty();
    }

    [Fact]
    public async Task BookingFieldErrorsShowNextToFields()
    {
        Api.StubLabs();
        Api.OnPostProblem("/api/bookings", 400, "Validation failed.", new Dictionary<string, string[]>
        {
            ["start"] = ["This equipment must be booked at least 24 hours ahead."],
            ["end"] = ["This equipment can be booked for at most 4 hours at a time."],
            ["purpose"] = ["'purpose' is too long."],
        });
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);
        var page = RenderPrinter();

        page.Find("#booking-purpose").Input("Rush job.");
        page.Find("[data-testid=book]").Click();

        page.WaitForAssertion(() =>
            page.Find("#booking-start").Closest(".mud-input-control")!.TextContent.ShouldContain("must be booked at least 24 hours ahead"));
        page.Find("#booking-end").Closest(".mud-input-control")!.TextContent.ShouldContain("at most 4 hours at a time");
        page.Find("#booking-purpose").Closest(".mud-input-control")!.TextContent.ShouldContain("'purpose' is too long.");
        page.Find("#booking-start").Closest(".mud-input-control")!.TextContent.ShouldNotContain("at most 4 hours");
    }

    [Fact]
    public async Task AnEmptyPurposeIsAskedForBeforeSending()
    {
        Api.StubLabs();
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);
        var page = RenderPrinter();

        page.Find("[data-testid=book]").Click();

        page.WaitForAssertion(() => page.Find("#booking-purpose").Closest(".mud-input-control")!.TextContent.ShouldContain("Required"));
        Api.BodiesSentTo(HttpMethod.Post, "/api/bookings").ShouldBeEmpty();
    }

    [Theory]
    [InlineData(Roles.LabManager, LabData.ManagerId, LabData.PartnerId, true)]
    [InlineData(Roles.Coordinator, "usr_admin", "org_hub", true)]
    [InlineData(Roles.LabManager, "usr_other_manager", LabData.PartnerId, false)]
    [InlineData(Roles.Requester, LabData.RequesterId, LabData.CustomerId, false)]
    public async Task ManagersSeeBlackoutAndFeedLinkOthersDoNot(string role, string userId, string organizationId, bool sees)
    {
        Api.StubLabs();
        await SignInAsync(role, organizationId, userId);

        var page = RenderPrinter();

        page.FindAll("[data-testid=blackout-form]").Count.ShouldBe(sees ? 1 : 0);
        page.FindAll("[data-testid=feed-link]").Count.ShouldBe(sees ? 1 : 0);
        page.FindAll("[data-testid=booking-form]").Count.ShouldBe(1);
    }

    [Fact]
    public async Task TheCalendarLinkShowsInAReadOnlyFieldToCopy()
    {
        Api.StubLabs();
        Api.OnGet("/api/equipment/eqp_1/calendar-feed", new FeedLink("http://desk.test/api/equipment/eqp_1/calendar.ics?key=k1", "k1"));
        JSInterop.Setup<bool>("deskClipboard.copy", "http://desk.test/api/equipment/eqp_1/calendar.ics?key=k1").SetResult(true);
        await SignInAsync(Roles.LabManager, LabData.PartnerId, LabData.ManagerId);
        var page = RenderPrinter();

        page.Find("[data-testid=feed-link]").Click();

        page.WaitForAssertion(() => page.Find("#feed-url").GetAttribute("value").ShouldBe("http://desk.test/api/equipment/eqp_1/calendar.ics?key=k1"));
        page.Find("#feed-url").HasAttribute("readonly").ShouldBeTrue();
        page.Find("[data-testid=feed-copy]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=feed-copied]").TextContent.ShouldBe("Copied."));
    }

    [Fact]
    public async Task AManagerRevokesTheCalendarLinkAndMakesANewOne()
    {
        Api.StubLabs();
        // Without Desk:PublicUrl the desk answers a relative link: the page shows it on the desk's address.
        Api.OnGet("/api/equipment/eqp_1/calendar-feed", new FeedLink("/api/equipment/eqp_1/calendar.ics?key=k1", "k1"));
        Api.On(HttpMethod.Post, "/api/equipment/eqp_1/calendar-feed/revoke", (_, _) => new HttpResponseMessage(HttpStatusCode.NoContent));
        Api.OnPost("/api/equipment/eqp_1/calendar-feed/rotate", new FeedLink("/api/equipment/eqp_1/calendar.ics?key=k2", "k2"));
        await SignInAsync(Roles.LabManager, LabData.PartnerId, LabData.ManagerId);
        var page = RenderPrinter();
        page.Find("[data-testid=feed-link]").Click();
        page.WaitForAssertion(() => page.Find("#feed-url").GetAttribute("value").ShouldBe("http://desk.test/api/equipment/eqp_1/calendar.ics?key=k1"));

        page.Find("[data-testid=feed-revoke]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=feed-revoked]").TextContent.ShouldStartWith("The calendar link is revoked"));
        page.FindAll("#feed-url").ShouldBeEmpty();
        page.FindAll("[data-testid=feed-link]").ShouldBeEmpty();

        page.Find("[data-testid=feed-rotate]").Click();

        page.WaitForAssertion(() => page.Find("#feed-url").GetAttribute("value").ShouldBe("http://desk.test/api/equipment/eqp_1/calendar.ics?key=k2"));
        page.Find("[data-testid=feed-renewed]").TextContent.ShouldBe("This is a new link; the previous one no longer works.");
        page.FindAll("[data-testid=feed-revoked]").ShouldBeEmpty();
        Api.Sent.Count(s => s.Method == HttpMethod.Post && s.PathAndQuery == "/api/equipment/eqp_1/calendar-feed/revoke").ShouldBe(1);
        Api.Sent.Count(s => s.Method == HttpMethod.Post && s.PathAndQuery == "/api/equipment/eqp_1/calendar-feed/rotate").ShouldBe(1);
    }

    [Fact]
    public async Task ARevokedCalendarLinkIsSaidSoWithANewLinkButton()
    {
        Api.StubLabs();
        Api.On(HttpMethod.Get, "/api/equipment/eqp_1/calendar-feed", (_, _) => StubApi.Problem(409, "The calendar feed of this equipment is revoked."));
        await SignInAsync(Roles.LabManager, LabData.PartnerId, LabData.ManagerId);
        var page = RenderPrinter();

        page.Find("[data-testid=feed-link]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=feed-revoked]").ShouldNotBeNull());
        page.Find("[data-testid=feed-rotate]").TextContent.Trim().ShouldBe("New link");
        page.FindAll("[data-testid=feed-section] [data-testid=problem]").ShouldBeEmpty();
    }

    [Fact]
    public async Task ABlackoutOverlappingABookingIsExplained()
    {
        Api.StubLabs();
        Api.OnPostProblem("/api/equipment/eqp_1/blackouts", 409, "The period overlaps a booking.");
        await SignInAsync(Roles.LabManager, LabData.PartnerId, LabData.ManagerId);
        var page = RenderPrinter();

        page.Find("#blackout-reason").Input("Maintenance");
        page.Find("[data-testid=blackout-add]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=blackout-form] [data-testid=problem]").TextContent.ShouldContain("overlaps a pending or approved booking"));
        Api.BodiesSentTo(HttpMethod.Post, "/api/equipment/eqp_1/blackouts").Single()
            .ShouldBe("""{"start":"2026-11-26T08:00:00+02:00","end":"2026-11-26T18:00:00+02:00","reason":"Maintenance"}""");
    }

    [Fact]
    public async Task ABookingChangeOfThisEquipmentRereadsTheWeek()
    {
        Api.StubLabs();
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);
        var page = RenderPrinter();
        var reads = CalendarReads();
        Api.OnGet(Calendar, new[]
        {
            new CalendarSlot(new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero), new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), "booking", null, BookingStates.Pending),
        });

        Live.Raise(LabData.Booking("b5") with { EquipmentId = "eqp_other" });
        Live.Raise(LabData.Booking("b5"));

        page.WaitForAssertion(() => CellClass(page, "2026-11-24", 10).ShouldBe("pending"));
        CalendarReads().ShouldBe(reads + 1);
    }
}
