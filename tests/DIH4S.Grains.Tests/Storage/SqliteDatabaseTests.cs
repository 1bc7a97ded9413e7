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

    public void Dispose() => _file.Dispose();
}
