using Bunit;
using DIH4S.Web.Pages.Trainings;
using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;
using static DIH4S.Web.Tests.Trainings.TrainingData;

namespace DIH4S.Web.Tests.Trainings;

public sealed class TrainingPageTests : DeskTestContext
{
    private const string Trainer = "usr_trainer";

    [Fact]
    public async Task TrainerSeesAttendanceButtonsOnlyOnceOpen()
    {
        await SignInAsync(Roles.Trainer, userId: Trainer);
        var training = Training(confirmed: 1, start: Now.AddMinutes(90)); // attendance opens at Now + 30 min
        Api.OnGet("/api/trainings/trn_1", training);
        Api.OnGet("/api/trainings/trn_1/seats", StubApi.PageOf(Seat("s_ana", "usr_ana", SeatStates.Confirmed)));
        var page = Render<TrainingPage>(p => p.Add(x => x.Id, "trn_1"));
        page.WaitForAssertion(() => page.Find("[data-testid=seat-s_ana]").TextContent.ShouldBe("usr_ana"));
        page.FindAll("[data-testid=attended-s_ana]").ShouldBeEmpty();
        page.FindAll("[data-testid=no-show-s_ana]").ShouldBeEmpty();
        page.Find("[data-testid=attendance-closed]").TextContent.ShouldContain("24/11/2026 10:30");

        Clock.Advance(TimeSpan.FromMinutes(30));

        page.WaitForAssertion(() => page.Find("[data-testid=attended-s_ana]"));
        page.Find("[data-testid=no-show-s_ana]");
        page.FindAll("[data-testid=attendance-closed]").ShouldBeEmpty();
    }

    [Fact]
    public async Task TrainerSeesHoldersByNameAndKeepsThemThroughLiveChanges()
    {
        await SignInAsync(Roles.Trainer, userId: Trainer);
        Api.OnGet("/api/trainings/trn_1", Training(capacity: 1, confirmed: 1, waitlisted: 1));
        Api.OnGet("/api/trainings/trn_1/seats", StubApi.PageOf(
            Seat("s_ana", "usr_ana", SeatStates.Confirmed, reservedMinutesAgo: 30) with { HolderName = "Ana Pop" },
            Seat("s_eva", "usr_eva", SeatStates.Waitlisted, position: 1, reservedMinutesAgo: 20) with { HolderName = "Eva Lazăr" }));
        var page = Render<TrainingPage>(p => p.Add(x => x.Id, "trn_1"));
        page.WaitForAssertion(() => page.Find("[data-testid=seat-s_eva]").TextContent.ShouldBe("Eva Lazăr"));

        // A promotion arrives live without a name: the page keeps the one it knows.
        Live.Raise(Seat("s_eva", "usr_eva", SeatStates.Confirmed, version: 2, reservedMinutesAgo: 20));

        page.WaitForAssertion(() => page.Find("[data-testid=seat-list] [data-testid=seat-s_eva]").TextContent.ShouldBe("Eva Lazăr"));
        page.Find("[data-testid=seat-s_ana]").TextContent.ShouldBe("Ana Pop");
    }

