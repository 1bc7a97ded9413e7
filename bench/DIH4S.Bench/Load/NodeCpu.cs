using System.Globalization;

namespace DIH4S.Bench.Load;

/// <summary>
/// The node's CPU time since a start, and the part of it its JIT compiler's background thread took (the
/// thread <c>.NET Tiered Compilation Worker</c>, which recompiles hot methods optimized), read from
/// <c>/proc/PID/task/*/stat</c>. A figure measured while that thread is busy is of a node still warming up:
/// on two cores it takes CPU from the requests being measured.
/// </summary>
public sealed class NodeCpu
{
    private const double TicksPerSecond = 100; // USER_HZ, the unit of /proc's times on Linux
    private const string JitThread = ".NET Tiered Com"; // the thread's name, as the kernel keeps it (15 characters)

    private readonly int _pid;
    private readonly double _nodeAtStart;
    private readonly Dictionary<int, double> _jitAtStart;

    private NodeCpu(int pid)
    {
        _pid = pid;
        (_nodeAtStart, _jitAtStart) = Read();
    }

    /// <summary>Starts counting; null when the node's PID is unknown or not readable.</summary>
    public static NodeCpu? Start(int pid) => pid > 0 && File.Exists($"/proc/{pid}/stat") ? new NodeCpu(pid) : null;

    /// <summary>Starts counting once <paramref name="delay"/> has passed: a scenario's warm-up.</summary>
    public static async Task<NodeCpu?> StartAfterAsync(int pid, TimeSpan delay)
    {
        await Task.Delay(delay).ConfigureAwait(false);
        return Start(pid);
    }

    /// <summary>The JIT's share of the node's CPU since the start, as a figure of <paramref name="scenario"/>, measured <paramref name="during"/>.</summary>
    public Figure JitFigure(string scenario, string during)
    {
        var (node, jit) = Elapsed();
        return new($"{scenario}.jit", scenario, $"node CPU in its JIT compiler, {during}", node > 0 ? 100 * jit / node : double.NaN, "%",
            Note: $"{node:0.0} s of node CPU");
    }

    /// <summary>
    /// The node's CPU seconds since the start, and those of its JIT thread (at least: a JIT thread that ended
    /// idle in between takes its seconds with it, and one that started anew counts from zero).
    /// </summary>
    public (double Node, double Jit) Elapsed()
    {
        var (node, jit) = Read();
        var jitSeconds = jit.Sum(t => t.Value - _jitAtStart.GetValueOrDefault(t.Key));
        return (node - _nodeAtStart, jitSeconds);
    }

    private (double Node, Dictionary<int, double> Jit) Read()
    {
        var jit = new Dictionary<int, double>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{_pid}/task"))
            {
                var (name, seconds) = Times(Path.Combine(task, "stat"));
                if (name == JitThread)
                {
                    jit[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = seconds;
                }
            }

            return (Times($"/proc/{_pid}/stat").Seconds, jit);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (double.NaN, jit); // the node or a thread ended while being read
        }
    }

    /// <summary>A task's name and user + system CPU seconds; the name is in parentheses and may hold spaces.</summary>
    private static (string Name, double Seconds) Times(string statFile)
    {
        var stat = File.ReadAllText(statFile);
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 2)..].Split(' ');
        // After the name: state is field 3 of the file, so utime (14) and stime (15) are at 11 and 12 here.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (stat[(open + 1)..close], ticks / TicksPerSecond);
    }
}
