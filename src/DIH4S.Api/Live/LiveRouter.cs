using DIH4S.Contracts.Live;

namespace DIH4S.Api.Live;

/// <summary>
/// This node's table of live connections and the audiences each belongs to (ADR 0004). It decides
/// which connections receive a change — each at most once, however many of its audiences the change
/// names — and closes the gap between SignalR's handshake and the moment a connection joins: a
/// connection that joins late still receives, in order, every change routed since its
/// <see cref="Mark"/>, taken before the handshake.
/// </summary>
/// <remarks>
/// Routing and joining take one lock, so a change is either routed to a connection or replayed to
/// it, never both and never neither. The sends start inside the lock (each one's synchronous part
/// queues the message on its connection), which keeps a connection's messages in routing order;
/// their completion is awaited outside it. <c>send</c> delivers one change to one connection (the
/// host passes the hub context's; tests record).
/// </remarks>
public sealed class LiveRouter(TimeProvider time, Func<string, LiveChange, Task> send)
{
    /// <summary>The <c>HttpContext.Items</c> key under which the hub's requests carry their mark.</summary>
    public static readonly object MarkKey = new();

    /// <summary>How long routed changes stay available for connections still in their handshake.</summary>
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromSeconds(30);

    /// <summary>At most this many routed changes are kept for replay, however busy the node.</summary>
    public const int ReplayCapacity = 10_000;

    private readonly Lock _gate = new();
    private readonly Queue<Routed> _recent = new();
    private readonly Dictionary<string, HashSet<string>> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _audiencesOf = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>The number of connections joined on this node.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_gate)
            {
                return _audiencesOf.Count;
            }
        }
    }

    /// <summary>The position in the stream of changes now; a connection joining later replays what follows it.</summary>
    public long Mark()
    {
        lock (_gate)
        {
            return _sequence;
        }
    }

    /// <summary>
    /// Sends the change to every joined connection in one of its audiences, once each, and keeps it
    /// for connections still joining.
    /// </summary>
    public Task RouteAsync(LiveChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        List<Task> sending = [];
        lock (_gate)
        {
            _sequence++;
            _recent.Enqueue(new Routed(_sequence, time.GetTimestamp(), change));
            Forget();
            HashSet<string> recipients = new(StringComparer.Ordinal);
            foreach (var audience in change.Audience)
            {
                if (_members.TryGetValue(audience, out var members))
                {
                    recipients.UnionWith(members);
                }
            }

            foreach (var connectionId in recipients)
            {
                sending.Add(send(connectionId, change));
            }
        }

        return Task.WhenAll(sending);
    }

    /// <summary>
    /// Adds a connection to its audiences and sends it, in order, the changes for those audiences
    /// routed after <paramref name="mark"/>. Returns false when some of them are no longer kept (the
    /// client then relies on re-reading over REST, as API.md asks after every connect).
    /// </summary>
    public async Task<bool> JoinAsync(string connectionId, IReadOnlyList<string> audiences, long mark)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentNullException.ThrowIfNull(audiences);
        List<Task> replays = [];
        bool complete;
        lock (_gate)
        {
            Leave(connectionId);
            _audiencesOf[connectionId] = audiences;
            foreach (var audience in audiences)
            {
                if (!_members.TryGetValue(audience, out var members))
                {
                    _members[audience] = members = new HashSet<string>(StringComparer.Ordinal);
                }

                members.Add(connectionId);
            }

            Forget();
            var oldestKept = _recent.TryPeek(out var oldest) ? oldest.Sequence : _sequence + 1;
            complete = oldestKept <= mark + 1;
            foreach (var routed in _recent)
            {
                if (routed.Sequence > mark && routed.Change.Audience.Any(audiences.Contains))
                {
                    replays.Add(send(connectionId, routed.Change));
                }
            }
        }

        await Task.WhenAll(replays);
        return complete;
    }

    /// <summary>Removes a connection from every audience.</summary>
    public void Leave(string connectionId)
    {
        lock (_gate)
        {
            if (!_audiencesOf.Remove(connectionId, out var audiences))
            {
                return;
            }

            foreach (var audience in audiences)
            {
                if (_members.TryGetValue(audience, out var members) && members.Remove(connectionId) && members.Count == 0)
                {
                    _members.Remove(audience);
                }
            }
        }
    }

    private void Forget()
    {
        while (_recent.TryPeek(out var oldest)
            && (_recent.Count > ReplayCapacity || time.GetElapsedTime(oldest.Timestamp) > ReplayWindow))
        {
            _recent.Dequeue();
        }
    }

    private readonly record struct Routed(long Sequence, long Timestamp, LiveChange Change);
}
