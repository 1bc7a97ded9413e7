using System.Net;
using System.Net.Http.Json;
using System.Text;
using DIH4S.Api.Hosting;
using DIH4S.Api.Tests.Infrastructure;

namespace DIH4S.Api.Tests;

/// <summary>The desk's edge (issue 9): forwarded headers from configured proxies only, security headers, CORS. Each test starts a node configured for it.</summary>
public sealed class EdgeTests
{
    private const string Origin = "https://partner.example";

    [Fact]
    public async Task WithoutAConfiguredProxyForwardedForDoesNotChangeTheSignInBudget()
    {
        await using var node = Start(new Dictionary<string, string?>(), signInPerMinute: 2);
        using var http = node.CreateClient();

        var first = await SignInAsync(http, "203.0.113.1");
        var second = await SignInAsync(http, "203.0.113.2");
        var third = await SignInAsync(http, "203.0.113.3");

        new[] { first, second, third }.ShouldBe([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests]);
    }

    [Theory]
    [InlineData("Proxy:KnownProxies:0", "127.0.0.1")]
    [InlineData("Proxy:KnownNetworks:0", "127.0.0.0/8")]
    public async Task BehindAConfiguredProxyEachForwardedClientHasItsOwnSignInBudget(string key, string value)
    {
        await using var node = Start(new Dictionary<string, string?> { [key] = value }, signInPerMinute: 2);
        using var http = node.CreateClient();

        var client = new[] { await SignInAsync(http, "203.0.113.1"), await SignInAsync(http, "203.0.113.1"), await SignInAsync(http, "203.0.113.1") };
        var other = await SignInAsync(http, "198.51.100.7, 203.0.113.1");
        var behindAnotherHop = await SignInAsync(http, "198.51.100.8");

        client.ShouldBe([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests]);
        other.ShouldBe(HttpStatusCode.TooManyRequests, "203.0.113.1 is not a known proxy: its claim about 198.51.100.7 is not believed");
        behindAnotherHop.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AProxyThatIsNotThePeerIsNotBelieved()
    {
        await using var node = Start(new Dictionary<string, string?> { ["Proxy:KnownProxies:0"] = "10.0.0.5" }, signInPerMinute: 1);
        using var http = node.CreateClient();

        var first = await SignInAsync(http, "203.0.113.1");
        var second = await SignInAsync(http, "203.0.113.2");

        second.ShouldBe(HttpStatusCode.TooManyRequests, $"first: {first}");
    }

    [Fact]
    public async Task ARateLimitAnswerIsAProblemWithRetryAfterAndTheRealClientsAddress()
    {
        await using var node = Start(new Dictionary<string, string?> { ["Proxy:KnownProxies:0"] = "127.0.0.1" }, signInPerMinute: 1);
        using var http = node.CreateClient();
        await SignInAsync(http, "203.0.113.9");

        using var refused = await PostLoginAsync(http, "203.0.113.9");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        refused.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
        var problem = await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        problem.GetProperty("status").GetInt32().ShouldBe(429);
        problem.GetProperty("title").GetString().ShouldBe("Too many sign-in attempts.");
    }

    [Theory]
    [InlineData("GET", "/health", HttpStatusCode.OK)]
    [InlineData("GET", "/index.html", HttpStatusCode.OK)]
    [InlineData("GET", "/js/desk.js", HttpStatusCode.OK)]
    [InlineData("GET", "/api/me", HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/api/no-such-route", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/auth/login", HttpStatusCode.BadRequest)]
    public async Task EveryResponseCarriesTheSecurityHeaders(string method, string path, HttpStatusCode expected)
    {
        await using var node = Start(new Dictionary<string, string?>());
        using var http = node.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("{", Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(expected);
        var csp = Header(response, "Content-Security-Policy");
        foreach (var directive in new[]
        {
            "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
            "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'self'", "object-src 'none'", "form-action 'self'",
        })
        {
            csp.ShouldContain(directive);
        }

        csp.ShouldNotContain("script-src 'self' 'unsafe-inline'");
        Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(response, "Referrer-Policy").ShouldBe("no-referrer");
        response.Headers.Contains("Strict-Transport-Security").ShouldBeFalse("HSTS only over HTTPS");
    }

    [Fact]
    public async Task HstsIsSentOverHttps()
    {
        await using var node = Start(new Dictionary<string, string?>());
        using var http = node.CreateClient(new() { BaseAddress = new Uri("https://desk.example") });

        using var response = await http.GetAsync("/health");

        Header(response, "Strict-Transport-Security").ShouldBe(EdgeHosting.StrictTransportSecurity);
    }

    [Fact]
    public async Task ACrossOriginPreflightGetsNoCorsHeadersByDefault()
    {
        await using var node = Start(new Dictionary<string, string?>());
        using var http = node.CreateClient();

        using var preflight = await PreflightAsync(http, Origin);

        preflight.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task AConfiguredOriginGetsCorsHeadersAndOthersDoNot()
    {
        await using var node = Start(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = Origin });
        using var http = node.CreateClient();

        using var allowed = await PreflightAsync(http, Origin);
        using var other = await PreflightAsync(http, "https://elsewhere.example");
        using var simple = new HttpRequestMessage(HttpMethod.Get, "/health");
        simple.Headers.Add("Origin", Origin);
        using var read = await http.SendAsync(simple);

        ((int)allowed.StatusCode).ShouldBeInRange(200, 299);
        Header(allowed, "Access-Control-Allow-Origin").ShouldBe(Origin);
        Header(allowed, "Access-Control-Allow-Methods").ShouldContain("POST");
        other.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
        Header(read, "Access-Control-Allow-Origin").ShouldBe(Origin);
    }

    private static DeskFactory Start(Dictionary<string, string?> settings, int signInPerMinute = 100_000)
    {
        var node = new DeskFactory(DeskFactory.NewDatabasePath(), DeskFactory.NewClock())
        {
            Settings = settings,
            ClientAddress = IPAddress.Loopback,
            SignInPerMinute = signInPerMinute,
        };
        _ = node.Server;
        return node;
    }

    private static async Task<HttpStatusCode> SignInAsync(HttpClient http, string forwardedFor)
    {
        using var response = await PostLoginAsync(http, forwardedFor);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> PostLoginAsync(HttpClient http, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { email = "nobody@desk.test", password = "not-the-password" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PreflightAsync(HttpClient http, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/requests");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        return http.SendAsync(request);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new ShouldAssertException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri} has no {name} header");
}
