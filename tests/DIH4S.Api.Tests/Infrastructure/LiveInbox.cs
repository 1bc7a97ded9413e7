using DIH4S.Contracts.Requests;
using Microsoft.AspNetCore.SignalR.Client;

namespace DIH4S.Api.Tests.Infrastructure;

/// <summary>Records the live messages of one connection and lets a test await the one it expects.</summary>
public sealed class LiveInbox : IAsyncDisposable
{
    /// <summary>How long a test waits for a message before failing (a guard, not a synchronization).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly HubConnection _connection;
    private readonly List<RequestView> _requests = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LiveInbox(HubConnection connection)
    {
        _connection = connection;
        connection.On<RequestView>("RequestChanged", request =>
        {
            lock (_gate)
            {
                _requests.Add(request);
                _arrived.TrySetResult();
                _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        });
    }

    /// <summary>Every RequestChanged received so far, in arrival order.</summary>
    public IReadOnlyList<RequestView> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The first RequestChanged (already received or still to come) that matches.</summary>
    public async Task<RequestView> WaitForRequestAsync(Func<RequestView, bool> match)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (_requests.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                next = _arrived.Task;
            }

            try
            {
                await next.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"No matching RequestChanged within {Patience.TotalSeconds} s; received: "
                    + string.Join(", ", Requests.Select(r => $"{r.Id}@{r.Version}:{r.State}")));
            }
        }
    }

    public Task<RequestView> WaitForRequestAsync(string id, int version) =>
        WaitForRequestAsync(r => r.Id == id && r.Version == version);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
