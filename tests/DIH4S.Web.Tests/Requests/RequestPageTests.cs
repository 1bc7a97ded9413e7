using Bunit;
using DIH4S.Web.Pages.Requests;
using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;

namespace DIH4S.Web.Tests.Requests;

public sealed class RequestPageTests : DeskTestContext
{
    private const string RequestPath = "/api/requests/req_1";
    private const string HistoryPath = "/api/requests/req_1/history";
    private const string CommentsPath = "/api/requests/req_1/comments";

    private static readonly HistoryEntry[] FullHistory =
    [
        Sample.History(1, "submitted", null, RequestStates.Open),
        Sample.History(2, "accept", RequestStates.Open, RequestStates.Accepted),
        Sample.History(3, "start", RequestStates.Accepted, RequestStates.InProgress),
        Sample.History(4, "wait-on-customer", RequestStates.InProgress, RequestStates.WaitingOnCustomer, "Which routers do you use?"),
    ];

    private void Serve(ServiceRequest request, int historyLength, params Comment[] comments)
    {
        Api.OnGet("/api/services", StubApi.PageOf(Sample.Service()));
        Api.OnGet(RequestPath, request);
        Api.OnGet(HistoryPath, StubApi.PageOf(FullHistory[..historyLength]));
        Api.OnGet(CommentsPath, StubApi.PageOf(comments));
        Api.OnGet($"/api/organizations/{Sample.Partner}",
            new Organization(Sample.Partner, "UTCN", "partner", null, "Cluj", null, ["cybersecurity"], Sample.Submitted));
    }

    private IRenderedComponent<RequestPage> RenderPage()
    {
        var page = Render<RequestPage>(p => p.Add(x => x.Id, "req_1"));
        page.WaitForAssertion(() => page.FindAll("[data-testid=request-title], [data-testid=not-found], [data-testid=problem]").ShouldNotBeEmpty());
        return page;
    }

    private int Reads(string path) => Api.Sent.Count(s => s.Method == HttpMethod.Get && s.PathAndQuery.Split('?')[0] == path);

    private static string StateOf(IRenderedComponent<RequestPage> page) =>
        page.Find("[data-testid=request-page] [data-testid=state]").GetAttribute("data-state")!;

    [Fact]
    public async Task RequestPageAppliesNewerVersionAndIgnoresOlder()
    {
        await SignInAsync(Roles.PartnerStaff, Sample.Partner);
        Serve(Sample.Request("req_1", 2, RequestStates.Accepted, Sample.Partner), 2);
        var page = RenderPage();
        StateOf(page).ShouldBe(RequestStates.Accepted);
        page.Find("[data-testid=action-start]");
        var historyReads = Reads(HistoryPath);

        Api.OnGet(HistoryPath, StubApi.PageOf(FullHistory[..3]));
        Live.Raise(Sample.Request("req_1", 3, RequestStates.InProgress, Sample.Partner));

        page.WaitForAssertion(() => StateOf(page).ShouldBe(RequestStates.InProgress));
        page.WaitForAssertion(() => page.Find("[data-testid=history-3]").TextContent.ShouldContain("Work started"));
        Reads(HistoryPath).ShouldBe(historyReads + 1);
        page.Find("[data-testid=action-deliver]");
        page.FindAll("[data-testid=action-start]").ShouldBeEmpty();

        // A late copy of version 2 arrives after version 3: nothing moves back.
        Live.Raise(Sample.Request("req_1", 2, RequestStates.Accepted, Sample.Partner));
        page.Render();
        StateOf(page).ShouldBe(RequestStates.InProgress);
        Reads(HistoryPath).ShouldBe(historyReads + 1);
    }

    [Fact]
    public async Task AChangeOfAnotherRequestIsIgnored()
    {
        await SignInAsync(Roles.Requester, Sample.Customer);
        Serve(Sample.Request("req_1"), 1);
        var page = RenderPage();

        Live.Raise(Sample.Request("req_2", 5, RequestStates.Cancelled));
        page.Render();

        StateOf(page).ShouldBe(RequestStates.Open);
    }

    [Fact]
    public async Task VersionGapRereadsHistory()
    {
        await SignInAsync(Roles.Requester, Sample.Customer);
        Serve(Sample.Request("req_1"), 1);
        var page = RenderPage();
        page.FindAll("[data-testid=history-action]").Count.ShouldBe(1);
        var (requestReads, commentReads) = (Reads(RequestPath), Reads(CommentsPath));

        var now = Sample.Request("req_1", 4, RequestStates.WaitingOnCustomer, Sample.Partner);
        Serve(now, 4);
        Live.Raise(now);

        page.WaitForAssertion(() => page.Find("[data-testid=history-4]").TextContent.ShouldContain("Which routers do you use?"));
        page.Find("[data-testid=history-2]");
        page.Find("[data-testid=history-3]");
        Reads(RequestPath).ShouldBe(requestReads + 1);
        Reads(CommentsPath).ShouldBe(commentReads + 1);
        page.Find("[data-testid=action-resume]");
        page.Find("[data-testid=partner-question]").TextContent.ShouldContain("Which routers do you use?");
    }

