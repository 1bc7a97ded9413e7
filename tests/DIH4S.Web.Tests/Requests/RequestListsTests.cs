using Bunit;
using DIH4S.Web.Pages.Requests;
using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;

namespace DIH4S.Web.Tests.Requests;

public sealed class RequestListsTests : DeskTestContext
{
    private async Task<IRenderedComponent<RequestsList>> RenderListAsync(string role, string organizationId, params ServiceRequest[] requests)
    {
        await SignInAsync(role, organizationId);
        Api.OnGet("/api/services", StubApi.PageOf(Sample.Service()));
        Api.OnGet("/api/requests", StubApi.PageOf(requests));
        var page = Render<RequestsList>();
        page.WaitForAssertion(() => page.FindAll("[data-testid=requests-list], [data-testid=requests-empty]").ShouldNotBeEmpty());
        return page;
    }

    [Fact]
    public async Task RowsShowTitleServiceStateAndLinkToTheRequest()
    {
        var page = await RenderListAsync(Roles.Requester, Sample.Customer, Sample.Request("req_1", 2, RequestStates.Accepted, Sample.Partner));

        var row = page.Find("[data-testid=request-req_1]");
        row.TextContent.ShouldContain("Audit our shop's network");
        row.TextContent.ShouldContain("Cybersecurity audit");
        row.QuerySelector("[data-testid=state]")!.TextContent.ShouldContain("Accepted");
        row.QuerySelector("a")!.GetAttribute("href").ShouldBe("/requests/req_1");
        row.TextContent.ShouldContain("24/11/2026 09:02");
    }

    [Fact]
    public async Task ANewRequestAppearsAtTheTopAndChangesApplyByVersion()
    {
        var page = await RenderListAsync(Roles.Requester, Sample.Customer, Sample.Request("req_1", 2, RequestStates.Accepted, Sample.Partner));

        Live.Raise(Sample.Request("req_2"));
        page.WaitForAssertion(() => page.FindAll("[data-testid^=request-req_]").Select(e => e.GetAttribute("data-testid")).ShouldBe(["request-req_2", "request-req_1"]));

        Live.Raise(Sample.Request("req_1", 3, RequestStates.InProgress, Sample.Partner));
        page.WaitForAssertion(() => page.Find("[data-testid=request-req_1] [data-testid=state]").GetAttribute("data-state").ShouldBe(RequestStates.InProgress));

        Live.Raise(Sample.Request("req_1", 2, RequestStates.Accepted, Sample.Partner));
        page.Render();
        page.Find("[data-testid=request-req_1] [data-testid=state]").GetAttribute("data-state").ShouldBe(RequestStates.InProgress);
    }

    [Fact]
    public async Task APartnerLosesSightOfARequestAnotherPartnerTook()
    {
        var page = await RenderListAsync(Roles.PartnerStaff, Sample.Partner, Sample.Request("req_1"));

        Live.Raise(Sample.Request("req_1", 2, RequestStates.Accepted, Sample.OtherPartner));

        page.WaitForAssertion(() => page.Find("[data-testid=requests-empty]"));
    }

    [Fact]
    public async Task TheStateFilterAsksTheServerAndKeepsOtherStatesOut()
    {
        var page = await RenderListAsync(Roles.Coordinator, "org_hub", Sample.Request("req_1"));
        Api.OnGet("/api/requests?state=delivered&page=1&pageSize=20", StubApi.PageOf(Sample.Request("req_9", 6, RequestStates.Delivered, Sample.Partner)));

        var filter = page.FindComponent<MudBlazor.MudSelect<string>>();
        await filter.InvokeAsync(() => filter.Instance.ValueChanged.InvokeAsync(RequestStates.Delivered));

        page.WaitForAssertion(() => page.Find("[data-testid=request-req_9]"));
        page.FindAll("[data-testid=request-req_1]").ShouldBeEmpty();
        Live.Raise(Sample.Request("req_5"));
        page.Render();
        page.FindAll("[data-testid=request-req_5]").ShouldBeEmpty();
    }

