using DIH4S.Grains.Storage;
using Npgsql;

namespace DIH4S.Api.Storage;

/// <summary>
/// Runs <see cref="PostgresSchema.ApplyAsync"/> before Orleans starts (it is registered ahead of it).
/// A database that is not reachable yet — the nodes and the database started together — is waited
/// for, bounded, with a message that says what the node is waiting for.
/// </summary>
internal sealed partial class PostgresSchemaInstaller(string connectionString, ILogger<PostgresSchemaInstaller> logger) : IHostedService
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var giveUp = DateTimeOffset.UtcNow + Patience;
        var wait = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await PostgresSchema.ApplyAsync(connectionString, cancellationToken);
                return;
            }
            catch (NpgsqlException e) when (e.IsTransient && DateTimeOffset.UtcNow < giveUp)
            {
                LogWaiting(logger, target.Host, target.Port, target.Database, e.Message);
                await Task.Delay(wait, cancellationToken);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            catch (NpgsqlException e)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL at {target.Host}:{target.Port} (database '{target.Database}') could not be used to apply the schema: {e.Message}", e);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for PostgreSQL at {Host}:{Port} (database {Database}): {Reason}")]
    private static partial void LogWaiting(ILogger logger, string? host, int port, string? database, string reason);
}
