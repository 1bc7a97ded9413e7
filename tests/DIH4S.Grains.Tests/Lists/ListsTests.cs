using DIH4S.Grains.Lists;
using DIH4S.Grains.Storage;
using DIH4S.Grains.Tests.Storage;
using DIH4S.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace DIH4S.Grains.Tests.Lists;

/// <summary>The read model's paging, against a naive model of the same rows (ADR 0017), on each engine.</summary>
public abstract class ListsTests : IAsyncLifetime
{
    protected const string Kind = "things";
    private SqlLists _lists = null!;

    /// <summary>A fresh database with the engine's schema applied.</summary>
    protected abstract Task<IDeskDatabase> OpenDatabaseAsync();

    public async Task InitializeAsync() => _lists = new SqlLists(await OpenDatabaseAsync(), TimeProvider.System);

    public virtual async Task DisposeAsync() => await _lists.DisposeAsync();

    [Fact]
    public async Task EveryPageMatchesTheNaiveListAcrossManyBucketsWithAndWithoutAState()
    {
        // Enough items for several buckets of 1,024, spread over two audiences and three states; then
        // moves that change states and audiences, so counts go up and down in old buckets.
        var model = new Dictionary<string, (int Order, string State, string[] Audiences)>();
        var states = new[] { "open", "accepted", "closed" };
        for (var i = 0; i < 3_000; i++)
        {
            string[] audiences = i % 3 == 0 ? ["all", "org:a"] : ["all", "org:b"];
            await RecordAsync($"t{i:D5}", 1, states[i % 3], audiences);
            model[$"t{i:D5}"] = (i, states[i % 3], audiences);
        }

        for (var i = 0; i < 3_000; i += 7)
        {
            string[] audiences = i % 2 == 0 ? ["all"] : ["all", "org:a", "org:b"];
            await RecordAsync($"t{i:D5}", 2, "accepted", audiences);
            model[$"t{i:D5}"] = (model[$"t{i:D5}"].Order, "accepted", audiences);
        }

        foreach (var audience in new[] { "all", "org:a", "org:b" })
        {
            foreach (var state in new string?[] { null, "open", "accepted", "closed" })
            {
                var expected = model
                    .Where(m => m.Value.Audiences.Contains(audience) && (state is null || m.Value.State == state))
                    .OrderByDescending(m => m.Value.Order)
                    .Select(m => m.Key)
                    .ToList();
                foreach (var (page, pageSize) in new[] { (1, 20), (2, 20), (37, 20), (52, 20), (1, 100), (11, 100), (expected.Count / 100 + 1, 100), (expected.Count + 1, 1) })
                {
                    var actual = await _lists.PageAsync(Kind, [audience], state, page, pageSize);
                    actual.Total.ShouldBe(expected.Count, $"{audience} {state} total");
                    actual.Items.Select(Id).ShouldBe([.. expected.Skip((page - 1) * pageSize).Take(pageSize)], $"{audience} {state} page {page}×{pageSize}");
                }
            }
        }

        (await _lists.CountAsync(Kind, "org:a", "accepted")).ShouldBe(model.Values.Count(m => m.Audiences.Contains("org:a") && m.State == "accepted"));
    }

