using System.Net;
using Bunit;
using DIH4S.Web.Pages.Labs;
using DIH4S.Web.Services;
using DIH4S.Web.Tests.Infrastructure;
using MudBlazor;

namespace DIH4S.Web.Tests.Labs;

public sealed class LabsPageTests : DeskTestContext
{
    private static readonly Organization Utcn = new(LabData.PartnerId, "UTCN Cyber Lab", "partner", null, null, null, ["cybersecurity"], LabData.Epoch);

    private void StubPartners()
    {
        Api.StubLabs();
        Api.OnGet("/api/labs", StubApi.PageOf(LabData.Lab));
        Api.OnGet($"/api/labs/{LabData.Lab.Id}/equipment", StubApi.PageOf(LabData.Printer));
        Api.OnGet("/api/organizations", StubApi.PageOf(Utcn));
        Api.OnGet($"/api/organizations/{LabData.PartnerId}", Utcn);
    }

    [Fact]
    public async Task EveryoneSeesTheLabsWithTheirEquipmentButOnlyCoordinatorsOpenOne()
    {
        StubPartners();
        await SignInAsync(Roles.Requester, LabData.CustomerId, LabData.RequesterId);

        var page = Render<LabsPage>();

        page.WaitForAssertion(() => page.Find("[data-testid=lab-lab_1]").TextContent.ShouldContain("UTCN Cyber Lab"));
        page.Find("[data-testid=lab-lab_1] [data-testid=equipment-link-eqp_1]").GetAttribute("href").ShouldBe("/equipment/eqp_1");
        page.FindAll("[data-testid=lab-form]").ShouldBeEmpty();
    }

    [Fact]
    public async Task CoordinatorOpensALabWithManagersOfThePartner()
    {
        StubPartners();
        Api.OnGet($"/api/organizations/{LabData.PartnerId}/members", StubApi.PageOf(
            new Member(LabData.ManagerId, "ioana@utcn.example", "Ioana Marin", LabData.PartnerId, [Roles.LabManager]),
            new Member("usr_dan", "dan@utcn.example", "Dan", LabData.PartnerId, [Roles.PartnerStaff])));
        var created = new Lab("lab_9", "UTCN Fabrication Lab 2", LabData.PartnerId, [LabData.ManagerId], LabData.Epoch);
        Api.OnPost("/api/labs", created, HttpStatusCode.Created);
        await SignInAsync(Roles.Coordinator, "org_hub", "usr_admin");
        RenderProviders();
        var page = Render<LabsPage>();
        page.WaitForElement("[data-testid=lab-form]");

        page.Find("#lab-name").Input("UTCN Fabrication Lab 2");
        var selects = page.FindComponents<MudSelect<string>>();
        await page.InvokeAsync(() => selects[0].Instance.ValueChanged.InvokeAsync(LabData.PartnerId));
        page.WaitForAssertion(() => page.Find("[data-testid=lab-form]").TextContent.ShouldContain("Members of the partner who hold the lab manager role."));
        await page.InvokeAsync(() => selects[1].Instance.SelectedValuesChanged.InvokeAsync([LabData.ManagerId]));
        page.Find("[data-testid=lab-create]").Click();

        page.WaitForElement("[data-testid=lab-lab_9]");
        Api.BodiesSentTo(HttpMethod.Post, "/api/labs").Single()
            .ShouldBe("""{"name":"UTCN Fabrication Lab 2","partnerId":"org_utcn","managerIds":["usr_mgr"]}""");
    }

    [Fact]
    public async Task APartnerWithoutLabManagersIsExplained()
    {
        StubPartners();
        Api.OnGet($"/api/organizations/{LabData.PartnerId}/members", StubApi.PageOf(
            new Member("usr_dan", "dan@utcn.example", "Dan", LabData.PartnerId, [Roles.PartnerStaff])));
        await SignInAsync(Roles.Coordinator, "org_hub", "usr_admin");
        RenderProviders();
        var page = Render<LabsPage>();
        page.WaitForElement("[data-testid=lab-form]");

        var partner = page.FindComponents<MudSelect<string>>()[0];
        await page.InvokeAsync(() => partner.Instance.ValueChanged.InvokeAsync(LabData.PartnerId));

        page.WaitForAssertion(() => page.Find("[data-testid=lab-form]").TextContent.ShouldContain("This partner has no lab manager yet"));
    }

