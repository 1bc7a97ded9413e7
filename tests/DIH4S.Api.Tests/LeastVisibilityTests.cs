using System.Net;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Api.Tests.Labs;
using DIH4S.Api.Tests.Trainings;

namespace DIH4S.Api.Tests;

/// <summary>
/// Issue 9, least visibility: partners lose sight of a request once another has it (with one last
/// <c>OfferWithdrawn</c>), and an item the caller may not see answers 404 on every route, before role or state.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class LeastVisibilityTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

    [Fact]
    public async Task PartnersThatLoseARequestGetOneLastMessageThenCannotSeeIt()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 3);
        var id = await cast.SubmitAsync();
        var (winner, loser, other) = (cast.Partners[0], cast.Partners[1], cast.Partners[2]);
        await using var loserLive = await loser.ConnectAsync();
        await using var otherLive = await other.ConnectAsync();

        var accepted = await winner.PostOkAsync($"/api/requests/{id}/accept");

        foreach (var live in new[] { loserLive, otherLive })
        {
            (await live.WaitForAsync<Withdrawn>("OfferWithdrawn", w => w.RequestId == id)).Reason.ShouldBe("taken");
        }

        (await loser.GetAsync($"/api/requests/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await loser.GetAsync($"/api/requests/{id}/comments")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await loser.GetAsync($"/api/requests/{id}/history")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await loser.GetOkAsync("/api/requests")).GetProperty("items").EnumerateArray()
            .ShouldNotContain(r => r.GetProperty("id").GetString() == id);
        var (accept, acceptBody) = await loser.PostAsync($"/api/requests/{id}/accept");
        accept.ShouldBe(HttpStatusCode.Conflict);
        acceptBody.GetProperty("title").GetString().ShouldBe("Another partner has already taken this request.");
        (await loser.PostAsync($"/api/requests/{id}/decline", new { reason = "Too late" })).Status.ShouldBe(HttpStatusCode.Conflict);
        loserLive.Requests.ShouldNotContain(r => r.Id == id && r.Version >= accepted.GetProperty("version").GetInt32());
        (await cast.Requester.GetOkAsync($"/api/requests/{id}")).GetProperty("partnerId").GetString().ShouldBe(winner.OrganizationId);
    }

    [Fact]
    public async Task AssigningAndCancellingWithdrawTheOfferWithTheirReasons()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 2);
        var assigned = await cast.SubmitAsync("Assigned by the hub");
        var cancelled = await cast.SubmitAsync("Cancelled by the customer");
        await using var live = await cast.Partners[1].ConnectAsync();

        await cast.Coordinator.PostOkAsync($"/api/requests/{assigned}/assign", new { partnerId = cast.Partners[0].OrganizationId });
        await cast.Requester.PostOkAsync($"/api/requests/{cancelled}/cancel", new { reason = "Not needed any more" });

        (await live.WaitForAsync<Withdrawn>("OfferWithdrawn", w => w.RequestId == assigned)).Reason.ShouldBe("assigned");
        (await live.WaitForAsync<Withdrawn>("OfferWithdrawn", w => w.RequestId == cancelled)).Reason.ShouldBe("cancelled");
        (await cast.Partners[1].GetAsync($"/api/requests/{assigned}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await cast.Partners[0].GetAsync($"/api/requests/{cancelled}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await cast.Requester.GetOkAsync($"/api/requests/{cancelled}")).GetProperty("state").GetString().ShouldBe("cancelled");
    }

    [Fact]
    public async Task ARequestTheCallerMayNotSeeIsNotFoundWhateverTheirRole()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 1);
        var other = await Cast.SetUpAsync(_node, partners: 1);
        var id = await cast.SubmitAsync();

        // A requester may never accept, and a partner never cancel: still 404, not 403, for a request they cannot see.
        var (accept, acceptBody) = await other.Requester.PostAsync($"/api/requests/{id}/accept");
        var (cancel, _) = await other.Partners[0].PostAsync($"/api/requests/{id}/cancel", new { reason = "x" });
        var (start, _) = await other.Partners[0].PostAsync($"/api/requests/{id}/start");

        accept.ShouldBe(HttpStatusCode.NotFound, acceptBody.ToString());
        cancel.ShouldBe(HttpStatusCode.NotFound);
        start.ShouldBe(HttpStatusCode.NotFound);
        (await cast.Requester.GetOkAsync($"/api/requests/{id}")).GetProperty("state").GetString().ShouldBe("open");
    }

    [Fact]
    public async Task ABookingTheCallerMayNotSeeIsNotFoundEvenForAnActionTheirRoleMayNeverTake()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var booking = await LabScene.BookOkAsync(scene.Requester, equipment, LabScene.At(_node, 3, 9), LabScene.At(_node, 3, 11));
        var stranger = await scene.OtherCustomerAsync();

        var (approve, body) = await stranger.PostAsync($"/api/bookings/{booking}/approve");

        approve.ShouldBe(HttpStatusCode.NotFound, body.ToString());
        (await scene.Requester.GetOkAsync($"/api/bookings/{booking}")).GetProperty("state").GetString().ShouldBe("pending");
    }

    [Fact]
    public async Task ASeatTheCallerMayNotSeeIsNotFoundEvenForAttendanceTheirRoleMayNeverMark()
    {
        var cast = await TrainingCast.SetUpAsync(_node, attendees: 2);
        var training = await cast.ScheduleAsync(_node.Clock.GetUtcNow().AddDays(5), capacity: 5);
        var seats = await cast.ReserveInTurnAsync(training.Id(), 2);

        var (mark, body) = await cast.Attendees[1].PostAsync(
            $"/api/trainings/{training.Id()}/seats/{seats[0].Id()}/attendance", new { attended = true });

        mark.ShouldBe(HttpStatusCode.NotFound, body.ToString());
    }

    /// <summary>The <c>OfferWithdrawn</c> message of API.md.</summary>
    private sealed record Withdrawn(string RequestId, string Reason);
}
