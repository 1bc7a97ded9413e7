using System.Globalization;

namespace DIH4S.Bench.Load;

/// <summary>
/// The load benchmark's entry: one scenario against one node (bench/load.sh starts a fresh node for each) or, for
/// <c>cluster</c>, against every node of a cluster (the first one sets up), its figures appended to the results file.
/// The node's PID (<c>DESK_BENCH_NODE_PID</c>, for its RSS), its database directory (<c>DESK_BENCH_DATA_DIR</c>, for
/// the raw SQLite figure), the bare SignalR host's address (<c>DESK_BENCH_BARE_URL</c>) and pgbench's figure
/// (<c>DESK_BENCH_PGBENCH_TPS</c>) come from the environment.
/// </summary>
public static class LoadBench
{
    public static async Task<int> RunAsync(string scenario, IReadOnlyList<Uri> nodes, string email, string password, string resultsPath)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var desk = nodes[0];
        var results = new Results(resultsPath);
        var dataDirectory = Knobs.Text("DATA_DIR", Path.GetTempPath());
        if (scenario == RawScenario.Name)
        {
            await RawScenario.RunAsync(new LoadContext(desk, null!, "", 0, results, dataDirectory));
            return 0;
        }

        var https = nodes.Select(node => new DeskHttp(node)).ToList();
        try
        {
            var http = https[0];
            var admin = await Onboarding.SignInAsync(http, email, password);
            var context = new LoadContext(desk, http, admin, int.Parse(Knobs.Text("NODE_PID", "0"), CultureInfo.InvariantCulture), results, dataDirectory)
            {
                Nodes = https,
            };
            return await RunAsync(scenario, context);
        }
        finally
        {
            https.ForEach(http => http.Dispose());
        }
    }

    private static async Task<int> RunAsync(string scenario, LoadContext context)
    {
        switch (scenario)
        {
            case LifecycleScenario.Name:
                await LifecycleScenario.RunAsync(context);
                break;
            case ContestedScenario.Name:
                await ContestedScenario.RunAsync(context);
                break;
            case LiveScenario.Name:
                await LiveScenario.RunAsync(context, Knobs.Text("BARE_URL", "") is { Length: > 0 } bare ? new Uri(bare) : null);
                break;
            case GrowthScenario.Name:
                await GrowthScenario.RunAsync(context);
                break;
            case GrowthScenario.MemoryName:
                await GrowthScenario.GrowthMemoryAsync(context);
                break;
            case ClusterScenario.Name:
                await ClusterScenario.RunAsync(context);
                break;
            default:
                await Console.Error.WriteLineAsync($"unknown scenario {scenario}");
                return 2;
        }

        return 0;
    }
}
