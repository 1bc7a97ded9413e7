using System.Collections.Concurrent;
using System.Diagnostics;

namespace DIH4S.Bench.Load;

/// <summary>
/// Scenario <c>lifecycle</c>. First the <b>lone create</b>: one requester creates requests at a fixed rate (open loop,
/// default 10/s) with nothing else running, on the still empty store. Then N workers (default 16), each a requester
/// of its own customer organization and a partner-staff member, loop create → accept → start → deliver → close over
/// HTTP, one call at a time, for a warm-up and then a measured window: every successful action completed within the
/// window counts as one transition; p50/p99 per action over the calls sent within it.
/// </summary>
public static class LifecycleScenario
{
    public const string Name = "lifecycle";

    private static readonly string[] Actions = ["create", "accept", "start", "deliver", "close"];

    public static async Task RunAsync(LoadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var workers = Knobs.Int("WORKERS", 16, 16);
        var warmUp = TimeSpan.FromSeconds(Knobs.Int("WARMUP_SECONDS", 5, 2));
        var window = TimeSpan.FromSeconds(Knobs.Int("SECONDS", 20, 5));
        var loneCount = Knobs.Int("LONE_CREATES", 100, 20);
        var loneRate = Knobs.Int("LONE_RATE", 10, 10);

        var cast = await SetUpAsync(context, Name, workers);
        await LoneCreateAsync(context, cast.Requesters[0], cast.Service, loneCount, loneRate);

        Console.WriteLine($"lifecycle: {workers} workers, {warmUp.TotalSeconds:0} s warm-up, {window.TotalSeconds:0} s measured");
        // The node's JIT over the measured window: how much of the node's CPU went to compiling, not to the requests.
        var measured = NodeCpu.StartAfterAsync(context.NodePid, warmUp);
        var run = await CycleAsync(context.Nodes, cast, warmUp, window);
        var results = context.Results;
        results.Add(new Figure("lifecycle.transitions", Name, $"transitions/s, {workers} workers", run.PerSecond, "/s",
            [new Goal(">=", 2000), new Goal(">=", 0.3, Results.RawKey)], $"{run.Transitions} in {window.TotalSeconds:0} s"));
        AddActionFigures(results, Name, run, [new Goal("<=", 50)]);
        if (await measured is { } cpu)
        {
            results.Add(cpu.JitFigure(Name, "measured window"));
        }

        context.ReportAnswers(Name);
    }

    /// <summary>
    /// The cast of the loop, set up through the first node as the coordinator: <paramref name="workers"/> customers with a
    /// requester each, <c>DESK_BENCH_LIFECYCLE_PARTNERS</c> (4) partners offering the category with <paramref name="workers"/>
    /// staff over them, and one catalogue service of that category.
    /// </summary>
    public static async Task<LifecycleCast> SetUpAsync(LoadContext context, string scenario, int workers)
    {
        ArgumentNullException.ThrowIfNull(context);
        var partners = Knobs.Int("LIFECYCLE_PARTNERS", 4, 4);
        Console.WriteLine($"{scenario}: set-up of {workers} customers with a requester each, {partners} partners with {workers} staff");
        var setup = context.Onboarding();
        var partnerIds = await setup.OrganizationsAsync("Lifecycle partner", "partner", partners, "bench-lifecycle");
        var service = await setup.ServiceAsync("bench-lifecycle");
        var customers = await setup.OrganizationsAsync("Lifecycle customer", "sme", workers);
        var requesters = await setup.MembersAsync(customers, "requester", "lifecycle-requester", workers);
        var staff = await setup.MembersAsync(partnerIds, "partner-staff", "lifecycle-staff", workers);
        return new LifecycleCast(service, requesters, staff);
    }

    /// <summary>
    /// One worker per requester loops create → accept → start → deliver → close, one call at a time, each call sent to
    /// the next of <paramref name="nodes"/> in turn (round robin over all the workers' calls, as a load balancer would);
    /// counted and timed within the measured window after the warm-up.
    /// </summary>
    public static async Task<LifecycleRun> CycleAsync(IReadOnlyList<DeskHttp> nodes, LifecycleCast cast, TimeSpan warmUp, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(cast);
        var samples = Actions.ToDictionary(a => a, _ => new ConcurrentQueue<double>());
        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var perNode = new int[nodes.Count];
        var transitions = 0;
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        var from = start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var until = from + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var cycles = Enumerable.Range(0, cast.Requesters.Count).Select(w => Task.Run(async () =>
        {
            var requester = cast.Requesters[w];
            var partner = cast.Staff[w];
            var n = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                var created = await Step("create", requester.Token, "/api/requests",
                    new { serviceCode = cast.Service, title = $"Lifecycle {w}-{n++}", description = "A request of the lifecycle benchmark." });
                if (created?.Text("id") is not { } id)
                {
                    continue;
                }

                _ = await Step("accept", partner.Token, $"/api/requests/{id}/accept", null) is not null
                    && await Step("start", partner.Token, $"/api/requests/{id}/start", null) is not null
                    && await Step("deliver", partner.Token, $"/api/requests/{id}/deliver", new { summary = "Delivered by the benchmark." }) is not null
                    && await Step("close", requester.Token, $"/api/requests/{id}/close", new { rating = 5 }) is not null;
            }
        })).ToList();

