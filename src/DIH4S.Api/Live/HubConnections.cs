using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace DIH4S.Api.Live;

/// <summary>This node's open hub connections, so one can be closed when its session ends (ADR 0012).</summary>
public sealed class HubConnections
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new(StringComparer.Ordinal);

    public void Add(HubCallerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _open[context.ConnectionId] = context;
    }

    public void Remove(string connectionId) => _open.TryRemove(connectionId, out _);

    /// <summary>How many connections this person holds open on this node.</summary>
    public int CountFor(string userId) =>
        _open.Values.Count(c => c.User?.FindFirst(Identity.DeskClaims.UserId)?.Value == userId);

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
