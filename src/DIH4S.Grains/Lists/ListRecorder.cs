using Microsoft.Extensions.Logging;

namespace DIH4S.Grains.Lists;

/// <summary>
/// Records an item grain in the lists after each of its writes (ADR 0017). A failed recording is
/// retried on a grain timer that keeps the grain active until it succeeds, so the lists converge
/// without waiting for the item's next change; on activation, <see cref="CatchUpAsync"/> records what
/// a crash cut short. Recording is idempotent by version, so repeating one is harmless.
/// </summary>
internal sealed partial class ListRecorder(IDeskLists lists, ILogger logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(5);

    private IGrainTimer? _retry;

    /// <summary>Records <paramref name="listing"/> now, then tells <paramref name="recorded"/> which version; on failure logs and retries until it succeeds.</summary>
    public async Task RecordAsync(Grain grain, Func<ListRecord> listing, Action<int>? recorded = null)
    {
        var record = listing();
        try
        {
            await lists.RecordAsync(record);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRecordFailed(logger, ex, record.Kind, record.ItemId, record.Version);
            _retry ??= grain.RegisterGrainTimer(
                () => RecordAsync(grain, listing, recorded),
                new GrainTimerCreationOptions(FirstRetry, RetryPeriod) { KeepAlive = true });
            return;
        }

        recorded?.Invoke(record.Version);
        _retry?.Dispose();
        _retry = null;
    }

    /// <summary>On activation: records the item if the lists hold an older version of it.</summary>
    public async Task CatchUpAsync(Grain grain, Func<ListRecord> listing, Action<int>? recorded = null)
    {
        var record = listing();
        if (await lists.RecordedVersionAsync(record.Kind, record.ItemId) >= record.Version)
        {
            recorded?.Invoke(record.Version);
            return;
        }

        await RecordAsync(grain, listing, recorded);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording version {Version} of {Kind} {ItemId} in the lists failed; retrying")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string kind, string itemId, int version);
}
