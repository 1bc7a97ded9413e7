using DIH4S.Grains.Storage;

namespace DIH4S.Api.Storage;

/// <summary>
/// Copies the SQLite WAL into the database file outside the write gate (ADR 0017), so the one writer no longer
/// stops every 1,000 pages for the copy: at the next <see cref="Interval"/> once <see cref="BusyWrites"/> writes
/// came since the last copy, else within <see cref="QuietInterval"/> of a write (a copy syncs the disk twice: an
/// idle or quiet node does not). The writer still checkpoints itself once the WAL holds
/// <see cref="SqliteDatabase.WriterCheckpointPages"/> pages — by then little is left to copy — which bounds the WAL
/// and lets it start over, and which keeps it bounded if a checkpoint here fails.
/// </summary>
internal sealed partial class SqliteCheckpoints(SqliteDatabase database, TimeProvider time, ILogger<SqliteCheckpoints> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan QuietInterval = TimeSpan.FromSeconds(1);

    public const long BusyWrites = 200;

    // Made with the service, not when ExecuteAsync starts (on a thread of its own): no interval is missed.
    private readonly PeriodicTimer _timer = new(Interval, time);
    private bool _failing;
    private long _copiedWrites;
    private DateTimeOffset _copiedAt = time.GetUtcNow();

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

    /// <summary>Whether to copy now, given the writes since the last copy and the time since it.</summary>
    internal static bool Due(long writes, TimeSpan since) => writes >= BusyWrites || (writes > 0 && since >= QuietInterval);

    private async Task CheckpointAsync(CancellationToken stoppingToken)
    {
        var writes = database.Writes;
        var now = time.GetUtcNow();
        if (!Due(writes - _copiedWrites, now - _copiedAt))
        {
            return;
        }

        try
        {
            var checkpoint = await database.CheckpointAsync(stoppingToken).ConfigureAwait(false);
            (_copiedWrites, _copiedAt) = (writes, now);
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