    [Fact]
    public async Task RecordingsArrivingTogetherOutOfOrderLeaveEachItemAtItsNewestVersion()
    {
        // Every version of an item is sent at once, newest in the middle, so the writer's batches hold
        // several versions of one item and older ones after newer; the lists must look as if the
        // versions had been recorded one by one in order.
        var states = new[] { "open", "accepted", "closed" };
        var sent = new List<Task>();
        var model = new Dictionary<string, (string State, string[] Audiences)>();
        for (var i = 0; i < 300; i++)
        {
            var id = $"b{i:D3}";
            string[] newest = i % 4 == 0 ? ["all"] : ["all", i % 2 == 0 ? "org:a" : "org:b"];
            foreach (var version in new[] { 2, 3, 1 })
            {
                string[] audiences = version == 3 ? newest : ["all", "org:a", "org:b"];
                sent.Add(_lists.RecordAsync(new ListRecord(
                    Kind, id, version, states[(i + version) % 3], DateTimeOffset.UnixEpoch, audiences, ListJson.Write(id), [new LogRow(version, $"\"{id} v{version}\"")])));
            }

            model[id] = (states[(i + 3) % 3], newest);
        }

        await Task.WhenAll(sent);

        foreach (var audience in new[] { "all", "org:a", "org:b" })
        {
            foreach (var state in new string?[] { null, "open", "closed" })
            {
                var expected = model
                    .Where(m => m.Value.Audiences.Contains(audience) && (state is null || m.Value.State == state))
                    .Select(m => m.Key)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                var actual = await _lists.PageAsync(Kind, [audience], state, 1, 1_000);
                actual.Total.ShouldBe(expected.Count, $"{audience} {state} total");
                actual.Items.Select(Id).Order(StringComparer.Ordinal).ToList().ShouldBe(expected, $"{audience} {state}");
                (await _lists.CountAsync(Kind, audience, state)).ShouldBe(expected.Count, $"{audience} {state} count");
            }
        }

        (await _lists.RecordedVersionAsync(Kind, "b123")).ShouldBe(3);
        (await _lists.LogAsync(Kind, "b123", 1, 10)).Items.ShouldBe(["\"b123 v1\"", "\"b123 v2\"", "\"b123 v3\""]);
    }

    [Fact]
    public async Task AnItemIsDueAtTheDeadlineOfItsNewestVersionAndNoLongerOnceItHasNone()
    {
        var noon = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        await RecordDueAsync("d1", 1, noon);
        await RecordDueAsync("d2", 1, noon.AddHours(-1));
        await RecordDueAsync("d3", 1, noon.AddHours(1));

        (await _lists.DueAsync(Kind, noon.AddTicks(-1), 10)).ShouldBe(["d2"]);
        (await _lists.DueAsync(Kind, noon, 10)).ShouldBe(["d2", "d1"]); // the most overdue first
        (await _lists.DueAsync(Kind, noon.AddDays(1), 2)).ShouldBe(["d2", "d1"]);

        // A newer version moves the deadline or clears it; an older one arriving late changes neither.
        await RecordDueAsync("d1", 2, null);
        await RecordDueAsync("d2", 2, noon.AddHours(2));
        await RecordDueAsync("d1", 1, noon);
        (await _lists.DueAsync(Kind, noon.AddDays(1), 10)).ShouldBe(["d3", "d2"]);
        (await _lists.DueAsync(Kind, noon, 10)).ShouldBeEmpty();

        Task RecordDueAsync(string id, int version, DateTimeOffset? dueAt) =>
            _lists.RecordAsync(new ListRecord(Kind, id, version, "open", DateTimeOffset.UnixEpoch, ["all"], ListJson.Write(id), [], dueAt));
    }

    [Fact]
    public async Task SeveralAudiencesListTheirUnionOnce()
    {
        await RecordAsync("u1", 1, "open", ["org:a"]);
        await RecordAsync("u2", 1, "open", ["org:a", "lab:x"]);
        await RecordAsync("u3", 1, "closed", ["lab:x"]);
        await RecordAsync("u4", 1, "open", ["org:c"]);

        var page = await _lists.PageAsync(Kind, ["org:a", "lab:x"], null, 1, 10);
        page.Items.Select(Id).ShouldBe(["u3", "u2", "u1"]);
        page.Total.ShouldBe(3);
        (await _lists.PageAsync(Kind, ["org:a", "lab:x"], "open", 2, 1)).Items.Select(Id).ShouldBe(["u1"]);
    }

    [Fact]
    public async Task HistoryIsAppendedOncePerVersionAndCommentsStopAtTheLimit()
    {
        await _lists.RecordAsync(new ListRecord(Kind, "h1", 1, "open", DateTimeOffset.UnixEpoch, ["all"], "\"h1\"", [new LogRow(1, "\"v1\"")]));
        await _lists.RecordAsync(new ListRecord(Kind, "h1", 2, "open", DateTimeOffset.UnixEpoch, ["all"], "\"h1\"", [new LogRow(1, "\"again\""), new LogRow(2, "\"v2\"")]));

        (await _lists.LogAsync(Kind, "h1", 1, 10)).Items.ShouldBe(["\"v1\"", "\"v2\""]);

        (await _lists.AddCommentAsync(Kind, "h1", false, "\"c1\"", 2)).ShouldBeTrue();
        (await _lists.AddCommentAsync(Kind, "h1", true, "\"c2\"", 2)).ShouldBeTrue();
        (await _lists.AddCommentAsync(Kind, "h1", false, "\"c3\"", 2)).ShouldBeFalse();
        (await _lists.CommentsAsync(Kind, "h1", internalToo: true, 1, 10)).Items.ShouldBe(["\"c1\"", "\"c2\""]);
        (await _lists.CommentsAsync(Kind, "h1", internalToo: false, 1, 10)).Items.ShouldBe(["\"c1\""]);
    }

