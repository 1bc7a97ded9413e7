using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DIH4S.Api.Tests.Infrastructure;

namespace DIH4S.Api.Tests;

/// <summary>Sign-out and password changes end sessions on the server (API.md, Identity).</summary>
[Collection(DeskCollection.Name)]
public sealed class SessionTests(DeskFixture fixture)
{
    private readonly DeskFactory _node = fixture.Node;

    [Fact]
    public async Task SignOutEndsTheRefreshTokenAndEveryTokenRefreshedFromIt()
    {
        var (email, password) = await NewPersonAsync();
        using var http = _node.CreateClient();
        var first = await LoginAsync(http, email, password);
        var renewed = await RefreshAsync(http, first.Refresh);
        renewed.Status.ShouldBe(HttpStatusCode.OK);

        using var logout = await http.PostAsJsonAsync("/api/auth/logout", new { refreshToken = renewed.Refresh });
        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await RefreshAsync(http, renewed.Refresh)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await RefreshAsync(http, first.Refresh)).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SigningOutOneSessionLeavesThePersonsOtherSessions()
    {
        var (email, password) = await NewPersonAsync();
        using var http = _node.CreateClient();
        var laptop = await LoginAsync(http, email, password);
        var phone = await LoginAsync(http, email, password);

        using var logout = await http.PostAsJsonAsync("/api/auth/logout", new { refreshToken = laptop.Refresh });
        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await RefreshAsync(http, phone.Refresh)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task LogoutWithoutATokenIsABadRequestAndWithAnUnreadableOneChangesNothing()
    {
        using var http = _node.CreateClient();
        using var missing = await http.PostAsJsonAsync("/api/auth/logout", new { });
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("refreshToken", out _).ShouldBeTrue();

        using var unreadable = await http.PostAsJsonAsync("/api/auth/logout", new { refreshToken = "not-a-token" });
        unreadable.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task ChangingThePasswordEndsEveryOtherSessionButKeepsThisOne()
    {
        var (email, password) = await NewPersonAsync();
        using var http = _node.CreateClient();
        var here = await LoginAsync(http, email, password);
        var elsewhere = await LoginAsync(http, email, password);
        const string newPassword = "a-brand-new-password-42";

        using var change = new HttpRequestMessage(HttpMethod.Post, "/api/me/password")
        {
            Content = JsonContent.Create(new { currentPassword = password, newPassword }),
        };
        change.Headers.Authorization = new("Bearer", here.Access);
        (await http.SendAsync(change)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await RefreshAsync(http, elsewhere.Refresh)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await RefreshAsync(http, here.Refresh)).Status.ShouldBe(HttpStatusCode.OK);
        using var oldPassword = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        oldPassword.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await LoginAsync(http, email, newPassword)).Access.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task AWrongCurrentPasswordIsAFieldErrorAndChangesNothing()
    {
        var (email, password) = await NewPersonAsync();
        using var http = _node.CreateClient();
        var session = await LoginAsync(http, email, password);

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/me/password")
        {
            Content = JsonContent.Create(new { currentPassword = "not-my-password-at-all", newPassword = "a-brand-new-password-42" }),
        };
        wrong.Headers.Authorization = new("Bearer", session.Access);
        using var answer = await http.SendAsync(wrong);

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("currentPassword", out _).ShouldBeTrue();
        (await LoginAsync(http, email, password)).Access.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task ANewPasswordShorterThanTwelveCharactersIsRefused()
    {
        var (email, password) = await NewPersonAsync();
        using var http = _node.CreateClient();
        var session = await LoginAsync(http, email, password);

        using var change = new HttpRequestMessage(HttpMethod.Post, "/api/me/password")
        {
            Content = JsonContent.Create(new { currentPassword = password, newPassword = "too-short" }),
        };
        change.Headers.Authorization = new("Bearer", session.Access);
        using var answer = await http.SendAsync(change);

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("newPassword", out _).ShouldBeTrue();
        (await LoginAsync(http, email, password)).Access.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task ChangingThePasswordNeedsASignedInPerson()
    {
        using var http = _node.CreateClient();
        using var answer = await http.PostAsJsonAsync("/api/me/password", new { currentPassword = "x", newPassword = "a-brand-new-password-42" });
        answer.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<(string Email, string Password)> NewPersonAsync()
    {
        var coordinator = await DeskClient.LoginAsync(_node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);
        var tag = Guid.NewGuid().ToString("N")[..10];
        var organization = await Cast.NewOrganizationAsync(coordinator, $"Session SME {tag}", "sme");
        var email = $"person-{tag}@sme.test";
        await coordinator.PostOkAsync($"/api/organizations/{organization}/members",
            new { email, displayName = "Session person", password = Cast.Password, roles = new[] { "requester" } });
        return (email, Cast.Password);
    }

    private static async Task<(string Access, string Refresh)> LoginAsync(HttpClient http, string email, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);
    }

    private static async Task<(HttpStatusCode Status, string Refresh)> RefreshAsync(HttpClient http, string refreshToken)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, "");
        }

        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshToken").GetString()!);
    }
}
