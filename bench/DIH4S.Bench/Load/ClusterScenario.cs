using System.Globalization;

namespace DIH4S.Bench.Load;

/// <summary>
/// Scenario <c>cluster</c> (issue 11, point 7): the lifecycle loop of <see cref="LifecycleScenario"/> — N workers
/// (default 16), create → accept → start → deliver → close — on a cluster of nodes sharing one PostgreSQL, every call
/// sent to the next node in turn, beside what <c>pgbench</c> measured on the same PostgreSQL in the same run (a
/// single-row upsert, run by bench/load.sh before the nodes started: <c>DESK_BENCH_PGBENCH_TPS</c>, described by
/// <c>DESK_BENCH_PGBENCH_NOTE</c>). The goal: transitions/s ≥ 0.3 × pgbench's upserts/s.
/// </summary>
public static class ClusterScenario
{
    public const string Name = "cluster";

    /// <summary>pgbench's single-row upsert rate, the figure the cluster's throughput is compared with.</summary>
    public const string PgbenchKey = "cluster.pgbench";

    public static async Task RunAsync(LoadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var results = context.Results;
        var pgbench = double.TryParse(Knobs.Text("PGBENCH_TPS", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var tps) ? tps : double.NaN;
        results.Add(new Figure(PgbenchKey, Name, "pgbench single-row upserts/s, same PostgreSQL", pgbench, "/s",
            Note: Knobs.Text("PGBENCH_NOTE", "") is { Length: > 0 } note ? note : null));

        var workers = Knobs.Int("WORKERS", 16, 16);
        var warmUp = TimeSpan.FromSeconds(Knobs.Int("WARMUP_SECONDS", 5, 2));
        var window = TimeSpan.FromSeconds(Knobs.Int("SECONDS", 20, 5));
        var nodes = context.Nodes.Count == 1 ? "1 node" : $"{context.Nodes.Count} nodes";
        var cast = await LifecycleScenario.SetUpAsync(context, Name, workers);

        Console.WriteLine($"cluster: {workers} workers over {nodes}, {warmUp.TotalSeconds:0} s warm-up, {window.TotalSeconds:0} s measured");
        var measured = NodeCpu.StartAfterAsync(context.NodePid, warmUp); // the first node's
        var run = await LifecycleScenario.CycleAsync(context.Nodes, cast, warmUp, window);
        results.Add(new Figure("cluster.transitions", Name, $"transitions/s, {workers} workers over {nodes}", run.PerSecond, "/s",
            Note: $"{run.Transitions} in {window.TotalSeconds:0} s; per node {string.Join(" / ", run.PerNode)}"));
        results.Add(new Figure("cluster.vs-pgbench", Name, "transitions/s ÷ pgbench upserts/s", run.PerSecond / pgbench, "×",
            [new Goal(">=", 0.3)]));
        LifecycleScenario.AddActionFigures(results, Name, run, null);
        if (await measured is { } cpu)
        {
            results.Add(cpu.JitFigure(Name, "the first node, measured window"));
        }

        context.ReportAnswers(Name);
    }
}
