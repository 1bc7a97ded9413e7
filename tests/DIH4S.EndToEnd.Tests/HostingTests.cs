using System.Net;
using DIH4S.EndToEnd.Tests.Infrastructure;

namespace DIH4S.EndToEnd.Tests;

/// <summary>The published node serves the app's pages, and nothing but problems under /api.</summary>
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
}
