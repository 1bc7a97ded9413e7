using System.Runtime.CompilerServices;
using DIH4S.Contracts.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DIH4S.Grains.Live;

/// <summary>
/// One silo's copy of the registry's node list, which the silo's publisher reads for every change
/// (ADR 0004). It sends each change to the node co-hosted with the silo directly, in-process, and to
/// every other node through its observer, one-way: nothing on this path waits for another silo.
/// </summary>
/// <remarks>
/// There is one per silo: <see cref="Of"/> keys it to the silo's <see cref="ILocalSiloDetails"/>, so a
/// silo needs no registration for it (test silos and the co-hosted one alike), and the host of a
/// co-hosted node finds the same one. It registers itself with the <see cref="ILiveRegistryGrain"/> when
/// first used; until the registry answers, changes wait here (they are sent with the first list). After
/// that the registry pushes every new list before a registration returns; the directory registers again
/// every <see cref="LiveOptions.RefreshPeriod"/>, and at once when the registry's silo is declared dead,
/// handing over the list it holds to the registry's new activation.
/// </remarks>
public sealed partial class LiveDirectory : ILiveDirectoryObserver
{
    /// <summary>At most this many changes wait for the first list; older ones are dropped (best effort).</summary>
    public const int PendingCapacity = 10_000;

    private static readonly ConditionalWeakTable<ILocalSiloDetails, LiveDirectory> BySilo = [];

    private readonly Lock _gate = new();
    private readonly Queue<LiveChange> _pending = new();
    private readonly SiloAddress _silo;
    private readonly IGrainFactory _grains;
    private readonly IClusterMembershipService _membership;
    private readonly LiveOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LiveDirectory> _logger;
    private readonly CancellationToken _stopping;
    private LiveNodeList? _list;
    private LocalNode? _local;
    private Task? _keeping;

    private LiveDirectory(ILocalSiloDetails silo, IServiceProvider services)
    {
        _silo = silo.SiloAddress;
        _grains = services.GetRequiredService<IGrainFactory>();
        _membership = services.GetRequiredService<IClusterMembershipService>();
        _options = services.GetRequiredService<IOptions<LiveOptions>>().Value;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = services.GetRequiredService<ILogger<LiveDirectory>>();
        _stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
    }

    /// <summary>The directory of the silo whose services these are.</summary>
    public static LiveDirectory Of(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var silo = services.GetRequiredService<ILocalSiloDetails>();
        return BySilo.GetValue(silo, s => new LiveDirectory(s, services));
    }

    /// <summary>The list in use; null until the registry first answered.</summary>
    public LiveNodeList? Current
    {
        get
        {
            lock (_gate)
            {
                return _list;
            }
        }
    }

    /// <summary>
    /// Hands the change to every node: to the co-hosted one directly, to the others one-way. Returns
    /// without waiting for any of them.
    /// </summary>
    public void Publish(LiveChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        StartKeeping();
        lock (_gate)
        {
            if (_local is { } local)
            {
                DeliverLocally(local, change);
            }

            if (_list is null)
            {
                if (_pending.Count == PendingCapacity)
                {
                    _pending.Dequeue();
                    LogPendingDropped(_logger, PendingCapacity);
                }

                _pending.Enqueue(change);
                return;
            }

            SendToOthers(_list, change);
        }
    }

    /// <summary>
    /// Makes the node co-hosted with this silo receive this silo's changes directly, from now on, whatever
    /// the registry knows; its registration still tells the other silos.
    /// </summary>
    public void AttachLocal(string nodeId, IDeskNodeObserver node)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        ArgumentNullException.ThrowIfNull(node);
        lock (_gate)
        {
            _local = new LocalNode(nodeId, node);
        }

        StartKeeping();
    }

    /// <summary>Stops direct delivery to the co-hosted node, when it shuts down.</summary>
    public void DetachLocal(string nodeId)
    {
        lock (_gate)
        {
            if (_local?.NodeId == nodeId)
            {
                _local = null;
            }
        }
    }

    /// <summary>Takes a list the registry pushes; answers once publishing uses it.</summary>
    public Task UpdateAsync(LiveNodeList nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        Use(nodes);
        return Task.CompletedTask;
    }

    private void Use(LiveNodeList nodes)
    {
        lock (_gate)
        {
            if (!nodes.Supersedes(_list))
            {
                return;
            }

            _list = nodes;
            while (_pending.TryDequeue(out var change))
            {
                SendToOthers(nodes, change);
            }
        }
    }

    private void StartKeeping()
    {
        if (Volatile.Read(ref _keeping) is not null)
        {
            return;
        }

        lock (_gate)
        {
            // Outside any grain's scheduler: the loop outlives the activation that happened to start it.
            _keeping ??= Task.Run(KeepAsync, CancellationToken.None);
        }
    }

    /// <summary>Registers the directory, then again periodically and whenever the registry's silo died.</summary>
    private async Task KeepAsync()
    {
        var reference = _grains.CreateObjectReference<ILiveDirectoryObserver>(this);
        long? registeredAt = null;
        try
        {
            using var timer = new PeriodicTimer(_options.MembershipCheckPeriod, _time);
            do
            {
                if (registeredAt is { } at && _time.GetElapsedTime(at) < _options.RefreshPeriod && !RegistryDied())
                {
                    continue;
                }

                try
                {
                    Use(await _grains.GetGrain<ILiveRegistryGrain>(0).RegisterDirectoryAsync(_silo, reference, Current?.Nodes ?? []));
                    registeredAt = _time.GetTimestamp();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException && !_stopping.IsCancellationRequested)
                {
                    // Retried on the next tick; meanwhile the directory keeps publishing with the list it has.
                    LogRegisterFailed(_logger, ex, _silo);
                }
            }
            while (await timer.WaitForNextTickAsync(_stopping));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The silo is stopping.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && _stopping.IsCancellationRequested)
        {
            // The silo is stopping: its registry call failed with it.
        }

        // The reference is deliberately not deleted when the loop ends with the host's stopping: the
        // node's own unregistration comes after it (hosted services stop after ApplicationStopping), and
        // the registry then pushes the shorter list to this directory too. Deleted, that push met an
        // unknown observer ("Unexpected target grain") and held the shutdown for the 5 s call timeout.
    }

    private bool RegistryDied() =>
        Current is { } list && _membership.CurrentSnapshot.GetSiloStatus(list.Registry) == SiloStatus.Dead;

    private void SendToOthers(LiveNodeList nodes, LiveChange change)
    {
        foreach (var node in nodes.Nodes)
        {
            if (node.NodeId == _local?.NodeId)
            {
                continue;
            }

            try
            {
                // One-way: the task completes once the message is queued, whatever the node does with it.
                _ = node.Observer.OnChangeAsync(change);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogSendFailed(_logger, ex, node.NodeId);
            }
        }
    }

    private void DeliverLocally(LocalNode local, LiveChange change)
    {
        try
        {
            // Not awaited: the node's connections are its own business, not the publishing grain's.
            local.Node.OnChangeAsync(change).ContinueWith(
                delivery => LogSendFailed(_logger, delivery.Exception!, local.NodeId),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogSendFailed(_logger, ex, local.NodeId);
        }
    }

    private sealed record LocalNode(string NodeId, IDeskNodeObserver Node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering the live directory of silo {Silo} failed; it retries")]
    private static partial void LogRegisterFailed(ILogger logger, Exception exception, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending a live change to node {NodeId} failed")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "More than {Capacity} live changes waited for the registry; the oldest was dropped")]
    private static partial void LogPendingDropped(ILogger logger, int capacity);
}
