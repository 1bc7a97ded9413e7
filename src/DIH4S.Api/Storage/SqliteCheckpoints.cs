using DIH4S.Grains.Storage;

namespace DIH4S.Api.Storage;

/// <summary>
/// Copies the SQLite WAL into the database file every <see cref="Interval"/>, outside the write gate (ADR 0017):
/// the one writer then no longer stops every 1,000 pages for the copy. The writer still checkpoints itself once
/// the WAL holds <see cref="SqliteDatabase.WriterCheckpointPages"/> pages — by then little is left to copy — which
/// bounds the WAL and lets it start over, and which keeps it bounded if a checkpoint here fails.
/// </summary>
internal sealed partial class SqliteCheckpoints(SqliteDatabase database, TimeProvider time, ILogger<SqliteCheckpoints> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    // Made with the service, not when ExecuteAsync starts (on a thread of its own): no interval is missed.
    private readonly PeriodicTimer _timer = new(Interval, time);
    private bool _failing;

    /// <summary>After each checkpoint that ran (for tests).</summary>
    internal event Action<SqliteCheckpoint>? Checkpointed;

    /// <summary>After each checkpoint that failed (for tests).</summary>
    internal event Action<Exception>? Failed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await CheckpointAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task CheckpointAsync(CancellationToken stoppingToken)
    {
        try
        {
            var checkpoint = await database.CheckpointAsync(stoppingToken).ConfigureAwait(false);
            if (_failing)
            {
                _failing = false;
                LogRecovered(logger);
            }

            Checkpointed?.Invoke(checkpoint);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Said once per outage: the writer's own checkpoints keep the WAL bounded meanwhile.
            if (!_failing)
            {
                _failing = true;
                LogFailed(logger, ex, SqliteDatabase.WriterCheckpointPages);
            }

            Failed?.Invoke(ex);
        }
    }

    public override void Dispose()
    {
        _timer.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copying the SQLite WAL into the database file failed; the writer checkpoints itself at {Pages} pages until it works again.")]
    private static partial void LogFailed(ILogger logger, Exception exception, int pages);

    [LoggerMessage(Level = LogLevel.Information, Message = "Copying the SQLite WAL into the database file works again.")]
    private static partial void LogRecovered(ILogger logger);
}
