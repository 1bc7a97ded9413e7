using Dapper;
using DIH4S.Grains.Storage;
using Microsoft.Data.Sqlite;

namespace DIH4S.Grains.Tests.Storage;

/// <summary>
/// The grain-state write of <c>infra/sql/sqlite</c>, run as the Orleans ADO.NET provider runs it: it answers the new
/// version, or no version at all, which Orleans 10 reports as a conflict (<c>InconsistentStateException</c>).
/// </summary>
public sealed class SqliteGrainStateWriteTests : IDisposable
{
    private readonly TemporaryDatabaseFile _file = new("state");

    [Fact]
    public async Task AStateIsInsertedOnceAndThenUpdatedOnlyFromTheVersionStored()
    {
        var storage = await StorageAsync();

        (await storage.WriteAsync(version: null, [1])).ShouldBe(1);
        (await storage.WriteAsync(version: 1, [2])).ShouldBe(2);
        (await storage.WriteAsync(version: 2, [3])).ShouldBe(3);

        (await storage.StoredAsync()).ShouldBe("version 3: 03");
    }

    [Fact]
    public async Task AStaleVersionIsAConflictAndChangesNothing()
    {
        var storage = await StorageAsync();
        await storage.WriteAsync(version: null, [1]);
        await storage.WriteAsync(version: 1, [2]);

        (await storage.WriteAsync(version: 1, [9])).ShouldBeNull();

        (await storage.StoredAsync()).ShouldBe("version 2: 02");
    }

    [Fact]
    public async Task AFirstWriteOfAStateAnotherActivationWroteIsAConflictAndChangesNothing()
    {
        var storage = await StorageAsync();
        await storage.WriteAsync(version: null, [1]);

        (await storage.WriteAsync(version: null, [9])).ShouldBeNull();

        (await storage.StoredAsync()).ShouldBe("version 1: 01");
    }

    [Fact]
    public async Task AVersionForAStateNeverStoredIsAConflictAndStoresNothing()
    {
        var storage = await StorageAsync();

        (await storage.WriteAsync(version: 4, [9])).ShouldBeNull();

        (await storage.StoredAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task GrainsOfTheSameTypeKeepTheirOwnVersions()
    {
        var storage = await StorageAsync();
        var other = storage with { Key = "another-request" };

        await storage.WriteAsync(version: null, [1]);
        await storage.WriteAsync(version: 1, [2]);
        (await other.WriteAsync(version: null, [7])).ShouldBe(1);

        (await storage.StoredAsync()).ShouldBe("version 2: 02");
        (await other.StoredAsync()).ShouldBe("version 1: 07");
    }

    private async Task<GrainRow> StorageAsync()
    {
        SqliteSchema.Apply(_file.ConnectionString);
        await using var connection = new SqliteConnection(_file.ConnectionString);
        var write = await connection.ExecuteScalarAsync<string>("SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey'");
        var read = await connection.ExecuteScalarAsync<string>("SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'ReadFromStorageKey'");
        return new GrainRow(_file.ConnectionString, write!, read!, "a-request");
    }

    /// <summary>One grain's row, written and read with the parameters the Orleans provider passes.</summary>
    private sealed record GrainRow(string ConnectionString, string WriteQuery, string ReadQuery, string Key)
    {
        /// <summary>The version the write answered, or null when it answered none (Orleans: a conflict).</summary>
        public async Task<int?> WriteAsync(int? version, byte[] payload)
        {
            // Every result set, as the provider reads them: a query may hold more than one statement.
            await using var connection = new SqliteConnection(ConnectionString);
            await using var reader = await connection.ExecuteReaderAsync(WriteQuery, Parameters(version, payload));
            var answers = new List<int?>();
            do
            {
                while (await reader.ReadAsync())
                {
                    answers.Add(await reader.IsDBNullAsync(0) ? null : reader.GetInt32(0));
                }
            }
            while (await reader.NextResultAsync());

            answers.Count.ShouldBeLessThanOrEqualTo(1);
            return answers.SingleOrDefault();
        }

        /// <summary>The stored row as "version N: payload in hex", or null when there is none.</summary>
        public async Task<string?> StoredAsync()
        {
            await using var connection = new SqliteConnection(ConnectionString);
            var rows = (await connection.QueryAsync<StoredRow>(ReadQuery, Parameters(null, null))).ToList();
            return rows.Count == 0 ? null : $"version {rows[0].Version}: {Convert.ToHexString(rows[0].PayloadBinary)}";
        }

        private DynamicParameters Parameters(int? version, byte[]? payload)
        {
            var parameters = new DynamicParameters();
            parameters.Add("ServiceId", "dih4s-desk");
            parameters.Add("GrainTypeString", "servicerequest");
            parameters.Add("GrainIdN0", 0L);
            parameters.Add("GrainIdN1", 0L);
            parameters.Add("GrainIdExtensionString", Key);
            parameters.Add("GrainIdHash", Key.GetHashCode(StringComparison.Ordinal));
            parameters.Add("GrainTypeHash", 11);
            parameters.Add("GrainStateVersion", version);
            parameters.Add("PayloadBinary", payload);
            return parameters;
        }
    }

    private sealed record StoredRow(byte[] PayloadBinary, long Version);

    public void Dispose() => _file.Dispose();
}