    [Fact]
    public async Task AReconnectRereadsEverything()
    {
        await SignInAsync(Roles.Requester, Sample.Customer);
        Serve(Sample.Request("req_1"), 1);
        var page = RenderPage();

        Serve(Sample.Request("req_1", 2, RequestStates.Accepted, Sample.Partner), 2);
        Live.Reconnect();

        page.WaitForAssertion(() => StateOf(page).ShouldBe(RequestStates.Accepted));
        page.WaitForAssertion(() => page.Find("[data-testid=request-partner]").TextContent.ShouldContain("UTCN"));
        page.Find("[data-testid=history-2]");
    }

    [Fact]
    public async Task InternalCommentsAreMarked()
    {
        await SignInAsync(Roles.PartnerStaff, Sample.Partner);
        Serve(
            Sample.Request("req_1", 3, RequestStates.InProgress, Sample.Partner), 3,
            new Comment("cmt_1", "usr_dan", Sample.Submitted.AddHours(1), "Customer's router is end of life.", true),
            new Comment("cmt_2", "usr_ana", Sample.Submitted.AddHours(2), "We start on Monday.", false));
        var page = RenderPage();

        var internalComment = page.Find("[data-testid=comment-cmt_1]");
        internalComment.ClassList.ShouldContain("desk-comment-internal");
        internalComment.QuerySelector("[data-testid=internal-chip]")!.TextContent.ShouldContain("Internal");
        var publicComment = page.Find("[data-testid=comment-cmt_2]");
        publicComment.ClassList.ShouldContain("desk-comment-public");
        publicComment.QuerySelector("[data-testid=internal-chip]").ShouldBeNull();
        page.Find("[data-testid=comment-internal]");
    }

    [Fact]
    public async Task ARequesterCannotWriteInternalComments()
    {
        await SignInAsync(Roles.Requester, Sample.Customer);
        Serve(Sample.Request("req_1", 3, RequestStates.InProgress, Sample.Partner), 3);
        Api.OnPost(CommentsPath, new Comment("cmt_9", "usr_test", Sample.Submitted, "When will you come?", false), System.Net.HttpStatusCode.Created);
        var page = RenderPage();
        page.FindAll("[data-testid=comment-internal]").ShouldBeEmpty();

        page.Find("#comment-text").Input("When will you come?");
        page.Find("[data-testid=comment-form]").Submit();

        page.WaitForAssertion(() => Api.BodiesSentTo(HttpMethod.Post, CommentsPath).Single().ShouldBe("""{"text":"When will you come?","internal":false}"""));
    }

    [Fact]
    public async Task AnInvisibleRequestShowsTheNotFoundMessage()
    {
        await SignInAsync(Roles.PartnerStaff, Sample.OtherPartner);
        Api.OnGet("/api/services", StubApi.PageOf(Sample.Service()));

        var page = RenderPage();

        page.Find("[data-testid=not-found]").TextContent.ShouldContain("does not exist, or you may not see it");
        page.FindAll("[data-testid=request-actions]").ShouldBeEmpty();
    }

