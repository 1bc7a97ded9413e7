using Npgsql;

namespace DIH4S.Grains.Storage;

/// <summary>
/// Applies <c>infra/sql/postgresql</c> (ADR 0019). Every script is idempotent, and the whole run holds
/// a session-level advisory lock, so nodes that start at once apply it one after the other instead of
/// racing on <c>CREATE TABLE IF NOT EXISTS</c> (which is not safe under concurrency in PostgreSQL).
/// A database named in the connection string that does not exist yet is created first.
/// </summary>
public static class PostgresSchema
{
    /// <summary>The advisory lock's key: "DIH4S" in ASCII.</summary>
    public const long LockKey = 0x4449483453;

    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await EnsureDatabaseAsync(connectionString, cancellationToken).ConfigureAwait(false);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockKey})", cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var (name, text) in SqlScripts.Scripts(SqlScripts.Postgres))
            {
                try
                {
                    await ExecuteAsync(connection, text, cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException e)
                {
                    throw new InvalidOperationException($"Applying infra/sql/postgresql/{name} failed: {e.MessageText}", e);
                }
            }
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Creates the connection string's database when the server does not have it.</summary>
    private static async Task EnsureDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(target.Database) || target.Database == "postgres")
        {
            return;
        }

        try
        {
            await using var probe = new NpgsqlConnection(connectionString);
            await probe.OpenAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // Not there yet: create it below.
        }

        var server = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var name = target.Database.Replace("\"", "\"\"", StringComparison.Ordinal);
            await ExecuteAsync(connection, $"CREATE DATABASE \"{name}\"", cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another node created it a moment ago.
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
