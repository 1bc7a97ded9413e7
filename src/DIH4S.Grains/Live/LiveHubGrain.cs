using DIH4S.Contracts.Live;

namespace DIH4S.Grains.Live;

/// <summary>
/// The registry of the nodes' live bridges. Registrations live in memory only: nodes refresh theirs
/// periodically, so after this grain moves (its silo died) the list fills again within one refresh,
/// and a node that vanished without unregistering expires.
/// </summary>
public sealed class LiveHubGrain(TimeProvider time) : Grain, ILiveHubGrain
{
    /// <summary>How long a registration lives without a refresh; nodes refresh at a third of it.</summary>
    public static readonly TimeSpan RegistrationLifetime = TimeSpan.FromSeconds(90);

    private readonly Dictionary<string, (IDeskNodeObserver Observer, DateTimeOffset SeenAt)> _nodes = [];

    public Task RegisterNodeAsync(string nodeId, IDeskNodeObserver observer)
    {
        _nodes[nodeId] = (observer, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task UnregisterNodeAsync(string nodeId)
    {
        _nodes.Remove(nodeId);
        return Task.CompletedTask;
    }

    public Task PublishAsync(LiveChange change)
    {
        var cutoff = time.GetUtcNow() - RegistrationLifetime;
        foreach (var (nodeId, node) in _nodes.ToList())
        {
            if (node.SeenAt < cutoff)
            {
                _nodes.Remove(nodeId);
                continue;
            }

            // One-way: a slow or dead node never holds up the others or the request that changed.
            _ = node.Observer.OnChangeAsync(change);
        }

        return Task.CompletedTask;
    }
}
