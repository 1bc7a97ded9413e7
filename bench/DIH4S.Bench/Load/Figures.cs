using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DIH4S.Bench.Load;

/// <summary>
/// A goal on a figure: <c>Op</c> is <c>&gt;=</c>, <c>&lt;=</c> or <c>==</c>; the threshold is <c>Value</c>, times the
/// figure named by <c>Ref</c> when there is one (e.g. ≥ 0.3 × raw FULL upserts/s).
/// </summary>
public sealed record Goal(string Op, double Value, string? Ref = null);

/// <summary>One measured figure of the load benchmark. <c>Unit</c>: <c>/s</c>, <c>ms</c>, <c>MiB</c>, <c>s</c>, <c>%</c>, <c>count</c>, <c>×</c>.</summary>
public sealed record Figure(string Key, string Scenario, string Name, double Value, string Unit, IReadOnlyList<Goal>? Goals = null, string? Note = null);

/// <summary>
/// Where a scenario's figures go: one JSON line each in the results file (so every scenario, each against its own
/// fresh node, adds to one table), echoed as it is measured. <see cref="PrintTable"/> prints the table at the end.
/// </summary>
public sealed class Results(string path)
{
    /// <summary>The raw SQLite figure the others are compared with.</summary>
    public const string RawKey = "raw.full";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
    private readonly Lock _gate = new();

    public void Add(Figure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        lock (_gate)
        {
            File.AppendAllText(path, JsonSerializer.Serialize(figure, Json) + "\n");
        }

        Console.WriteLine(figure.Unit == "note"
            ? $"  {figure.Name}"
            : $"  {figure.Name}: {Format(figure.Value, figure.Unit)}{(figure.Note is null ? "" : $"  ({figure.Note})")}");
    }

    /// <summary>A note without a value (how seeding went, why a scenario stopped early).</summary>
    public void Note(string scenario, string text) =>
        Add(new Figure($"{scenario}.note.{Guid.NewGuid():N}", scenario, text, double.NaN, "note"));

    /// <summary>Prints every figure of the file as one table, with its ratio to raw FULL and its goals.</summary>
    public static int PrintTable(string path)
    {
        var figures = File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<Figure>(l, Json)!).ToList();
        var byKey = figures.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Last());
        var raw = byKey.TryGetValue(RawKey, out var r) && r.Value > 0 ? r.Value : (double?)null;
        var rows = new List<string[]> { new[] { "scenario", "figure", "value", "vs raw FULL", "goal", "result" } };
        int passed = 0, failed = 0;
        foreach (var figure in figures)
        {
            if (figure.Unit == "note")
            {
                rows.Add([figure.Scenario, figure.Name, "", "", "", ""]);
                continue;
            }

            var goals = figure.Goals ?? [];
            var verdicts = goals.Select(g => Evaluate(figure, g, byKey)).ToList();
            var result = verdicts.Count == 0 ? ""
                : verdicts.Any(v => v.Pass == false) ? "FAIL"
                : verdicts.All(v => v.Pass == true) ? "pass" : "n/a";
            passed += result == "pass" ? 1 : 0;
            failed += result == "FAIL" ? 1 : 0;
            rows.Add([
                figure.Scenario,
                figure.Note is null ? figure.Name : $"{figure.Name} ({figure.Note})",
                Format(figure.Value, figure.Unit),
                Ratio(figure, raw),
                string.Join("; ", verdicts.Select(v => v.Text)),
                result,
            ]);
        }

        var widths = Enumerable.Range(0, 6).Select(c => rows.Max(row => row[c].Length)).ToArray();
        foreach (var (row, i) in rows.Select((row, i) => (row, i)))
        {
            Console.WriteLine(string.Join("  ", row.Select((cell, c) => c is 2 or 3 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd());
            if (i == 0)
            {
                Console.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"goals: {passed} met, {failed} not met" + (raw is null ? "; no raw figure in this run, ratios left out" : ""));
        Console.WriteLine("vs raw FULL: a rate divided by the raw SQLite upsert rate (WAL, synchronous=FULL); a time divided by the mean time of one such upsert.");
        return 0;
    }

    private static (bool? Pass, string Text) Evaluate(Figure figure, Goal goal, Dictionary<string, Figure> byKey)
    {
        var op = goal.Op switch { ">=" => "≥", "<=" => "≤", _ => "=" };
        if (goal.Ref is null)
        {
            return (Compare(figure.Value, goal.Op, goal.Value), $"{op} {Format(goal.Value, figure.Unit)}");
        }

        if (!byKey.TryGetValue(goal.Ref, out var reference) || double.IsNaN(reference.Value))
        {
            return (null, $"{op} {goal.Value.ToString("0.##", CultureInfo.InvariantCulture)} × {goal.Ref} (not measured)");
        }

        var threshold = goal.Value * reference.Value;
        return (Compare(figure.Value, goal.Op, threshold),
            $"{op} {goal.Value.ToString("0.##", CultureInfo.InvariantCulture)} × {(goal.Ref == RawKey ? "raw FULL" : reference.Name)} = {Format(threshold, figure.Unit)}");
    }

    private static bool? Compare(double value, string op, double threshold) => double.IsNaN(value) ? null : op switch
    {
        ">=" => value >= threshold,
        "<=" => value <= threshold,
        _ => Math.Abs(value - threshold) < 1e-9,
    };

    private static string Ratio(Figure figure, double? raw) => raw is not { } rate || double.IsNaN(figure.Value) ? "" : figure.Unit switch
    {
        "/s" => (figure.Value / rate).ToString("0.000", CultureInfo.InvariantCulture) + "×",
        "ms" => (figure.Value / (1000 / rate)).ToString("0.0", CultureInfo.InvariantCulture) + "×",
        _ => "",
    };

    public static string Format(double value, string unit) => double.IsNaN(value) ? "—" : unit switch
    {
        "/s" => value.ToString(value >= 100 ? "#,0" : "0.0", CultureInfo.InvariantCulture) + " /s",
        "ms" => value.ToString(value >= 100 ? "#,0" : "0.0", CultureInfo.InvariantCulture) + " ms",
        "MiB" => value.ToString("#,0", CultureInfo.InvariantCulture) + " MiB",
        "s" => value.ToString("#,0", CultureInfo.InvariantCulture) + " s",
        "%" => value.ToString("0", CultureInfo.InvariantCulture) + " %",
        "×" => value.ToString(value < 0.1 ? "0.000" : "0.00", CultureInfo.InvariantCulture) + "×",
        "note" => "",
        _ => value.ToString("#,0", CultureInfo.InvariantCulture),
    };
}
