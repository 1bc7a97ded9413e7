using DIH4S.Grains.Storage;
using DIH4S.Tests.Shared;
using Npgsql;

namespace DIH4S.Grains.Tests.Storage;

/// <summary>Applying infra/sql/postgresql (ADR 0019): idempotent, one node at a time, into a database it creates if needed.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresServer server)
{
    [Fact]
    public async Task ApplyingTwiceKeepsTheDataAndTheQueries()
    {
        var database = await server.CreateDatabaseAsync("schema");
        await PostgresSchema.ApplyAsync(database);
        await ExecuteAsync(database, "INSERT INTO DeskComment (Kind, ItemId, Seq, Internal, CommentJson) VALUES ('requests', 'r1', 1, 0, '\"kept\"')");

        await PostgresSchema.ApplyAsync(database);

        (await ScalarAsync<string>(database, "SELECT CommentJson FROM DeskComment WHERE ItemId = 'r1'")).ShouldBe("\"kept\"");
        var keys = await ScalarAsync<long>(database, "SELECT COUNT(*) FROM OrleansQuery");
        keys.ShouldBe(SqlScripts.Scripts(SqlScripts.Postgres).Sum(s => CountOf(s.Text, "INSERT INTO OrleansQuery")));
    }

    [Fact]
    public async Task ANodeStartingWhileAnotherAppliesTheSchemaWaitsForIt()
    {
        var database = await server.CreateDatabaseAsync("schema");
        await using var other = new NpgsqlConnection(database);
        await other.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresSchema.LockKey})", other))
        {
            await take.ExecuteNonQueryAsync();
        }

        var applying = PostgresSchema.ApplyAsync(database);

        // The server shows the second applier queued on the lock: it has not started on the tables.
        await WaitUntilAsync(database, $"SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = {PostgresSchema.LockKey & 0xFFFFFFFF}");
        applying.IsCompleted.ShouldBeFalse();
        (await ScalarAsync<long>(database, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'desklistitem'")).ShouldBe(0);

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgresSchema.LockKey})", other))
        {
            await release.ExecuteNonQueryAsync();
        }

        await applying.WaitAsync(TimeSpan.FromSeconds(60));
        (await ScalarAsync<long>(database, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'desklistitem'")).ShouldBe(1);
    }

    [Fact]
    public async Task AMissingDatabaseIsCreated()
    {
        var database = new NpgsqlConnectionStringBuilder(server.Server.ServerConnectionString) { Database = $"fresh_{Guid.NewGuid():N}" }.ConnectionString;

        await PostgresSchema.ApplyAsync(database);

        (await ScalarAsync<long>(database, "SELECT COUNT(*) FROM OrleansQuery")).ShouldBeGreaterThan(0);
    }

    private static int CountOf(string text, string what) =>
        (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    private static async Task WaitUntilAsync(string database, string countQuery)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await ScalarAsync<long>(database, countQuery) == 0)
        {
            // Polls the server's lock table: the condition is the server's own state, not a guess at timing.
            await Task.Yield();
            timeout.Token.ThrowIfCancellationRequested();
        }
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