    [Fact]
    public async Task TrainerMarksAttendanceAndTheSeatShowsIt()
    {
        await SignInAsync(Roles.Trainer, userId: Trainer);
        Api.OnGet("/api/trainings/trn_1", Training(confirmed: 1, start: Now.AddMinutes(30)));
        Api.OnGet("/api/trainings/trn_1/seats", StubApi.PageOf(Seat("s_ana", "usr_ana", SeatStates.Confirmed)));
        Api.OnPost("/api/trainings/trn_1/seats/s_ana/attendance", Seat("s_ana", "usr_ana", SeatStates.Attended, version: 2));
        var page = Render<TrainingPage>(p => p.Add(x => x.Id, "trn_1"));
        page.WaitForAssertion(() => page.Find("[data-testid=attended-s_ana]"));

        page.Find("[data-testid=attended-s_ana]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=seat-list] [data-state]").GetAttribute("data-state").ShouldBe(SeatStates.Attended));
        Api.BodiesSentTo(HttpMethod.Post, "/api/trainings/trn_1/seats/s_ana/attendance").ShouldBe(["{\"attended\":true}"]);
    }

    [Fact]
    public async Task TrainerSeesTheWaitingListApartAndAPromotionLive()
    {
        await SignInAsync(Roles.Trainer, userId: Trainer);
        Api.OnGet("/api/trainings/trn_1", Training(capacity: 1, confirmed: 1, waitlisted: 2));
        Api.OnGet("/api/trainings/trn_1/seats", StubApi.PageOf(
            Seat("s_ana", "usr_ana", SeatStates.Confirmed, reservedMinutesAgo: 30),
            Seat("s_eva", "usr_eva", SeatStates.Waitlisted, position: 1, reservedMinutesAgo: 20),
            Seat("s_dan", "usr_dan", SeatStates.Waitlisted, position: 2, reservedMinutesAgo: 10)));
        var page = Render<TrainingPage>(p => p.Add(x => x.Id, "trn_1"));
        page.WaitForAssertion(() => page.FindAll("[data-testid=waiting-list] tbody tr").Count.ShouldBe(2));
        page.FindAll("[data-testid=seat-list] tbody tr").Count.ShouldBe(1);
        page.Find("[data-testid=waiting-list] tbody tr").TextContent.ShouldContain("usr_eva");

        Live.Raise(Seat("s_ana", "usr_ana", SeatStates.Cancelled, version: 2, reservedMinutesAgo: 30));
        Live.Raise(Seat("s_eva", "usr_eva", SeatStates.Confirmed, version: 2, reservedMinutesAgo: 20));
        Live.Raise(Seat("s_dan", "usr_dan", SeatStates.Waitlisted, version: 2, position: 1, reservedMinutesAgo: 10));
        Live.Raise(Training(capacity: 1, confirmed: 1, waitlisted: 1, version: 2));

        page.WaitForAssertion(() => page.FindAll("[data-testid=waiting-list] tbody tr").Count.ShouldBe(1));
        page.FindAll("[data-testid=seat-list] tbody tr").Count.ShouldBe(2);
        page.Find("[data-testid=waiting-list] tbody tr").TextContent.ShouldContain("usr_dan");
        page.Find("[data-testid=waitlisted-trn_1]").TextContent.ShouldBe("1");
    }

    [Fact]
    public async Task AnAttendeeSeesTheirOwnSeatButNoSeatList()
    {
        await SignInAsync(Roles.Requester, userId: "usr_ana");
        Api.OnGet("/api/trainings/trn_1", Training(confirmed: 1, start: Now.AddMinutes(30)));
        Api.OnGet("/api/trainings/trn_1/seats", StubApi.PageOf(Seat("s_ana", "usr_ana", SeatStates.Confirmed)));
        var page = Render<TrainingPage>(p => p.Add(x => x.Id, "trn_1"));

        page.WaitForAssertion(() => page.Find("[data-testid=my-seat-trn_1] [data-testid=state]").GetAttribute("data-state").ShouldBe(SeatStates.Confirmed));
        page.FindAll("[data-testid=seat-list]").ShouldBeEmpty();
        page.FindAll("[data-testid=attended-s_ana]").ShouldBeEmpty();
        page.Find("[data-testid=cancel-seat-trn_1]");
    }

    [Fact]
    public async Task ACoordinatorSeesTheSeatListOfAnyTraining()
    {
        await SignInAsync(Roles.Coordinator, organizationId: "hub", userId: "usr_hub");
        Api.OnGet("/api/trainings/trn_1", Training(confirmed: 1));
        Api.OnGet("/api/trainings/trn_1/seats", StubApi.PageOf(Seat("s_ana", "usr_ana", SeatStates.Confirmed)));
        var page = Render<TrainingPage>(p => p.Add(x => x.Id, "trn_1"));

        page.WaitForAssertion(() => page.Find("[data-testid=seat-s_ana]").TextContent.ShouldBe("usr_ana"));
    }
}
