using System.Net;
using System.Text.Json;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Contracts.Labs;

namespace DIH4S.Api.Tests.Labs;

[Collection(DeskCollection.Name)]
public sealed class BookingLifecycleTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

    [Fact]
    public async Task ALabManagerAndTheCustomerWatchABookingAppearGetApprovedAndCompleteLive()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        await using var managerLive = await scene.Manager.ConnectAsync();
        await using var customerLive = await scene.Requester.ConnectAsync();
        var start = LabScene.At(_node, 2, 9);

        var id = await LabScene.BookOkAsync(scene.Requester, equipment, start, start.AddHours(2));
        await scene.Manager.PostOkAsync($"/api/bookings/{id}/approve");
        await scene.Manager.PostOkAsync($"/api/bookings/{id}/check-in", new { });
        var completed = await scene.Manager.PostOkAsync($"/api/bookings/{id}/complete");

        completed.GetProperty("state").GetString().ShouldBe("completed");
        completed.GetProperty("version").GetInt32().ShouldBe(4);
        foreach (var inbox in new[] { managerLive, customerLive })
        {
            await inbox.WaitForAsync<BookingView>("BookingChanged", b => b.Id == id && b.Version == 4);
            var seen = inbox.All<BookingView>("BookingChanged").Where(b => b.Id == id).OrderBy(b => b.Version).ToList();
            seen.Select(b => b.Version).ShouldBe([1, 2, 3, 4]);
            seen.Select(b => b.State).ShouldBe([BookingState.Pending, BookingState.Approved, BookingState.CheckedIn, BookingState.Completed]);
            seen[0].Purpose.ShouldBe("Imaging of sample batch 7");
            seen[0].BookerId.ShouldBe(scene.Requester.UserId);
            seen[0].OrganizationId.ShouldBe(scene.CustomerId);
            seen[0].LabId.ShouldBe(scene.LabId);
        }
    }

    [Fact]
    public async Task OtherCustomersAndManagersOfOtherLabsReceiveNoBookingChange()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var other = await scene.OtherCustomerAsync();
        var (_, otherManager) = await scene.OtherLabAsync();
        await using var otherLive = await other.ConnectAsync();
        await using var otherManagerLive = await otherManager.ConnectAsync();
        await using var coordinatorLive = await scene.Coordinator.ConnectAsync();
        var start = LabScene.At(_node, 2, 9);

        var secret = await LabScene.BookOkAsync(scene.Requester, equipment, start, start.AddHours(1));
        await coordinatorLive.WaitForAsync<BookingView>("BookingChanged", b => b.Id == secret);
        // Changes pass through one registry in order: once their own booking arrives, ours would have too.
        var own = await LabScene.BookOkAsync(other, equipment, start.AddHours(2), start.AddHours(3));
        await otherLive.WaitForAsync<BookingView>("BookingChanged", b => b.Id == own);
        await coordinatorLive.WaitForAsync<BookingView>("BookingChanged", b => b.Id == own);

        otherLive.All<BookingView>("BookingChanged").ShouldAllBe(b => b.Id == own);
        otherManagerLive.All<BookingView>("BookingChanged").ShouldBeEmpty();
    }

    [Fact]
    public async Task AnApprovedBookingWithoutACheckInBecomesANoShowAfterTheGraceAndFreesTheSlot()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        await using var live = await scene.Requester.ConnectAsync();
        // Close enough that the whole test stays within the tokens' 30 minutes of desk time.
        var start = _node.Clock.GetUtcNow().AddMinutes(5);
        var id = await LabScene.BookOkAsync(scene.Requester, equipment, start, start.AddHours(1));
        var approved = await scene.Manager.PostOkAsync($"/api/bookings/{id}/approve");

        _node.Clock.SetUtcNow(start.AddMinutes(14));
        var withinGrace = await scene.Requester.GetOkAsync($"/api/bookings/{id}");
        _node.Clock.SetUtcNow(start.AddMinutes(16));
        var noShow = await live.WaitForAsync<BookingView>("BookingChanged", b => b.Id == id && b.State == BookingState.NoShow);

        approved.GetProperty("noShowAt").GetDateTimeOffset().ShouldBe(start.AddMinutes(15));
        withinGrace.GetProperty("state").GetString().ShouldBe("approved");
        noShow.Version.ShouldBe(3);
        var history = (await scene.Requester.GetOkAsync($"/api/bookings/{id}/history")).GetProperty("items");
        history[2].GetProperty("action").GetString().ShouldBe("no-show");
        history[2].GetProperty("actorId").GetString().ShouldBe("system");
        var calendar = await scene.Requester.GetOkAsync(BookingCalendarTests.CalendarPath(equipment, start, start.AddHours(1)));
        calendar.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task AManagerOfAnotherLabCanNeitherSeeNorApproveTheBookingAndARequesterMayNeverApprove()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var (_, strangerManager) = await scene.OtherLabAsync();
        var start = LabScene.At(_node, 2, 9);
        var id = await LabScene.BookOkAsync(scene.Requester, equipment, start, start.AddHours(1));

        var (seen, _) = await strangerManager.GetAsync($"/api/bookings/{id}");
        var (approvedByStranger, _) = await strangerManager.PostAsync($"/api/bookings/{id}/approve");
        var (rejectedByStranger, _) = await strangerManager.PostAsync($"/api/bookings/{id}/reject", new { reason = "Mine now." });
        var (approvedByRequester, problem) = await scene.Requester.PostAsync($"/api/bookings/{id}/approve");
        var strangersQueue = await strangerManager.GetOkAsync("/api/bookings?state=pending");

        seen.ShouldBe(HttpStatusCode.NotFound);
        approvedByStranger.ShouldBe(HttpStatusCode.NotFound);
        rejectedByStranger.ShouldBe(HttpStatusCode.NotFound);
        approvedByRequester.ShouldBe(HttpStatusCode.Forbidden);
        problem.GetProperty("status").GetInt32().ShouldBe(403);
        strangersQueue.GetProperty("total").GetInt32().ShouldBe(0);
        var unchanged = await scene.Requester.GetOkAsync($"/api/bookings/{id}");
        unchanged.GetProperty("state").GetString().ShouldBe("pending");
        unchanged.GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task AManagerOfAnotherLabOfTheSamePartnerSeesTheirColleaguesBookingButMayNotApproveIt()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var (_, colleague) = await scene.OtherLabAsync(scene.PartnerId);
        var start = LabScene.At(_node, 2, 9);
        // The lab's own manager books it for their organization's research; the colleague sees it as their organization's.
        var id = await LabScene.BookOkAsync(scene.Manager, equipment, start, start.AddHours(1));

        var (seen, _) = await colleague.GetAsync($"/api/bookings/{id}");
        var (approved, _) = await colleague.PostAsync($"/api/bookings/{id}/approve");
        var cancelled = await colleague.PostOkAsync($"/api/bookings/{id}/cancel", new { reason = "Booked twice by our team." });

        seen.ShouldBe(HttpStatusCode.OK);
        approved.ShouldBe(HttpStatusCode.Forbidden);
        cancelled.GetProperty("state").GetString().ShouldBe("cancelled");
        cancelled.GetProperty("reason").GetString().ShouldBe("Booked twice by our team.");
    }

    [Fact]
    public async Task ActionsTheStateDoesNotAllowAreConflictsAndChangeNothing()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var start = LabScene.At(_node, 2, 9);
        var id = await LabScene.BookOkAsync(scene.Requester, equipment, start, start.AddHours(1));

        var (completePending, _) = await scene.Manager.PostAsync($"/api/bookings/{id}/complete");
        var (checkInPending, _) = await scene.Manager.PostAsync($"/api/bookings/{id}/check-in");
        await scene.Manager.PostOkAsync($"/api/bookings/{id}/approve");
        var (approveTwice, problem) = await scene.Manager.PostAsync($"/api/bookings/{id}/approve");
        await scene.Manager.PostOkAsync($"/api/bookings/{id}/check-in");
        var (cancelCheckedIn, _) = await scene.Requester.PostAsync($"/api/bookings/{id}/cancel", new { reason = "Too late." });
        var (rejectWithoutReason, invalid) = await scene.Manager.PostAsync($"/api/bookings/{id}/reject", new { });

        completePending.ShouldBe(HttpStatusCode.Conflict);
        checkInPending.ShouldBe(HttpStatusCode.Conflict);
        approveTwice.ShouldBe(HttpStatusCode.Conflict);
        problem.GetProperty("title").GetString().ShouldBe("A booking that is approved cannot take 'approve'.");
        cancelCheckedIn.ShouldBe(HttpStatusCode.Conflict);
        rejectWithoutReason.ShouldBe(HttpStatusCode.BadRequest);
        invalid.GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
        (await scene.Requester.GetOkAsync($"/api/bookings/{id}")).GetProperty("version").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task ListsAreScopedAndALabManagersPendingListIsTheirApprovalQueue()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var other = await scene.OtherCustomerAsync();
        var start = LabScene.At(_node, 6, 9);
        var mine = await LabScene.BookOkAsync(scene.Requester, equipment, start, start.AddHours(1));
        var theirs = await LabScene.BookOkAsync(other, equipment, start.AddHours(2), start.AddHours(3));
        var decided = await LabScene.BookOkAsync(other, equipment, start.AddHours(4), start.AddHours(5));
        await scene.Manager.PostOkAsync($"/api/bookings/{decided}/approve");
        var ownResearch = await LabScene.BookOkAsync(scene.Manager, equipment, start.AddHours(6), start.AddHours(7));

        var requesters = await scene.Requester.GetOkAsync("/api/bookings");
        var queue = await scene.Manager.GetOkAsync("/api/bookings?state=pending");
        var managersAll = await scene.Manager.GetOkAsync("/api/bookings?pageSize=2&page=2");
        var coordinators = await scene.Coordinator.GetOkAsync("/api/bookings?state=approved&pageSize=100");
        var (badState, _) = await scene.Manager.GetAsync("/api/bookings?state=done");

        Ids(requesters).ShouldBe([mine]);
        Ids(queue).ShouldBe([ownResearch, theirs, mine], ignoreOrder: true);
        queue.GetProperty("total").GetInt32().ShouldBe(3);
        managersAll.GetProperty("total").GetInt32().ShouldBe(4);
        Ids(managersAll).Length.ShouldBe(2);
        Ids(coordinators).ShouldContain(decided);
        Ids(coordinators).ShouldNotContain(mine);
        badState.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task HistoryHasOneEntryPerVersionStartingWithTheBooking()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var start = LabScene.At(_node, 2, 9);
        var id = await LabScene.BookOkAsync(scene.Requester, equipment, start, start.AddHours(1));
        await scene.Manager.PostOkAsync($"/api/bookings/{id}/approve");
        await scene.Requester.PostOkAsync($"/api/bookings/{id}/cancel", new { reason = "Project paused." });

        var history = (await scene.Requester.GetOkAsync($"/api/bookings/{id}/history")).GetProperty("items");

        history.GetArrayLength().ShouldBe(3);
        history[0].GetProperty("version").GetInt32().ShouldBe(1);
        history[0].GetProperty("action").GetString().ShouldBe("booked");
        history[0].GetProperty("fromState").ValueKind.ShouldBe(JsonValueKind.Null);
        history[0].GetProperty("toState").GetString().ShouldBe("pending");
        history[1].GetProperty("action").GetString().ShouldBe("approve");
        history[1].GetProperty("actorId").GetString().ShouldBe(scene.Manager.UserId);
        history[2].GetProperty("toState").GetString().ShouldBe("cancelled");
        history[2].GetProperty("note").GetString().ShouldBe("Project paused.");
    }

    private static string[] Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("id").GetString()!)];
}
