using System.Data.Common;
using System.Globalization;
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
                await WriteAsync(batch.Select(b => b.Record)).ConfigureAwait(false);
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

    private Task WriteAsync(IEnumerable<ListRecord> records) =>
        _database.WriteAsync(async (connection, transaction) =>
        {
            var counts = new Dictionary<CountKey, int>();
            foreach (var record in records)
            {
                await WriteOneAsync(connection, transaction, record, counts).ConfigureAwait(false);
            }

            // The counts last, summed, in one order: the rows every recording shares are locked for the
            // shortest time, and two transactions never take them in opposite orders (no deadlock).
            var changed = counts.Where(c => c.Value != 0)
                .OrderBy(c => c.Key.Kind, StringComparer.Ordinal)
                .ThenBy(c => c.Key.Audience, StringComparer.Ordinal)
                .ThenBy(c => c.Key.State, StringComparer.Ordinal)
                .ThenBy(c => c.Key.Bucket)
                .Select(c => new { c.Key.Kind, c.Key.Audience, c.Key.State, c.Key.Bucket, Slot = _slot, Delta = c.Value })
                .ToList();
            if (changed.Count > 0)
            {
                await connection.ExecuteAsync(_sql["Count"], changed, transaction).ConfigureAwait(false);
            }

            return 0;
        });

    /// <summary>One item's row, entries and new history, and its count changes added to <paramref name="counts"/>; nothing when the stored version is not older.</summary>
    private async Task WriteOneAsync(DbConnection connection, DbTransaction transaction, ListRecord record, Dictionary<CountKey, int> counts)
    {
        if (record.Log.Count > 0)
        {
            await connection.ExecuteAsync(_sql["AppendLog"], record.Log.Select(entry => new { record.Kind, record.ItemId, entry.Version, entry.EntryJson }), transaction);
        }

        var stored = await connection.QuerySingleOrDefaultAsync<StoredItem>(_sql["ReadItem"], new { record.Kind, record.ItemId }, transaction);
        if (stored is not null && stored.Version >= record.Version)
        {
            return;
        }

        var audiences = string.Join('\n', record.Audiences.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var now = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        long seq;
        if (stored is null)
        {
            seq = await connection.ExecuteScalarAsync<long>(_sql["InsertItem"], new
            {
                record.Kind,
                record.ItemId,
                record.Version,
                record.State,
                CreatedAt = record.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                Audiences = audiences,
                record.ViewJson,
                RecordedAt = now,
            }, transaction);
        }
        else
        {
            seq = stored.Seq;
            await connection.ExecuteAsync(_sql["UpdateItem"], new
            {
                Seq = seq,
                record.Version,
                record.State,
                Audiences = audiences,
                record.ViewJson,
                RecordedAt = now,
            }, transaction);
        }

        var before = stored is null ? [] : Split(stored.Audiences);
        var after = Split(audiences);
        var removed = before.Except(after).ToList();
        var added = after.Except(before).ToList();
        var kept = stored is not null && stored.State != record.State ? after.Intersect(before).ToList() : [];
        var bucket = seq >> BucketBits;
        if (removed.Count > 0)
        {
            await connection.ExecuteAsync(_sql["DeleteEntries"], new { record.Kind, Audiences = removed, Seq = seq }, transaction);
            removed.ForEach(a => Count(a, stored!.State, AnyState, -1));
        }

        if (added.Count > 0)
        {
            await connection.ExecuteAsync(_sql["InsertEntry"], added.Select(a => new { record.Kind, Audience = a, Seq = seq, record.State }), transaction);
            added.ForEach(a => Count(a, record.State, AnyState, 1));
        }

        if (kept.Count > 0)
        {
            await connection.ExecuteAsync(_sql["UpdateEntries"], new { record.Kind, Audiences = kept, Seq = seq, record.State }, transaction);
            kept.ForEach(a =>
            {
                Count(a, stored!.State, null, -1);
                Count(a, record.State, null, 1);
            });
        }

        void Count(string audience, string state, string? alsoState, int delta)
        {
            foreach (var s in new[] { state, alsoState }.OfType<string>())
            {
                var key = new CountKey(record.Kind, audience, s, bucket);
                counts[key] = counts.GetValueOrDefault(key) + delta;
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

    private static string[] Split(string audiences) => audiences.Length == 0 ? [] : audiences.Split('\n');

    private sealed record StoredItem(long Seq, long Version, string State, string Audiences);

    private readonly record struct CountKey(string Kind, string Audience, string State, long Bucket);
}
