using DIH4S.Contracts.Live;
using DIH4S.Grains.Live;
using Microsoft.Extensions.Options;

namespace DIH4S.Api.Live;

/// <summary>
/// This node's end of the live fan-out (ADR 0004): an Orleans observer registered with the
/// <see cref="ILiveRegistryGrain"/> that relays each change to this node's connections, chosen by the
/// <see cref="LiveRouter"/>. Co-hosted with a silo, it also attaches itself to that silo's
/// <see cref="LiveDirectory"/>, which then hands it the silo's own changes directly. It registers when the
/// node starts (the start returns once every silo will send to it), registers again periodically (only
/// to heal a registry that started anew elsewhere) and unregisters on shutdown.
/// </summary>
internal sealed partial class NodeBridge(
    IGrainFactory grains,
    IServiceProvider services,
    LiveRouter router,
    IOptions<LiveOptions> options,
    ILogger<NodeBridge> logger) : BackgroundService, IDeskNodeObserver
{
    private readonly string _nodeId = $"node_{Guid.NewGuid():N}";
    private LiveNode? _node;
    private LiveDirectory? _directory;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var reference = grains.CreateObjectReference<IDeskNodeObserver>(this);
        // Null on a node that is an Orleans client rather than a silo: the registry then knows it by its observer only.
        var silo = services.GetService<ILocalSiloDetails>();
        if (silo is not null)
        {
            _directory = LiveDirectory.Of(services);
            _directory.AttachLocal(_nodeId, this);
        }

        _node = new LiveNode(_nodeId, reference, silo?.SiloAddress);
        await RegisterAsync();
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        _directory?.DetachLocal(_nodeId);
        try
        {
            await grains.GetGrain<ILiveRegistryGrain>(0).UnregisterNodeAsync(_nodeId).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogUnregisterFailed(logger, ex, _nodeId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshPeriod);
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

    public Task PingAsync() => Task.CompletedTask;

    private Task RegisterAsync() => grains.GetGrain<ILiveRegistryGrain>(0).RegisterNodeAsync(_node!);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the live registration of {NodeId} failed")]
    private static partial void LogRegisterFailed(ILogger logger, Exception exception, string nodeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unregistering {NodeId} from the live registry failed")]
    private static partial void LogUnregisterFailed(ILogger logger, Exception exception, string nodeId);
}
