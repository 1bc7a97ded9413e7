using Bunit;
using DIH4S.Web.Pages.Trainings;
using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;
using static DIH4S.Web.Tests.Trainings.TrainingData;

namespace DIH4S.Web.Tests.Trainings;

public sealed class TrainingsPageTests : DeskTestContext
{
    private const string Me = "usr_eva";

    [Fact]
    public async Task WaitlistedPersonSeesConfirmedWithoutReload()
    {
        await SignInAsync(Roles.PartnerStaff, userId: Me);
        Api.OnGet("/api/trainings", StubApi.PageOf(Training(confirmed: 2, waitlisted: 1)));
        Api.OnGet("/api/trainings/trn_1/seats", StubApi.PageOf(Seat("s_eva", Me, SeatStates.Waitlisted, position: 1)));
        var page = Render<TrainingsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=waitlist-position-trn_1]").TextContent.ShouldBe("No. 1 on the waiting list"));
        page.Find("[data-testid=my-seat-trn_1]").TextContent.ShouldContain("On the waiting list");

        Live.Raise(Seat("s_eva", Me, SeatStates.Confirmed, version: 2));

        page.WaitForAssertion(() => page.Find("[data-testid=my-seat-trn_1] [data-testid=state]").GetAttribute("data-state").ShouldBe(SeatStates.Confirmed));
        page.Find("[data-testid=my-seat-trn_1]").TextContent.ShouldContain("Confirmed");
        page.FindAll("[data-testid=waitlist-position-trn_1]").ShouldBeEmpty();
        page.FindAll("[data-testid=cancel-seat-trn_1]").Count.ShouldBe(1);
    }

    [Fact]
    public async Task OlderSeatVersionIsIgnored()
    {
        await SignInAsync(Roles.Requester, userId: Me);
        Api.OnGet("/api/trainings", StubApi.PageOf(Training(confirmed: 2)));
        Api.OnGet("/api/trainings/trn_1/seats", StubApi.PageOf(Seat("s_eva", Me, SeatStates.Confirmed, version: 2)));
        var page = Render<TrainingsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=my-seat-trn_1] [data-testid=state]").GetAttribute("data-state").ShouldBe(SeatStates.Confirmed));

        Live.Raise(Seat("s_eva", Me, SeatStates.Waitlisted, version: 1, position: 1));
        Live.Raise(Seat("s_other", "usr_dan", SeatStates.Cancelled, version: 5));

        page.Render();
        page.Find("[data-testid=my-seat-trn_1] [data-testid=state]").GetAttribute("data-state").ShouldBe(SeatStates.Confirmed);
        page.FindAll("[data-testid=waitlist-position-trn_1]").ShouldBeEmpty();
    }

    [Fact]
    public async Task FreeSeatsFollowTrainingChanged()
    {
        await SignInAsync(Roles.Requester, userId: Me);
        Api.OnGet("/api/trainings", StubApi.PageOf(Training(capacity: 5, confirmed: 1, version: 2)));
        Api.OnGet("/api/trainings/trn_1/seats", StubApi.PageOf<Seat>());
        var page = Render<TrainingsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=free-seats-trn_1]").TextContent.ShouldBe("4"));

        Live.Raise(Training(capacity: 5, confirmed: 3, waitlisted: 0, version: 4));
        page.WaitForAssertion(() => page.Find("[data-testid=free-seats-trn_1]").TextContent.ShouldBe("2"));

        Live.Raise(Training(capacity: 5, confirmed: 2, version: 3));
        Live.Raise(Training(id: "trn_2", title: "Welding basics", capacity: 8, confirmed: 0));
        page.WaitForAssertion(() => page.Find("[data-testid=training-trn_2]").TextContent.ShouldContain("Welding basics"));
        page.Find("[data-testid=free-seats-trn_1]").TextContent.ShouldBe("2");
        page.Find("[data-testid=free-seats-trn_2]").TextContent.ShouldBe("8");
    }

    [Fact]
    public async Task ReserveOnAFullTrainingSaysWaitingListPosition()
    {
        await SignInAsync(Roles.Requester, userId: Me);
        Api.OnGet("/api/trainings", StubApi.PageOf(Training(capacity: 2, confirmed: 2, waitlisted: 1)));
        Api.OnGet("/api/trainings/trn_1/seats", StubApi.PageOf<Seat>());
        Api.OnPost("/api/trainings/trn_1/seats", Seat("s_eva", Me, SeatStates.Waitlisted, position: 2), System.Net.HttpStatusCode.Created);
        var page = Render<TrainingsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=my-seat-trn_1]").TextContent.ShouldContain("none"));

        page.Find("[data-testid=reserve-trn_1]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=seat-outcome-trn_1]").TextContent.ShouldContain("you are No. 2 on the waiting list"));
        page.Find("[data-testid=waitlist-position-trn_1]").TextContent.ShouldBe("No. 2 on the waiting list");
        page.FindAll("[data-testid=reserve-trn_1]").ShouldBeEmpty();
        page.Find("[data-testid=cancel-seat-trn_1]").TextContent.ShouldContain("Leave the waiting list");
    }

    [Fact]
    public async Task ReserveOnATrainingWithRoomSaysTheSeatIsConfirmed()
    {
        await SignInAsync(Roles.Requester, userId: Me);
        Api.OnGet("/api/trainings", StubApi.PageOf(Training(capacity: 2, confirmed: 0)));
        Api.OnGet("/api/trainings/trn_1/seats", StubApi.PageOf<Seat>());
        Api.OnPost("/api/trainings/trn_1/seats", Seat("s_eva", Me, SeatStates.Confirmed), System.Net.HttpStatusCode.Created);
        var page = Render<TrainingsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=reserve-trn_1]"));

        page.Find("[data-testid=reserve-trn_1]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=seat-outcome-trn_1]").TextContent.ShouldContain("Your seat is confirmed."));
        page.Find("[data-testid=my-seat-trn_1] [data-testid=state]").GetAttribute("data-state").ShouldBe(SeatStates.Confirmed);
    }

    [Fact]
    public async Task CancelAfterDeadlineShowsClearMessage()
    {
        await SignInAsync(Roles.Requester, userId: Me);
        Api.OnGet("/api/trainings", StubApi.PageOf(Training(confirmed: 1)));
        Api.OnGet("/api/trainings/trn_1/seats", StubApi.PageOf(Seat("s_eva", Me, SeatStates.Confirmed)));
        Api.OnPostProblem("/api/trainings/trn_1/seats/s_eva/cancel", 409, "The cancellation deadline has passed.");
        var page = Render<TrainingsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=cancel-seat-trn_1]"));

        page.Find("[data-testid=cancel-seat-trn_1]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=problem]").TextContent.ShouldContain("The cancellation deadline (25/11/2026 10:00) has passed"));
        page.Find("[data-testid=my-seat-trn_1] [data-testid=state]").GetAttribute("data-state").ShouldBe(SeatStates.Confirmed);
    }

    [Fact]
    public async Task AReconnectRereadsTrainingsAndSeats()
    {
        await SignInAsync(Roles.Requester, userId: Me);
        Api.OnGet("/api/trainings", StubApi.PageOf(Training(confirmed: 2, waitlisted: 1)));
        Api.OnGet("/api/trainings/trn_1/seats", StubApi.PageOf(Seat("s_eva", Me, SeatStates.Waitlisted, position: 1)));
        var page = Render<TrainingsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=waitlist-position-trn_1]"));

        Api.OnGet("/api/trainings", StubApi.PageOf(Training(confirmed: 2, waitlisted: 0, version: 4)));
        Api.OnGet("/api/trainings/trn_1/seats", StubApi.PageOf(Seat("s_eva", Me, SeatStates.Confirmed, version: 2)));
        Live.Reconnect();

        page.WaitForAssertion(() => page.Find("[data-testid=my-seat-trn_1] [data-testid=state]").GetAttribute("data-state").ShouldBe(SeatStates.Confirmed));
        page.Find("[data-testid=waitlisted-trn_1]").TextContent.ShouldBe("0");
    }

    [Fact]
    public async Task TheListIsInRomanianWhenThePersonReadsRomanian()
    {
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("ro-RO");
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("ro-RO");
        await SignInAsync(Roles.Requester, userId: Me);
        Api.OnGet("/api/trainings", StubApi.PageOf(Training(confirmed: 2, waitlisted: 1)));
        Api.OnGet("/api/trainings/trn_1/seats", StubApi.PageOf(Seat("s_eva", Me, SeatStates.Waitlisted, position: 3)));
        var page = Render<TrainingsPage>();

        page.WaitForAssertion(() => page.Find("[data-testid=waitlist-position-trn_1]").TextContent.ShouldBe("Nr. 3 pe lista de așteptare"));
        page.Find("[data-testid=when-trn_1]").TextContent.ShouldStartWith("26.11.2026 10:00");
    }
}