    [Fact]
    public async Task TheEscalatedQueueShowsEscalatedFirstAndAssignsToAFittingPartner()
    {
        await SignInAsync(Roles.Coordinator, "org_hub");
        Api.OnGet("/api/services", StubApi.PageOf(Sample.Service()));
        Api.OnGet("/api/requests?state=escalated&page=1&pageSize=100", StubApi.PageOf(Sample.Request("req_esc", 3, RequestStates.Escalated)));
        Api.OnGet("/api/requests?state=open&page=1&pageSize=100", StubApi.PageOf(Sample.Request("req_open")));
        Api.OnGet("/api/organizations", StubApi.PageOf(
            new Organization(Sample.Partner, "UTCN", "partner", null, null, null, ["cybersecurity"], Sample.Submitted),
            new Organization(Sample.OtherPartner, "TUIASI", "partner", null, null, null, ["funding"], Sample.Submitted)));
        Api.OnPost("/api/requests/req_esc/assign", Sample.Request("req_esc", 4, RequestStates.Accepted, Sample.Partner));
        var page = Render<Escalated>();
        page.WaitForAssertion(() => page.Find("[data-testid=escalated-section] [data-testid=request-req_esc]"));
        page.Find("[data-testid=open-section] [data-testid=request-req_open]");

        page.Find("[data-testid=assign-req_esc]").Click();
        page.Find("[data-testid=assign-form]").Submit();

        page.WaitForAssertion(() => page.Find("[data-testid=escalated-empty]"));
        Api.BodiesSentTo(HttpMethod.Post, "/api/requests/req_esc/assign").Single().ShouldBe($$"""{"partnerId":"{{Sample.Partner}}"}""");

        Live.Raise(Sample.Request("req_open", 2, RequestStates.Escalated));
        page.WaitForAssertion(() => page.Find("[data-testid=escalated-section] [data-testid=request-req_open]"));
        page.Find("[data-testid=open-empty]");
    }

    [Fact]
    public async Task TheRequestsListIsReadWithoutWaitingForTheCatalogue()
    {
        await SignInAsync(Roles.Requester, Sample.Customer);
        var catalogue = new TaskCompletionSource();
        Api.OnGetHeld("/api/services", StubApi.PageOf(Sample.Service()), catalogue.Task);
        Api.OnGet("/api/requests", StubApi.PageOf(Sample.Request("req_1")));
        var page = Render<RequestsList>();

        page.WaitForAssertion(() => Api.Sent.ShouldContain(s => s.PathAndQuery.StartsWith("/api/requests", StringComparison.Ordinal)));
        catalogue.SetResult();

        page.WaitForAssertion(() => page.Find("[data-testid=request-req_1]").TextContent.ShouldContain("Cybersecurity audit"));
    }

    [Fact]
    public async Task TheEscalatedQueueReadsItsListsWithoutWaitingForTheCatalogueOrThePartners()
    {
        await SignInAsync(Roles.Coordinator, "org_hub");
        var release = new TaskCompletionSource();
        Api.OnGetHeld("/api/services", StubApi.PageOf(Sample.Service()), release.Task);
        Api.OnGetHeld("/api/organizations", StubApi.PageOf(
            new Organization(Sample.Partner, "UTCN", "partner", null, null, null, ["cybersecurity"], Sample.Submitted)), release.Task);
        Api.OnGet("/api/requests?state=escalated&page=1&pageSize=100", StubApi.PageOf(Sample.Request("req_esc", 3, RequestStates.Escalated)));
        Api.OnGet("/api/requests?state=open&page=1&pageSize=100", StubApi.PageOf<ServiceRequest>());
        var page = Render<Escalated>();

        // All four reads are under way before any answer comes back.
        page.WaitForAssertion(() => Api.Sent.Select(s => s.PathAndQuery).ShouldContain("/api/requests?state=open&page=1&pageSize=100"));
        Api.Sent.Select(s => s.PathAndQuery).ShouldContain("/api/requests?state=escalated&page=1&pageSize=100");
        release.SetResult();

        page.WaitForAssertion(() => page.Find("[data-testid=escalated-section] [data-testid=request-req_esc]").TextContent.ShouldContain("Cybersecurity audit"));
    }
}
