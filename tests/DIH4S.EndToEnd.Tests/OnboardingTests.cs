using System.Text.RegularExpressions;
using DIH4S.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DIH4S.EndToEnd.Tests;

[Collection(BrowserCollection.Name)]
public sealed class OnboardingTests(DeskBrowser browser)
{
    [SkippableFact]
    public async Task TheCoordinatorOnboardsACustomerAndAPartnerWhosePeopleThenSignIn()
    {
        browser.Require();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var coordinator = await browser.SignInAsync(await browser.Api.CoordinatorAsync());
        await Expect(coordinator).ToHaveURLAsync(new Regex("/requests/escalated$"));

        var customer = await OnboardAsync(coordinator, $"Primăria Florești {tag}", kind: null);
        var clerk = await AddPersonAsync(coordinator, customer, $"clerk-{tag}@floresti.test", "Ioana Pop", "requester");
        var partner = await OnboardAsync(coordinator, $"Napoca Secure {tag}", kind: "Partner", competences: $"cybersecurity-{tag}");
        var engineer = await AddPersonAsync(coordinator, partner, $"radu-{tag}@napoca.test", "Radu Ene", "partner-staff");

        var clerkPage = await browser.SignInAsync(clerk);
        await Expect(clerkPage).ToHaveURLAsync(new Regex("/requests$"));
        var engineerPage = await browser.SignInAsync(engineer);
        await Expect(engineerPage).ToHaveURLAsync(new Regex("/offers$"));
    }

    private static async Task<string> OnboardAsync(IPage page, string name, string? kind, string? competences = null)
    {
        await page.GotoAsync("admin/organizations");
        await page.Locator("#org-name").FillAsync(name);
        if (kind is not null)
        {
            await page.Locator(".mud-select:has(#org-kind) .mud-input-control").First.ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = kind }).First.ClickAsync();
            await Expect(page.Locator("#org-competences")).ToBeVisibleAsync();
            await page.Locator("#org-competences").FillAsync(competences ?? "");
        }

        await page.Locator("[data-testid=create-organization]").ClickAsync();
        await Expect(page.Locator("[data-testid=org-created]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=org-created]").GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/organizations/org_[0-9a-f]+$"));
        return page.Url[(page.Url.LastIndexOf('/') + 1)..];
    }

    private static async Task<Person> AddPersonAsync(IPage page, string organizationId, string email, string name, string role)
    {
        await Expect(page).ToHaveURLAsync(new Regex($"/admin/organizations/{organizationId}$"));
        await page.Locator("#member-email").FillAsync(email);
        await page.Locator("#member-name").FillAsync(name);
        await page.Locator("#member-password").FillAsync(DeskApi.Password);
        await page.Locator($"[data-testid=role-{role}]").CheckAsync();
        await page.Locator("[data-testid=add-member]").ClickAsync();
        await Expect(page.Locator("[data-testid=member-added]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=members]")).ToContainTextAsync(name);
        return new Person(new HttpClient(), email, DeskApi.Password, "", organizationId);
    }
}
