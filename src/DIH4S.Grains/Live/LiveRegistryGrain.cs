using DIH4S.Contracts.Live;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DIH4S.Grains.Live;

/// <summary>
/// The registry of the nodes' live bridges and of the silos' directories (ADR 0004), in memory only.
/// No change passes through it. It follows cluster membership: once a silo is declared dead, the nodes
/// co-hosted with it and its directory are dropped at the next check. A node that is an Orleans client
/// (no silo) stays until it unregisters or a check finds it unavailable.
/// </summary>
/// <remarks>
/// Whenever the node list changes it pushes the new list to every directory, and a registration returns
/// only once they took it (or the push timed out, which is logged). If this grain's silo dies, it starts
/// anew elsewhere: for its first <see cref="LiveOptions.RefreshPeriod"/> it takes over the nodes the
/// directories report when they register again, so what the silos already knew is not lost.
/// </remarks>
[KeepAlive]
public sealed partial class LiveRegistryGrain(
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    IOptions<LiveOptions> options,
    TimeProvider time,
    ILogger<LiveRegistryGrain> logger) : Grain, ILiveRegistryGrain
{
    private readonly Dictionary<string, LiveNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<GrainId, SiloDirectory> _directories = [];
    private readonly Guid _epoch = Guid.NewGuid();
    private readonly LiveOptions _options = options.Value;
    private long _version;
    private long _activatedAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = time.GetTimestamp();
        this.RegisterGrainTimer(DropDeadSilosAsync, new GrainTimerCreationOptions(_options.MembershipCheckPeriod, _options.MembershipCheckPeriod));
        this.RegisterGrainTimer(DropGoneClientsAsync, new GrainTimerCreationOptions(_options.RefreshPeriod, _options.RefreshPeriod));
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task RegisterNodeAsync(LiveNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (IsDead(node.Silo))
        {
            LogDeadNodeRefused(logger, node.NodeId, node.Silo!);
            return;
        }

        if (_nodes.TryGetValue(node.NodeId, out var known) && Same(known, node))
        {
            return;
        }

        _nodes[node.NodeId] = node;
        LogNodeRegistered(logger, node.NodeId, node.Silo);
        await PushAsync();
    }

    public async Task UnregisterNodeAsync(string nodeId)
    {
        if (_nodes.Remove(nodeId))
        {
            await PushAsync();
        }
    }

    public async Task<LiveNodeList> RegisterDirectoryAsync(SiloAddress silo, ILiveDirectoryObserver directory, IReadOnlyList<LiveNode> known)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(known);
        if (IsDead(silo))
        {
            return List();
        }

        _directories[directory.GetGrainId()] = new SiloDirectory(directory, silo);
        if (time.GetElapsedTime(_activatedAt) < _options.RefreshPeriod)
        {
            var adopted = known.Where(n => !_nodes.ContainsKey(n.NodeId) && !IsDead(n.Silo)).ToList();
            foreach (var node in adopted)
            {
                _nodes[node.NodeId] = node;
            }

            if (adopted.Count > 0)
            {
                LogNodesAdopted(logger, adopted.Count, silo);
                await PushAsync();
            }
        }

        return List();
    }

    public Task<IReadOnlyList<LiveNode>> GetNodesAsync() => Task.FromResult<IReadOnlyList<LiveNode>>([.. _nodes.Values]);

    private async Task DropDeadSilosAsync()
    {
        foreach (var id in _directories.Where(d => IsDead(d.Value.Silo)).Select(d => d.Key).ToList())
        {
            _directories.Remove(id);
        }

        var dead = _nodes.Values.Where(n => IsDead(n.Silo)).ToList();
        foreach (var node in dead)
        {
            _nodes.Remove(node.NodeId);
            LogNodeDropped(logger, node.NodeId, node.Silo!);
        }

        if (dead.Count > 0)
        {
            await PushAsync();
        }
    }

    private async Task DropGoneClientsAsync()
    {
        var clients = _nodes.Values.Where(n => n.Silo is null).ToList();
        var gone = await Task.WhenAll(clients.Select(IsGoneAsync));
        var dropped = 0;
        for (var i = 0; i < clients.Count; i++)
        {
            if (gone[i] && _nodes.TryGetValue(clients[i].NodeId, out var node) && Same(node, clients[i]))
            {
                _nodes.Remove(node.NodeId);
                LogClientDropped(logger, node.NodeId);
                dropped++;
            }
        }

        if (dropped > 0)
        {
            await PushAsync();
        }
    }

    private async Task<bool> IsGoneAsync(LiveNode client)
    {
        try
        {
            await client.Observer.PingAsync().WaitAsync(_options.CallTimeout);
            return false;
        }
        catch (ClientNotAvailableException)
        {
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Slow or unreachable for now is not gone: it is asked again at the next check.
            LogPingFailed(logger, ex, client.NodeId);
            return false;
        }
    }

    /// <summary>A new version of the list, to every directory; a directory that does not take it in time is logged and registers again later.</summary>
    private async Task PushAsync()
    {
        _version++;
        var list = List();
        await Task.WhenAll(_directories.Values.Select(async directory =>
        {
            try
            {
                await directory.Observer.UpdateAsync(list).WaitAsync(_options.CallTimeout);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogPushFailed(logger, ex, directory.Silo);
            }
        }));
    }

    private LiveNodeList List() => new(_epoch, _version, silo.SiloAddress, [.. _nodes.Values]);

    private bool IsDead(SiloAddress? address) =>
        address is not null && membership.CurrentSnapshot.GetSiloStatus(address) == SiloStatus.Dead;

    private static bool Same(LiveNode known, LiveNode node) =>
        known.Observer.GetGrainId() == node.Observer.GetGrainId() && Equals(known.Silo, node.Silo);

    private sealed record SiloDirectory(ILiveDirectoryObserver Observer, SiloAddress Silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live node {NodeId} registered (silo {Silo})")]
    private static partial void LogNodeRegistered(ILogger logger, string nodeId, SiloAddress? silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live node {NodeId} was not registered: its silo {Silo} is dead")]
    private static partial void LogDeadNodeRefused(ILogger logger, string nodeId, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live node {NodeId} dropped: its silo {Silo} is dead")]
    private static partial void LogNodeDropped(ILogger logger, string nodeId, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live node {NodeId} dropped: the client is no longer available")]
    private static partial void LogClientDropped(ILogger logger, string nodeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The live registry took over {Count} nodes from the directory of silo {Silo}")]
    private static partial void LogNodesAdopted(ILogger logger, int count, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live directory of silo {Silo} did not take the new node list")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live node {NodeId} did not answer the registry's check")]
    private static partial void LogPingFailed(ILogger logger, Exception exception, string nodeId);
}
