using System.Text.Json;
using DIH4S.Contracts.Requests;
using Microsoft.AspNetCore.SignalR.Client;

namespace DIH4S.Api.Tests.Infrastructure;

/// <summary>Records the live messages of one connection and lets a test await the one it expects.</summary>
public sealed class LiveInbox : IAsyncDisposable
{
    /// <summary>How long a test waits for a message before failing (a guard, not a synchronization).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The server-to-client messages of API.md.</summary>
    public static readonly IReadOnlyList<string> MessageNames = ["RequestChanged", "BookingChanged", "SeatChanged", "TrainingChanged", "OfferWithdrawn"];

    private readonly HubConnection _connection;
    private readonly List<(string Name, JsonElement Payload)> _messages = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LiveInbox(HubConnection connection)
    {
        _connection = connection;
        connection.Closed += _ =>
        {
            _closed.TrySetResult();
            return Task.CompletedTask;
        };
        foreach (var name in MessageNames)
        {
            connection.On<JsonElement>(name, payload => Record(name, payload));
        }
    }

    /// <summary>Completes when the server closes the connection (tests connect without automatic reconnect).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Every message of one kind received so far, in arrival order.</summary>
    public IReadOnlyList<T> All<T>(string message)
    {
        lock (_gate)
        {
            return [.. _messages.Where(m => m.Name == message).Select(m => m.Payload.Deserialize<T>(DeskClient.Json)!)];
        }
    }

    /// <summary>Every RequestChanged received so far, in arrival order.</summary>
    public IReadOnlyList<RequestView> Requests => All<RequestView>("RequestChanged");

    /// <summary>The first message of this kind (already received or still to come) that matches.</summary>
    public async Task<T> WaitForAsync<T>(string message, Func<T, bool> match)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            Task next;
            lock (_gate)
            {
                var found = _messages.Where(m => m.Name == message)
                    .Select(m => m.Payload.Deserialize<T>(DeskClient.Json)!)
                    .FirstOrDefault(match);
                if (found is not null)
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
                    $"No matching {message} within {Patience.TotalSeconds} s; received: "
                    + string.Join(", ", Snapshot().Select(m => $"{m.Name} {m.Payload}")));
            }
        }
    }

    public Task<RequestView> WaitForRequestAsync(Func<RequestView, bool> match) => WaitForAsync("RequestChanged", match);

    public Task<RequestView> WaitForRequestAsync(string id, int version) =>
        WaitForRequestAsync(r => r.Id == id && r.Version == version);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private void Record(string name, JsonElement payload)
    {
        lock (_gate)
        {
            _messages.Add((name, payload.Clone()));
            _arrived.TrySetResult();
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private List<(string Name, JsonElement Payload)> Snapshot()
    {
        lock (_gate)
        {
            return [.. _messages];
        }
    }
}