    private Task RecordAsync(string id, int version, string state, string[] audiences) =>
        _lists.RecordAsync(new ListRecord(Kind, id, version, state, DateTimeOffset.UnixEpoch, audiences, ListJson.Write(id), []));

    protected static string Id(string json) => ListJson.Read<string>(json);
}

public sealed class SqliteListsTests : ListsTests
{
    private readonly TemporaryDatabaseFile _file = new("lists");
    private SqliteDatabase? _database;

    protected override Task<IDeskDatabase> OpenDatabaseAsync()
    {
        SqliteSchema.Apply(_file.ConnectionString);
        _database = new SqliteDatabase(_file.ConnectionString);
        return Task.FromResult<IDeskDatabase>(_database);
    }

    [Fact]
    public async Task EveryStatementOfABatchSeeksByKeyInsteadOfScanningATable()
    {
        // A batch's cost must not grow with the lists: every desk table a statement touches is reached
        // by a seek on a whole key (the entries by audience number, state and sequence), never by a scan.
        var queries = SqlScripts.Queries(SqlScripts.Sqlite, "lists.sql");
        var statements = new[] { "ReadItems", "InsertItems", "WriteLog", "LeaveState", "WriteItem", "NameAudience", "RemoveEntry", "AddEntry", "EnterState", "AddCount", "SetDeadline" }
            .SelectMany(name => queries[name].Split(';'))
            .Where(s => s.Contains("Desk", StringComparison.Ordinal));
        await using var connection = new SqliteConnection(_file.ConnectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + statement;
            foreach (var name in System.Text.RegularExpressions.Regex.Matches(statement, "@[A-Za-z]+").Select(m => m.Value).Distinct())
            {
                command.Parameters.AddWithValue(name, name == "@Rows" ? "[]" : DBNull.Value);
            }

            var plan = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(3));
                }
            }

            var desk = plan.Where(line => line.Contains(" Desk", StringComparison.Ordinal)).ToList();
            desk.ShouldAllBe(line => line.StartsWith("SEARCH ", StringComparison.Ordinal), $"{statement}\n{string.Join('\n', plan)}");
            desk.Where(line => line.Contains("DeskAudienceEntry", StringComparison.Ordinal) || line.Contains("DeskAudienceState", StringComparison.Ordinal))
                .ShouldAllBe(line => line.Contains("Seq=?", StringComparison.Ordinal), $"{statement}\n{string.Join('\n', plan)}");
        }
    }

    [Fact]
    public async Task AFileWrittenBeforeAudiencesWereNumberedKeepsItsListsAndGoesOnFromThem()
    {
        // An older build's file: entries and counts named their audience in full, in tables of their own.
        using var file = new TemporaryDatabaseFile("lists-upgrade");
        SqliteSchema.Apply(file.ConnectionString);
        await using (var connection = new SqliteConnection(file.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE DeskListEntry (Kind TEXT NOT NULL, Audience TEXT NOT NULL, Seq INTEGER NOT NULL, State TEXT NOT NULL,
                                            PRIMARY KEY (Kind, Audience, Seq)) WITHOUT ROWID;
                CREATE INDEX IX_DeskListEntry_State ON DeskListEntry (Kind, Audience, State, Seq);
                CREATE TABLE DeskListCount (Kind TEXT NOT NULL, Audience TEXT NOT NULL, State TEXT NOT NULL, Bucket INTEGER NOT NULL,
                                            Items INTEGER NOT NULL, PRIMARY KEY (Kind, Audience, State, Bucket)) WITHOUT ROWID;
                INSERT INTO DeskListItem (Seq, Kind, ItemId, Version, State, CreatedAt, Audiences, ViewJson, RecordedAt) VALUES
                    (1, 'things', 'old1', 1, 'open', '', 'all' || char(10) || 'org:a', '"old1"', ''),
                    (2, 'things', 'old2', 1, 'closed', '', 'all', '"old2"', '');
                INSERT INTO DeskListEntry VALUES ('things', 'all', 1, 'open'), ('things', 'org:a', 1, 'open'), ('things', 'all', 2, 'closed');
                INSERT INTO DeskListCount VALUES ('things', 'all', '*', 0, 2), ('things', 'all', 'open', 0, 1), ('things', 'all', 'closed', 0, 1),
                                                 ('things', 'org:a', '*', 0, 1), ('things', 'org:a', 'open', 0, 1);
                """;
            await command.ExecuteNonQueryAsync();
        }

        // The newer build starts on it.
        SqliteSchema.Apply(file.ConnectionString);
        using var database = new SqliteDatabase(file.ConnectionString);
        await using var lists = new SqlLists(database, TimeProvider.System);

        (await lists.PageAsync(Kind, ["all"], null, 1, 10)).Items.Select(Id).ShouldBe(["old2", "old1"]);
        (await lists.PageAsync(Kind, ["org:a"], "open", 1, 10)).Items.Select(Id).ShouldBe(["old1"]);
        (await lists.PageAsync(Kind, ["all"], "closed", 1, 10)).Total.ShouldBe(1);
        (await lists.CountAsync(Kind, "org:a", null)).ShouldBe(1);

        // A later change of a moved item takes it out of its old state's list, as for any other item.
        await lists.RecordAsync(new ListRecord(Kind, "old1", 2, "closed", DateTimeOffset.UnixEpoch, ["all", "org:a"], ListJson.Write("old1"), []));
        (await lists.PageAsync(Kind, ["org:a"], "open", 1, 10)).Total.ShouldBe(0);
        (await lists.PageAsync(Kind, ["all"], "closed", 1, 10)).Items.Select(Id).ShouldBe(["old2", "old1"]);
        (await lists.CountAsync(Kind, "all", "closed")).ShouldBe(2);

        // The old tables are gone; the next start finds nothing more to move.
        SqliteSchema.Apply(file.ConnectionString);
        await using (var connection = new SqliteConnection(file.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('DeskListEntry', 'DeskListCount')";
            ((long)(await command.ExecuteScalarAsync())!).ShouldBe(0);
        }

        (await lists.PageAsync(Kind, ["all"], null, 1, 10)).Total.ShouldBe(2);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _database?.Dispose();
        _file.Dispose();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresListsTests(PostgresServer server) : ListsTests
{
    private PostgresDatabase? _database;

    [Fact]
    public async Task NodesCountInTheirOwnSlotsAndPagesSumThem()
    {
        var connectionString = await server.CreateDatabaseAsync("slots");
        await PostgresSchema.ApplyAsync(connectionString);
        await using var database = new PostgresDatabase(connectionString);
        await using var first = new SqlLists(database, TimeProvider.System, slot: 1);
        await using var second = new SqlLists(database, TimeProvider.System, slot: 2);
        for (var i = 0; i < 30; i++)
        {
            var writer = i % 2 == 0 ? first : second;
            await writer.RecordAsync(new ListRecord("things", $"s{i:D2}", 1, "open", DateTimeOffset.UnixEpoch, ["all"], ListJson.Write($"s{i:D2}"), []));
        }

        // Half of the items move to another state through the other writer: counts go down in one slot and up in the other.
        for (var i = 0; i < 30; i += 2)
        {
            await second.RecordAsync(new ListRecord("things", $"s{i:D2}", 2, "closed", DateTimeOffset.UnixEpoch, ["all"], ListJson.Write($"s{i:D2}"), []));
        }

        (await first.CountAsync("things", "all", null)).ShouldBe(30);
        (await first.CountAsync("things", "all", "open")).ShouldBe(15);
        var closed = await second.PageAsync("things", ["all"], "closed", 2, 10);
        closed.Total.ShouldBe(15);
        closed.Items.Select(ListJson.Read<string>).ShouldBe(["s08", "s06", "s04", "s02", "s00"]);
    }

    protected override async Task<IDeskDatabase> OpenDatabaseAsync()
    {
        var connectionString = await server.CreateDatabaseAsync("lists");
        await PostgresSchema.ApplyAsync(connectionString);
        _database = new PostgresDatabase(connectionString);
        return _database;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