    [Fact]
    public async Task AConflictShowsTheServersReasonAndTheRequestAsItIsNow()
    {
        await SignInAsync(Roles.PartnerStaff, Sample.Partner);
        Serve(Sample.Request("req_1", 2, RequestStates.Accepted, Sample.Partner), 2);
        Api.OnPostProblem("/api/requests/req_1/start", 409, "The request was cancelled.");
        var page = RenderPage();
        Serve(Sample.Request("req_1", 3, RequestStates.Cancelled, Sample.Partner), 2);

        page.Find("[data-testid=action-start]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=problem]").TextContent.ShouldContain("The request was cancelled."));
        page.WaitForAssertion(() => StateOf(page).ShouldBe(RequestStates.Cancelled));
        page.FindAll("[data-testid^=action-]").ShouldBeEmpty();
    }

    [Fact]
    public async Task ClosingAsksForARatingAndSendsIt()
    {
        await SignInAsync(Roles.Requester, Sample.Customer);
        Serve(Sample.Request("req_1", 5, RequestStates.Delivered, Sample.Partner), 4);
        Api.OnPost("/api/requests/req_1/close", Sample.Request("req_1", 6, RequestStates.Closed, Sample.Partner));
        var page = RenderPage();
        page.Find("[data-testid=action-reopen]");

        page.Find("[data-testid=action-close]").Click();
        page.Find("[data-testid=action-form]").Submit();
        page.WaitForAssertion(() => page.Find("[data-testid=action-form]").TextContent.ShouldContain("Choose a rating from 1 to 5 stars."));
        Api.BodiesSentTo(HttpMethod.Post, "/api/requests/req_1/close").ShouldBeEmpty();

        page.FindAll("[data-testid=action-rating] .mud-rating-item")[3].Click();
        page.Find("#action-comment").Input("Thorough work");
        page.Find("[data-testid=action-form]").Submit();

        page.WaitForAssertion(() => StateOf(page).ShouldBe(RequestStates.Closed));
        Api.BodiesSentTo(HttpMethod.Post, "/api/requests/req_1/close").Single().ShouldBe("""{"rating":4,"comment":"Thorough work"}""");
    }

    [Fact]
    public async Task TheCustomerAnswersThePartnersQuestion()
    {
        await SignInAsync(Roles.Requester, Sample.Customer);
        Serve(Sample.Request("req_1", 4, RequestStates.WaitingOnCustomer, Sample.Partner), 4);
        Api.OnPost("/api/requests/req_1/resume", Sample.Request("req_1", 5, RequestStates.InProgress, Sample.Partner));
        var page = RenderPage();

        page.Find("[data-testid=action-resume]").Click();
        page.Find("#action-answer").Input("Two MikroTik routers.");
        page.Find("[data-testid=action-confirm]").Click();

        page.WaitForAssertion(() => StateOf(page).ShouldBe(RequestStates.InProgress));
        Api.BodiesSentTo(HttpMethod.Post, "/api/requests/req_1/resume").Single().ShouldBe("""{"answer":"Two MikroTik routers."}""");
        page.FindAll("[data-testid=partner-question]").ShouldBeEmpty();
    }

    [Fact]
    public async Task AMissingSummaryIsShownNextToTheField()
    {
        await SignInAsync(Roles.PartnerStaff, Sample.Partner);
        Serve(Sample.Request("req_1", 3, RequestStates.InProgress, Sample.Partner), 3);
        Api.OnPostProblem("/api/requests/req_1/deliver", 400, "Validation failed.", new Dictionary<string, string[]> { ["summary"] = ["'summary' is required."] });
        var page = RenderPage();

        page.Find("[data-testid=action-deliver]").Click();
        page.Find("[data-testid=action-form]").Submit();

        page.WaitForAssertion(() => page.Find("[data-testid=action-form]").TextContent.ShouldContain("'summary' is required."));
        page.FindAll("[data-testid=problem]").ShouldBeEmpty();
    }
}

public sealed class RequestPageInRomanianTests() : DeskTestContext("ro-RO")
{
    [Fact]
    public async Task TheRequestPageSpeaksRomanianWithRomanianDates()
    {
        await SignInAsync(Roles.Requester, Sample.Customer);
        Api.OnGet("/api/services", StubApi.PageOf(Sample.Service()));
        Api.OnGet("/api/requests/req_1", Sample.Request("req_1", 2, RequestStates.Accepted, Sample.Partner));
        Api.OnGet("/api/requests/req_1/history", StubApi.PageOf(
            Sample.History(1, "submitted", null, RequestStates.Open), Sample.History(2, "accept", RequestStates.Open, RequestStates.Accepted)));
        Api.OnGet("/api/requests/req_1/comments", StubApi.PageOf<Comment>());

        var page = Render<RequestPage>(p => p.Add(x => x.Id, "req_1"));

        page.WaitForAssertion(() => page.Find("[data-testid=state]").TextContent.ShouldContain("Acceptată"));
        page.Find("[data-testid=request-created]").TextContent.ShouldBe("24.11.2026 09:00");
        page.Find("[data-testid=history-2]").TextContent.ShouldContain("Acceptată");
        page.Find("[data-testid=action-cancel]").TextContent.ShouldContain("Anulează solicitarea");
    }
}

public sealed class RequestPageOfferTests : DeskTestContext
{
    [Fact]
    public async Task LosingTheAcceptRaceOnTheRequestPageShowsTheFriendlyMessage()
    {
        await SignInAsync(Roles.PartnerStaff, Sample.Partner);
        Api.OnGet("/api/services", StubApi.PageOf(Sample.Service()));
        Api.OnGet("/api/requests/req_1", Sample.Request("req_1"));
        Api.OnGet("/api/requests/req_1/history", StubApi.PageOf(Sample.History(1, "submitted", null, RequestStates.Open)));
        Api.OnGet("/api/requests/req_1/comments", StubApi.PageOf<Comment>());
        Api.OnPostProblem("/api/requests/req_1/accept", 409, "Taken by another partner.");
        var page = Render<RequestPage>(p => p.Add(x => x.Id, "req_1"));
        page.WaitForAssertion(() => page.Find("[data-testid=action-accept]"));
        page.Find("[data-testid=action-decline]");

        // Meanwhile the winner's partner took it: this partner no longer sees the request.
        Api.On(HttpMethod.Get, "/api/requests/req_1", (_, _) => StubApi.Problem(404, "Not found."));
        page.Find("[data-testid=action-accept]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=problem]").TextContent.ShouldContain("Another partner accepted this request first."));
        page.Find("[data-testid=not-found]");
    }
}
