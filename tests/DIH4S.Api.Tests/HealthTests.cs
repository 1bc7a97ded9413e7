using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json;
using DIH4S.Api.Hosting;
using DIH4S.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace DIH4S.Api.Tests;

/// <summary><c>/health/live</c> and <c>/health/ready</c> (issue 11): the process, and the silo and database behind it.</summary>
public sealed class HealthTests : OwnNodeTests
{
    [Fact]
    public async Task AStartedNodeIsLiveAndReady()
    {
        await using var node = new DeskFactory(DatabasePath, Clock);
        using var http = node.CreateClient();

        using var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        live.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await JsonAsync(live)).GetProperty("status").GetString().ShouldBe("healthy");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await JsonAsync(ready);
        body.GetProperty("status").GetString().ShouldBe("healthy");
        body.GetProperty("checks").GetProperty("cluster").GetString().ShouldBe("healthy");
        body.GetProperty("checks").GetProperty("database").GetString().ShouldBe("healthy");
    }

    [Fact]
    public async Task WhileTheDatabaseIsAwayTheNodeIsLiveButNotReady()
    {
        await using var node = new DeskFactory(DatabasePath, Clock) { Settings = new Dictionary<string, string?>([DatabaseOutage.UnpooledConnectionString(DatabasePath)]) };
        using var http = node.CreateClient();
        using var readyBefore = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        readyBefore.StatusCode.ShouldBe(HttpStatusCode.OK);

        HttpResponseMessage live, ready;
        using (DatabaseOutage.Begin(DatabasePath))
        {
            live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
            ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        }

        using var readyAgain = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        live.StatusCode.ShouldBe(HttpStatusCode.OK);
        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        ready.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        ready.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(5));
        var problem = await JsonAsync(ready);
        problem.GetProperty("status").GetInt32().ShouldBe(503);
        problem.GetProperty("checks").GetProperty("database").GetString().ShouldBe("the database does not answer");
        problem.GetProperty("checks").GetProperty("cluster").GetString().ShouldBe("healthy");
        readyAgain.StatusCode.ShouldBe(HttpStatusCode.OK);
        live.Dispose();
        ready.Dispose();
    }

    [Theory]
    [InlineData(SiloStatus.Joining, HealthStatus.Unhealthy)]
    [InlineData(SiloStatus.Active, HealthStatus.Healthy)]
    [InlineData(SiloStatus.ShuttingDown, HealthStatus.Unhealthy)]
    public async Task TheClusterIsReachableOnlyWhileTheSiloIsActive(SiloStatus status, HealthStatus expected)
    {
        await using var services = new ServiceCollection().AddSingleton<ISiloStatusOracle>(new Oracle(status)).BuildServiceProvider();
        var check = new ClusterHealthCheck(services, new ClusterConnection(new Lifetime(CancellationToken.None)));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        result.Status.ShouldBe(expected);
    }

    [Fact]
    public async Task WithoutASiloTheClusterIsReachableWhileTheStartedClientHasGateways()
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        using var started = new CancellationTokenSource();
        var connection = new ClusterConnection(new Lifetime(started.Token));
        var check = new ClusterHealthCheck(services, connection);

        (await check.CheckHealthAsync(new HealthCheckContext())).Status.ShouldBe(HealthStatus.Unhealthy);
        await started.CancelAsync();
        (await check.CheckHealthAsync(new HealthCheckContext())).Status.ShouldBe(HealthStatus.Healthy);
        connection.NotifyClusterConnectionLost();
        (await check.CheckHealthAsync(new HealthCheckContext())).Status.ShouldBe(HealthStatus.Unhealthy);
        connection.NotifyGatewayCountChanged(1, 0, connectionRecovered: true);
        (await check.CheckHealthAsync(new HealthCheckContext())).Status.ShouldBe(HealthStatus.Healthy);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [SuppressMessage("Performance", "CA1812", Justification = "Created by the tests.")]
    private sealed class Oracle(SiloStatus status) : ISiloStatusOracle
    {
        public SiloStatus CurrentStatus => status;

        public string SiloName => "test";

        public SiloAddress SiloAddress => throw new NotSupportedException();

        public SiloAddress[] GetActiveSilos() => throw new NotSupportedException();

        public SiloStatus GetApproximateSiloStatus(SiloAddress siloAddress) => throw new NotSupportedException();

        public Dictionary<SiloAddress, SiloStatus> GetApproximateSiloStatuses(bool onlyActive = false) => throw new NotSupportedException();

        public bool TryGetSiloName(SiloAddress siloAddress, [NotNullWhen(true)] out string? siloName) => throw new NotSupportedException();

        public bool IsFunctionalDirectory(SiloAddress siloAddress) => throw new NotSupportedException();

        public bool IsDeadSilo(SiloAddress silo) => throw new NotSupportedException();

        public bool SubscribeToSiloStatusEvents(ISiloStatusListener observer) => throw new NotSupportedException();

        public bool UnSubscribeFromSiloStatusEvents(ISiloStatusListener observer) => throw new NotSupportedException();
    }

    private sealed class Lifetime(CancellationToken started) : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => started;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
