namespace DIH4S.Bench.Load;

/// <summary>Percentiles over a sorted copy of the samples (nearest rank), and the bench's own knobs.</summary>
public static class Stats
{
    /// <summary>The nearest-rank percentile <paramref name="p"/> (0–100) of the samples; NaN when there are none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    /// <summary>The p50 and p99 of the samples, in their unit.</summary>
    public static (double P50, double P99, int Count) Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToList();
        return (Percentile(sorted, 50), Percentile(sorted, 99), sorted.Count);
    }

    /// <summary>Milliseconds between two <see cref="System.Diagnostics.Stopwatch"/> timestamps.</summary>
    public static double Ms(long from, long to) => (to - from) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}

/// <summary>The sizes and caps of the load benchmark, from <c>DESK_BENCH_*</c> environment variables (bench/README.md).</summary>
public static class Knobs
{
    /// <summary><c>DESK_BENCH_QUICK=1</c>: small sizes and short durations, for a trial of every scenario in a few minutes.</summary>
    public static bool Quick => Environment.GetEnvironmentVariable("DESK_BENCH_QUICK") == "1";

    /// <summary>An integer setting, with its full and quick defaults.</summary>
    public static int Int(string name, int full, int quick) =>
        int.TryParse(Environment.GetEnvironmentVariable("DESK_BENCH_" + name), out var value) ? value : Quick ? quick : full;

    /// <summary>A list of integers (comma-separated), with its full and quick defaults.</summary>
    public static IReadOnlyList<int> Ints(string name, int[] full, int[] quick) =>
        Environment.GetEnvironmentVariable("DESK_BENCH_" + name) is { Length: > 0 } text
            ? [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse)]
            : Quick ? quick : full;

    /// <summary>A text setting.</summary>
    public static string Text(string name, string fallback) =>
        Environment.GetEnvironmentVariable("DESK_BENCH_" + name) is { Length: > 0 } text ? text : fallback;
}
