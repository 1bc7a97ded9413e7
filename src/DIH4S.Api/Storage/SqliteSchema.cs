using System.Reflection;
using Microsoft.Data.Sqlite;

namespace DIH4S.Api.Storage;

/// <summary>
/// Applies the embedded scripts of <c>infra/sql/sqlite</c>, in name order, at every start. Every
/// script is idempotent (<c>IF NOT EXISTS</c>, upserted queries), so a restart or a newer build
/// brings an existing file up to date without touching its data.
/// </summary>
public static class SqliteSchema
{
    private const string Prefix = "sql/sqlite/";

    /// <summary>The scripts in the order they run.</summary>
    public static IReadOnlyList<(string Name, string Text)> Scripts()
    {
        var assembly = typeof(SqliteSchema).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[Prefix.Length..], Read(assembly, n)))];
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

/// <summary>Runs <see cref="SqliteSchema.Apply"/> before the silo starts (it is registered ahead of Orleans).</summary>
internal sealed class SqliteSchemaInstaller(string connectionString) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        SqliteSchema.Apply(connectionString);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
