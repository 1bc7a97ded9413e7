using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using DIH4S.EndToEnd.Tests.Infrastructure;

namespace DIH4S.EndToEnd.Tests;

/// <summary>
/// Issue 10's "done": a kill of the host during load loses no acknowledged change and leaves no item
/// missing from its lists after the restart (ADR 0017). The published desk runs as its own process;
/// <c>kill -9</c> gives it no chance to flush or finish anything.
/// </summary>
public sealed class KillTests
{
    private const int Workers = 8;
    private const int AcknowledgedBeforeKill = 120;

    private static readonly Dictionary<string, string> Unthrottled = new()
    {
        ["Quotas__WritesPerMinute"] = "100000",
    };

    [Fact]
    public async Task KillDuringLoadLosesNoAcknowledgedChangeAndNoListedItem()
    {
        var published = await DeskPublisher.PublishAsync();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "dih4s-e2e", $"kill-{Guid.NewGuid():N}");
        var first = await PublishedDesk.StartAsync(published, dataDirectory, Unthrottled);
        try
        {
            var hub = await Hub.SetUpAsync(new DeskApi(first.Address));

            // Each worker submits a request and accepts it, again and again; what the desk answered 2xx is acknowledged.
            var acknowledged = new ConcurrentDictionary<string, int>();
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var id = (await AckAsync(hub.Requester.Http, "api/requests", new { serviceCode = hub.ServiceCode, title = "Load", description = "Kill test." }, stop.Token)).Id;
                        acknowledged[id] = 1;
                        acknowledged[id] = (await AckAsync(hub.StaffA.Http, $"api/requests/{id}/accept", new { }, stop.Token)).Version;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                    {
                        return; // the desk is gone: what was in flight was never acknowledged
                    }

                    if (acknowledged.Count >= AcknowledgedBeforeKill)
                    {
                        enough.TrySetResult();
                    }
                }
            })).ToList();

            await enough.Task.WaitAsync(TimeSpan.FromMinutes(3));
            await first.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(load);
            var before = acknowledged.ToDictionary();

            await using var second = await PublishedDesk.StartAsync(published, dataDirectory, Unthrottled);
            var api = new DeskApi(second.Address);
            var coordinator = await api.CoordinatorAsync();
            var requester = await api.LoginAsync(hub.Requester.Email);
            var staff = await api.LoginAsync(hub.StaffA.Email);

            foreach (var (id, version) in before)
            {
                var request = await coordinator.GetAsync($"api/requests/{id}");
                request.GetProperty("version").GetInt32().ShouldBeGreaterThanOrEqualTo(version, id);
            }

            var coordinatorList = await coordinator.ListedRequestsAsync();
            var customerList = await requester.ListedRequestsAsync();
            var partnerList = await staff.ListedRequestsAsync();
            foreach (var (id, version) in before)
            {
                coordinatorList.ShouldContainKey(id);
                coordinatorList[id].ShouldBeGreaterThanOrEqualTo(version, id);
                customerList.ShouldContainKey(id);
                customerList[id].ShouldBeGreaterThanOrEqualTo(version, id);
                if (version >= 2)
                {
                    partnerList.ShouldContainKey(id); // accepted by this partner
                }
            }
        }
        finally
        {
            await first.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<(string Id, int Version)> AckAsync(HttpClient http, string path, object body, CancellationToken cancellation)
    {
        using var response = await http.PostAsJsonAsync(path, body, cancellation);
        var text = await response.Content.ReadAsStringAsync(cancellation);
        response.IsSuccessStatusCode.ShouldBeTrue($"POST {path}: {(int)response.StatusCode} {text}");
        var root = JsonDocument.Parse(text).RootElement;
        return (root.GetProperty("id").GetString()!, root.GetProperty("version").GetInt32());
    }
}
