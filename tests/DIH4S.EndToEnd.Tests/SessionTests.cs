using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DIH4S.EndToEnd.Tests.Infrastructure;

namespace DIH4S.EndToEnd.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SessionTests(DeskBrowser browser)
{
    [SkippableFact]
    public async Task APersonStaysSignedInAcrossAReload()
    {
        browser.Require();
        var person = await NewRequesterAsync();
        var page = await browser.SignInAsync(person);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/requests$"));

        await page.ReloadAsync();

        await Expect(page.Locator("[data-testid=live-state]")).ToHaveAttributeAsync("data-state", "live");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/requests$"));
    }

    [SkippableFact]
    public async Task SigningOutRevokesTheRefreshTokenOnTheServer()
    {
        browser.Require();
        var person = await NewRequesterAsync();
        var page = await browser.SignInAsync(person);
        var stored = await page.EvaluateAsync<string>("() => localStorage.getItem('dih4s.session')");
        var refreshToken = JsonDocument.Parse(stored).RootElement.GetProperty("refreshToken").GetString();

        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Person " + person.Email }).ClickAsync();
        await page.Locator("[data-testid=sign-out]").ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        (await page.EvaluateAsync<string?>("() => localStorage.getItem('dih4s.session')")).ShouldBeNull();
        using var http = new HttpClient { BaseAddress = browser.Desk.Address };
        using var refresh = await http.PostAsJsonAsync("api/auth/refresh", new { refreshToken });
        refresh.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task AnUnknownPageOfTheAppLeadsToSignInAndBackAfterIt()
    {
        browser.Require();
        var person = await NewRequesterAsync();
        var page = await browser.OpenAsync();

        await page.GotoAsync("account");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?returnUrl=%2Faccount"));
        await page.Locator("#signin-email").FillAsync(person.Email);
        await page.Locator("#signin-password").FillAsync(person.Password);
        await page.Locator("[data-testid=signin-submit]").ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account$"));
        await Expect(page.GetByText(person.Email, new() { Exact = true })).ToBeVisibleAsync();
    }

    private async Task<Person> NewRequesterAsync()
    {
        var coordinator = await browser.Api.CoordinatorAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var sme = await DeskApi.NewOrganizationAsync(coordinator, $"Session SME {tag}", "sme");
        return await browser.Api.NewMemberAsync(coordinator, sme, $"ana-{tag}@sme.test", "Person " + $"ana-{tag}@sme.test", "requester");
    }
}
