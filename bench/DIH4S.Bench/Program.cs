using DIH4S.Bench;
using DIH4S.Bench.Load;

// The desk's benchmark (bench/README.md). Figures come from a published node on loopback, measured
// through its public surface only.
return args switch
{
    ["first-load", var url, var email, var password, ..] => await FirstLoad.RunAsync(new Uri(url), email, password, Runs(args)),
    ["load", var scenario, var urls, var email, var password, var results] => await LoadBench.RunAsync(scenario, Nodes(urls), email, password, results),
    ["load-report", var results] => Results.PrintTable(results),
    ["bare-host", ..] => await BareHost.RunAsync(args[1..]),
    _ => Usage(),
};

// One node's address, or a cluster's, comma-separated.
static Uri[] Nodes(string urls) => [.. urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(url => new Uri(url))];

static int Runs(string[] args) => args.Length > 4 && int.TryParse(args[4], out var runs) ? runs : 5;

static int Usage()
{
    Console.Error.WriteLine("usage: DIH4S.Bench first-load <desk-url> <email> <password> [runs]");
    Console.Error.WriteLine("       DIH4S.Bench load raw|lifecycle|contested|live|growth|growth-memory <desk-url> <email> <password> <results.jsonl>");
    Console.Error.WriteLine("       DIH4S.Bench load cluster <node-url>,<node-url>,... <email> <password> <results.jsonl>");
    Console.Error.WriteLine("       DIH4S.Bench load-report <results.jsonl>");
    Console.Error.WriteLine("       DIH4S.Bench bare-host --urls http://127.0.0.1:<port>");
    return 2;
}
