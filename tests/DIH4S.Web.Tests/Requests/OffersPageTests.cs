using Bunit;
using DIH4S.Web.Pages.Requests;
using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace DIH4S.Web.Tests.Requests;

public sealed class OffersPageTests : DeskTestContext
{
    private const string OpenOffers = "/api/requests?state=open&page=1&pageSize=100";
    private const string EscalatedOffers = "/api/requests?state=escalated&page=1&pageSize=100";

    private async Task<IRenderedComponent<Offers>> RenderInboxAsync(params ServiceRequest[] open)
    {
        await SignInAsync(Roles.PartnerStaff, Sample.Partner);
        Api.OnGet("/api/services", StubApi.PageOf(Sample.Service()));
        Api.OnGet(OpenOffers, StubApi.PageOf(open));
        Api.OnGet(EscalatedOffers, StubApi.PageOf<ServiceRequest>());
        var page = Render<Offers>();
        page.WaitForAssertion(() => page.FindAll("[data-testid=offers-list], [data-testid=offers-empty]").ShouldNotBeEmpty());
        return page;
    }

    [Fact]
    public async Task PartnerSeesOfferAppearWithoutReload()
    {
        var page = await RenderInboxAsync();
        page.Find("[data-testid=offers-empty]");

        Live.Raise(Sample.Request("req_new", title: "Penetration test of our web shop"));

        page.WaitForAssertion(() => page.Find("[data-testid=offer-req_new]").TextContent.ShouldContain("Penetration test of our web shop"));
        page.Find("[data-testid=offer-req_new]").TextContent.ShouldContain("Cybersecurity audit");
        page.Find("[data-testid=accept-req_new]");
        page.Find("[data-testid=decline-req_new]");
    }

    [Fact]
    public async Task TheInboxIsReadWithoutWaitingForTheCatalogue()
    {
        await SignInAsync(Roles.PartnerStaff, Sample.Partner);
        var catalogue = new TaskCompletionSource();
        Api.OnGetHeld("/api/services", StubApi.PageOf(Sample.Service()), catalogue.Task);
        Api.OnGet(OpenOffers, StubApi.PageOf(Sample.Request("req_1")));
        Api.OnGet(EscalatedOffers, StubApi.PageOf<ServiceRequest>());
        var page = Render<Offers>();

        page.WaitForAssertion(() => Api.Sent.ShouldContain(s => s.PathAndQuery == OpenOffers)); // while the catalogue is still unanswered
        catalogue.SetResult();

        page.WaitForAssertion(() => page.Find("[data-testid=offer-req_1]").TextContent.ShouldContain("Cybersecurity audit"));
    }

    [Fact]
    public async Task AnOfferArrivingWhileTheInboxIsBeingReadIsKept()
    {
        // The inbox's read was answered before the request was submitted, and reaches the page after its live change.
        await SignInAsync(Roles.PartnerStaff, Sample.Partner);
        var release = new TaskCompletionSource();
        Api.OnGet("/api/services", StubApi.PageOf(Sample.Service()));
        Api.OnGetHeld(OpenOffers, StubApi.PageOf(Sample.Request("req_old")), release.Task);
        Api.OnGet(EscalatedOffers, StubApi.PageOf<ServiceRequest>());
        var page = Render<Offers>();
        page.WaitForAssertion(() => Api.Sent.ShouldContain(s => s.PathAndQuery == OpenOffers));

        Live.Raise(Sample.Request("req_new", title: "Penetration test of our web shop"));
        release.SetResult();

        page.WaitForAssertion(() => page.Find("[data-testid=offer-req_new]").TextContent.ShouldContain("Penetration test of our web shop"));
        page.Find("[data-testid=offer-req_old]");
    }

