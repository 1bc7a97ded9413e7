using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DIH4S.EndToEnd.Tests.Infrastructure;
using DIH4S.Tests.Shared;
using Xunit.Abstractions;

namespace DIH4S.EndToEnd.Tests.Cluster;

/// <summary>
/// Issue 11's cluster on a real PostgreSQL: three published nodes as separate processes. These tests
/// time what the desk promises (recovery within 30 s, service back within 10 s), so their collection
/// runs alone, after the others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "cluster";
}

[Collection(ClusterCollection.Name)]
public sealed class ClusterTests(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A failed list recording is retried every 5 s (ListRecorder); two periods and a margin.</summary>
    private static readonly TimeSpan ListsConverge = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task AChangeThroughOneNodeReachesAClientOfAnotherAndOneOfTwentyAcceptsWins()
    {
        await using var cluster = await DeskCluster.StartAsync(postgres.Server);
        var api = new DeskApi(cluster[0].Address);
        var hub = await Hub.SetUpAsync(api);
        var staff = new List<Person>();
        for (var i = 0; i < 20; i++)
        {
            var partner = await DeskApi.NewOrganizationAsync(hub.Coordinator, $"Partner {i} {hub.Tag}", "partner", $"cat-{hub.Tag}");
            var member = await api.NewMemberAsync(hub.Coordinator, partner, $"staff{i}-{hub.Tag}@partner.test", $"Staff {i}", "partner-staff");
            staff.Add(DeskCluster.Through(member, cluster[i % 3].Address));
        }

        await using var requesterOnThird = await LiveListener.ConnectAsync(hub.Requester, cluster[2].Address);
        var id = await hub.SubmitAsync($"Twenty partners {hub.Tag}");
        (await requesterOnThird.WaitForAsync(id, 1, Patience)).GetProperty("state").GetString().ShouldBe("open");

        var answers = await Task.WhenAll(staff.Select(async s =>
        {
            using var response = await s.Http.PostAsJsonAsync($"api/requests/{id}/accept", new { });
            return response.StatusCode;
        }));

        answers.Count(a => a == HttpStatusCode.OK).ShouldBe(1);
        answers.Where(a => a != HttpStatusCode.OK).ShouldAllBe(a => a == HttpStatusCode.Conflict);
        (await requesterOnThird.WaitForAsync(id, 2, Patience)).GetProperty("state").GetString().ShouldBe("accepted");
    }

    [Fact]
    public async Task KillingANodeUnderLoadLosesNothingAndItsWorkMovesToTheOthers()
    {
        // Every hour of every day is a business hour here, and a request must be accepted within 90 s: the
        // deadlines of the requests made before the kill fall after it, and the deadline sweep must still find
        // them: its one reminder, every second here, moves to a survivor if its node is the one killed.
        await using var cluster = await DeskCluster.StartAsync(postgres.Server, settings: new Dictionary<string, string>
        {
            ["BusinessHours__DayStart"] = "00:00",
            ["BusinessHours__DayEnd"] = "23:59:59",
            ["BusinessHours__WorkingDays__0"] = "Monday",
            ["BusinessHours__WorkingDays__1"] = "Tuesday",
            ["BusinessHours__WorkingDays__2"] = "Wednesday",
            ["BusinessHours__WorkingDays__3"] = "Thursday",
            ["BusinessHours__WorkingDays__4"] = "Friday",
            ["BusinessHours__WorkingDays__5"] = "Saturday",
            ["BusinessHours__WorkingDays__6"] = "Sunday",
            ["Requests__AcceptanceBusinessHours"] = "0.025",
            ["Cluster__MinimumReminderPeriod"] = "00:00:01",
        });
        var hub = await Hub.SetUpAsync(new DeskApi(cluster[0].Address));

        // Thirty requests left open, spread over the nodes: some of them are active on the node about to die.
        var waiting = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var created = await DeskCluster.Through(hub.Requester, cluster[i % 3].Address)
                .PostAsync("api/requests", new { serviceCode = hub.ServiceCode, title = $"Waiting {i}", description = "Nobody takes it." });
            waiting.Add(created.GetProperty("id").GetString()!);
        }

        await using var partnerOnFirst = await LiveListener.ConnectAsync(hub.StaffB, cluster[0].Address);
        var requesterOnThird = await LiveListener.ConnectAsync(hub.Requester, cluster[2].Address);
        await using var load = ClusterLoad.Start(cluster, hub);
        await load.WaitForAcknowledgedAsync(60, TimeSpan.FromMinutes(2));

        var killed = Stopwatch.StartNew();
        await cluster.KillAsync(2);
        var before = load.Acknowledged.ToDictionary();

        // Every acknowledged change is there, served by the survivors within 30 s of the kill.
        foreach (var (id, version) in before)
        {
            var request = await ReadAsync(cluster, hub.Coordinator, $"api/requests/{id}", TimeSpan.FromSeconds(30) - killed.Elapsed);
            request.GetProperty("version").GetInt32().ShouldBeGreaterThanOrEqualTo(version, id);
        }

        killed.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        output.WriteLine($"Every acknowledged change answered again {killed.Elapsed.TotalSeconds:F1} s after the kill ({before.Count} requests).");

        // The dead node's client noticed at once; it reconnects to a surviving node (as the web app does, once
        // the cluster answers again: until the dead node is declared dead, a connect that needs one of its
        // grains is refused) and catches up over REST.
        await requesterOnThird.Closed.WaitAsync(Patience);
        await requesterOnThird.DisposeAsync();
        await using var requesterAgain = await LiveListener.ConnectAsync(hub.Requester, cluster[0].Address);
        var requester = DeskCluster.Through(hub.Requester, cluster[0].Address);
        var listed = await requester.ListedRequestsAsync();
        foreach (var (id, version) in before)
        {
            listed.ShouldContainKey(id);
            listed[id].ShouldBeGreaterThanOrEqualTo(version, id);
        }

        // Live clients of the surviving nodes keep receiving, including what the reconnected client's node relays.
        var afterKill = (await WriteAsync(cluster, hub.Requester, "api/requests", new { serviceCode = hub.ServiceCode, title = "After the kill", description = "-" }, Patience))
            .GetProperty("id").GetString()!;
        await partnerOnFirst.WaitForAsync(afterKill, 1, Patience);
        await requesterAgain.WaitForAsync(afterKill, 1, Patience);

        // Every deadline recorded before the kill is acted on, by whichever node now runs the sweep.
        foreach (var id in waiting)
        {
            var escalated = await partnerOnFirst.WaitForAsync(id, 2, TimeSpan.FromMinutes(3));
            escalated.GetProperty("state").GetString().ShouldBe("escalated", id);
        }

        await load.StopAsync();
        load.Failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task ADatabaseOutageAnswers503AndTheDeskRecoversByItself()
    {
        postgres.Server.IsPrivate.ShouldBeTrue($"The outage test stops the server: unset {TestPostgres.Variable}.");
        await using var cluster = await DeskCluster.StartAsync(postgres.Server);
        var hub = await Hub.SetUpAsync(new DeskApi(cluster[0].Address));
        await using var load = ClusterLoad.Start(cluster, hub, workers: 2);
        await load.WaitForAcknowledgedAsync(20, TimeSpan.FromMinutes(1));

        await postgres.Server.StopServerAsync();
        var before = load.Acknowledged.ToDictionary();
        await Task.Delay(TimeSpan.FromSeconds(30)); // the outage the issue asks for: the load keeps calling throughout
        var unavailableDuring = load.Unavailable;
        await postgres.Server.StartServerAsync();
        var back = Stopwatch.StartNew();

        await load.WaitForAcknowledgedAsync(1, TimeSpan.FromSeconds(10));
        back.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        output.WriteLine($"A change was acknowledged {back.Elapsed.TotalSeconds:F1} s after the database returned; {unavailableDuring} answers were 503 during the outage.");
        await load.StopAsync();

        unavailableDuring.ShouldBeGreaterThan(0);
        load.Failures.ShouldBeEmpty();
        await ShouldHoldAsync(cluster, hub, before);
    }

    [Fact]
    public async Task ARollingRestartUnderLoadFailsNoRequestAndLosesNothing()
    {
        await using var cluster = await DeskCluster.StartAsync(postgres.Server);
        var hub = await Hub.SetUpAsync(new DeskApi(cluster[0].Address));
        await using var load = ClusterLoad.Start(cluster, hub, workers: 2);
        await load.WaitForAcknowledgedAsync(10, TimeSpan.FromMinutes(1));

        for (var node = 0; node < cluster.Size; node++)
        {
            // As a load balancer does when a node stops being ready: no new calls to it, then a graceful stop.
            var address = cluster[node].Address;
            load.Drained[address] = true;
            await cluster.StopAsync(node);
            await cluster.StartNodeAsync(node);
            await load.WaitForAcknowledgedAsync(5, TimeSpan.FromMinutes(1));
        }

        await load.StopAsync();
        load.Failures.ShouldBeEmpty();
        load.Unanswered.ShouldBe(0);
        await ShouldHoldAsync(cluster, hub, load.Acknowledged.ToDictionary());
    }

    [Fact]
    public async Task TheWholeClusterRestartsOnTheSameDatabaseWithEverythingIntact()
    {
        await using var cluster = await DeskCluster.StartAsync(postgres.Server);
        var hub = await Hub.SetUpAsync(new DeskApi(cluster[0].Address));
        var acknowledged = new Dictionary<string, int>();
        for (var i = 0; i < 10; i++)
        {
            var id = await hub.SubmitAsync($"Before the restart {i}");
            acknowledged[id] = i % 2 == 0
                ? (await DeskCluster.Through(hub.StaffA, cluster[i % 3].Address).PostAsync($"api/requests/{id}/accept", new { })).GetProperty("version").GetInt32()
                : 1;
        }

        for (var node = 0; node < cluster.Size; node++)
        {
            await cluster.StopAsync(node);
        }

        await Task.WhenAll(Enumerable.Range(0, cluster.Size).Select(cluster.StartNodeAsync));

        // New processes, new ports; the people sign in again and find everything.
        var api = new DeskApi(cluster[1].Address);
        var again = hub with
        {
            Coordinator = await api.CoordinatorAsync(),
            Requester = await api.LoginAsync(hub.Requester.Email),
            StaffA = await api.LoginAsync(hub.StaffA.Email),
        };
        await ShouldHoldAsync(cluster, again, acknowledged);
        var partnerList = await DeskCluster.Through(again.StaffA, cluster.Addresses[2]).ListedRequestsAsync();
        acknowledged.Where(a => a.Value >= 2).ShouldAllBe(a => partnerList.ContainsKey(a.Key));
    }

    /// <summary>Every acknowledged request is there, at its version or later, on every node and in the requester's list.</summary>
    private static async Task ShouldHoldAsync(DeskCluster cluster, Hub hub, IReadOnlyDictionary<string, int> acknowledged)
    {
        foreach (var address in cluster.Addresses)
        {
            var coordinator = DeskCluster.Through(hub.Coordinator, address);
            foreach (var (id, version) in acknowledged)
            {
                var request = await ReadAsync(cluster, coordinator, $"api/requests/{id}", Patience);
                request.GetProperty("version").GetInt32().ShouldBeGreaterThanOrEqualTo(version, id);
            }
        }

        // A change the database took but whose list rows it refused (the outage began between the two writes) is
        // acknowledged and recorded by its grain's retry once the database is back (ADR 0017): the list converges
        // within a retry period, not at once.
        var requester = DeskCluster.Through(hub.Requester, cluster.Addresses[0]);
        var converging = Stopwatch.StartNew();
        var listed = await requester.ListedRequestsAsync();
        while (!ListsHold(listed, acknowledged) && converging.Elapsed < ListsConverge)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250)); // polling the lists until the grains' retries land, bounded
            listed = await requester.ListedRequestsAsync();
        }

        foreach (var (id, version) in acknowledged)
        {
            listed.ShouldContainKey(id);
            listed[id].ShouldBeGreaterThanOrEqualTo(version, id);
        }
    }

    /// <summary>Whether the list shows every acknowledged request at its acknowledged version or later.</summary>
    private static bool ListsHold(IReadOnlyDictionary<string, int> listed, IReadOnlyDictionary<string, int> acknowledged) =>
        acknowledged.All(a => listed.TryGetValue(a.Key, out var version) && version >= a.Value);

    /// <summary>A GET through the person's node (another running one once it is gone), tried again on 503 until <paramref name="patience"/> runs out.</summary>
    private static Task<JsonElement> ReadAsync(DeskCluster cluster, Person person, string path, TimeSpan patience) =>
        UntilAnsweredAsync(cluster, person, $"GET {path}", http => http.GetAsync(path), patience);

    /// <summary>A POST tried again on 503 (as Retry-After invites) until it succeeds or <paramref name="patience"/> runs out.</summary>
    private static Task<JsonElement> WriteAsync(DeskCluster cluster, Person person, string path, object body, TimeSpan patience) =>
        UntilAnsweredAsync(cluster, person, $"POST {path}", http => http.PostAsJsonAsync(path, body), patience);

    /// <summary>
    /// Sends <paramref name="call"/> through the person's node while it runs, otherwise through the running nodes in
    /// turn; a 503 or a node gone between the listing and the call is tried again; any other failure fails the test.
    /// </summary>
    private static async Task<JsonElement> UntilAnsweredAsync(
        DeskCluster cluster, Person person, string what, Func<HttpClient, Task<HttpResponseMessage>> call, TimeSpan patience)
    {
        var deadline = Stopwatch.StartNew();
        var attempt = 0;
        while (true)
        {
            var addresses = cluster.Addresses;
            var through = addresses.Contains(person.Http.BaseAddress!) ? person : DeskCluster.Through(person, addresses[attempt++ % addresses.Count]);
            try
            {
                using var response = await call(through.Http);
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync<JsonElement>();
                }

                response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await response.Content.ReadAsStringAsync());
            }
            catch (HttpRequestException) when (deadline.Elapsed < patience)
            {
                // the node went away between the listing and the call
            }

            if (deadline.Elapsed >= patience)
            {
                throw new TimeoutException($"{what} did not succeed within {patience.TotalSeconds:F0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250)); // the desk said 503: a client waits before trying again
        }
    }
}
