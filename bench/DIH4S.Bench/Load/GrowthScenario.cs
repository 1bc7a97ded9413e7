using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DIH4S.Contracts.Catalogue;
using DIH4S.Contracts.Identity;
using DIH4S.Contracts.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DIH4S.Bench.Load;

/// <summary>
/// Scenario <c>growth</c>: the store grows to each checkpoint (default 1k, 10k, 100k requests), and at each one the
/// bench measures create p50/p99 (sequential creates over HTTP), list-page p50/p99 for a coordinator, a requester
/// and a partner-staff member, without and with <c>state=open</c>, first and last page (pageSize 20), and the
/// node's RSS; at the end, on the node restarted on the grown store (<see cref="GrowthMemoryAsync"/>), the RSS after
/// reading up to 100,000 requests one by one (activating their grains).
/// Seeding goes over HTTP when that is fast enough, otherwise through the grains as an Orleans client (a set-up
/// step outside the public API, see <see cref="GrainSeeder"/>). Each checkpoint's seeding has a time cap: when it
/// runs out, the bench measures where it got to and stops growing.
/// </summary>
public static class GrowthScenario
{
    public const string Name = "growth";

    public static async Task RunAsync(LoadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var checkpoints = Knobs.Ints("CHECKPOINTS", [1_000, 10_000, 100_000], [200, 1_000]);
        var customers = Knobs.Int("GROWTH_CUSTOMERS", 4, 4);
        var acceptEvery = Knobs.Int("SEED_ACCEPT_EVERY", 5, 5);
        var checkpointCap = TimeSpan.FromMinutes(Knobs.Int("CHECKPOINT_MINUTES", 20, 2));
        var growthCap = TimeSpan.FromMinutes(Knobs.Int("GROWTH_MINUTES", 90, 6));
        var way = Knobs.Text("SEED", "auto");
        var results = context.Results;
        var clock = Stopwatch.StartNew();

        Console.WriteLine($"growth: set-up of {customers} customers with a requester each, 2 partners with one staff each");
        var setup = context.Onboarding();
        var partnerIds = await setup.OrganizationsAsync("Growth partner", "partner", 2, "bench-growth");
        var service = await setup.ServiceAsync("bench-growth");
        var customerIds = await setup.OrganizationsAsync("Growth customer", "sme", customers);
        var requesters = await setup.MembersAsync(customerIds, "requester", "growth-requester", customers);
        var staff = await setup.MembersAsync(partnerIds, "partner-staff", "growth-staff", 2);
        var world = new World(context, service, requesters, staff, acceptEvery);

        await using var grains = new GrainSeeder(world);
        ISeeder seeder = way == "grains" ? await grains.ConnectAsync() : new HttpSeeder(world);
        var decided = way != "auto";
        var first = true;
        var lastReached = 0;
        Checkpoint? top = null;
        foreach (var target in checkpoints)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(Math.Min(checkpointCap.TotalSeconds, (growthCap - clock.Elapsed).TotalSeconds) * Stopwatch.Frequency);
            var before = world.Stored;
            if (!decided && target > world.Stored)
            {
                // Auto: a first batch over HTTP; grains when HTTP is slower than DESK_BENCH_SEED_HTTP_RATE.
                var probe = Math.Min(Knobs.Int("SEED_PROBE", 500, 200), target - world.Stored);
                var (probed, probeSeconds) = await SeedAsync(world, seeder, world.Stored + probe, deadline);
                var probeRate = probed / probeSeconds;
                results.Add(new Figure($"growth.seed.probe", Name, $"seeding {before:#,0} → {world.Stored:#,0} via {seeder.Way} (probe)",
                    probeRate, "/s", Note: $"{probeSeconds:0} s"));
                before = world.Stored;
                var enough = Knobs.Int("SEED_HTTP_RATE", 500, 500);
                decided = true;
                if (probeRate < enough)
                {
                    results.Note(Name, $"seeding: HTTP gave {probeRate:0}/s (< {enough}/s), so through the grains (Orleans client) from {world.Stored:#,0}");
                    seeder = await grains.ConnectAsync();
                }
                else
                {
                    results.Note(Name, $"seeding: HTTP gave {probeRate:0}/s (≥ {enough}/s), so over HTTP");
                }
            }

            var started = Stopwatch.GetTimestamp();
            var (created, _) = await SeedAsync(world, seeder, target, deadline);
            var seconds = Stats.Ms(started, Stopwatch.GetTimestamp()) / 1000;
            var reached = world.Stored;
            var early = reached < target;
            lastReached = reached;
            if (created > 0)
            {
                results.Add(new Figure($"growth.seed.{target}", Name, $"seeding {before:#,0} → {reached:#,0} via {seeder.Way}",
                    seconds > 0 ? created / seconds : double.NaN, "/s", Note: $"{seconds:0} s" + (world.SeedFailures > 0 ? $", {world.SeedFailures} failed" : "")));
            }

            if (early)
            {
                results.Note(Name, $"stopped growing: the checkpoint {target:#,0} was not reached within its time cap ({reached:#,0} stored)");
            }

            var checkpoint = await MeasureAsync(world, early ? $"{reached:#,0}, short of {target:#,0}" : $"{target:#,0}");
            if (first)
            {
                first = false;
                results.Add(new Figure("growth.create.p99.first", Name, $"create p99 at the first checkpoint ({checkpoint.Label})", checkpoint.CreateP99, "ms"));
            }

            top = checkpoint;
            if (early || clock.Elapsed >= growthCap)
            {
                break;
            }
        }

