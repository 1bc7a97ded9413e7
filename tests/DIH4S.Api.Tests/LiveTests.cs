using System.Net;
using DIH4S.Api.Tests.Infrastructure;

namespace DIH4S.Api.Tests;

[Collection(DeskCollection.Name)]
public sealed class LiveTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

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
        // Changes pass through one registry in order: once their own request arrives, ours would have too.
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
