using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DIH4S.EndToEnd.Tests.Infrastructure;

namespace DIH4S.EndToEnd.Tests.Cluster;

/// <summary>
/// Light load on a cluster: workers that submit a request and accept it, again and again, each call through
/// the next running node (as a load balancer spreads them). It records what was acknowledged (a 2xx, with
/// the version answered) and every answer that was not a 2xx.
/// </summary>
public sealed class ClusterLoad : IAsyncDisposable
{
    private readonly DeskCluster _cluster;
    private readonly Hub _hub;
    private readonly ConcurrentDictionary<(string Email, Uri Address), Person> _clients = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers;
    private int _next;

    private ClusterLoad(DeskCluster cluster, Hub hub, int workers)
    {
        _cluster = cluster;
        _hub = hub;
        _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync))];
    }

    /// <summary>Request id → the highest version the desk acknowledged.</summary>
    public ConcurrentDictionary<string, int> Acknowledged { get; } = new();

    /// <summary>Answers that were neither 2xx nor 503 problem+json with Retry-After, as "POST path: status body".</summary>
    public ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>How many 503 problem+json answers with Retry-After came (a client retries those).</summary>
    public int Unavailable => _unavailable;

    /// <summary>Calls that got no answer: the node was gone (connection refused or reset) or did not answer in time.</summary>
    public int Unanswered => _unanswered;

    private readonly Lock _gate = new();
    private TaskCompletionSource _acked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _unavailable;
    private int _unanswered;

    /// <summary>Addresses the load leaves alone (a node being drained before it stops, as a load balancer does).</summary>
    public ConcurrentDictionary<Uri, bool> Drained { get; } = new();

    public static ClusterLoad Start(DeskCluster cluster, Hub hub, int workers = 4) => new(cluster, hub, workers);

    /// <summary>Completes once at least <paramref name="count"/> requests are acknowledged.</summary>
    public async Task WaitForAcknowledgedAsync(int count, TimeSpan patience)
    {
        var target = Acknowledged.Count + count;
        using var timeout = new CancellationTokenSource(patience);
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (Acknowledged.Count >= target)
                {
                    return;
                }

                next = _acked.Task;
            }

            await next.WaitAsync(timeout.Token);
        }
    }

    private void Acknowledge(string id, int version)
    {
        lock (_gate)
        {
            Acknowledged[id] = version;
            _acked.TrySetResult();
            _acked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task WorkAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var created = await CallAsync(_hub.Requester, "api/requests", new { serviceCode = _hub.ServiceCode, title = "Load", description = "Cluster test." });
            if (created is not { } request)
            {
                continue;
            }

            var id = request.GetProperty("id").GetString()!;
            Acknowledge(id, request.GetProperty("version").GetInt32());
            if (await CallAsync(_hub.StaffA, $"api/requests/{id}/accept", new { }) is { } accepted)
            {
                Acknowledge(id, accepted.GetProperty("version").GetInt32());
            }
        }
    }

    private async Task<JsonElement?> CallAsync(Person person, string path, object body)
    {
        var addresses = _cluster.Addresses.Where(a => !Drained.ContainsKey(a)).ToList();
        if (addresses.Count == 0)
        {
            await Task.Delay(100); // every node is down or drained: wait for one, bounded by the test's own patience
            return null;
        }

        var address = addresses[Interlocked.Increment(ref _next) % addresses.Count];
        var client = _clients.GetOrAdd((person.Email, address), key => DeskCluster.Through(person, key.Address));
        try
        {
            using var response = await client.Http.PostAsJsonAsync(path, body, _stop.Token);
            var text = await response.Content.ReadAsStringAsync(_stop.Token);
            if (response.IsSuccessStatusCode)
            {
                return JsonDocument.Parse(text).RootElement.Clone();
            }

            if (response.StatusCode == HttpStatusCode.ServiceUnavailable
                && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                && response.Headers.RetryAfter is not null)
            {
                Interlocked.Increment(ref _unavailable);
            }
            else
            {
                Failures.Enqueue($"POST {address}{path}: {(int)response.StatusCode} {text}");
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref _unanswered);
        }
        catch (TaskCanceledException) when (!_stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _unanswered);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // the test stopped the load: this call was never acknowledged
        }

        return null;
    }
}
