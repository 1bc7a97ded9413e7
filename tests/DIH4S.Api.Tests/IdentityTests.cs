using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DIH4S.Api.Tests.Infrastructure;

namespace DIH4S.Api.Tests;

[Collection(DeskCollection.Name)]
public sealed class IdentityTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

    [Fact]
    public async Task BootstrapCoordinatorLogsInWithABearerToken()
    {
        using var http = _node.CreateClient();
        using var response = await http.PostAsJsonAsync("/api/auth/login",
            new { email = DeskFactory.AdminEmail, password = DeskFactory.AdminPassword });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        token.GetProperty("tokenType").GetString().ShouldBe("Bearer");
        token.GetProperty("accessToken").GetString().ShouldNotBeNullOrEmpty();
        token.GetProperty("refreshToken").GetString().ShouldNotBeNullOrEmpty();
        token.GetProperty("expiresIn").GetInt32().ShouldBe(30 * 60);
    }

    [Fact]
    public async Task MeDescribesTheSignedInPerson()
    {
        var coordinator = await DeskClient.LoginAsync(_node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);

        var me = await coordinator.GetOkAsync("/api/me");

        me.GetProperty("email").GetString().ShouldBe(DeskFactory.AdminEmail);
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["coordinator"]);
        me.GetProperty("organizationId").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task WrongPasswordAnswersUnauthorizedProblem()
    {
        using var http = _node.CreateClient();
        using var response = await http.PostAsJsonAsync("/api/auth/login",
            new { email = DeskFactory.AdminEmail, password = "not-the-password!" });

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task CallsWithoutATokenAnswerUnauthorizedProblem()
    {
        using var http = _node.CreateClient();
        using var response = await http.GetAsync("/api/requests");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32().ShouldBe(401);
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountUntilTheLockoutPasses()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 0);
        var email = (await cast.Requester.GetOkAsync("/api/me")).GetProperty("email").GetString()!;
        using var http = _node.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await http.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password-123" });
            wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using var locked = await http.PostAsJsonAsync("/api/auth/login", new { email, password = Cast.Password });
        locked.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        _node.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        using var unlocked = await http.PostAsJsonAsync("/api/auth/login", new { email, password = Cast.Password });
        unlocked.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AccessTokensExpireAndRefreshTokensRenewThem()
    {
        using var http = _node.CreateClient();
        using var login = await http.PostAsJsonAsync("/api/auth/login",
            new { email = DeskFactory.AdminEmail, password = DeskFactory.AdminPassword });
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        var access = tokens.GetProperty("accessToken").GetString();

        _node.Clock.Advance(TimeSpan.FromMinutes(31));
        using var expired = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        expired.Headers.Authorization = new("Bearer", access);
        (await http.SendAsync(expired)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var refresh = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        refresh.StatusCode.ShouldBe(HttpStatusCode.OK);
        var renewed = (await refresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        using var fresh = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        fresh.Headers.Authorization = new("Bearer", renewed);
        (await http.SendAsync(fresh)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ForgedRefreshTokenIsRefused()
    {
        using var http = _node.CreateClient();
        using var response = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "not-a-token" });

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RolesMustFitTheOrganizationKind()
    {
        var coordinator = await DeskClient.LoginAsync(_node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);
        var sme = await Cast.NewOrganizationAsync(coordinator, $"SME {Guid.NewGuid():N}", "sme");

        var (status, body) = await coordinator.PostAsync($"/api/organizations/{sme}/members", new
        {
            email = $"{Guid.NewGuid():N}@sme.test",
            displayName = "Wrong role",
            password = Cast.Password,
            roles = new[] { "partner-staff" },
        });

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("errors").GetProperty("roles").GetArrayLength().ShouldBe(1);
        (await coordinator.GetOkAsync($"/api/organizations/{sme}/members")).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task ShortPasswordsAndDuplicateEmailsAreRefused()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 0);
        var email = (await cast.Requester.GetOkAsync("/api/me")).GetProperty("email").GetString();

        var (shortStatus, shortBody) = await cast.Coordinator.PostAsync($"/api/organizations/{cast.CustomerId}/members",
            new { email = $"{Guid.NewGuid():N}@sme.test", displayName = "Short", password = "short", roles = new[] { "requester" } });
        var (duplicateStatus, _) = await cast.Coordinator.PostAsync($"/api/organizations/{cast.CustomerId}/members",
            new { email = email!.ToUpperInvariant(), displayName = "Twin", password = Cast.Password, roles = new[] { "requester" } });

        shortStatus.ShouldBe(HttpStatusCode.BadRequest);
        shortBody.GetProperty("errors").TryGetProperty("password", out _).ShouldBeTrue();
        duplicateStatus.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task OnlyCoordinatorsOnboardOrganizations()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 0);

        var (status, body) = await cast.Requester.PostAsync("/api/organizations", new { name = "Sneaky", kind = "partner" });

        status.ShouldBe(HttpStatusCode.Forbidden);
        body.GetProperty("status").GetInt32().ShouldBe(403);
    }

    [Fact]
    public async Task CustomersSeeTheirOwnOrganizationAndThePartnersOnly()
    {
        var cast = await Cast.SetUpAsync(_node, partners: 1);
        var other = await Cast.NewOrganizationAsync(cast.Coordinator, $"Other {Guid.NewGuid():N}", "public-body");

        var list = await cast.Requester.GetOkAsync("/api/organizations?pageSize=100");
        var kinds = list.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("kind").GetString()).Distinct().ToList();

        kinds.ShouldBeSubsetOf(["sme", "partner"]);
        (await cast.Requester.GetAsync($"/api/organizations/{other}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await cast.Requester.GetAsync($"/api/organizations/{cast.CustomerId}")).Status.ShouldBe(HttpStatusCode.OK);
    }
}
