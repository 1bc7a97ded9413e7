using System.Net;
using DIH4S.Api.Tests.Infrastructure;
using DIH4S.Contracts.Trainings;

namespace DIH4S.Api.Tests;

[Collection(DeskCollection.Name)]
public sealed class LiveTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

    [Fact]
    public async Task AChangeMadeWhileTheHubIsStillConnectingReachesTheClientOnceItJoins()
    {
        var cast = await Cast.SetUpAsync(_node);
        await using var coordinator = await cast.Coordinator.ConnectAsync();
        fixture.Gate.Hold(cast.Partners[0].UserId);
        LiveInbox? partner = null;
        try
        {
            // The start completes with the handshake; the hub has not yet entered the connection anywhere.
            partner = await cast.Partners[0].ConnectAsync();
            var id = await cast.SubmitAsync("Offered while connecting");
            // The coordinator's copy went out in the same routing step as the partner's would have.
            await coordinator.WaitForRequestAsync(id, 1);
            fixture.Gate.Open();

            var offer = await partner.WaitForRequestAsync(id, 1);

            offer.Title.ShouldBe("Offered while connecting");
        }
        finally
        {
            fixture.Gate.Open();
            if (partner is not null)
            {
                await partner.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AReceiverInSeveralAudiencesOfAChangeGetsItOnce()
    {
        var coordinator = await DeskClient.LoginAsync(_node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);
        var start = _node.Clock.GetUtcNow().AddDays(10);
        var training = await coordinator.PostOkAsync("/api/trainings", new { title = "Robot arms", start, end = start.AddHours(2), capacity = 3 });
        var trainingId = training.GetProperty("id").GetString();
        await using var live = await coordinator.ConnectAsync();

        // The seat's audiences are its holder, its trainer and the coordinators: here all one person.
        var seat = await coordinator.PostOkAsync($"/api/trainings/{trainingId}/seats");
        var seatId = seat.GetProperty("id").GetString()!;
        await live.WaitForAsync<SeatView>("SeatChanged", s => s.Id == seatId && s.Version == 1);
        await coordinator.PostOkAsync($"/api/trainings/{trainingId}/seats/{seatId}/cancel");
        await live.WaitForAsync<SeatView>("SeatChanged", s => s.Id == seatId && s.Version == 2);

        live.All<SeatView>("SeatChanged").Where(s => s.Id == seatId).Select(s => s.Version).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task OtherCustomersAndPartnersNeverReceiveTheChange()
    {
        var mine = await Cast.SetUpAsync(_node);
        var theirs = await Cast.SetUpAsync(_node);
        await using var theirCustomer = await theirs.Requester.ConnectAsync();
        await using var theirPartner = await theirs.Partners[0].ConnectAsync();
        await using var coordinator = await mine.Coordinator.ConnectAsync();

        var secret = await mine.SubmitAsync("Confidential");
        await mine.Partners[0].PostOkAsync($"/api/requests/{secret}/accept");
        await coordinator.WaitForRequestAsync(secret, 2);
        // Changes published on one silo pass through its one publisher in order: once their own request arrives, ours would have too.
        var own = await theirs.SubmitAsync("Ours");
        await theirCustomer.WaitForRequestAsync(own, 1);
        await theirPartner.WaitForRequestAsync(own, 1);

        theirCustomer.Requests.ShouldAllBe(r => r.Id == own);
        theirPartner.Requests.ShouldAllBe(r => r.Id == own);
    }

    [Fact]
    public async Task TheHubAcceptsTheTokenInTheQueryStringAndRefusesWithoutIt()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 0);
        using var http = _node.CreateClient();

        using var withToken = await http.PostAsync($"/hubs/desk/negotiate?negotiateVersion=1&access_token={cast.Requester.AccessToken}", null);
        using var without = await http.PostAsync("/hubs/desk/negotiate?negotiateVersion=1", null);

        withToken.StatusCode.ShouldBe(HttpStatusCode.OK);
        without.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
