using System.Globalization;

namespace DIH4S.Bench.Load;

/// <summary>
/// The load benchmark's entry: one scenario against one node (bench/load.sh starts a fresh node for each),
/// its figures appended to the results file. The node's PID (<c>DESK_BENCH_NODE_PID</c>, for its RSS), its
/// database directory (<c>DESK_BENCH_DATA_DIR</c>, for the raw SQLite figure) and the bare SignalR host's address
/// (<c>DESK_BENCH_BARE_URL</c>) come from the environment.
/// </summary>
public static class LoadBench
{
    public static async Task<int> RunAsync(string scenario, Uri desk, string email, string password, string resultsPath)
    {
        var results = new Results(resultsPath);
        var dataDirectory = Knobs.Text("DATA_DIR", Path.GetTempPath());
        if (scenario == RawScenario.Name)
        {
            await RawScenario.RunAsync(new LoadContext(desk, null!, "", 0, results, dataDirectory));
            return 0;
        }

        using var http = new DeskHttp(desk);
        var admin = await Onboarding.SignInAsync(http, email, password);
        var context = new LoadContext(desk, http, admin, int.Parse(Knobs.Text("NODE_PID", "0"), CultureInfo.InvariantCulture), results, dataDirectory);
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
            default:
                await Console.Error.WriteLineAsync($"unknown scenario {scenario}");
                return 2;
        }

        return 0;
    }
}
