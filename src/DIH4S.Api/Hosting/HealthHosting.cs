using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DIH4S.Api.Hosting;

/// <summary>
/// Health for load balancers and orchestrators (issue 11): <c>/health/live</c> answers 200 while the process
/// runs; <c>/health/ready</c> answers 200 only when this node reaches the cluster (its co-hosted silo is
/// active, or, without a silo, its Orleans client is connected) and its database answers a trivial query,
/// and 503 problem+json otherwise. <c>/health</c> stays as it was.
/// </summary>
public static class HealthHosting
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>The tag of the checks <see cref="ReadyPath"/> runs.</summary>
    public const string Ready = "ready";

    /// <summary>How long one readiness check may take before it counts as failed.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static WebApplicationBuilder AddDeskHealth(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ClusterConnection>();
        builder.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<ClusterConnection>());
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [Ready], timeout: CheckTimeout)
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready], timeout: CheckTimeout);
        return builder;
    }

    public static WebApplication MapDeskHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithName("HealthLive").ExcludeFromDescription();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResponseWriter = WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).WithName("HealthReady").ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Healthy: <c>{"status":"healthy","checks":{"cluster":"healthy",...}}</c>. Unhealthy: 503 problem+json
    /// with <c>Retry-After</c>, naming each failed check and why in <c>checks</c>.
    /// </summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.Headers.CacheControl = "no-store";
        // What failed, in the checks' own words; never the exception's message (no hosts or paths to anonymous callers).
        var checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status == HealthStatus.Healthy
            ? "healthy"
            : e.Value.Description ?? e.Value.Status.ToString().ToLowerInvariant());
        if (report.Status != HealthStatus.Unhealthy)
        {
            return context.Response.WriteAsJsonAsync(new { status = report.Status.ToString().ToLowerInvariant(), checks });
        }

        context.Response.Headers.RetryAfter = "5";
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "This node is not ready to serve requests.",
            Detail = string.Join(" ", report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => $"{e.Key}: {checks[e.Key]}.")),
            Extensions = { ["checks"] = checks },
        };
        return context.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json");
    }
}

/// <summary>
/// Whether this node reaches the cluster: with a co-hosted silo, the silo is active in the membership; without
/// one (an API-only node), the Orleans client has started and has gateways.
/// </summary>
internal sealed class ClusterHealthCheck(IServiceProvider services, ClusterConnection connection) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<ISiloStatusOracle>() is { } silo)
        {
            return Task.FromResult(silo.CurrentStatus == SiloStatus.Active
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"the silo is {silo.CurrentStatus.ToString().ToLowerInvariant()}, not active"));
        }

        return Task.FromResult(connection.Connected
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("the Orleans client is not connected to the cluster"));
    }
}

/// <summary>
/// What an Orleans client reports about its gateways. A client counts as connected once the host has started
/// (the client's start waits for a gateway) and until it reports the connection lost; it counts again when it
/// reports gateways back. A silo node never reports here: <see cref="ClusterHealthCheck"/> asks its silo.
/// </summary>
internal sealed class ClusterConnection(IHostApplicationLifetime lifetime) : IClusterConnectionStatusObserver
{
    private volatile bool _lost;

    public bool Connected => lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested && !_lost;

    public void NotifyClusterConnectionLost() => _lost = true;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered) =>
        _lost = currentNumberOfGateways == 0;
}

/// <summary>Whether the node's database (the <see cref="DbDataSource"/> the storage registers, ADR 0019) answers <c>SELECT 1</c>.</summary>
internal sealed class DatabaseHealthCheck(DbDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or IOException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("the database does not answer", exception);
        }
    }
}
