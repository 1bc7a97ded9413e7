using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace DIH4S.Api.Live;

/// <summary>
/// This node's open hub connections, so one can be closed when its session ends (ADR 0012), and the
/// transports each person holds open, for the connection quota (ADR 0016).
/// </summary>
public sealed class HubConnections
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _held = new(StringComparer.Ordinal);

    public void Add(HubCallerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _open[context.ConnectionId] = context;
    }

    public void Remove(string connectionId) => _open.TryRemove(connectionId, out _);

    /// <summary>
    /// Counts the person's transport request (a WebSocket, or an event stream or poll) until it ends. The
    /// request is counted before SignalR's handshake answers, so once a client's start returns its
    /// connection is counted: the hub's own <c>OnConnectedAsync</c> runs only after that answer.
    /// </summary>
    public async Task HoldAsync(string userId, Func<Task> transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _held.AddOrUpdate(userId, 1, (_, n) => n + 1);
        try
        {
            await transport();
        }
        finally
        {
            if (_held.AddOrUpdate(userId, 0, (_, n) => n - 1) <= 0)
            {
                _held.TryRemove(KeyValuePair.Create(userId, 0));
            }
        }
    }

    /// <summary>How many connections this person holds open on this node.</summary>
    public int CountFor(string userId) => _held.TryGetValue(userId, out var n) ? n : 0;

    /// <summary>Closes the connection; its client sees the link drop and reconnects with a fresh token, or cannot.</summary>
    public Task CloseAsync(string connectionId)
    {
        if (_open.TryRemove(connectionId, out var context))
        {
            context.Abort();
        }

        return Task.CompletedTask;
    }
}
