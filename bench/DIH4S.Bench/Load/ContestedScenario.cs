using System.Text.Json;

namespace DIH4S.Bench.Load;

/// <summary>
/// Scenario <c>contested</c>: C partner-staff members (default 100), spread over P partners (default 10) that all
/// offer the service's category, accept the same new request at once — every accept prepared, then released
/// together. R rounds (default 20, after one warm-up round that opens the HTTP connections): the number of 200s per
/// round (exactly one wanted; the rest 409), the request's partner afterwards (the winner's), and p50/p99 over all
/// accept answers of all rounds.
/// <para>
/// Before them, W warm-up rounds (default 100, about ten seconds): the first opens the HTTP connections, and until
/// the node's JIT has recompiled the accept's path optimized, the rounds measure a node warming up (on this machine
/// the first ten rounds after start reached 70–90 ms, rounds after a hundred 20 ms). Their p99 is reported apart, as
/// is the share of the node's CPU its JIT took during the measured rounds.
/// </para>
/// </summary>
public static class ContestedScenario
{
    public const string Name = "contested";

    public static async Task RunAsync(LoadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var contestants = Knobs.Int("CONTESTANTS", 100, 100);
        var partners = Knobs.Int("CONTEST_PARTNERS", 10, 10);
        var rounds = Knobs.Int("ROUNDS", 20, 3);
        var warmUp = Math.Max(1, Knobs.Int("CONTEST_WARMUP_ROUNDS", 100, 1));

        Console.WriteLine($"contested: set-up of {partners} partners with {contestants} staff");
        var setup = context.Onboarding();
        var partnerIds = await setup.OrganizationsAsync("Contest partner", "partner", partners, "bench-contest");
        var service = await setup.ServiceAsync("bench-contest");
        var customer = await setup.OrganizationAsync("Contest customer", "sme");
        var requester = await setup.MemberAsync(customer, "requester", "contest-requester");
        var staff = await setup.MembersAsync(partnerIds, "partner-staff", "contest-staff", contestants);

        Console.WriteLine($"contested: {warmUp} warm-up and {rounds} measured rounds of {contestants} accepts at once");
        var latencies = new List<double>();
        var coldLatencies = new List<double>();
        NodeCpu? cpu = null;
        var oneWinner = 0;
        var consistent = 0;
        var unexpected = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var round = 1 - warmUp; round <= rounds; round++)
        {
            if (round == 1)
            {
                cpu = NodeCpu.Start(context.NodePid);
            }

            var id = DeskHttp.Expect(await context.Http.PostAsync("/api/requests", requester.Token,
                new { serviceCode = service, title = $"Contested {round}", description = "Everyone wants this one." }), "create").Text("id")!;
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var accepts = staff.Select(person => Task.Run(async () =>
            {
                await go.Task;
                return (person, answer: await context.Http.PostAsync($"/api/requests/{id}/accept", person.Token));
            })).ToList();
            await Task.Delay(50);
            go.SetResult();
            var answers = await Task.WhenAll(accepts);
            var slowest = answers.Max(a => a.answer.Ms);
            if (round <= 0)
            {
                coldLatencies.AddRange(answers.Select(a => a.answer.Ms));
                Console.WriteLine($"  warm-up round {round + warmUp}: slowest answer {slowest:0.0} ms");
                continue;
            }

            latencies.AddRange(answers.Select(a => a.answer.Ms));
            var winners = answers.Where(a => a.answer.Status == 200).ToList();
            oneWinner += winners.Count == 1 ? 1 : 0;
            foreach (var odd in answers.Where(a => a.answer.Status is not (200 or 409)))
            {
                unexpected[odd.answer.Describe()] = unexpected.GetValueOrDefault(odd.answer.Describe()) + 1;
            }

            var stored = await context.Http.GetAsync($"/api/requests/{id}", context.AdminToken);
            var partnerId = stored.Ok && stored.Json.TryGetProperty("partnerId", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            consistent += winners.Count == 1 && partnerId == winners[0].person.OrganizationId ? 1 : 0;
            Console.WriteLine($"  round {round}: {winners.Count} × 200, {answers.Count(a => a.answer.Status == 409)} × 409, slowest answer {slowest:0.0} ms");
        }

        var (p50, p99, count) = Stats.Of(latencies);
        var results = context.Results;
        results.Add(new Figure("contested.one-winner", Name, "rounds with exactly one 200", oneWinner, "count",
            [new Goal("==", rounds)], $"of {rounds}"));
        results.Add(new Figure("contested.consistent", Name, "rounds whose stored partner is the one winner's", consistent, "count",
            [new Goal("==", rounds)], $"of {rounds}"));
        results.Add(new Figure("contested.p50", Name, "accept p50, all answers", p50, "ms", Note: $"{count} answers"));
        results.Add(new Figure("contested.p99", Name, "accept p99, all answers", p99, "ms", [new Goal("<=", 50)]));
        var (_, coldP99, coldCount) = Stats.Of(coldLatencies);
        results.Add(new Figure("contested.warm-up.p99", Name, "accept p99, warm-up rounds", coldP99, "ms",
            Note: $"{coldCount} answers in {warmUp} rounds; the first opens the connections"));
        if (cpu is not null)
        {
            results.Add(cpu.JitFigure(Name, "measured rounds"));
        }

        results.Add(new Figure("contested.unexpected", Name, "accept answers other than 200 or 409", unexpected.Values.Sum(), "count", [new Goal("==", 0)]));
        foreach (var (what, n) in unexpected.OrderByDescending(u => u.Value).Take(5))
        {
            results.Note(Name, $"×{n} {what}");
        }

        context.ReportAnswers(Name);
    }
}