        results.Add(new Figure("growth.reached", Name, "requests stored at the top checkpoint", lastReached, "count",
            [new Goal(">=", checkpoints.Count == 0 ? 0 : checkpoints[^1])], "the goals below count only once the store reaches the top checkpoint"));
        if (top is not null)
        {
            results.Add(new Figure("growth.top.list.p99", Name, $"worst list-page p99 at the top checkpoint ({top.Label})", top.WorstListP99, "ms",
                [new Goal("<=", 20)], top.WorstList));
            results.Add(new Figure("growth.top.create.p99", Name, $"create p99 at the top checkpoint ({top.Label})", top.CreateP99, "ms",
                [new Goal("<=", 1.5, "growth.create.p99.first")]));
        }

        // The memory figure is taken on a restarted node (GrowthMemoryAsync): here the seeding's own grains are still
        // active, hundreds of thousands of them after a large growth, and would count against the 100,000 read.
        var ids = world.Ids.Take(Knobs.Int("ACTIVATE", 100_000, 1_000)).ToList();
        await File.WriteAllLinesAsync(IdsFile(context), ids);
        Console.WriteLine($"growth: {ids.Count:#,0} request ids kept for the memory step on a restarted node");
        context.ReportAnswers(Name);
    }

    public const string MemoryName = "growth-memory";

    /// <summary>
    /// The growth's memory step, on a node restarted on the grown store (bench/load.sh restarts it): its RSS before
    /// anything is read, then after reading the kept requests one by one as the coordinator (each read activates that
    /// request's grain), so the figure holds those grains and nothing the seeding left active.
    /// </summary>
    public static async Task GrowthMemoryAsync(LoadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ids = await File.ReadAllLinesAsync(IdsFile(context));
        var started = context.NodeRssMiB();
        context.Results.Add(new Figure("growth.restarted.rss", Name, "node RSS after a restart on the grown store, nothing read", started, "MiB"));
        await ActivateAsync(context, ids, TimeSpan.FromMinutes(Knobs.Int("ACTIVATE_MINUTES", 10, 2)));
        context.ReportAnswers(Name);
    }

    private static string IdsFile(LoadContext context) => Path.Combine(context.DataDirectory, "growth-ids.txt");

    private sealed record Checkpoint(string Label, double CreateP99, double WorstListP99, string WorstList);

    /// <summary>Everything the growth scenario shares between seeding and measuring.</summary>
    private sealed class World(LoadContext context, string service, IReadOnlyList<Person> requesters, IReadOnlyList<Person> staff, int acceptEvery)
    {
        private int _stored;
        private int _failures;

        public LoadContext Context => context;

        public string Service => service;

        public IReadOnlyList<Person> Requesters => requesters;

        public IReadOnlyList<Person> Staff => staff;

        public int AcceptEvery => acceptEvery;

        public ConcurrentQueue<string> Ids { get; } = new();

        public int Stored => Volatile.Read(ref _stored);

        public int SeedFailures => Volatile.Read(ref _failures);

        public void Created(string id)
        {
            Ids.Enqueue(id);
            Interlocked.Increment(ref _stored);
        }

        public void Failed(string what)
        {
            if (Interlocked.Increment(ref _failures) <= 3)
            {
                Console.WriteLine($"  seeding failure: {what}");
            }
        }
    }

    /// <summary>A way to store requests: over HTTP, or through the grains.</summary>
    private interface ISeeder
    {
        string Way { get; }

        /// <summary>Creates request number <paramref name="n"/> for customer <c>n % customers</c>; its id, or null.</summary>
        Task<string?> CreateAsync(int n);

        /// <summary>The second partner's staff accepts it (so lists hold more than one state).</summary>
        Task AcceptAsync(string id);
    }

    private sealed class HttpSeeder(World world) : ISeeder
    {
        public string Way => "HTTP";

        public async Task<string?> CreateAsync(int n)
        {
            var answer = await world.Context.Http.PostAsync("/api/requests", world.Requesters[n % world.Requesters.Count].Token,
                new { serviceCode = world.Service, title = $"Growth {n}", description = "A request of the growth benchmark." });
            if (!answer.Ok)
            {
                world.Failed($"create: {answer.Describe()}");
            }

            return answer.Ok ? answer.Text("id") : null;
        }

        public async Task AcceptAsync(string id)
        {
            var answer = await world.Context.Http.PostAsync($"/api/requests/{id}/accept", world.Staff[1].Token);
            if (!answer.Ok)
            {
                world.Failed($"accept: {answer.Describe()}");
            }
        }
    }

    /// <summary>
    /// Seeding through the grains, a benchmark set-up step: an Orleans client joins the node's gateway (localhost
    /// clustering, the node's ServiceId and ClusterId) and calls <see cref="IServiceRequestGrain.SubmitAsync"/> exactly
    /// as <c>RequestsApi.SubmitAsync</c> does: the service from the catalogue, the partners offering its category from
    /// the registry, a <c>req_</c> id, the requester as the actor.
    /// </summary>
    private sealed class GrainSeeder(World world) : ISeeder, IAsyncDisposable
    {
        private IHost? _host;
        private IClusterClient? _client;
        private RequestSubmission? _template;

        public string Way => "grains (Orleans client)";

        public async Task<ISeeder> ConnectAsync()
        {
            if (_client is not null)
            {
                return this;
            }

            var port = int.Parse(Knobs.Text("GATEWAY_PORT", "30000"), CultureInfo.InvariantCulture);
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.UseOrleansClient(client => client.UseLocalhostClustering(
                port, Knobs.Text("SERVICE_ID", "dih4s-desk"), Knobs.Text("CLUSTER_ID", "dih4s")));
            _host = builder.Build();
            await _host.StartAsync();
            _client = _host.Services.GetRequiredService<IClusterClient>();
            var service = await _client.GetGrain<IServiceCatalogGrain>(0).GetAsync(world.Service)
                ?? throw new InvalidOperationException($"The catalogue has no {world.Service}.");
            var partners = await _client.GetGrain<IOrganizationRegistryGrain>(0).PartnersForCategoryAsync(service.Category);
            _template = new RequestSubmission(service.Code, service.Category, "", "A request of the growth benchmark.", partners);
            return this;
        }

        public async Task<string?> CreateAsync(int n)
        {
            var requester = world.Requesters[n % world.Requesters.Count];
            var actor = new Actor(requester.UserId, requester.OrganizationId, OrganizationKind.Sme, [DeskRoles.Requester]);
            var id = $"req_{Guid.NewGuid():N}";
            var outcome = await _client!.GetGrain<IServiceRequestGrain>(id).SubmitAsync(actor, _template! with { Title = $"Growth {n}" });
            if (outcome.Problem is { } problem)
            {
                world.Failed($"submit: {problem.Title}");
                return null;
            }

            return id;
        }

        public async Task AcceptAsync(string id)
        {
            var person = world.Staff[1];
            var actor = new Actor(person.UserId, person.OrganizationId, OrganizationKind.Partner, [DeskRoles.PartnerStaff]);
            var outcome = await _client!.GetGrain<IServiceRequestGrain>(id).ActAsync(actor, new AcceptRequest());
            if (outcome.Problem is { } problem)
            {
                world.Failed($"accept: {problem.Title}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.StopAsync();
                _host.Dispose();
            }
        }
    }

    /// <summary>Stores requests until <paramref name="target"/> are stored or the deadline passes; returns how many it created and in how long.</summary>
    private static async Task<(int Created, double Seconds)> SeedAsync(World world, ISeeder seeder, int target, long deadline)
    {
        var toCreate = target - world.Stored;
        if (toCreate <= 0)
        {
            return (0, 0);
        }

        var parallel = Knobs.Int("SEED_PARALLEL", 32, 16);
        Console.WriteLine($"growth: seeding {world.Stored:#,0} → {target:#,0} via {seeder.Way}, {parallel} at a time");
        var issued = 0;
        var created = 0;
        var started = Stopwatch.GetTimestamp();
        var progress = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var n = Interlocked.Increment(ref issued);
                if (n > toCreate)
                {
                    break;
                }

                var serial = world.Stored + n;
                if (await seeder.CreateAsync(serial) is not { } id)
                {
                    continue;
                }

                world.Created(id);
                Interlocked.Increment(ref created);
                if (world.AcceptEvery > 0 && serial % world.AcceptEvery == 0)
                {
                    await seeder.AcceptAsync(id);
                }
            }
        })).ToList();
        var all = Task.WhenAll(workers);
        while (await Task.WhenAny(all, Task.Delay(1000)) != all)
        {
            if (progress.Elapsed > TimeSpan.FromSeconds(30))
            {
                Console.WriteLine($"  {world.Stored:#,0} stored, {created / (Stats.Ms(started, Stopwatch.GetTimestamp()) / 1000):0}/s");
                progress.Restart();
            }
        }

        await all;
        return (created, Stats.Ms(started, Stopwatch.GetTimestamp()) / 1000);
    }

    /// <summary>A list read slower than this (the goal's p99) is noted with its time.</summary>
    private const double SlowRead = 20;

    /// <summary>At the current size: RSS, create p50/p99, and every list's p50/p99; each slow list read with its time.</summary>
    private static async Task<Checkpoint> MeasureAsync(World world, string label)
    {
        var context = world.Context;
        var results = context.Results;
        var creates = Knobs.Int("GROWTH_CREATES", 300, 50);
        // 200 reads make the p99 the second slowest: with 50 it was the slowest, one stray pause deciding the figure.
        var samples = Knobs.Int("LIST_SAMPLES", 200, 20);
        var cap = TimeSpan.FromSeconds(Knobs.Int("MEASURE_SECONDS", 60, 20));
        var key = label.Split(' ')[0].Replace(",", "", StringComparison.Ordinal);
        Console.WriteLine($"growth: measuring at {label}");
        results.Add(new Figure($"growth.rss.{key}", Name, $"@{label}: node RSS", context.NodeRssMiB(), "MiB"));

        var createMs = new List<double>();
        var capped = Stopwatch.StartNew();
        for (var i = 0; i < creates && capped.Elapsed < cap; i++)
        {
            var answer = await context.Http.PostAsync("/api/requests", world.Requesters[0].Token,
                new { serviceCode = world.Service, title = $"Growth probe {i}", description = "A create measured by the growth benchmark." });
            if (answer.Ok && answer.Text("id") is { } id)
            {
                world.Created(id);
                createMs.Add(answer.Ms);
            }
        }

        var (createP50, createP99, createCount) = Stats.Of(createMs);
        results.Add(new Figure($"growth.create.p99.{key}", Name, $"@{label}: create p99", createP99, "ms",
            Note: $"p50 {Results.Format(createP50, "ms")}, {createCount} creates"));

        var worst = (P99: double.NaN, Which: "");
        var lists = new (string Who, string Token)[]
        {
            ("coordinator", context.AdminToken), ("requester", world.Requesters[0].Token), ("partner staff", world.Staff[0].Token),
        };
        foreach (var (who, token) in lists)
        {
            foreach (var state in new string?[] { null, "open" })
            {
                var filter = state is null ? "" : $"&state={state}";
                var first = await context.Http.GetAsync($"/api/requests?page=1&pageSize=20{filter}", token);
                var total = first.Ok ? first.Json.GetProperty("total").GetInt32() : 0;
                var last = Math.Max(1, (total + 19) / 20);
                foreach (var page in new[] { 1, last }.Distinct())
                {
                    var ms = new List<double>();
                    var which = $"{who}, {(state is null ? "all" : state)}, page {page} of {last}";
                    capped.Restart();
                    for (var i = 0; i < samples && capped.Elapsed < cap; i++)
                    {
                        var answer = await context.Http.GetAsync($"/api/requests?page={page}&pageSize=20{filter}", token);
                        if (answer.Ok)
                        {
                            ms.Add(answer.Ms);
                        }

                        if (answer.Ms > SlowRead)
                        {
                            // When, so a slow read can be laid beside the node's log or a trace of its GC.
                            results.Note(Name, $"@{label}: a read of {which} took {Results.Format(answer.Ms, "ms")}, answered at {DateTime.UtcNow:HH:mm:ss.fff} UTC");
                        }
                    }

                    var (p50, p99, count) = Stats.Of(ms);
                    var max = ms.Count == 0 ? double.NaN : ms.Max();
                    results.Add(new Figure($"growth.list.{key}.{who}.{state ?? "all"}.{(page == 1 ? "first" : "last")}", Name,
                        $"@{label}: list {which}, p99", p99, "ms",
                        Note: $"p50 {Results.Format(p50, "ms")}, max {Results.Format(max, "ms")}, total {total:#,0}, {count} reads"));
                    if (double.IsNaN(worst.P99) || p99 > worst.P99)
                    {
                        worst = (p99, which);
                    }
                }
            }
        }

        return new Checkpoint(label, createP99, worst.P99, worst.Which);
    }

    /// <summary>Reads <paramref name="ids"/> one by one as the coordinator (activating their grains), then the RSS.</summary>
    private static async Task ActivateAsync(LoadContext context, IReadOnlyList<string> ids, TimeSpan cap)
    {
        Console.WriteLine($"growth: reading {ids.Count:#,0} requests one by one");
        var read = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(cap.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (id, _) =>
        {
            if (Stopwatch.GetTimestamp() < deadline && (await context.Http.GetAsync($"/api/requests/{id}", context.AdminToken)).Ok)
            {
                Interlocked.Increment(ref read);
            }
        });
        var seconds = Stats.Ms(started, Stopwatch.GetTimestamp()) / 1000;
        var rss = context.NodeRssMiB();
        context.Results.Add(new Figure("growth.activated.rss", Name, $"node RSS after reading {read:#,0} requests (their grains active)", rss, "MiB",
            read >= 100_000 ? [new Goal("<=", 1024)] : null,
            (read >= 100_000 ? "" : "goal is for 100,000 active; ") + $"{read / Math.Max(seconds, 0.001):0} reads/s"));
    }
}
