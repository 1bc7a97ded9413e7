using System.Net;
using Bunit;
using DIH4S.Web.Pages.Admin;
using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;

namespace DIH4S.Web.Tests.Admin;

public sealed class OrganizationsPageTests : DeskTestContext
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CoordinatorSeesOrganizationsLinkingToTheirPages()
    {
        await SignInAsync(Roles.Coordinator, organizationId: "hub", userId: "usr_hub");
        Api.OnGet("/api/organizations", StubApi.PageOf(
            new Organization("org_b", "Bakery Pop SRL", "sme", "food", "Cluj", "micro", null, Created),
            new Organization("org_u", "UTCN", "partner", null, "Cluj", null, ["cybersecurity"], Created)));
        RenderProviders();
        var page = Render<OrganizationsPage>();

        page.WaitForAssertion(() => page.Find("[data-testid=org-org_u]").TextContent.ShouldContain("Partner"));
        page.Find("[data-testid=org-org_b] a").GetAttribute("href").ShouldBe("/admin/organizations/org_b");
        page.Find("[data-testid=org-org_b]").TextContent.ShouldContain("Micro");
    }

    [Fact]
    public async Task OnboardingAnOrganizationListsItAndShowsNameErrors()
    {
        await SignInAsync(Roles.Coordinator, organizationId: "hub", userId: "usr_hub");
        Api.OnGet("/api/organizations", StubApi.PageOf<Organization>());
        Api.OnPostProblem("/api/organizations", 400, "Invalid fields.", new Dictionary<string, string[]> { ["name"] = ["A name is required."] });
        RenderProviders();
        var page = Render<OrganizationsPage>();
        page.WaitForAssertion(() => page.Find("#org-name"));

        page.Find("[data-testid=onboard-form]").Submit();
        page.WaitForAssertion(() => page.Find("#org-name").Closest(".mud-input-control")!.TextContent.ShouldContain("A name is required."));

        Api.OnPost("/api/organizations", new Organization("org_n", "Primăria Dej", "sme", null, null, null, null, Created), HttpStatusCode.Created);
        page.Find("#org-name").Input("Primăria Dej");
        page.Find("[data-testid=onboard-form]").Submit();

        page.WaitForAssertion(() => page.Find("[data-testid=org-org_n]").TextContent.ShouldContain("Primăria Dej"));
        page.Find("[data-testid=org-created]").TextContent.ShouldContain("Primăria Dej");
        var body = Api.BodiesSentTo(HttpMethod.Post, "/api/organizations")[^1]!;
        body.ShouldContain("\"kind\":\"sme\"");
        body.ShouldContain("\"competences\":null");
    }

    [Fact]
    public async Task SomeoneWhoIsNotACoordinatorIsToldSoAndNothingIsRead()
    {
        await SignInAsync(Roles.Requester);
        var page = Render<OrganizationsPage>();

        page.Find("[data-testid=coordinators-only]");
        Api.Sent.ShouldNotContain(s => s.PathAndQuery.StartsWith("/api/organizations", StringComparison.Ordinal));
    }

    [Fact]
    public void APartnersCompetencesBecomeSlugsAndACustomerHasNone()
    {
        var partner = new OrganizationForm { Name = "UTCN", Kind = "partner", Competences = " Cybersecurity, 3d-printing,,cybersecurity " };
        partner.CompetenceList().ShouldBe(["cybersecurity", "3d-printing"]);
        new OrganizationForm { Kind = "sme", Competences = "cybersecurity" }.CompetenceList().ShouldBeNull();
    }
}