        async Task<Answer?> Step(string action, string token, string path, object? body)
        {
            if (Stopwatch.GetTimestamp() >= until)
            {
                return null;
            }

            var node = (int)((uint)Interlocked.Increment(ref next) % (uint)nodes.Count);
            var answer = await nodes[node].PostAsync(path, token, body);
            var measured = answer.SentAt >= from && answer.AnsweredAt <= until;
            if (!answer.Ok)
            {
                failures.AddOrUpdate($"{action}: {answer.Describe()}", 1, (_, c) => c + 1);
                return null;
            }

            if (measured)
            {
                samples[action].Enqueue(answer.Ms);
                Interlocked.Increment(ref transitions);
                Interlocked.Increment(ref perNode[node]);
            }

            return answer;
        }

        await Task.WhenAll(cycles);
        return new LifecycleRun(transitions, window, samples.ToDictionary(s => s.Key, s => (IReadOnlyCollection<double>)s.Value), failures, perNode);
    }

    /// <summary>p50 and p99 of each action (p99 against <paramref name="p99Goals"/>), and the failed actions against a goal of none.</summary>
    public static void AddActionFigures(Results results, string scenario, LifecycleRun run, IReadOnlyList<Goal>? p99Goals)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(run);
        foreach (var action in Actions)
        {
            var (p50, p99, count) = Stats.Of(run.Samples[action]);
            results.Add(new Figure($"{scenario}.{action}.p50", scenario, $"{action} p50", p50, "ms", Note: $"{count} calls"));
            results.Add(new Figure($"{scenario}.{action}.p99", scenario, $"{action} p99", p99, "ms", p99Goals));
        }

        results.Add(new Figure($"{scenario}.failed", scenario, "actions answered other than 2xx", run.Failures.Values.Sum(), "count", [new Goal("==", 0)]));
        foreach (var (failure, count) in run.Failures.OrderByDescending(f => f.Value).Take(5))
        {
            results.Note(scenario, $"×{count} {failure}");
        }
    }

    /// <summary>Creates at a fixed rate from one requester, each sent on schedule whatever the previous one is doing.</summary>
    private static async Task LoneCreateAsync(LoadContext context, Person requester, string service, int count, int rate)
    {
        Console.WriteLine($"lifecycle: lone create, {count} creates at {rate}/s");
        var start = Stopwatch.GetTimestamp();
        var sends = new List<Task<Answer>>();
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            var wait = Stats.Ms(Stopwatch.GetTimestamp(), due);
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            }

            sends.Add(context.Http.PostAsync("/api/requests", requester.Token,
                new { serviceCode = service, title = $"Lone create {i}", description = "A request of the lone-create benchmark." }));
        }

        var answers = await Task.WhenAll(sends);
        var (p50, p99, measured) = Stats.Of(answers.Where(a => a.Ok).Select(a => a.Ms));
        context.Results.Add(new Figure("lifecycle.lone.p50", Name, $"lone create p50 ({rate}/s, nothing else running)", p50, "ms",
            [new Goal("<=", 10)], $"{measured} of {count} created"));
        context.Results.Add(new Figure("lifecycle.lone.p99", Name, "lone create p99", p99, "ms"));
    }
}

/// <summary>Who the lifecycle loop runs as: the catalogue service, one requester and one partner-staff member per worker.</summary>
public sealed record LifecycleCast(string Service, IReadOnlyList<Person> Requesters, IReadOnlyList<Person> Staff);

/// <summary>
/// What the lifecycle loop measured within its window: the successful actions (each a transition), their times per
/// action, the failures by action and answer, and the successful actions each node answered.
/// </summary>
public sealed record LifecycleRun(
    int Transitions,
    TimeSpan Window,
    IReadOnlyDictionary<string, IReadOnlyCollection<double>> Samples,
    IReadOnlyDictionary<string, int> Failures,
    IReadOnlyList<int> PerNode)
{
    public double PerSecond => Transitions / Window.TotalSeconds;
}