    [Fact]
    public async Task OpeningALabWithoutManagersShowsTheErrorAtTheManagers()
    {
        StubPartners();
        Api.OnPostProblem("/api/labs", 400, "Validation failed.", new Dictionary<string, string[]> { ["managerIds"] = ["At least one manager is required."] });
        await SignInAsync(Roles.Coordinator, "org_hub", "usr_admin");
        RenderProviders();
        var page = Render<LabsPage>();
        page.WaitForElement("[data-testid=lab-form]");

        page.Find("#lab-name").Input("Lab");
        page.Find("[data-testid=lab-create]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=lab-managers]").Closest(".mud-input-control")!.TextContent.ShouldContain("At least one manager is required."));
    }

    [Fact]
    public async Task TheLabsManagerAddsEquipmentWithItsRules()
    {
        StubPartners();
        Api.OnGet("/api/labs/lab_1/equipment", StubApi.PageOf<Equipment>());
        Api.OnPost("/api/labs/lab_1/equipment", LabData.Printer, HttpStatusCode.Created);
        await SignInAsync(Roles.LabManager, LabData.PartnerId, LabData.ManagerId);
        var page = Render<LabPage>(p => p.Add(x => x.Id, LabData.Lab.Id));
        page.WaitForElement("[data-testid=equipment-form]");

        page.Find("#equipment-name").Input("Industrial 3D printer");
        page.Find("#equipment-buffer").Input("30");
        page.Find("#equipment-notice").Input("24");
        page.Find("#equipment-max-hours").Input("4");
        page.Find("[data-testid=equipment-add]").Click();

        page.WaitForElement("[data-testid=equipment-eqp_1]").TextContent.ShouldContain("30 minutes stay free");
        Api.BodiesSentTo(HttpMethod.Post, "/api/labs/lab_1/equipment").Single().ShouldBe(
            """{"name":"Industrial 3D printer","description":null,"bufferMinutes":30,"minNoticeHours":24,"maxHours":4,"requiredTrainingId":null}""");
    }

    [Fact]
    public async Task EquipmentRuleErrorsShowNextToTheirFields()
    {
        StubPartners();
        Api.OnPostProblem("/api/labs/lab_1/equipment", 400, "Validation failed.", new Dictionary<string, string[]>
        {
            ["bufferMinutes"] = ["'bufferMinutes' must be from 0 to 1440."],
            ["maxHours"] = ["'maxHours' must be from 1 to 744."],
        });
        await SignInAsync(Roles.LabManager, LabData.PartnerId, LabData.ManagerId);
        var page = Render<LabPage>(p => p.Add(x => x.Id, LabData.Lab.Id));
        page.WaitForElement("[data-testid=equipment-form]");

        page.Find("#equipment-name").Input("Oven");
        page.Find("[data-testid=equipment-add]").Click();

        page.WaitForAssertion(() => page.Find("#equipment-buffer").Closest(".mud-input-control")!.TextContent.ShouldContain("must be from 0 to 1440"));
        page.Find("#equipment-max-hours").Closest(".mud-input-control")!.TextContent.ShouldContain("must be from 1 to 744");
        page.Find("#equipment-notice").Closest(".mud-input-control")!.TextContent.ShouldNotContain("must be from");
    }

    [Theory]
    [InlineData(Roles.Requester, LabData.RequesterId, LabData.CustomerId)]
    [InlineData(Roles.LabManager, "usr_other_manager", LabData.PartnerId)]
    public async Task OthersSeeTheEquipmentButCannotAddAny(string role, string userId, string organizationId)
    {
        StubPartners();
        await SignInAsync(role, organizationId, userId);

        var page = Render<LabPage>(p => p.Add(x => x.Id, LabData.Lab.Id));

        page.WaitForElement("[data-testid=equipment-eqp_1]");
        page.FindAll("[data-testid=equipment-form]").ShouldBeEmpty();
    }
}
