using DIH4S.Api.Hosting;
using DIH4S.Grains.Storage;

namespace DIH4S.Api.Storage;

/// <summary>
/// <c>DIH4S.Api schema apply</c>: applies the schema of the configured database and exits, for operators
/// who run nodes with <c>Storage__ApplySchema=false</c> (ADR 0019). It reads the same settings as a node.
/// </summary>
public static class SchemaCommand
{
    public static bool Matches(string[] args) => args is ["schema", "apply", ..];

    /// <summary>Applies the schema; the exit code: 0 when applied, 1 when it could not be.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var configuration = WebApplication.CreateBuilder(WebAppHosting.Options(args[2..])).Configuration;
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var problems = ClusterSettings.Problems(storage, DeskClusterOptions.From(configuration), new NodeOptions());
        if (problems.Count > 0)
        {
            await output.WriteLineAsync("The settings are not usable:" + string.Concat(problems.Select(p => $"{Environment.NewLine}  - {p}")));
            return 1;
        }

        try
        {
            if (storage.IsPostgres)
            {
                await PostgresSchema.ApplyAsync(storage.ConnectionString);
            }
            else
            {
                SqliteSchema.Apply(storage.ConnectionString);
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            await output.WriteLineAsync($"The schema could not be applied: {e.Message}");
            return 1;
        }

        await output.WriteLineAsync($"Schema applied ({(storage.IsPostgres ? "PostgreSQL" : "SQLite")}).");
        return 0;
    }
}
