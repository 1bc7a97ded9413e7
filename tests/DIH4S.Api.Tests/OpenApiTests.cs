using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DIH4S.Api.Hosting;
using DIH4S.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DIH4S.Api.Tests;

/// <summary>
/// The OpenAPI document partner systems generate clients from (every API route in it once, and how to
/// authenticate for each operation), and the interactive reference that reads it.
/// </summary>
public sealed partial class OpenApiTests : OwnNodeTests
{
    [Fact]
    public async Task EveryApiRouteIsDescribedOnceUnderOneName()
    {
        await using var node = new DeskFactory(DatabasePath, Clock);
        var document = await ReadAsync(node);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        // OpenAPI forbids two paths that differ only in their parameters' names: generators reject the document.
        paths.GroupBy(Shape).Where(g => g.Count() > 1).Select(g => string.Join(" and ", g)).ShouldBeEmpty();
        var routes = node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.StartsWith("/api/", StringComparison.Ordinal))
            .Select(p => Constraint().Replace(p, "}").TrimEnd('/'))
            .Distinct();
        routes.Except(paths).ShouldBeEmpty("every API route is in the document");
    }

    [Fact]
    public async Task AnOperationNamesTheBearerTokenUnlessItAllowsAnonymousCallers()
    {
        await using var node = new DeskFactory(DatabasePath, Clock);
        var document = await ReadAsync(node);

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        scheme.GetProperty("type").GetString().ShouldBe("http");
        scheme.GetProperty("scheme").GetString().ShouldBe("bearer");
        document.GetProperty("info").GetProperty("title").GetString().ShouldBe("DIH4S Desk API");
        NeedsToken(document, "/api/requests", "get").ShouldBeTrue();
        NeedsToken(document, "/api/requests/{id}/accept", "post").ShouldBeTrue();
        NeedsToken(document, "/api/labs/{id}/equipment", "post").ShouldBeTrue();
        NeedsToken(document, "/api/auth/login", "post").ShouldBeFalse();
        NeedsToken(document, "/api/equipment/{id}/calendar.ics", "get").ShouldBeFalse();
    }

    [Fact]
    public async Task TheApiReferenceIsServedByTheNodeAndItsPolicyAllowsOnlyItsOwnInlineScript()
    {
        await using var node = new DeskFactory(DatabasePath, Clock);
        using var http = node.CreateClient();

        using var page = await http.GetAsync(new Uri(ApiDocsHosting.Path + "/", UriKind.Relative));
        using var script = await http.GetAsync(new Uri(ApiDocsHosting.Path + "/scalar.js", UriKind.Relative));
        using var app = await http.GetAsync(new Uri("/index.html", UriKind.Relative));

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("openapi/v1.json");
        var scriptSources = ScriptSources(page);
        var inline = InlineScript().Matches(html).Select(m => m.Groups[1].Value).ToList();
        inline.ShouldNotBeEmpty();
        foreach (var text in inline)
        {
            scriptSources.ShouldContain($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)))}'");
        }

        scriptSources.ShouldNotContain("'unsafe-inline'");
        scriptSources.Count(s => s.StartsWith("'sha256-", StringComparison.Ordinal)).ShouldBe(inline.Count);
        script.StatusCode.ShouldBe(HttpStatusCode.OK); // served from the node: the policy allows no CDN
        ScriptSources(app).ShouldNotContain(s => s.StartsWith("'sha256-", StringComparison.Ordinal)); // the app's pages allow none
    }

    private static IReadOnlyList<string> ScriptSources(HttpResponseMessage response) =>
        [.. string.Join(' ', response.Headers.GetValues("Content-Security-Policy")).Split(';')
            .Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)];

    private static async Task<JsonElement> ReadAsync(DeskFactory node)
    {
        using var http = node.CreateClient();
        using var answer = await http.GetAsync(new Uri(OpenApiHosting.DocumentPath, UriKind.Relative));
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        return JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static bool NeedsToken(JsonElement document, string path, string method) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method).TryGetProperty("security", out var security)
        && security.EnumerateArray().Any(r => r.TryGetProperty("Bearer", out _));

    private static string Shape(string path) => Parameter().Replace(path, "{}");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@":[^}]*\}")]
    private static partial Regex Constraint();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
