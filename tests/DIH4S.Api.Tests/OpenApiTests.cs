using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DIH4S.Api.Hosting;
using DIH4S.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DIH4S.Api.Tests;

/// <summary>
/// The OpenAPI document partner systems generate clients from: every API route in it once, and how to
/// authenticate for each operation.
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
}
