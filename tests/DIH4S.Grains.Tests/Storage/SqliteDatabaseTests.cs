using System.Data.Common;
using Dapper;
using DIH4S.Grains.Storage;
using Microsoft.Data.Sqlite;

namespace DIH4S.Grains.Tests.Storage;

/// <summary>The node's one data source: its settings reach every connection, and writes take turns (ADR 0017).</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TemporaryDatabaseFile _file = new("db");

    [Theory]
    [InlineData(SqliteSynchronous.Normal, 1)]
    [InlineData(SqliteSynchronous.Full, 2)]
    public async Task EveryConnectionRunsWithTheConfiguredSynchronousSetting(SqliteSynchronous synchronous, long expected)
    {
        using var database = new SqliteDatabase(_file.ConnectionString, synchronous);

        // Both ways in: the lists open through OpenAsync, the Orleans providers through the DbDataSource.
        await using (var connection = await database.OpenAsync())
        {
            (await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")).ShouldBe(expected);
        }

        await using (DbConnection connection = await database.OpenConnectionAsync())
        {
            (await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")).ShouldBe(expected);
        }

        using var opened = database.OpenConnection();
        opened.ExecuteScalar<long>("PRAGMA synchronous").ShouldBe(expected);

        // And the writer, which every write runs on.
        (await database.WriteAsync((connection, transaction) => connection.ExecuteScalarAsync<long>("PRAGMA synchronous", transaction: transaction)))
            .ShouldBe(expected);
    }

    [Fact]
    public async Task WritesKeepOneStatementPerTextWhateverTheirParameters()
    {
        using var database = await WithTableAsync();

        // As the Orleans providers write: a new pooled connection and a new command for every statement.
        var kept = new List<int>();
        for (var i = 1; i <= 20; i++)
        {
            kept.Add(database.PreparedCount);
            await using var connection = await database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO t (id, v) VALUES (@id, @v) RETURNING v";
            AddParameter(command, "@id", i);
            AddParameter(command, "@v", i * 10);
            (await command.ExecuteScalarAsync()).ShouldBe(i * 10L);
        }

        // As the lists write: Dapper, inside a transaction on the writer.
        for (var i = 21; i <= 30; i++)
        {
            kept.Add(database.PreparedCount);
            await database.WriteAsync((connection, transaction) =>
                connection.ExecuteAsync("INSERT INTO t (id, v) VALUES (@Id, @V)", new { Id = i, V = i * 10 }, transaction));
        }

        // Kept: the insert from the first statement on; then Dapper's insert, BEGIN and COMMIT from the first transaction on.
        kept.Add(database.PreparedCount);
        kept.ShouldBe([0, .. Enumerable.Repeat(1, 20), .. Enumerable.Repeat(4, 10)]);
        database.Writes.ShouldBe(30); // each statement and each transaction once: what the checkpoints count
        await using var reader = await database.OpenAsync();
        (await reader.QueryAsync<(long Id, long V)>("SELECT id, v FROM t ORDER BY id"))
            .ShouldBe(Enumerable.Range(1, 30).Select(i => ((long)i, i * 10L)));
    }

    [Fact]
    public async Task StatementsBeyondTheLimitRunWithoutBeingKept()
    {
        using var database = await WithTableAsync();

        for (var i = 1; i <= SqliteDatabase.PreparedLimit + 10; i++)
        {
            await using var connection = await database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO t (id, v) VALUES ({i}, {i})";
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        database.PreparedCount.ShouldBe(SqliteDatabase.PreparedLimit);
        await using var reader = await database.OpenAsync();
        (await reader.ExecuteScalarAsync<long>("SELECT count(*) FROM t")).ShouldBe(SqliteDatabase.PreparedLimit + 10);
    }

    [Fact]
    public async Task AFailedWriteChangesNothingAndTheNextWriteRuns()
    {
        using var database = await WithTableAsync();
        await using (var connection = await database.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("INSERT INTO t (id, v) VALUES (1, 1)");
            await Should.ThrowAsync<SqliteException>(() => connection.ExecuteAsync("INSERT INTO t (id, v) VALUES (1, 2)"));
        }

        // A transaction whose work fails is rolled back: its first insert is not kept.
        await Should.ThrowAsync<SqliteException>(() => database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("INSERT INTO t (id, v) VALUES (2, 2)", transaction: transaction);
            return await connection.ExecuteAsync("INSERT INTO t (id, v) VALUES (1, 3)", transaction: transaction);
        }));

        await using (var connection = await database.OpenConnectionAsync())
        {
            (await connection.ExecuteAsync("INSERT INTO t (id, v) VALUES (3, 3)")).ShouldBe(1);
        }

        await database.WriteAsync((connection, transaction) => connection.ExecuteAsync("INSERT INTO t (id, v) VALUES (4, 4)", transaction: transaction));
        await using var reader = await database.OpenAsync();
        (await reader.QueryAsync<(long Id, long V)>("SELECT id, v FROM t ORDER BY id")).ShouldBe([(1, 1), (3, 3), (4, 4)]);
    }

    [Fact]
    public async Task AWriteAskedToCloseItsConnectionClosesIt()
    {
        using var database = await WithTableAsync();
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO t (id, v) VALUES (1, 7) RETURNING v";

        await using (var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.CloseConnection))
        {
            (await reader.ReadAsync()).ShouldBeTrue();
            reader.GetInt64(0).ShouldBe(7);
        }

        connection.State.ShouldBe(System.Data.ConnectionState.Closed);
    }

    [Fact]
    public async Task AWriteFromOutsideATransactionWaitsForTheGateAndItsResultsOutliveIt()
    {
        using var database = new SqliteDatabase(_file.ConnectionString);
        await using (var setup = await database.OpenAsync())
        {
            await setup.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
        }

        await database.WriteGate.WaitAsync();
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO t (v) VALUES (41) RETURNING v + 1 AS answer";
        var write = command.ExecuteReaderAsync();

        write.IsCompleted.ShouldBeFalse(); // queued behind the holder of the gate
        database.WriteGate.Release();
        await using var reader = await write;
        database.WriteGate.CurrentCount.ShouldBe(1); // released before the caller reads
        (await reader.ReadAsync()).ShouldBeTrue();
        reader.GetInt32(reader.GetOrdinal("answer")).ShouldBe(42);
    }

    private async Task<SqliteDatabase> WithTableAsync()
    {
        var database = new SqliteDatabase(_file.ConnectionString);
        await using var setup = await database.OpenAsync();
        await setup.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
        return database;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public void Dispose() => _file.Dispose();
}
