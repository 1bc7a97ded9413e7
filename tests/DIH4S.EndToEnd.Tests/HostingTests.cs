using System.Net;
using System.Text.RegularExpressions;
using DIH4S.EndToEnd.Tests.Infrastructure;

namespace DIH4S.EndToEnd.Tests;

/// <summary>The published node serves the app's pages, and nothing but problems under /api; its security headers let the app run.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HostingTests(DeskBrowser browser)
{
    [SkippableTheory]
    [InlineData("")]
    [InlineData("signin")]
    [InlineData("requests/req_123")]
    public async Task AnyPageOfTheAppIsServedItsShell(string path)
    {
        browser.Require();
        using var http = new HttpClient { BaseAddress = browser.Desk.Address };

        using var page = await http.GetAsync(path);

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await page.Content.ReadAsStringAsync()).ShouldContain("_framework/blazor.webassembly.js");
    }

    [SkippableTheory]
    [InlineData("api/nothing-here")]
    [InlineData("api/requests/req_1/fly")]
    [InlineData("hubs/nothing-here")]
    public async Task AnUnknownApiPathIsAProblemNotThePage(string path)
    {
        browser.Require();
        using var http = new HttpClient { BaseAddress = browser.Desk.Address };

        using var answer = await http.GetAsync(path);

        answer.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        answer.Content.Headers.ContentType?.MediaType.ShouldNotBe("text/html");
    }

    [SkippableFact]
    public async Task TheBootScriptIsServedCompressedUnderItsPlainName()
    {
        browser.Require();
        using var handler = new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None };
        using var http = new HttpClient(handler) { BaseAddress = browser.Desk.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "_framework/blazor.webassembly.js");
        request.Headers.AcceptEncoding.ParseAdd("br");

        using var answer = await http.SendAsync(request);

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        answer.Content.Headers.ContentEncoding.ShouldContain("br");
        (await answer.Content.ReadAsByteArrayAsync()).Length.ShouldBeGreaterThan(1000);
    }

    [SkippableFact]
    public async Task TheShellCarriesTheSecurityHeadersAndNoInlineScript()
    {
        browser.Require();
        using var http = new HttpClient { BaseAddress = browser.Desk.Address };

        using var page = await http.GetAsync("");
        var html = await page.Content.ReadAsStringAsync();

        string.Join(' ', page.Headers.GetValues("Content-Security-Policy")).ShouldContain("script-src 'self' 'wasm-unsafe-eval'");
        page.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        Regex.Matches(html, "<script(?![^>]*\\bsrc=)[^>]*>").ShouldBeEmpty("an inline script would need 'unsafe-inline'");
    }

    [SkippableFact]
    public async Task TheAppStartsSignsInAndGoesLiveWithinItsContentSecurityPolicy()
    {
        browser.Require();
        var coordinator = await browser.Api.CoordinatorAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var sme = await DeskApi.NewOrganizationAsync(coordinator, $"Policy SME {tag}", "sme");
        var person = await browser.Api.NewMemberAsync(coordinator, sme, $"csp-{tag}@sme.test", $"Csp {tag}", "requester");
        var page = await browser.OpenAsync();
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (refused)
                {
                    refused.Add(message.Text);
                }
            }
        };

        await page.GotoAsync("signin");
        await page.Locator("#signin-email").FillAsync(person.Email);
        await page.Locator("#signin-password").FillAsync(person.Password);
        await page.Locator("[data-testid=signin-submit]").ClickAsync();

        // Live means the WebSocket of the hub opened under connect-src 'self'.
        await Expect(page.Locator("[data-testid=live-state]")).ToHaveAttributeAsync("data-state", "live");
        lock (refused)
        {
            refused.ShouldBeEmpty();
        }
    }

    [SkippableFact]
    public async Task TheApiReferenceShowsTheDesksOperationsWithinItsContentSecurityPolicy()
    {
        browser.Require();
        var page = await browser.OpenAsync();
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (refused)
                {
                    refused.Add(message.Text);
                }
            }
        };

        await page.GotoAsync("api/docs");

        await Expect(page.GetByText("DIH4S Desk API").First).ToBeVisibleAsync();
        await Expect(page.GetByText("Service requests").First).ToBeVisibleAsync();
        lock (refused)
        {
            refused.ShouldBeEmpty("the reference runs on what the node serves, under the page's policy");
        }
    }
}
