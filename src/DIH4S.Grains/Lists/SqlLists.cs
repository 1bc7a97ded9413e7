using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using DIH4S.Contracts;
using DIH4S.Grains.Storage;

namespace DIH4S.Grains.Lists;

/// <summary>
/// The lists' read model, with Dapper, on either engine; the SQL is in <c>infra/sql/{engine}/queries/lists.sql</c>.
/// Recordings are written by one loop in group commits: whatever arrived while the previous
/// transaction ran goes into the next one, so concurrent changes share a commit instead of queueing
/// for one each (ADR 0017). A batch that fails is retried one recording at a time, so one bad record
/// fails only its own caller.
/// </summary>
public sealed class SqlLists : IDeskLists, IAsyncDisposable
{
    /// <summary>Entries per counted bucket: a page skips at most this many entries to reach its first.</summary>
    public const int BucketBits = 10;

    private const int MostPerCommit = 128;
    private const string AnyState = "*";
    private const int CountSlots = 64;

    private readonly IDeskDatabase _database;

    // This writer's share of the counts on an engine with concurrent writers (PostgreSQL): nodes add to
    // their own rows, so they do not queue on one shared row per audience; pages sum the shares.
    private readonly int _slot;
    private readonly IReadOnlyDictionary<string, string> _sql;

