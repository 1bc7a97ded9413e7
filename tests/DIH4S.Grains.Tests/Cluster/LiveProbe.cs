using System.Collections.Concurrent;
using DIH4S.Contracts.Live;

namespace DIH4S.Grains.Tests.Cluster;

/// <summary>
/// A node bridge registered with the live registry that records every change and lets a test await one.
/// It lives in the test's cluster client, so it registers as a client node unless told a silo to stand
/// for. Dispose it to unregister.
/// </summary>
public sealed class LiveProbe : IDeskNodeObserver, IAsyncDisposable
{
    /// <summary>How long a test waits for a change before failing instead of hanging.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<LiveChange> _received = new();
    private readonly List<(Func<LiveChange, bool> Match, TaskCompletionSource<LiveChange> Signal)> _waiters = [];
    private readonly Lock _gate = new();
    private readonly IGrainFactory _grains;
    private readonly string _nodeId = People.NewId("node");
    private IDeskNodeObserver? _reference;

    private LiveProbe(IGrainFactory grains) => _grains = grains;

    /// <summary>The id under which the probe is registered.</summary>
    public string NodeId => _nodeId;

    /// <summary>Registers a probe; <paramref name="silo"/> is the silo it claims to be co-hosted with (none: a client node).</summary>
    public static async Task<LiveProbe> RegisterAsync(IGrainFactory grains, SiloAddress? silo = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var probe = new LiveProbe(grains);
        probe._reference = grains.CreateObjectReference<IDeskNodeObserver>(probe);
        await grains.GetGrain<ILiveRegistryGrain>(0).RegisterNodeAsync(new LiveNode(probe._nodeId, probe._reference, silo));
        return probe;
    }

    public Task OnChangeAsync(LiveChange change)
    {
        lock (_gate)
        {
            _received.Enqueue(change);
            foreach (var waiter in _waiters.Where(w => w.Match(change)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult(change);
            }
        }

        return Task.CompletedTask;
    }

    public Task PingAsync() => Task.CompletedTask;

    /// <summary>The first request change (already received or still to come) that matches.</summary>
    public Task<RequestChanged> NextAsync(Func<RequestChanged, bool> match) => NextAsync<RequestChanged>(match);

    /// <summary>The withdrawal of a request's offer, once published.</summary>
    public Task<OfferWithdrawn> WithdrawalAsync(string requestId) => NextAsync<OfferWithdrawn>(w => w.Offer.RequestId == requestId);

    private async Task<T> NextAsync<T>(Func<T, bool> match)
        where T : LiveChange
    {
        Task<LiveChange> next;
        lock (_gate)
        {
            if (_received.OfType<T>().FirstOrDefault(match) is { } seen)
            {
                return seen;
            }

            var signal = new TaskCompletionSource<LiveChange>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((c => c is T typed && match(typed), signal));
            next = signal.Task;
        }

        return (T)await next.WaitAsync(Patience);
    }

    /// <summary>The change that published <paramref name="version"/> of the request.</summary>
    public Task<RequestChanged> VersionAsync(string requestId, int version) =>
        NextAsync(c => c.Request.Id == requestId && c.Request.Version == version);

    public async ValueTask DisposeAsync()
    {
        await _grains.GetGrain<ILiveRegistryGrain>(0).UnregisterNodeAsync(_nodeId);
        if (_reference is not null)
        {
            _grains.DeleteObjectReference<IDeskNodeObserver>(_reference);
        }
    }
}
