using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DIH4S.Api.Tests.Infrastructure;

namespace DIH4S.Api.Tests;

/// <summary>Behaviour of the host that needs a node configured on its own.</summary>
public sealed class HostTests : IAsyncLifetime
{
    private readonly string _databasePath = DeskFactory.NewDatabasePath();
    private DeskFactory _node = null!;

    public Task InitializeAsync()
    {
        _node = new DeskFactory(_databasePath, DeskFactory.NewClock()) { SignInPerMinute = 3 };
        _ = _node.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        TempFiles.DeleteDirectoryOf(_databasePath);
    }

    [Fact]
    public async Task TooManySignInAttemptsAreRateLimitedWithAProblem()
    {
        using var http = _node.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last?.Dispose();
            last = await http.PostAsJsonAsync("/api/auth/login", new { email = "nobody@desk.test", password = "whatever-password" });
            statuses.Add(last.StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests]);
        last!.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        last.Headers.RetryAfter.ShouldNotBeNull();
        (await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32().ShouldBe(429);
        last.Dispose();
    }
}
