using DIH4S.Api.Identity;
using Microsoft.AspNetCore.SignalR;

namespace DIH4S.Api.Tests.Infrastructure;

/// <summary>
/// A hub filter that can keep one person's next connection waiting inside its connect, after SignalR's
/// handshake has completed and before the hub has entered the connection into its audiences.
/// </summary>
public sealed class ConnectGate : IHubFilter
{
    private readonly Lock _lock = new();
    private string? _heldUserId;
    private TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Holds the next connection of this user until <see cref="Open"/>.</summary>
    public void Hold(string userId)
    {
        lock (_lock)
        {
            _heldUserId = userId;
            _opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets the held connection finish connecting.</summary>
    public void Open()
    {
        lock (_lock)
        {
            _heldUserId = null;
            _opened.TrySetResult();
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        Task wait = Task.CompletedTask;
        lock (_lock)
        {
            if (_heldUserId is not null && context.Context.User?.ToActor().UserId == _heldUserId)
            {
                wait = _opened.Task;
            }
        }

        await wait.WaitAsync(LiveInbox.Patience);
        await next(context);
    }
}