    [Fact]
    public async Task OfferTakenByAnotherPartnerLeavesTheInbox()
    {
        var page = await RenderInboxAsync(Sample.Request("req_1"), Sample.Request("req_2"));
        page.FindAll("[data-testid^=offer-]").Count.ShouldBe(2);

        Live.Raise(Sample.Request("req_1", version: 2, state: RequestStates.Accepted, partnerId: Sample.OtherPartner));

        page.WaitForAssertion(() => page.FindAll("[data-testid=offer-req_1]").ShouldBeEmpty());
        page.Find("[data-testid=offer-req_2]");

        // A late copy of the first version does not bring the offer back.
        Live.Raise(Sample.Request("req_1", version: 1));
        page.Render();
        page.FindAll("[data-testid=offer-req_1]").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("taken", "“Penetration test” was taken by another partner and left your inbox.")]
    [InlineData("assigned", "The hub office gave “Penetration test” to another partner; it left your inbox.")]
    [InlineData("cancelled", "The customer cancelled “Penetration test”; it left your inbox.")]
    public async Task AWithdrawnOfferLeavesTheInboxSayingWhy(string reason, string message)
    {
        var page = await RenderInboxAsync(Sample.Request("req_1", title: "Penetration test"), Sample.Request("req_2"));

        Live.Raise(new OfferWithdrawn("req_1", reason));

        page.WaitForAssertion(() => page.Find("[data-testid=withdrawn-req_1]").TextContent.ShouldContain(message));
        page.FindAll("[data-testid=offer-req_1]").ShouldBeEmpty();
        page.Find("[data-testid=offer-req_2]");

        // Nothing that arrives later brings it back.
        Live.Raise(Sample.Request("req_1", version: 5, title: "Penetration test"));
        page.Render();
        page.FindAll("[data-testid=offer-req_1]").ShouldBeEmpty();
    }

    [Fact]
    public async Task AnOfferThatIsNoLongerOpenLeavesTheInboxEvenWithoutAPartner()
    {
        var page = await RenderInboxAsync(Sample.Request("req_1"));

        Live.Raise(Sample.Request("req_1", version: 2, state: RequestStates.Cancelled));

        page.WaitForAssertion(() => page.Find("[data-testid=offers-empty]"));
    }

    [Fact]
    public async Task AnEscalatedOfferStaysVisibleButWaitsForTheHub()
    {
        var page = await RenderInboxAsync(Sample.Request("req_1"));

        Live.Raise(Sample.Request("req_1", version: 2, state: RequestStates.Escalated));

        page.WaitForAssertion(() => page.Find("[data-testid=offer-req_1] [data-testid=offer-escalated]"));
        page.FindAll("[data-testid=accept-req_1]").ShouldBeEmpty();
    }

    [Fact]
    public async Task LosingTheAcceptRaceShowsTheFriendlyMessage()
    {
        var page = await RenderInboxAsync(Sample.Request("req_1"));
        Api.OnPostProblem("/api/requests/req_1/accept", 409, "The request was taken by another partner.");

        page.Find("[data-testid=accept-req_1]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=problem]").TextContent.ShouldContain("Another partner accepted this request first."));
        page.FindAll("[data-testid=offer-req_1]").ShouldBeEmpty();
        Services.GetRequiredService<NavigationManager>().Uri.ShouldNotContain("/requests/");
    }

    [Fact]
    public async Task AcceptingOpensTheRequest()
    {
        var page = await RenderInboxAsync(Sample.Request("req_1"));
        Api.OnPost("/api/requests/req_1/accept", Sample.Request("req_1", version: 2, state: RequestStates.Accepted, partnerId: Sample.Partner));

        page.Find("[data-testid=accept-req_1]").Click();

        var nav = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => nav.Uri.ShouldEndWith("/requests/req_1"));
    }

    [Fact]
    public async Task DecliningAsksForAReasonAndRemovesTheOffer()
    {
        var page = await RenderInboxAsync(Sample.Request("req_1"));
        Api.OnPost("/api/requests/req_1/decline", Sample.Request("req_1", version: 2));

        page.Find("[data-testid=decline-req_1]").Click();
        page.Find("#action-reason").Input("No one free this month");
        page.Find("[data-testid=decline-form]").Submit();

        page.WaitForAssertion(() => page.Find("[data-testid=offers-empty]"));
        Api.BodiesSentTo(HttpMethod.Post, "/api/requests/req_1/decline").Single().ShouldBe("""{"reason":"No one free this month"}""");
    }

    [Fact]
    public async Task ADeclineWithoutReasonShowsTheErrorNextToTheField()
    {
        var page = await RenderInboxAsync(Sample.Request("req_1"));
        Api.OnPostProblem("/api/requests/req_1/decline", 400, "Validation failed.", new Dictionary<string, string[]> { ["reason"] = ["'reason' is required."] });

        page.Find("[data-testid=decline-req_1]").Click();
        page.Find("[data-testid=decline-form]").Submit();

        page.WaitForAssertion(() => page.Find("[data-testid=decline-form]").TextContent.ShouldContain("'reason' is required."));
        page.Find("[data-testid=offer-req_1]");
    }
}
