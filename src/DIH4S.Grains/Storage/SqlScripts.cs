using System.Reflection;
using System.Text;

namespace DIH4S.Grains.Storage;

/// <summary>
/// The SQL of <c>infra/sql/{engine}</c>, embedded in this assembly: the numbered scripts, applied in name
/// order at every start (each is idempotent: <c>IF NOT EXISTS</c>, upserted queries, so a restart or a
/// newer build brings an existing database up to date without touching its data), and the named queries
/// of <c>queries/</c>.
/// </summary>
public static class SqlScripts
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgresql";

    private const string NameMarker = "-- name:";

    /// <summary>An engine's scripts in the order they run.</summary>
    public static IReadOnlyList<(string Name, string Text)> Scripts(string engine)
    {
        var prefix = $"sql/{engine}/";
        var queries = prefix + "queries/";
        var assembly = typeof(SqlScripts).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && !n.StartsWith(queries, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[prefix.Length..], Read(assembly, n)))];
    }

    /// <summary>The queries of <c>{engine}/queries/{file}</c> by name: each runs from its <c>-- name:</c> line to the next.</summary>
    public static IReadOnlyDictionary<string, string> Queries(string engine, string file)
    {
        var text = Read(typeof(SqlScripts).Assembly, $"sql/{engine}/queries/{file}");
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        var body = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(NameMarker, StringComparison.Ordinal))
            {
                Add();
                name = line[NameMarker.Length..].Trim();
                body.Clear();
            }
            else if (name is not null)
            {
                body.Append(line).Append('\n');
            }
        }

        Add();
        return queries;

        void Add()
        {
            if (name is not null)
            {
                queries.Add(name, body.ToString().Trim());
            }
        }
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded script {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
