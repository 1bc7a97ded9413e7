using System.Globalization;
using Dapper;
using DIH4S.Contracts;
using DIH4S.Grains.Storage;
using Microsoft.Data.Sqlite;

namespace DIH4S.Grains.Lists;

/// <summary>The lists' read model on SQLite, with Dapper; the SQL is in <c>infra/sql/sqlite/queries/lists.sql</c>.</summary>
public sealed class SqliteLists(SqliteDatabase database, TimeProvider time) : IDeskLists
{
    /// <summary>Entries per counted bucket: a page skips at most this many entries to reach its first.</summary>
    public const int BucketBits = 10;

    private const string AnyState = "*";

    private static readonly IReadOnlyDictionary<string, string> Sql = SqliteSchema.Queries("lists.sql");

    public Task RecordAsync(ListRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return database.WriteAsync(async (connection, transaction) =>
        {
            foreach (var entry in record.Log)
            {
                await connection.ExecuteAsync(Sql["AppendLog"], new { record.Kind, record.ItemId, entry.Version, entry.EntryJson }, transaction);
            }

            var stored = await connection.QuerySingleOrDefaultAsync<StoredItem>(Sql["ReadItem"], new { record.Kind, record.ItemId }, transaction);
            if (stored is not null && stored.Version >= record.Version)
            {
                return 0;
            }

            var audiences = string.Join('\n', record.Audiences.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            var now = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            long seq;
            if (stored is null)
            {
                seq = await connection.ExecuteScalarAsync<long>(Sql["InsertItem"], new
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
                await connection.ExecuteAsync(Sql["UpdateItem"], new
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
            var bucket = seq >> BucketBits;
            foreach (var audience in before.Except(after))
            {
                await connection.ExecuteAsync(Sql["DeleteEntry"], new { record.Kind, Audience = audience, Seq = seq }, transaction);
                await CountAsync(connection, transaction, record.Kind, audience, stored!.State, bucket, -1);
                await CountAsync(connection, transaction, record.Kind, audience, AnyState, bucket, -1);
            }

            foreach (var audience in after.Except(before))
            {
                await connection.ExecuteAsync(Sql["InsertEntry"], new { record.Kind, Audience = audience, Seq = seq, record.State }, transaction);
                await CountAsync(connection, transaction, record.Kind, audience, record.State, bucket, 1);
                await CountAsync(connection, transaction, record.Kind, audience, AnyState, bucket, 1);
            }

            if (stored is not null && stored.State != record.State)
            {
                foreach (var audience in after.Intersect(before))
                {
                    await connection.ExecuteAsync(Sql["UpdateEntry"], new { record.Kind, Audience = audience, Seq = seq, record.State }, transaction);
                    await CountAsync(connection, transaction, record.Kind, audience, stored.State, bucket, -1);
                    await CountAsync(connection, transaction, record.Kind, audience, record.State, bucket, 1);
                }
            }

            return 0;
        });
    }

    public async Task<PageOf<string>> PageAsync(string kind, IReadOnlyList<string> audiences, string? state, int page, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(audiences);
        var skip = (page - 1) * pageSize;
        await using var connection = await database.OpenAsync();
        if (audiences.Count != 1)
        {
            var parameters = new { Kind = kind, Audiences = audiences, State = state, Take = pageSize, Skip = skip };
            var unionTotal = await connection.ExecuteScalarAsync<int>(Sql["UnionCount"], parameters);
            var unionItems = await connection.QueryAsync<string>(Sql["UnionPage"], parameters);
            return new PageOf<string>([.. unionItems], unionTotal, page, pageSize);
        }

        var buckets = (await connection.QueryAsync<(long Bucket, long Items)>(
            Sql["Buckets"], new { Kind = kind, Audience = audiences[0], State = state ?? AnyState })).ToList();
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

        var views = await connection.QueryAsync<string>(state is null ? Sql["PageAnyState"] : Sql["PageInState"], new
        {
            Kind = kind,
            Audience = audiences[0],
            State = state,
            Below = below,
            Take = pageSize,
            Skip = within,
        });
        return new PageOf<string>([.. views], total, page, pageSize);
    }

    public async Task<int> CountAsync(string kind, string audience, string? state)
    {
        await using var connection = await database.OpenAsync();
        var buckets = await connection.QueryAsync<(long Bucket, long Items)>(
            Sql["Buckets"], new { Kind = kind, Audience = audience, State = state ?? AnyState });
        return (int)buckets.Sum(b => b.Items);
    }

    public async Task<int?> RecordedVersionAsync(string kind, string itemId)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<int?>(Sql["RecordedVersion"], new { Kind = kind, ItemId = itemId });
    }

    public async Task<PageOf<string>> LogAsync(string kind, string itemId, int page, int pageSize)
    {
        await using var connection = await database.OpenAsync();
        var parameters = new { Kind = kind, ItemId = itemId, Take = pageSize, Skip = (page - 1) * pageSize };
        var total = await connection.ExecuteScalarAsync<int>(Sql["LogCount"], parameters);
        var entries = await connection.QueryAsync<string>(Sql["LogPage"], parameters);
        return new PageOf<string>([.. entries], total, page, pageSize);
    }

    public Task<bool> AddCommentAsync(string kind, string itemId, bool isInternal, string commentJson, int limit) =>
        database.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(
            Sql["AddComment"],
            new { Kind = kind, ItemId = itemId, Internal = isInternal ? 1 : 0, CommentJson = commentJson, Limit = limit },
            transaction) == 1);

    public async Task<PageOf<string>> CommentsAsync(string kind, string itemId, bool internalToo, int page, int pageSize)
    {
        await using var connection = await database.OpenAsync();
        var parameters = new { Kind = kind, ItemId = itemId, InternalToo = internalToo, Take = pageSize, Skip = (page - 1) * pageSize };
        var total = await connection.ExecuteScalarAsync<int>(Sql["CommentCount"], parameters);
        var comments = await connection.QueryAsync<string>(Sql["CommentPage"], parameters);
        return new PageOf<string>([.. comments], total, page, pageSize);
    }

    private static Task CountAsync(SqliteConnection connection, SqliteTransaction transaction, string kind, string audience, string state, long bucket, int delta) =>
        connection.ExecuteAsync(Sql["Count"], new { Kind = kind, Audience = audience, State = state, Bucket = bucket, Delta = delta }, transaction);

    private static string[] Split(string audiences) => audiences.Length == 0 ? [] : audiences.Split('\n');

    private sealed record StoredItem(long Seq, long Version, string State, string Audiences);
}
