using Bunit;
using DIH4S.Web.Pages.Requests;
using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace DIH4S.Web.Tests.Requests;

public sealed class CataloguePageTests : DeskTestContext
{
    private static readonly CatalogueService[] Catalogue =
    [
        Sample.Service(),
        Sample.Service("ai-readiness", "skills-and-training", "artificial-intelligence", "AI readiness workshop"),
        Sample.Service("grant-coaching", "access-to-finance", "funding", "Grant application coaching"),
    ];

    private async Task<IRenderedComponent<Catalogue>> RenderCatalogueAsync(string role)
    {
        await SignInAsync(role, role == Roles.Requester ? Sample.Customer : "org_hub");
        Api.OnGet("/api/services", StubApi.PageOf(Catalogue));
        var page = Render<Catalogue>();
        page.WaitForAssertion(() => page.Find("[data-testid=service-cyber-audit]"));
        return page;
    }

    [Fact]
    public async Task TheCatalogueIsGroupedByEdihFamily()
    {
        var page = await RenderCatalogueAsync(Roles.PartnerStaff);

        page.Find("[data-testid=family-test-before-invest] [data-testid=service-cyber-audit]");
        page.Find("[data-testid=family-skills-and-training] [data-testid=service-ai-readiness]");
        page.Find("[data-testid=family-access-to-finance]").TextContent.ShouldContain("Access to finance", Case.Insensitive);
        page.FindAll("[data-testid^=request-service-]").ShouldBeEmpty();
        page.FindAll("[data-testid=submit-service]").ShouldBeEmpty();
    }

    [Fact]
    public async Task SearchNarrowsByTitleDescriptionOrCode()
    {
        var page = await RenderCatalogueAsync(Roles.Requester);

        page.Find("#catalogue-search").Input("grant");

        page.WaitForAssertion(() => page.FindAll("[data-testid^=service-]").Count.ShouldBe(1));
        page.Find("[data-testid=service-grant-coaching]");
        page.Find("#catalogue-search").Input("no such service");
        page.WaitForAssertion(() => page.Find("[data-testid=catalogue-empty]"));
    }

    [Fact]
    public async Task SubmitShowsFieldErrors()
    {
        var page = await RenderCatalogueAsync(Roles.Requester);
        Api.OnPostProblem("/api/requests", 400, "Validation failed.", new Dictionary<string, string[]> { ["title"] = ["'title' is required."] });

        page.Find("[data-testid=request-service-cyber-audit]").Click();
        page.Find("#request-description").Input("Our shop's network, before the sales season.");
        page.Find("[data-testid=request-form]").Submit();

        page.WaitForAssertion(() => page.Find("[data-testid=request-form]").TextContent.ShouldContain("'title' is required."));
        page.Find("#request-title").ParentElement!.ParentElement!.ParentElement!.ClassList.ShouldContain("mud-input-error");
        page.FindAll("[data-testid=problem]").ShouldBeEmpty();
    }

    [Fact]
    public async Task SubmittingARequestOpensIt()
    {
        var page = await RenderCatalogueAsync(Roles.Requester);
        Api.OnPost("/api/requests", Sample.Request("req_77"), System.Net.HttpStatusCode.Created);

        page.Find("[data-testid=request-service-cyber-audit]").Click();
        page.Find("#request-title").Input("Audit before the sales season");
        page.Find("#request-description").Input("Our shop network.");
        page.Find("[data-testid=submit-request]").Click();

        var nav = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => nav.Uri.ShouldEndWith("/requests/req_77"));
        Api.BodiesSentTo(HttpMethod.Post, "/api/requests").Single()
            .ShouldBe("""{"serviceCode":"cyber-audit","title":"Audit before the sales season","description":"Our shop network."}""");
    }

    [Fact]
    public async Task ACoordinatorAddsAServiceAndSeesFieldErrorsNextToTheFields()
    {
        var page = await RenderCatalogueAsync(Roles.Coordinator);
        page.FindAll("[data-testid^=request-service-]").ShouldBeEmpty();
        Api.OnPostProblem("/api/services", 400, "Validation failed.", new Dictionary<string, string[]>
        {
            ["code"] = ["'code' must be a lowercase slug."],
            ["family"] = ["'family' is required."],
        });

        page.Find("#service-code").Input("Bad Code");
        page.Find("#service-title").Input("Data strategy");
        page.Find("[data-testid=submit-service]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=add-service-panel]").TextContent.ShouldContain("'code' must be a lowercase slug."));
        page.Find("[data-testid=add-service-panel]").TextContent.ShouldContain("'family' is required.");
        page.FindAll("[data-testid=problem]").ShouldBeEmpty();
    }

    [Fact]
    public async Task ANewServiceAppearsInTheCatalogue()
    {
        var page = await RenderCatalogueAsync(Roles.Coordinator);
        Api.OnPost("/api/services", Sample.Service("data-strategy", "test-before-invest", "data", "Data strategy"), System.Net.HttpStatusCode.Created);

        page.Find("#service-code").Input("data-strategy");
        page.Find("#service-title").Input("Data strategy");
        page.Find("#service-category").Input("data");
        page.Find("[data-testid=submit-service]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=service-data-strategy]"));
        page.Find("[data-testid=service-created]");
    }
}
