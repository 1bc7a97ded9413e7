using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DIH4S.Api.Tests.Infrastructure;

namespace DIH4S.Api.Tests;

/// <summary>
/// Issue 9, accounts and sessions (ADR 0012): one answer for every failed sign-in, a lockout per account
/// and source that backs off, a throttle against spraying, single-use refresh tokens, and coordinators
/// who disable people, change their roles or set a temporary password — each ending the person's sessions.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class AccountHardeningTests(DeskFixture fixture)
{
    private const string WrongPassword = "wrong-password-123";
    private readonly DeskFactory _node = fixture.Node;

    [Fact]
    public async Task UnknownEmailWrongPasswordAndLockedOutSourceGetTheSameAnswerAfterOnePasswordCheckEach()
    {
        var person = await NewPersonAsync();
        const string source = "203.0.113.10";
        for (var i = 0; i < 5; i++)
        {
            (await LoginAsync(person.Email, WrongPassword, source)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var answers = new List<string>();
        foreach (var (email, password) in new[]
                 {
                     ($"nobody-{Guid.NewGuid():N}@desk.test", Cast.Password), // unknown e-mail
                     (person.Email, WrongPassword), // wrong password, from a source that is not locked
                     (person.Email, Cast.Password), // the right password, from the locked-out source
                 })
        {
            var before = _node.Hasher.AllVerifications;
            var from = password == WrongPassword ? "203.0.113.11" : source;
            var (status, body) = await LoginAsync(email, password, from);

            status.ShouldBe(HttpStatusCode.Unauthorized);
            (_node.Hasher.AllVerifications - before).ShouldBe(1, $"one password check for {email} from {from}");
            answers.Add($"{body.GetProperty("title").GetString()}|{body.TryGetProperty("detail", out var detail)}|{detail}");
        }

        answers.Distinct().Count().ShouldBe(1, string.Join(" / ", answers));
    }

    [Fact]
    public async Task ParallelWrongPasswordsFromOneSourceCheckNoMoreThanTheLockoutAllows()
    {
        var person = await NewPersonAsync();
        var before = _node.Hasher.RealVerifications;

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => LoginAsync(person.Email, WrongPassword, "198.51.100.7")));

        attempts.ShouldAllBe(a => a.Status == HttpStatusCode.Unauthorized);
        (_node.Hasher.RealVerifications - before).ShouldBe(5);
    }

    [Fact]
    public async Task AFloodFromOneSourceDoesNotLockTheOwnerOutFromAnother()
    {
        var person = await NewPersonAsync();
        for (var i = 0; i < 12; i++)
        {
            await LoginAsync(person.Email, WrongPassword, "198.51.100.20");
        }

        (await LoginAsync(person.Email, Cast.Password, "198.51.100.20")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await LoginAsync(person.Email, Cast.Password, "192.0.2.1")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task EachLockoutOfASourceLastsTwiceAsLongAsTheOneBefore()
    {
        var person = await NewPersonAsync();
        const string source = "198.51.100.30";
        async Task FailFiveTimesAsync()
        {
            for (var i = 0; i < 5; i++)
            {
                await LoginAsync(person.Email, WrongPassword, source);
            }
        }

        await FailFiveTimesAsync();
        _node.Clock.Advance(TimeSpan.FromSeconds(59));
        (await LoginAsync(person.Email, Cast.Password, source)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        _node.Clock.Advance(TimeSpan.FromSeconds(2));
        await FailFiveTimesAsync(); // the first lockout (1 min) is over; this locks again, for 2 min

        _node.Clock.Advance(TimeSpan.FromSeconds(61));
        (await LoginAsync(person.Email, Cast.Password, source)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        _node.Clock.Advance(TimeSpan.FromSeconds(60));
        (await LoginAsync(person.Email, Cast.Password, source)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SprayingFromManySourcesThrottlesTheAccountExceptWhereThePersonSignedInBefore()
    {
        var person = await NewPersonAsync();
        const string home = "192.0.2.50";
        (await LoginAsync(person.Email, Cast.Password, home)).Status.ShouldBe(HttpStatusCode.OK);

        for (var i = 1; i <= 20; i++)
        {
            await LoginAsync(person.Email, WrongPassword, $"203.0.113.{100 + i}");
        }

        (await LoginAsync(person.Email, Cast.Password, "203.0.113.200")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await LoginAsync(person.Email, Cast.Password, home)).Status.ShouldBe(HttpStatusCode.OK);
        _node.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        (await LoginAsync(person.Email, Cast.Password, "203.0.113.200")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ARefreshTokenWorksOnceAndReplayingItEndsTheWholeSession()
    {
        var person = await NewPersonAsync();
        var first = await TokensAsync(person.Email, Cast.Password);
        var second = await RefreshAsync(first.Refresh);
        second.Status.ShouldBe(HttpStatusCode.OK);

        var replay = await RefreshAsync(first.Refresh);

        replay.Status.ShouldBe(HttpStatusCode.Unauthorized);
        replay.Body.GetProperty("title").GetString()!.ShouldContain("already used");
        (await RefreshAsync(second.Body.GetProperty("refreshToken").GetString()!)).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ADisabledPersonCannotSignInOrRefreshUntilEnabledAgain()
    {
        var person = await NewPersonAsync();
        var session = await TokensAsync(person.Email, Cast.Password);
        var coordinator = await CoordinatorAsync();

        var disabled = await coordinator.PostOkAsync($"/api/organizations/{person.OrganizationId}/members/{person.UserId}/disable");

        disabled.GetProperty("disabled").GetBoolean().ShouldBeTrue();
        (await RefreshAsync(session.Refresh)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        var refused = await LoginAsync(person.Email, Cast.Password, "192.0.2.60");
        refused.Status.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Body.GetProperty("title").GetString().ShouldBe("Invalid e-mail or password.");
        var members = await coordinator.GetOkAsync($"/api/organizations/{person.OrganizationId}/members");
        members.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("userId").GetString() == person.UserId)
            .GetProperty("disabled").GetBoolean().ShouldBeTrue();

        await coordinator.PostOkAsync($"/api/organizations/{person.OrganizationId}/members/{person.UserId}/enable");
        (await LoginAsync(person.Email, Cast.Password, "192.0.2.60")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OnlyCoordinatorsManagePeopleAndNotThemselves()
    {
        var person = await NewPersonAsync();
        var colleague = await DeskClient.LoginAsync(_node, person.Email, Cast.Password);
        var coordinator = await CoordinatorAsync();

        var (byMember, _) = await colleague.PostAsync($"/api/organizations/{person.OrganizationId}/members/{person.UserId}/disable");
        var (ofOtherOrganization, _) = await coordinator.PostAsync($"/api/organizations/{coordinator.OrganizationId}/members/{person.UserId}/disable");
        var (self, selfBody) = await coordinator.PostAsync($"/api/organizations/{coordinator.OrganizationId}/members/{coordinator.UserId}/disable");

        byMember.ShouldBe(HttpStatusCode.Forbidden);
        ofOtherOrganization.ShouldBe(HttpStatusCode.NotFound);
        self.ShouldBe(HttpStatusCode.Conflict, selfBody.ToString());
        (await colleague.GetAsync("/api/me")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ChangingRolesEndsThePersonsSessionsAndTheNextSignInCarriesTheNewRoles()
    {
        var person = await NewPersonAsync("partner", "partner-staff");
        var session = await TokensAsync(person.Email, Cast.Password);
        var coordinator = await CoordinatorAsync();

        using var change = await coordinator.Http.PutAsJsonAsync(
            $"/api/organizations/{person.OrganizationId}/members/{person.UserId}/roles", new { roles = new[] { "partner-staff", "lab-manager" } });

        change.StatusCode.ShouldBe(HttpStatusCode.OK, await change.Content.ReadAsStringAsync());
        (await RefreshAsync(session.Refresh)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        var again = await DeskClient.LoginAsync(_node, person.Email, Cast.Password);
        (await again.GetOkAsync("/api/me")).GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["partner-staff", "lab-manager"]);
    }

    [Fact]
    public async Task ATemporaryPasswordMustBeChangedBeforeAnythingElse()
    {
        var person = await NewPersonAsync();
        var session = await TokensAsync(person.Email, Cast.Password);
        var coordinator = await CoordinatorAsync();
        const string temporary = "temporary-password-1234";
        const string chosen = "my-own-chosen-password-99";

        var set = await coordinator.PostOkAsync(
            $"/api/organizations/{person.OrganizationId}/members/{person.UserId}/temporary-password", new { password = temporary });
        set.GetProperty("mustChangePassword").GetBoolean().ShouldBeTrue();
        (await RefreshAsync(session.Refresh)).Status.ShouldBe(HttpStatusCode.Unauthorized);

        var signedIn = await TokensAsync(person.Email, temporary);
        using var http = _node.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", signedIn.Access);
        using var blocked = await http.GetAsync("/api/requests");
        blocked.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await blocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe("Change your password first.");
        (await http.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("mustChangePassword").GetBoolean().ShouldBeTrue();

        using var changed = await http.PostAsJsonAsync("/api/me/password", new { currentPassword = temporary, newPassword = chosen });
        changed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var renewed = await RefreshAsync(signedIn.Refresh);
        renewed.Status.ShouldBe(HttpStatusCode.OK);
        http.DefaultRequestHeaders.Authorization = new("Bearer", renewed.Body.GetProperty("accessToken").GetString());
        (await http.GetAsync("/api/requests")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("mustChangePassword").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task SigningOutClosesTheSessionsHubConnectionAndItCannotConnectAgain()
    {
        var person = await NewPersonAsync();
        var tokens = await TokensAsync(person.Email, Cast.Password);
        var client = person.WithToken(_node, tokens.Access);
        await using var live = await client.ConnectAsync();

        using var http = _node.CreateClient();
        (await http.PostAsJsonAsync("/api/auth/logout", new { refreshToken = tokens.Refresh })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await live.Closed.WaitAsync(LiveInbox.Patience);
        await ShouldBeRefusedAsync(client);
    }

    [Fact]
    public async Task DisablingAPersonClosesEveryHubConnectionOfTheirs()
    {
        var person = await NewPersonAsync();
        var laptop = person.WithToken(_node, (await TokensAsync(person.Email, Cast.Password)).Access);
        var phone = person.WithToken(_node, (await TokensAsync(person.Email, Cast.Password)).Access);
        await using var onLaptop = await laptop.ConnectAsync();
        await using var onPhone = await phone.ConnectAsync();
        var coordinator = await CoordinatorAsync();

        await coordinator.PostOkAsync($"/api/organizations/{person.OrganizationId}/members/{person.UserId}/disable");

        await Task.WhenAll(onLaptop.Closed, onPhone.Closed).WaitAsync(LiveInbox.Patience);
    }

    [Fact]
    public async Task AHubConnectionClosesWhenItsAccessTokenExpires()
    {
        // SignalR checks a connection's token against the real clock, so this node's clock starts now. The token
        // lives long enough for the sign-in and the handshake on a busy machine: with 3 s, a slow handshake once
        // outlived it and the connection was refused instead of closed.
        var path = DeskFactory.NewDatabasePath();
        await using var node = new DeskFactory(path, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow))
        {
            Settings = new Dictionary<string, string?> { ["Auth:AccessTokenLifetime"] = "00:00:10" },
        };
        try
        {
            var coordinator = await DeskClient.LoginAsync(node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);
            await using var live = await coordinator.ConnectAsync();

            await live.Closed.WaitAsync(LiveInbox.Patience);
        }
        finally
        {
            await node.DisposeAsync();
            TempFiles.DeleteDirectoryOf(path);
        }
    }

    private static async Task ShouldBeRefusedAsync(DeskClient client)
    {
        try
        {
            await using var again = await client.ConnectAsync();
            await again.Closed.WaitAsync(LiveInbox.Patience);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
        {
            // Refused during the start: as good as closed right after it.
        }
    }

    private Task<DeskClient> CoordinatorAsync() => DeskClient.LoginAsync(_node, DeskFactory.AdminEmail, DeskFactory.AdminPassword);

    private async Task<(HttpStatusCode Status, JsonElement Body)> LoginAsync(string email, string password, string source)
    {
        using var http = _node.CreateClient();
        http.DefaultRequestHeaders.Add(TestSourceAddress.Header, source);
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<(string Access, string Refresh)> TokensAsync(string email, string password)
    {
        var (status, body) = await LoginAsync(email, password, "192.0.2.99");
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return (body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> RefreshAsync(string refreshToken)
    {
        using var http = _node.CreateClient();
        using var response = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<Person> NewPersonAsync(string kind = "sme", string role = "requester")
    {
        var coordinator = await CoordinatorAsync();
        var tag = Guid.NewGuid().ToString("N")[..10];
        var organization = await Cast.NewOrganizationAsync(coordinator, $"Hardening {kind} {tag}", kind);
        var email = $"person-{tag}@{kind}.test";
        var member = await coordinator.PostOkAsync($"/api/organizations/{organization}/members",
            new { email, displayName = "Hardened person", password = Cast.Password, roles = new[] { role } });
        return new Person(email, member.GetProperty("userId").GetString()!, organization);
    }

    private sealed record Person(string Email, string UserId, string OrganizationId)
    {
        public DeskClient WithToken(DeskFactory node, string accessToken)
        {
            var http = node.CreateClient();
            http.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
            return new DeskClient(node, http, accessToken, UserId, OrganizationId, Email, Cast.Password);
        }
    }
}
