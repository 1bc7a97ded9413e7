using System.Net;
using Bunit;
using DIH4S.Web.Pages.Admin;
using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;

namespace DIH4S.Web.Tests.Admin;

public sealed class OrganizationPageTests : DeskTestContext
{
    private static Organization Org(string kind) =>
        new("org_1", "Bakery Pop SRL", kind, "food", "Cluj", "micro", null, new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));

    private static readonly Member Ana = new("usr_ana", "ana@bakery.example", "Ana Pop", "org_1", [Roles.Requester]);

    private async Task<IRenderedComponent<OrganizationPage>> OpenAsync(string kind)
    {
        await SignInAsync(Roles.Coordinator, organizationId: "hub", userId: "usr_hub");
        Api.OnGet("/api/organizations/org_1", Org(kind));
        Api.OnGet("/api/organizations/org_1/members", StubApi.PageOf(Ana));
        var page = Render<OrganizationPage>(p => p.Add(x => x.Id, "org_1"));
        page.WaitForAssertion(() => page.Find("[data-testid=member-usr_ana]").TextContent.ShouldBe("Ana Pop"));
        return page;
    }

    [Theory]
    [InlineData("sme", new[] { "Requester" })]
    [InlineData("public-body", new[] { "Requester" })]
    [InlineData("partner", new[] { "Partner staff", "Lab manager", "Trainer" })]
    [InlineData("hub", new[] { "Coordinator" })]
    public async Task OnboardingOffersOnlyRolesThatFitTheKind(string kind, string[] offered)
    {
        var page = await OpenAsync(kind);

        page.FindAll("[data-testid=member-roles] label").Select(l => l.TextContent.Trim()).ShouldBe(offered);
    }

    [Fact]
    public async Task DuplicateEmailShowsConflict()
    {
        var page = await OpenAsync("sme");
        Api.OnPostProblem("/api/organizations/org_1/members", 409, "A person with the e-mail address 'ana@bakery.example' already exists.");

        page.Find("#member-email").Input("ana@bakery.example");
        page.Find("#member-name").Input("Ana again");
        page.Find("#member-password").Input("a-long-enough-password");
        page.Find("[data-testid=add-member-form]").Submit();

        page.WaitForAssertion(() => page.Find("[data-testid=problem]").TextContent.ShouldContain("A person with this e-mail address already has an account."));
        page.FindAll("[data-testid=member-added]").ShouldBeEmpty();
    }

    [Fact]
    public async Task FieldErrorsShowNextToTheirFields()
    {
        var page = await OpenAsync("partner");
        Api.OnPostProblem("/api/organizations/org_1/members", 400, "Invalid fields.", new Dictionary<string, string[]>
        {
            ["email"] = ["The e-mail must be an e-mail address."],
            ["roles"] = ["At least one role is required."],
        });

        page.Find("#member-email").Input("not-an-email");
        page.Find("#member-password").Input("a-long-enough-password");
        page.Find("[data-testid=add-member-form]").Submit();

        page.WaitForAssertion(() => page.Find("#member-email").Closest(".mud-input-control")!.TextContent.ShouldContain("The e-mail must be an e-mail address."));
        page.Find("[data-testid=roles-error]").TextContent.ShouldBe("At least one role is required.");
        page.Find("#member-name").Closest(".mud-input-control")!.TextContent.ShouldNotContain("must");
    }

    [Fact]
    public async Task AShortPasswordIsRefusedBeforeAnythingIsSent()
    {
        var page = await OpenAsync("sme");

        page.Find("#member-password").Input("too-short");
        page.Find("[data-testid=add-member-form]").Submit();

        page.WaitForAssertion(() => page.Find("#member-password").Closest(".mud-input-control")!.ClassList.ShouldContain("mud-input-error"));
        Api.BodiesSentTo(HttpMethod.Post, "/api/organizations/org_1/members").ShouldBeEmpty();
    }

    [Fact]
    public async Task AddingAPersonSendsTheChosenRolesAndListsThem()
    {
        var page = await OpenAsync("partner");
        Api.OnPost("/api/organizations/org_1/members",
            new Member("usr_mihai", "mihai@utcn.example", "Mihai Pop", "org_1", [Roles.Trainer]), HttpStatusCode.Created);

        page.Find("#member-email").Input("mihai@utcn.example");
        page.Find("#member-name").Input("Mihai Pop");
        page.Find("#member-password").Input("mihai-password-123");
        page.Find("input[data-testid=role-trainer]").Change(true);
        page.Find("[data-testid=add-member-form]").Submit();

        page.WaitForAssertion(() => page.Find("[data-testid=member-usr_mihai]").TextContent.ShouldBe("Mihai Pop"));
        Api.BodiesSentTo(HttpMethod.Post, "/api/organizations/org_1/members").Single()
            .ShouldBe("{\"email\":\"mihai@utcn.example\",\"displayName\":\"Mihai Pop\",\"password\":\"mihai-password-123\",\"roles\":[\"trainer\"]}");
    }

    [Fact]
    public void TheFormChoosesTheOnlyFittingRoleAndNeverOneThatDoesNotFit()
    {
        new MemberForm(Roles.FittingKind("sme")).Roles.ShouldBe([Roles.Requester]);
        var partner = new MemberForm(Roles.FittingKind("partner"));
        partner.Roles.ShouldBeEmpty();
        partner.Toggle(Roles.Coordinator, true);
        partner.Toggle(Roles.LabManager, true);
        partner.Toggle(Roles.PartnerStaff, true);
        partner.Roles.ShouldBe([Roles.PartnerStaff, Roles.LabManager]);
    }

    [Fact]
    public async Task ACoordinatorDisablesAPersonAndTheRowSaysSo()
    {
        var page = await OpenAsync("sme");
        Api.OnPost("/api/organizations/org_1/members/usr_ana/disable", Ana with { Disabled = true });

        page.Find("[data-testid=access-usr_ana] [data-testid=member-disable]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=access-usr_ana] [data-testid=member-disabled]").TextContent.ShouldBe("Disabled"));
        page.Find("[data-testid=access-usr_ana] [data-testid=member-enable]").TextContent.Trim().ShouldBe("Enable");
        page.Find("[data-testid=member-done]").TextContent.ShouldContain("Ana Pop is disabled");
        Api.Sent.ShouldContain(s => s.Method == HttpMethod.Post && s.PathAndQuery == "/api/organizations/org_1/members/usr_ana/disable");
    }

    [Fact]
    public async Task ATemporaryPasswordIsCheckedForLengthThenSent()
    {
        var page = await OpenAsync("sme");
        Api.OnPost("/api/organizations/org_1/members/usr_ana/temporary-password", Ana with { MustChangePassword = true });
        page.Find("[data-testid=access-usr_ana] [data-testid=member-temporary]").Click();

        page.Find("#temporary-password").Input("short");
        page.Find("[data-testid=temporary-form] form").Submit();
        page.WaitForAssertion(() => page.Find("#temporary-password").Closest(".mud-input-control")!.ClassList.ShouldContain("mud-input-error"));
        Api.Sent.ShouldNotContain(s => s.PathAndQuery.EndsWith("/temporary-password", StringComparison.Ordinal));

        page.Find("#temporary-password").Input("temporary-password-1234");
        page.Find("[data-testid=temporary-form] form").Submit();

        page.WaitForAssertion(() => page.Find("[data-testid=member-done]").TextContent.ShouldContain("Ana Pop has a temporary password now."));
        page.Find("[data-testid=access-usr_ana]").TextContent.ShouldContain("Must change password");
        Api.BodiesSentTo(HttpMethod.Post, "/api/organizations/org_1/members/usr_ana/temporary-password").Single()!
            .ShouldContain("temporary-password-1234");
    }

    [Fact]
    public async Task NoOneIsOfferedToManageTheirOwnAccess()
    {
        await SignInAsync(Roles.Coordinator, organizationId: "org_1", userId: "usr_ana");
        Api.OnGet("/api/organizations/org_1", Org("hub"));
        Api.OnGet("/api/organizations/org_1/members", StubApi.PageOf(Ana));

        var page = Render<OrganizationPage>(p => p.Add(x => x.Id, "org_1"));

        page.WaitForAssertion(() => page.Find("[data-testid=member-usr_ana]").TextContent.ShouldBe("Ana Pop"));
        page.FindAll("[data-testid=access-usr_ana] button").ShouldBeEmpty();
    }
}
