using DIH4S.Contracts.Live;

namespace DIH4S.Api.Live;

/// <summary>
/// This node's end of the live fan-out (ADR 0004): an Orleans observer registered with the
/// <see cref="ILiveHubGrain"/> that relays each change to this node's connections, chosen by the
/// <see cref="LiveRouter"/>. It registers
/// when the node starts, refreshes its registration periodically (the registry keeps it in memory
/// only) and unregisters on shutdown.
/// </summary>
internal sealed partial class NodeBridge(
    IGrainFactory grains,
    LiveRouter router,
    ILogger<NodeBridge> logger) : BackgroundService, IDeskNodeObserver
{
    private static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(30);
    private readonly string _nodeId = $"node_{Guid.NewGuid():N}";
    private IDeskNodeObserver? _reference;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = grains.CreateObjectReference<IDeskNodeObserver>(this);
        await RegisterAsync();
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await grains.GetGrain<ILiveHubGrain>(0).UnregisterNodeAsync(_nodeId).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogUnregisterFailed(logger, ex, _nodeId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshPeriod);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RegisterAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                LogRegisterFailed(logger, ex, _nodeId);
            }
        }
    }

    public Task OnChangeAsync(LiveChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return router.RouteAsync(change);
    }

    private Task RegisterAsync() => grains.GetGrain<ILiveHubGrain>(0).RegisterNodeAsync(_nodeId, _reference!);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the live registration of {NodeId} failed")]
    private static partial void LogRegisterFailed(ILogger logger, Exception exception, string nodeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unregistering {NodeId} from the live hub failed")]
    private static partial void LogUnregisterFailed(ILogger logger, Exception exception, string nodeId);
}
