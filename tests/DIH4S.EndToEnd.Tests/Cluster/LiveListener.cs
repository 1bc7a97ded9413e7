using System.Text.Json;
using DIH4S.EndToEnd.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace DIH4S.EndToEnd.Tests.Cluster;

/// <summary>One person's live connection to one node, recording the RequestChanged messages it receives.</summary>
public sealed class LiveListener : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly List<JsonElement> _changes = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LiveListener(HubConnection connection)
    {
        _connection = connection;
        connection.On<JsonElement>("RequestChanged", change =>
        {
            lock (_gate)
            {
                _changes.Add(change);
                _arrived.TrySetResult();
                _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        });
        connection.Closed += _ =>
        {
            _closed.TrySetResult();
            return Task.CompletedTask;
        };
    }

    /// <summary>Completes when the node ends the connection (no automatic reconnect: the test reconnects itself).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Connects <paramref name="person"/> to the node at <paramref name="address"/>; returns once the connection is live.</summary>
    public static async Task<LiveListener> ConnectAsync(Person person, Uri address)
    {
        ArgumentNullException.ThrowIfNull(person);
        var token = person.Http.DefaultRequestHeaders.Authorization?.Parameter;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(address, "hubs/desk"), o => o.AccessTokenProvider = () => Task.FromResult(token))
            .Build();
        var listener = new LiveListener(connection);
        await connection.StartAsync();
        return listener;
    }

    /// <summary>The first change of request <paramref name="id"/> at <paramref name="version"/> or later (received or still to come).</summary>
    public async Task<JsonElement> WaitForAsync(string id, int version, TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        while (true)
        {
            Task next;
            lock (_gate)
            {
                foreach (var change in _changes)
                {
                    if (change.GetProperty("id").GetString() == id && change.GetProperty("version").GetInt32() >= version)
                    {
                        return change;
                    }
                }

                next = _arrived.Task;
            }

            try
            {
                await next.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No RequestChanged of {id} at version {version} or later within {patience.TotalSeconds} s.");
            }
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
