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
        var partners = Knobs.Int("LIFECYCLE_PARTNERS", 4, 4);
        var warmUp = TimeSpan.FromSeconds(Knobs.Int("WARMUP_SECONDS", 5, 2));
        var window = TimeSpan.FromSeconds(Knobs.Int("SECONDS", 20, 5));
        var loneCount = Knobs.Int("LONE_CREATES", 100, 20);
        var loneRate = Knobs.Int("LONE_RATE", 10, 10);

        Console.WriteLine($"lifecycle: set-up of {workers} customers with a requester each, {partners} partners with {workers} staff");
        var setup = context.Onboarding();
        var partnerIds = await setup.OrganizationsAsync("Lifecycle partner", "partner", partners, "bench-lifecycle");
        var service = await setup.ServiceAsync("bench-lifecycle");
        var customers = await setup.OrganizationsAsync("Lifecycle customer", "sme", workers);
        var requesters = await setup.MembersAsync(customers, "requester", "lifecycle-requester", workers);
        var staff = await setup.MembersAsync(partnerIds, "partner-staff", "lifecycle-staff", workers);

        await LoneCreateAsync(context, requesters[0], service, loneCount, loneRate);

        Console.WriteLine($"lifecycle: {workers} workers, {warmUp.TotalSeconds:0} s warm-up, {window.TotalSeconds:0} s measured");
        var samples = Actions.ToDictionary(a => a, _ => new ConcurrentQueue<double>());
        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var transitions = 0;
        var start = Stopwatch.GetTimestamp();
        var from = start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var until = from + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var cycles = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var requester = requesters[w];
            var partner = staff[w];
            var n = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                var created = await Step("create", requester.Token, "/api/requests",
                    new { serviceCode = service, title = $"Lifecycle {w}-{n++}", description = "A request of the lifecycle benchmark." });
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

            var answer = await context.Http.PostAsync(path, token, body);
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
            }

            return answer;
        }

        await Task.WhenAll(cycles);
        var results = context.Results;
        results.Add(new Figure("lifecycle.transitions", Name, $"transitions/s, {workers} workers", transitions / window.TotalSeconds, "/s",
            [new Goal(">=", 2000), new Goal(">=", 0.3, Results.RawKey)], $"{transitions} in {window.TotalSeconds:0} s"));
        foreach (var action in Actions)
        {
            var (p50, p99, count) = Stats.Of(samples[action]);
            results.Add(new Figure($"lifecycle.{action}.p50", Name, $"{action} p50", p50, "ms", Note: $"{count} calls"));
            results.Add(new Figure($"lifecycle.{action}.p99", Name, $"{action} p99", p99, "ms", [new Goal("<=", 50)]));
        }

        results.Add(new Figure("lifecycle.failed", Name, "actions answered other than 2xx", failures.Values.Sum(), "count", [new Goal("==", 0)]));
        foreach (var (failure, count) in failures.OrderByDescending(f => f.Value).Take(5))
        {
            results.Note(Name, $"×{count} {failure}");
        }

        context.ReportAnswers(Name);
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
