using System.Net;
using DIH4S.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace DIH4S.Api.Tests.Labs;

/// <summary>Feed links: made for those who may see the equipment, revoked and renewed by its lab (ADR 0015).</summary>
[Collection(DeskCollection.Name)]
public sealed class FeedLinkTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

    [Fact]
    public async Task TheLabsManagersMakeANewFeedLinkAndTheEarlierOneStopsWorking()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var (_, otherManager) = await scene.OtherLabAsync();
        var first = await LinkAsync(scene.Requester, equipment);
        var firstBefore = await OpenAsync(first);

        var (byRequester, _) = await scene.Requester.PostAsync($"/api/equipment/{equipment}/calendar-feed/rotate");
        var (byOtherManager, _) = await otherManager.PostAsync($"/api/equipment/{equipment}/calendar-feed/rotate");
        var (ofUnknown, _) = await scene.Manager.PostAsync("/api/equipment/eqp_nothing/calendar-feed/rotate");
        var renewed = await scene.Manager.PostOkAsync($"/api/equipment/{equipment}/calendar-feed/rotate");
        var second = renewed.GetProperty("url").GetString()!;

        firstBefore.ShouldBe(HttpStatusCode.OK);
        byRequester.ShouldBe(HttpStatusCode.Forbidden);
        byOtherManager.ShouldBe(HttpStatusCode.Forbidden);
        ofUnknown.ShouldBe(HttpStatusCode.NotFound);
        second.ShouldNotBe(first);
        (await OpenAsync(first)).ShouldBe(HttpStatusCode.Unauthorized);
        (await OpenAsync(second)).ShouldBe(HttpStatusCode.OK);
        (await LinkAsync(scene.Requester, equipment)).ShouldNotBe(first, "everyone who may see the equipment now gets links of the new generation");
        (await OpenAsync(await LinkAsync(scene.Requester, equipment))).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ARevokedFeedOpensWithNoLinkAndGivesNoneUntilAManagerMakesANewOne()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var link = await LinkAsync(scene.Requester, equipment);

        var (byRequester, _) = await scene.Requester.PostAsync($"/api/equipment/{equipment}/calendar-feed/revoke");
        var (revoked, _) = await scene.Manager.PostAsync($"/api/equipment/{equipment}/calendar-feed/revoke");
        var (asked, problem) = await scene.Requester.GetAsync($"/api/equipment/{equipment}/calendar-feed");
        var withToken = await scene.Requester.Http.GetAsync($"/api/equipment/{equipment}/calendar.ics");
        var afterRevoke = await OpenAsync(link);
        var renewed = (await scene.Coordinator.PostOkAsync($"/api/equipment/{equipment}/calendar-feed/rotate")).GetProperty("url").GetString()!;

        byRequester.ShouldBe(HttpStatusCode.Forbidden);
        revoked.ShouldBe(HttpStatusCode.NoContent);
        asked.ShouldBe(HttpStatusCode.Conflict);
        problem.GetProperty("title").GetString().ShouldBe("The calendar feed of this equipment is revoked.");
        withToken.StatusCode.ShouldBe(HttpStatusCode.OK, "signed-in people read the calendar as before");
        afterRevoke.ShouldBe(HttpStatusCode.Unauthorized);
        (await OpenAsync(link)).ShouldBe(HttpStatusCode.Unauthorized, "a new link does not bring back the old one");
        (await OpenAsync(renewed)).ShouldBe(HttpStatusCode.OK);
        (await scene.Requester.GetAsync($"/api/equipment/{equipment}/calendar-feed")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AKeyMadeBeforeFeedGenerationsOpensUntilTheFirstNewLink()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        var protection = _node.Services.GetRequiredService<IDataProtectionProvider>();
        var earlierKey = protection.CreateProtector("DIH4S.Desk.EquipmentFeed.v1").Protect(equipment);
        var earlierLink = $"/api/equipment/{equipment}/calendar.ics?key={Uri.EscapeDataString(earlierKey)}";

        var before = await OpenAsync(earlierLink);
        await scene.Manager.PostOkAsync($"/api/equipment/{equipment}/calendar-feed/rotate");

        before.ShouldBe(HttpStatusCode.OK);
        (await OpenAsync(earlierLink)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AFeedLinkIsMadeOnlyForSomeoneSignedInAndNeverFromTheHostHeader()
    {
        var scene = await LabScene.SetUpAsync(_node);
        var equipment = await scene.EquipmentAsync();
        using var anonymous = _node.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/equipment/{equipment}/calendar-feed");
        request.Headers.Host = "attacker.example";

        using var notSignedIn = await anonymous.GetAsync($"/api/equipment/{equipment}/calendar-feed");
        using var answer = await scene.Requester.Http.SendAsync(request);
        var url = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!;

        notSignedIn.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        url.ShouldStartWith($"/api/equipment/{equipment}/calendar.ics?key=", Case.Sensitive, "without Desk:PublicUrl the link is relative to the desk");
        url.ShouldNotContain("attacker.example");
    }

    private static async Task<string> LinkAsync(DeskClient who, string equipment) =>
        (await who.GetOkAsync($"/api/equipment/{equipment}/calendar-feed")).GetProperty("url").GetString()!;

    private async Task<HttpStatusCode> OpenAsync(string link)
    {
        using var anonymous = _node.CreateClient();
        using var response = await anonymous.GetAsync(link);
        return response.StatusCode;
    }
}

/// <summary>With <c>Desk:PublicUrl</c> set, feed links are absolute under it, whatever the request's Host header says.</summary>
public sealed class FeedLinkPublicUrlTests : OwnNodeTests
{
    [Fact]
    public async Task TheFeedLinksBaseIsThePublicUrlNotTheHostHeader()
    {
        await using var node = new DeskFactory(DatabasePath, DeskFactory.NewClock())
        {
            Settings = new Dictionary<string, string?> { ["Desk:PublicUrl"] = "https://desk.example.org/hub" },
        };
        var scene = await LabScene.SetUpAsync(node);
        var equipment = await scene.EquipmentAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/equipment/{equipment}/calendar-feed");
        request.Headers.Host = "attacker.example";

        using var answer = await scene.Requester.Http.SendAsync(request);
        var link = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        var url = new Uri(link.GetProperty("url").GetString()!);
        var rotated = new Uri((await scene.Manager.PostOkAsync($"/api/equipment/{equipment}/calendar-feed/rotate")).GetProperty("url").GetString()!);
        using var subscribed = await node.CreateClient().GetAsync(url.PathAndQuery["/hub".Length..]);

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        url.GetLeftPart(UriPartial.Path).ShouldBe($"https://desk.example.org/hub/api/equipment/{equipment}/calendar.ics");
        url.Query.ShouldBe($"?key={Uri.EscapeDataString(link.GetProperty("key").GetString()!)}");
        rotated.GetLeftPart(UriPartial.Path).ShouldBe($"https://desk.example.org/hub/api/equipment/{equipment}/calendar.ics");
        subscribed.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the rotation replaced the first link");
    }

    [Fact]
    public void APublicUrlThatIsNotAnAbsoluteHttpUrlStopsTheNode()
    {
        using var node = new DeskFactory(DatabasePath, DeskFactory.NewClock())
        {
            Settings = new Dictionary<string, string?> { ["Desk:PublicUrl"] = "desk.example.org" },
        };

        var refused = Should.Throw<Exception>(() => node.Server);

        refused.ToString().ShouldContain("Desk:PublicUrl must be an absolute http or https URL");
    }
}
