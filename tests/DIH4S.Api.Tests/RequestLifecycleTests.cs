using System.Net;
using System.Text.Json;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Contracts.Requests;

namespace DIH4S.Api.Tests;

[Collection(DeskCollection.Name)]
public sealed class RequestLifecycleTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

    [Fact]
    public async Task RequestGoesFromOpenToClosedWhileTheWinnerAndTheCustomerWatchEveryStep()
    {
        var cast = await Cast.SetUpAsync(_node);
        var (winner, loser) = (cast.Partners[0], cast.Partners[1]);
        await using var winnerLive = await winner.ConnectAsync();
        await using var loserLive = await loser.ConnectAsync();
        await using var customerLive = await cast.Requester.ConnectAsync();

        var id = await cast.SubmitAsync();
        await winner.PostOkAsync($"/api/requests/{id}/accept");
        (await loser.PostAsync($"/api/requests/{id}/accept")).Status.ShouldBe(HttpStatusCode.Conflict);
        await winner.PostOkAsync($"/api/requests/{id}/start", new { });
        await winner.PostOkAsync($"/api/requests/{id}/wait-on-customer", new { question = "Which offices?" });
        await cast.Requester.PostOkAsync($"/api/requests/{id}/resume", new { answer = "Cluj and Dej." });
        await winner.PostOkAsync($"/api/requests/{id}/deliver", new { summary = "Report attached." });
        var closed = await cast.Requester.PostOkAsync($"/api/requests/{id}/close", new { rating = 5, comment = "Thorough." });

        closed.GetProperty("state").GetString().ShouldBe("closed");
        closed.GetProperty("version").GetInt32().ShouldBe(7);
        closed.GetProperty("rating").GetInt32().ShouldBe(5);
        string[] expected = ["open", "accepted", "in-progress", "waiting-on-customer", "in-progress", "delivered", "closed"];
        foreach (var inbox in new[] { winnerLive, customerLive })
        {
            await inbox.WaitForRequestAsync(id, 7);
            var seen = inbox.Requests.Where(r => r.Id == id).OrderBy(r => r.Version).ToList();
            seen.Select(r => r.Version).ShouldBe([1, 2, 3, 4, 5, 6, 7]);
            seen.Select(r => RequestStateName(r.State)).ShouldBe(expected);
        }

        // The partner that lost saw the offer, then one withdrawal, and nothing after (issue 9).
        await loserLive.WaitForAsync<Withdrawn>("OfferWithdrawn", w => w.RequestId == id);
        loserLive.Requests.Where(r => r.Id == id).Select(r => r.Version).ShouldBe([1]);
    }

    private sealed record Withdrawn(string RequestId, string Reason);

    [Fact]
    public async Task HistoryHasOneEntryPerVersionStartingWithTheSubmission()
    {
        var cast = await Cast.SetUpAsync(_node);
        var id = await cast.SubmitAsync();
        await cast.Partners[0].PostOkAsync($"/api/requests/{id}/accept");
        await cast.Requester.PostOkAsync($"/api/requests/{id}/cancel", new { reason = "Budget cut." });

        var history = (await cast.Requester.GetOkAsync($"/api/requests/{id}/history")).GetProperty("items");

        history.GetArrayLength().ShouldBe(3);
        var first = history[0];
        first.GetProperty("version").GetInt32().ShouldBe(1);
        first.GetProperty("action").GetString().ShouldBe("submitted");
        first.GetProperty("fromState").ValueKind.ShouldBe(JsonValueKind.Null);
        first.GetProperty("toState").GetString().ShouldBe("open");
        history[1].GetProperty("action").GetString().ShouldBe("accept");
        history[2].GetProperty("action").GetString().ShouldBe("cancel");
        history[2].GetProperty("note").GetString().ShouldBe("Budget cut.");
        history[2].GetProperty("actorId").GetString().ShouldBe(cast.Requester.UserId);
    }

    [Fact]
    public async Task TwentyPartnersAcceptingAtOnceLeaveExactlyOneWinner()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 20);
        var id = await cast.SubmitAsync();
        using var start = new SemaphoreSlim(0);

        var attempts = cast.Partners.Select(async partner =>
        {
            await start.WaitAsync();
            return await partner.PostAsync($"/api/requests/{id}/accept");
        }).ToList();
        start.Release(cast.Partners.Count);
        var results = await Task.WhenAll(attempts);

        results.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(1);
        results.Count(r => r.Status == HttpStatusCode.Conflict).ShouldBe(19);
        var winner = results.Single(r => r.Status == HttpStatusCode.OK).Body.GetProperty("partnerId").GetString();
        var stored = await cast.Requester.GetOkAsync($"/api/requests/{id}");
        stored.GetProperty("partnerId").GetString().ShouldBe(winner);
        stored.GetProperty("version").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task WhenEveryPartnerDeclinesTheRequestEscalatesAndACoordinatorAssignsIt()
    {
        var cast = await Cast.SetUpAsync(_node);
        var id = await cast.SubmitAsync();

        var afterFirst = await cast.Partners[0].PostOkAsync($"/api/requests/{id}/decline", new { reason = "No capacity." });
        var afterSecond = await cast.Partners[1].PostOkAsync($"/api/requests/{id}/decline", new { reason = "Out of scope." });
        var assigned = await cast.Coordinator.PostOkAsync($"/api/requests/{id}/assign", new { partnerId = cast.Partners[1].OrganizationId });

        afterFirst.GetProperty("state").GetString().ShouldBe("open");
        afterSecond.GetProperty("state").GetString().ShouldBe("escalated");
        assigned.GetProperty("state").GetString().ShouldBe("accepted");
        assigned.GetProperty("partnerId").GetString().ShouldBe(cast.Partners[1].OrganizationId);
        (await cast.Partners[0].GetAsync($"/api/requests/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await cast.Partners[1].GetAsync($"/api/requests/{id}")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OnlyCoordinatorsReadWhyAPartnerDeclined()
    {
        var cast = await Cast.SetUpAsync(_node);
        var id = await cast.SubmitAsync();
        await cast.Partners[0].PostOkAsync($"/api/requests/{id}/decline", new { reason = "The customer never pays." });

        var customerView = (await cast.Requester.GetOkAsync($"/api/requests/{id}/history")).GetProperty("items")[1];
        var otherPartnerView = (await cast.Partners[1].GetOkAsync($"/api/requests/{id}/history")).GetProperty("items")[1];
        var coordinatorView = (await cast.Coordinator.GetOkAsync($"/api/requests/{id}/history")).GetProperty("items")[1];

        customerView.GetProperty("action").GetString().ShouldBe("decline");
        customerView.GetProperty("note").ValueKind.ShouldBe(JsonValueKind.Null);
        otherPartnerView.GetProperty("note").ValueKind.ShouldBe(JsonValueKind.Null);
        coordinatorView.GetProperty("note").GetString().ShouldBe("The customer never pays.");
    }

    [Fact]
    public async Task AssigningToAnUnknownPartnerIsAValidationErrorAndChangesNothing()
    {
        var cast = await Cast.SetUpAsync(_node);
        var id = await cast.SubmitAsync();

        var (status, body) = await cast.Coordinator.PostAsync($"/api/requests/{id}/assign", new { partnerId = cast.CustomerId });

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("errors").TryGetProperty("partnerId", out _).ShouldBeTrue();
        (await cast.Requester.GetOkAsync($"/api/requests/{id}")).GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task WaitingOnTheCustomerPausesTheResolutionClock()
    {
        var cast = await Cast.SetUpAsync(_node);
        var partner = cast.Partners[0];
        var id = await cast.SubmitAsync();
        await partner.PostOkAsync($"/api/requests/{id}/accept");
        await partner.PostOkAsync($"/api/requests/{id}/start");
        _node.Clock.Advance(TimeSpan.FromHours(2));
        partner = await partner.SignInAgainAsync();
        var waiting = await partner.PostOkAsync($"/api/requests/{id}/wait-on-customer", new { question = "Access?" });
        _node.Clock.Advance(TimeSpan.FromDays(3));
        var requester = await cast.Requester.SignInAgainAsync();
        var resumed = await requester.PostOkAsync($"/api/requests/{id}/resume", new { });

        var paused = waiting.GetProperty("sla");
        paused.GetProperty("running").GetBoolean().ShouldBeFalse();
        var target = paused.GetProperty("targetBusinessHours").GetDouble();
        var used = target - paused.GetProperty("remainingBusinessHours").GetDouble();
        used.ShouldBe(2.0, tolerance: 0.01); // the fixture's clock starts inside a Tuesday's business hours
        var running = resumed.GetProperty("sla");
        running.GetProperty("running").GetBoolean().ShouldBeTrue();
        running.GetProperty("remainingBusinessHours").GetDouble().ShouldBe(paused.GetProperty("remainingBusinessHours").GetDouble());
    }

    [Fact]
    public async Task ARejectedDeliveryGoesBackToWork()
    {
        var cast = await Cast.SetUpAsync(_node);
        var id = await cast.SubmitDeliveredAsync();

        var reopened = await cast.Requester.PostOkAsync($"/api/requests/{id}/reopen", new { reason = "The VPN is missing." });

        reopened.GetProperty("state").GetString().ShouldBe("in-progress");
        reopened.GetProperty("autoCloseAt").ValueKind.ShouldBe(JsonValueKind.Null);
        (await cast.Requester.PostAsync($"/api/requests/{id}/cancel", new { reason = "x" })).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RequestersCannotCancelADeliveredRequestButCoordinatorsCan()
    {
        var cast = await Cast.SetUpAsync(_node);
        var id = await cast.SubmitDeliveredAsync();

        (await cast.Requester.PostAsync($"/api/requests/{id}/cancel", new { reason = "Changed mind" })).Status.ShouldBe(HttpStatusCode.Conflict);
        var cancelled = await cast.Coordinator.PostOkAsync($"/api/requests/{id}/cancel", new { reason = "Duplicate." });

        cancelled.GetProperty("state").GetString().ShouldBe("cancelled");
        (await cast.Coordinator.PostAsync($"/api/requests/{id}/cancel", new { reason = "Again" })).Status.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task InternalCommentsStayBetweenTheAssignedPartnerAndCoordinators()
    {
        var cast = await Cast.SetUpAsync(_node);
        var (assigned, other) = (cast.Partners[0], cast.Partners[1]);
        var id = await cast.SubmitAsync();
        await assigned.PostOkAsync($"/api/requests/{id}/accept");

        await assigned.PostOkAsync($"/api/requests/{id}/comments", new { text = "Customer seems unsure.", @internal = true });
        await assigned.PostOkAsync($"/api/requests/{id}/comments", new { text = "We start Monday.", @internal = false });
        var (requesterInternal, _) = await cast.Requester.PostAsync($"/api/requests/{id}/comments", new { text = "psst", @internal = true });
        var (fromTheLoser, _) = await other.PostAsync($"/api/requests/{id}/comments", new { text = "We could do it cheaper.", @internal = false });

        requesterInternal.ShouldBe(HttpStatusCode.Forbidden);
        fromTheLoser.ShouldBe(HttpStatusCode.NotFound); // it lost sight of the request (issue 9)
        Texts(await cast.Requester.GetOkAsync($"/api/requests/{id}/comments")).ShouldBe(["We start Monday."]);
        (await other.GetAsync($"/api/requests/{id}/comments")).Status.ShouldBe(HttpStatusCode.NotFound);
        Texts(await assigned.GetOkAsync($"/api/requests/{id}/comments")).ShouldBe(["Customer seems unsure.", "We start Monday."]);
        Texts(await cast.Coordinator.GetOkAsync($"/api/requests/{id}/comments")).ShouldBe(["Customer seems unsure.", "We start Monday."]);
        (await cast.Requester.GetOkAsync($"/api/requests/{id}")).GetProperty("version").GetInt32().ShouldBe(2);
    }

    private static string RequestStateName(RequestState state) => Grains.Requests.RequestRules.Kebab(state);

    private static List<string?> Texts(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("text").GetString())];
}
