using System.Net;
using System.Net.Http.Json;
using DIH4S.Api.Identity;
using DIH4S.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace DIH4S.Api.Tests.Identity;

/// <summary>
/// The built-in development coordinator exists only in Development on a node listening on loopback alone
/// (ADR 0014); an operator's <c>Bootstrap:*</c> coordinator works everywhere. Each test starts its own nodes.
/// </summary>
public sealed class DevelopmentCoordinatorTests : OwnNodeTests
{
    private static readonly string[] Loopback = ["http://127.0.0.1:5080"];

    [Fact]
    public async Task InDevelopmentOnLoopbackTheDevelopmentCoordinatorSignsInAndTheLogSaysSo()
    {
        var log = new LogRecorder();
        await using var node = new DeskFactory(DatabasePath, Clock) { EnvironmentName = "Development", ListeningAddresses = Loopback, Log = log };

        var status = await SignInAsync(node, DevelopmentCoordinator.Email, DevelopmentCoordinator.Password);

        status.ShouldBe(HttpStatusCode.OK);
        log.Entries.ShouldContain(e => e.Level == LogLevel.Warning
            && e.Message == "Development coordinator admin@dih4s.local is available (Development environment, listening on loopback only: http://127.0.0.1:5080); never expose this node");
        (await SignInAsync(node, DeskFactory.AdminEmail, DeskFactory.AdminPassword)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OutsideDevelopmentThereIsNoDevelopmentCoordinatorButTheConfiguredOneSignsIn()
    {
        var log = new LogRecorder();
        await using var node = new DeskFactory(DatabasePath, Clock) { EnvironmentName = "Production", ListeningAddresses = Loopback, Log = log };

        var status = await SignInAsync(node, DevelopmentCoordinator.Email, DevelopmentCoordinator.Password);

        status.ShouldBe(HttpStatusCode.Unauthorized);
        log.Messages().ShouldContain("No development coordinator: the environment is Production, not Development");
        (await SignInAsync(node, DeskFactory.AdminEmail, DeskFactory.AdminPassword)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task InDevelopmentListeningBeyondLoopbackThereIsNoDevelopmentCoordinator()
    {
        var log = new LogRecorder();
        await using var node = new DeskFactory(DatabasePath, Clock)
        {
            EnvironmentName = "Development",
            ListeningAddresses = ["http://127.0.0.1:5080", "http://0.0.0.0:5081"],
            Log = log,
        };

        var status = await SignInAsync(node, DevelopmentCoordinator.Email, DevelopmentCoordinator.Password);

        status.ShouldBe(HttpStatusCode.Unauthorized, string.Join("\n", log.Messages()));
        log.Entries.ShouldContain(e => e.Level == LogLevel.Warning
            && e.Message == "No development coordinator: the node listens beyond loopback (http://127.0.0.1:5080, http://0.0.0.0:5081); its built-in credentials do not sign in here");
        (await SignInAsync(node, DeskFactory.AdminEmail, DeskFactory.AdminPassword)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheDevelopmentCredentialsStopSigningInWhenTheDatabaseMovesBeyondDevelopment()
    {
        await using (var development = new DeskFactory(DatabasePath, Clock) { EnvironmentName = "Development", ListeningAddresses = Loopback })
        {
            (await SignInAsync(development, DevelopmentCoordinator.Email, DevelopmentCoordinator.Password)).ShouldBe(HttpStatusCode.OK);
        }

        await using var exposed = new DeskFactory(DatabasePath, Clock) { EnvironmentName = "Development", ListeningAddresses = ["http://*:80"] };

        (await SignInAsync(exposed, DevelopmentCoordinator.Email, DevelopmentCoordinator.Password)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.0.0.2:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("https://LOCALHOST:7001/", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://192.168.1.20:5080", false)]
    [InlineData("https://desk.example.org", false)]
    [InlineData("http://localhost.example.org:5080", false)]
    public void OnlyLoopbackAddressesCountAsLoopback(string address, bool loopback) =>
        DevelopmentCoordinator.IsLoopback(address).ShouldBe(loopback);

    private static async Task<HttpStatusCode> SignInAsync(DeskFactory node, string email, string password)
    {
        using var http = node.CreateClient();
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        return response.StatusCode;
    }
}