    // SQLite writes a batch a row at a time, PostgreSQL a table at a time (WriteRowByRowAsync).
    private readonly bool _rowByRow;
    private readonly TimeProvider _time;
    private readonly Channel<(ListRecord Record, TaskCompletionSource Done)> _pending =
        Channel.CreateUnbounded<(ListRecord, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Task _writer;

    /// <param name="database">The node's database.</param>
    /// <param name="time">The clock of the rows' recording times.</param>
    /// <param name="slot">This writer's share of the counts (tests choose it; by default a random one of 64).</param>
    public SqlLists(IDeskDatabase database, TimeProvider time, int? slot = null)
    {
        _slot = slot ?? Random.Shared.Next(CountSlots);
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _sql = SqlScripts.Queries(database.Engine, "lists.sql");
        _rowByRow = database.Engine == SqlScripts.Sqlite;
        _time = time;
        _writer = Task.Run(WriteLoopAsync);
    }

    public Task RecordAsync(ListRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _pending.Writer.TryWrite((record, done)) ? done.Task : Task.FromException(new ObjectDisposedException(nameof(SqlLists)));
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(ListRecord Record, TaskCompletionSource Done)>(MostPerCommit);
        while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MostPerCommit && _pending.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await WriteAsync([.. batch.Select(b => b.Record)]).ConfigureAwait(false);
                batch.ForEach(b => b.Done.TrySetResult());
            }
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var (record, done) in batch)
                {
                    await WriteAloneAsync(record, done).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                batch[0].Done.TrySetException(ex);
            }
        }
    }

    private async Task WriteAloneAsync(ListRecord record, TaskCompletionSource done)
    {
        try
        {
            await WriteAsync([record]).ConfigureAwait(false);
            done.TrySetResult();
        }
        catch (Exception ex)
        {
            done.TrySetException(ex);
        }
    }

    /// <summary>
    /// One batch in a fixed number of statements, whatever its size: the stored rows of its items, the
    /// rows of items new to the lists, then everything else at once. Rows go to the database as one JSON
    /// array per table, which either engine reads as a table (<c>json_each</c>, <c>jsonb_to_recordset</c>),
    /// so a batch costs a few round trips to a database server instead of a dozen per recording.
    /// </summary>
    private Task WriteAsync(IReadOnlyList<ListRecord> records) =>
        _database.WriteAsync(async (connection, transaction) =>
        {
            // Each item once, at the newest version the batch holds; its history from every recording of it.
            var items = records.GroupBy(r => (r.Kind, r.ItemId)).Select(g => g.MaxBy(r => r.Version)!).ToList();
            var log = records
                .SelectMany(r => r.Log.Select(entry => new LogRowData(r.Kind, r.ItemId, entry.Version, entry.EntryJson)))
                .DistinctBy(row => (row.Kind, row.ItemId, row.Version))
                .ToList();

            var stored = (await connection.QueryAsync<StoredItem>(
                    _sql["ReadItems"], new { Rows = Rows(items.Select(i => new ItemKeyData(i.Kind, i.ItemId))) }, transaction).ConfigureAwait(false))
                .ToDictionary(s => (s.Kind, s.ItemId));
            var changed = items.Where(i => !stored.TryGetValue((i.Kind, i.ItemId), out var s) || s.Version < i.Version).ToList();

            var now = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            var fresh = changed.Where(i => !stored.ContainsKey((i.Kind, i.ItemId)))
                .Select((i, order) => new ItemData(order, i.Kind, i.ItemId, 0, i.Version, i.State, i.CreatedAt.ToString("O", CultureInfo.InvariantCulture), Audiences(i), i.ViewJson, now))
                .ToList();
            var seqs = fresh.Count == 0
                ? []
                : (await connection.QueryAsync<(string Kind, string ItemId, long Seq)>(_sql["InsertItems"], new { Rows = Rows(fresh) }, transaction).ConfigureAwait(false))
                    .ToDictionary(s => (s.Kind, s.ItemId), s => s.Seq);

            var rows = new BatchRows();
            foreach (var item in changed)
            {
                if (stored.TryGetValue((item.Kind, item.ItemId), out var before))
                {
                    rows.Update(before, item, now);
                }
                else
                {
                    rows.Insert(seqs[(item.Kind, item.ItemId)], item);
                }
            }

            var deadlines = changed.Select(i => new DeadlineData(i.Kind, i.ItemId, i.DueAt?.ToUnixTimeMilliseconds())).ToList();
            var counts = rows.Counts(_slot).ToList();
            if (_rowByRow)
            {
                await WriteRowByRowAsync(connection, transaction, log, rows, counts, deadlines).ConfigureAwait(false);
            }
            else if (log.Count > 0 || changed.Count > 0)
            {
                await connection.ExecuteAsync(_sql["WriteRows"], new
                {
                    Log = Rows(log),
                    Items = Rows(rows.Items),
                    Removed = Rows(rows.Removed),
                    Added = Rows(rows.Added),
                    Kept = Rows(rows.Kept),
                    Counts = Rows(counts),
                    Deadlines = Rows(deadlines),
                }, transaction).ConfigureAwait(false);
            }

            return 0;
        });

    /// <summary>
    /// The batch's rows on SQLite: each kind's statement once per row, in <c>lists.sql</c>'s order. In the
    /// process a statement costs no round trip, the writer keeps it prepared, and no JSON is written or read.
    /// </summary>
    private async Task WriteRowByRowAsync(
        DbConnection connection, DbTransaction transaction, List<LogRowData> log, BatchRows rows, List<CountData> counts, List<DeadlineData> deadlines)
    {
        (string Query, System.Collections.ICollection Rows)[] steps =
        [
            ("WriteLog", log), ("WriteItem", rows.Items), ("NameAudience", rows.Added),
            ("RemoveEntry", rows.Removed), ("LeaveState", rows.Removed), ("LeaveState", rows.Left),
            ("AddEntry", rows.Added), ("EnterState", rows.Added), ("EnterState", rows.Kept),
            ("AddCount", counts), ("SetDeadline", deadlines),
        ];
        foreach (var (query, stepRows) in steps.Where(s => s.Rows.Count > 0))
        {
            await connection.ExecuteAsync(_sql[query], stepRows, transaction).ConfigureAwait(false);
        }
    }

    private static string Audiences(ListRecord record) =>
        string.Join('\n', record.Audiences.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private static string Rows<T>(IEnumerable<T> rows) => JsonSerializer.Serialize(rows, RowJson);

    /// <summary>The rows of one batch beyond its new items' own, and the count changes they make.</summary>
    private sealed class BatchRows
    {
        private readonly Dictionary<CountKey, int> _counts = [];

        public List<ItemData> Items { get; } = [];

        public List<EntryData> Removed { get; } = [];

        public List<EntryData> Added { get; } = [];

        public List<EntryData> Kept { get; } = [];

        /// <summary>The kept entries at the state they leave: SQLite moves them between its state rows (lists.sql).</summary>
        public List<EntryData> Left { get; } = [];

        public void Insert(long seq, ListRecord item)
        {
            var bucket = seq >> BucketBits;
            foreach (var audience in Split(Audiences(item)))
            {
                Added.Add(new EntryData(item.Kind, audience, seq, item.State));
                Count(item.Kind, audience, item.State, AnyState, bucket, 1);
            }
        }

        public void Update(StoredItem before, ListRecord item, string now)
        {
            var audiences = Audiences(item);
            Items.Add(new ItemData(Items.Count, item.Kind, item.ItemId, before.Seq, item.Version, item.State, "", audiences, item.ViewJson, now));
            var had = Split(before.Audiences);
            var has = Split(audiences);
            var bucket = before.Seq >> BucketBits;
            foreach (var audience in had.Except(has))
            {
                Removed.Add(new EntryData(item.Kind, audience, before.Seq, before.State));
                Count(item.Kind, audience, before.State, AnyState, bucket, -1);
            }

            foreach (var audience in has.Except(had))
            {
                Added.Add(new EntryData(item.Kind, audience, before.Seq, item.State));
                Count(item.Kind, audience, item.State, AnyState, bucket, 1);
            }

            if (before.State != item.State)
            {
                foreach (var audience in has.Intersect(had))
                {
                    Kept.Add(new EntryData(item.Kind, audience, before.Seq, item.State));
                    Left.Add(new EntryData(item.Kind, audience, before.Seq, before.State));
                    Count(item.Kind, audience, before.State, null, bucket, -1);
                    Count(item.Kind, audience, item.State, null, bucket, 1);
                }
            }
        }

        /// <summary>
        /// The summed changes, in one order: two transactions never take the rows they share in opposite
        /// orders (no deadlock), and the database adds them in that order.
        /// </summary>
        public IEnumerable<CountData> Counts(int slot) => _counts
            .Where(c => c.Value != 0)
            .OrderBy(c => c.Key.Kind, StringComparer.Ordinal)
            .ThenBy(c => c.Key.Audience, StringComparer.Ordinal)
            .ThenBy(c => c.Key.State, StringComparer.Ordinal)
            .ThenBy(c => c.Key.Bucket)
            .Select((c, order) => new CountData(order, c.Key.Kind, c.Key.Audience, c.Key.State, c.Key.Bucket, slot, c.Value));

        private void Count(string kind, string audience, string state, string? alsoState, long bucket, int delta)
        {
            foreach (var s in new[] { state, alsoState }.OfType<string>())
            {
                var key = new CountKey(kind, audience, s, bucket);
                _counts[key] = _counts.GetValueOrDefault(key) + delta;
            }
        }
    }

    public Task<PageOf<string>> PageAsync(string kind, IReadOnlyList<string> audiences, string? state, int page, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(audiences);
        return _database.ReadAsync(async connection =>
        {
            var skip = (page - 1) * pageSize;
            if (audiences.Count != 1)
            {
                var parameters = new { Kind = kind, Audiences = audiences.ToList(), State = state, Take = pageSize, Skip = skip };
                var unionTotal = await connection.ExecuteScalarAsync<int>(_sql["UnionCount"], parameters).ConfigureAwait(false);
                var unionItems = await connection.QueryAsync<string>(_sql["UnionPage"], parameters).ConfigureAwait(false);
                return new PageOf<string>([.. unionItems], unionTotal, page, pageSize);
            }

            var buckets = await BucketsAsync(connection, kind, audiences[0], state).ConfigureAwait(false);
            var total = (int)buckets.Sum(b => b.Items);
            var below = long.MaxValue;
            var within = skip;
            foreach (var (bucket, items) in buckets)
            {
                // Skip whole buckets the page starts beyond; start in the one that holds its first entry.
                below = (bucket + 1) << BucketBits;
                if (within < items)
                {
                    break;
                }

                within -= (int)items;
                below = bucket << BucketBits;
            }

            if (skip >= total)
            {
                return new PageOf<string>([], total, page, pageSize);
            }

            var views = await connection.QueryAsync<string>(state is null ? _sql["PageAnyState"] : _sql["PageInState"], new
            {
                Kind = kind,
                Audience = audiences[0],
                State = state,
                Below = below,
                Take = pageSize,
                Skip = within,
            }).ConfigureAwait(false);
            return new PageOf<string>([.. views], total, page, pageSize);
        });
    }

    public Task<int> CountAsync(string kind, string audience, string? state) =>
        _database.ReadAsync(async connection => (int)(await BucketsAsync(connection, kind, audience, state).ConfigureAwait(false)).Sum(b => b.Items));

    /// <summary>An audience's non-empty buckets in one state (or any), newest first.</summary>
    private async Task<List<(long Bucket, long Items)>> BucketsAsync(DbConnection connection, string kind, string audience, string? state) =>
        [.. await connection.QueryAsync<(long Bucket, long Items)>(_sql["Buckets"], new { Kind = kind, Audience = audience, State = state ?? AnyState }).ConfigureAwait(false)];

    public Task<int?> RecordedVersionAsync(string kind, string itemId) =>
        _database.ReadAsync(connection => connection.ExecuteScalarAsync<int?>(_sql["RecordedVersion"], new { Kind = kind, ItemId = itemId }));

    public Task<PageOf<string>> LogAsync(string kind, string itemId, int page, int pageSize) =>
        _database.ReadAsync(async connection =>
        {
            var parameters = new { Kind = kind, ItemId = itemId, Take = pageSize, Skip = (page - 1) * pageSize };
            var total = await connection.ExecuteScalarAsync<int>(_sql["LogCount"], parameters).ConfigureAwait(false);
            var entries = await connection.QueryAsync<string>(_sql["LogPage"], parameters).ConfigureAwait(false);
            return new PageOf<string>([.. entries], total, page, pageSize);
        });

    public Task<bool> AddCommentAsync(string kind, string itemId, bool isInternal, string commentJson, int limit) =>
        _database.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(
            _sql["AddComment"],
            new { Kind = kind, ItemId = itemId, Internal = isInternal ? 1 : 0, CommentJson = commentJson, Limit = limit },
            transaction).ConfigureAwait(false) == 1);

    public Task<PageOf<string>> CommentsAsync(string kind, string itemId, bool internalToo, int page, int pageSize) =>
        _database.ReadAsync(async connection =>
        {
            var parameters = new { Kind = kind, ItemId = itemId, InternalToo = internalToo, Take = pageSize, Skip = (page - 1) * pageSize };
            var total = await connection.ExecuteScalarAsync<int>(_sql["CommentCount"], parameters).ConfigureAwait(false);
            var comments = await connection.QueryAsync<string>(_sql["CommentPage"], parameters).ConfigureAwait(false);
            return new PageOf<string>([.. comments], total, page, pageSize);
        });

    public async Task<IReadOnlyList<string>> DueAsync(string kind, DateTimeOffset now, int take) =>
        [.. await _database.ReadAsync(connection => connection.QueryAsync<string>(
            _sql["Due"], new { Kind = kind, Now = now.ToUnixTimeMilliseconds(), Take = take })).ConfigureAwait(false)];

    private static string[] Split(string audiences) => audiences.Length == 0 ? [] : audiences.Split('\n');

    private static readonly JsonSerializerOptions RowJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record StoredItem(string Kind, string ItemId, long Seq, long Version, string State, string Audiences);

    // The rows a batch sends, one JSON array per table; the SQL reads them by these names in snake case.
    private sealed record ItemKeyData(string Kind, string ItemId);

    private sealed record ItemData(int Ord, string Kind, string ItemId, long Seq, int Version, string State, string CreatedAt, string Audiences, string ViewJson, string RecordedAt);

    private sealed record EntryData(string Kind, string Audience, long Seq, string State);

    private sealed record CountData(int Ord, string Kind, string Audience, string State, long Bucket, int Slot, int Delta);

    private sealed record DeadlineData(string Kind, string ItemId, long? DueAt);

    private sealed record LogRowData(string Kind, string ItemId, int Version, string EntryJson);

    private readonly record struct CountKey(string Kind, string Audience, string State, long Bucket);
}
