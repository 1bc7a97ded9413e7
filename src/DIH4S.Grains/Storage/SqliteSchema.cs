using System.Reflection;
using Microsoft.Data.Sqlite;

namespace DIH4S.Grains.Storage;

/// <summary>
/// The SQL of <c>infra/sql/sqlite</c>, embedded in this assembly: the numbered scripts, applied in name
/// order at every start (each is idempotent: <c>IF NOT EXISTS</c>, upserted queries, so a restart or a
/// newer build brings an existing file up to date without touching its data), and the named queries of
/// <c>queries/</c>.
/// </summary>
public static class SqliteSchema
{
    private const string Prefix = "sql/sqlite/";
    private const string QueriesPrefix = Prefix + "queries/";
    private const string NameMarker = "-- name:";

    /// <summary>The scripts in the order they run.</summary>
    public static IReadOnlyList<(string Name, string Text)> Scripts()
    {
        var assembly = typeof(SqliteSchema).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && !n.StartsWith(QueriesPrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[Prefix.Length..], Read(assembly, n)))];
    }

    /// <summary>The queries of <c>queries/{file}</c> by name: each runs from its <c>-- name:</c> line to the next.</summary>
    public static IReadOnlyDictionary<string, string> Queries(string file)
    {
        var text = Read(typeof(SqliteSchema).Assembly, QueriesPrefix + file);
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        var body = new System.Text.StringBuilder();
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

    /// <summary>Creates the database file's folder if needed and applies every script.</summary>
    public static void Apply(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        foreach (var (_, text) in Scripts())
        {
            using var command = connection.CreateCommand();
            command.CommandText = text;
            command.ExecuteNonQuery();
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
