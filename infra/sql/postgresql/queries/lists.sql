-- DIH4S Desk: the queries of the lists' read model on PostgreSQL (ADR 0017); the tables are in
-- 0005-lists.sql. Each query starts at a "-- name:" line; the desk runs them with Dapper, which
-- passes a list parameter to Npgsql as an array: "= ANY(@List)" where SQLite has "IN @List".

-- name: ReadItem
SELECT Seq, Version, State, Audiences
FROM DeskListItem
WHERE Kind = @Kind AND ItemId = @ItemId
FOR UPDATE;

-- name: InsertItem
INSERT INTO DeskListItem (Kind, ItemId, Version, State, CreatedAt, Audiences, ViewJson, RecordedAt)
VALUES (@Kind, @ItemId, @Version, @State, @CreatedAt, @Audiences, @ViewJson, @RecordedAt)
RETURNING Seq;

-- name: UpdateItem
UPDATE DeskListItem
SET Version = @Version, State = @State, Audiences = @Audiences, ViewJson = @ViewJson, RecordedAt = @RecordedAt
WHERE Seq = @Seq AND Version < @Version;

-- name: InsertEntry
INSERT INTO DeskListEntry (Kind, Audience, Seq, State) VALUES (@Kind, @Audience, @Seq, @State);

-- name: UpdateEntries
UPDATE DeskListEntry SET State = @State WHERE Kind = @Kind AND Audience = ANY(@Audiences) AND Seq = @Seq;

-- name: DeleteEntries
DELETE FROM DeskListEntry WHERE Kind = @Kind AND Audience = ANY(@Audiences) AND Seq = @Seq;

-- name: Count
INSERT INTO DeskListCount AS c (Kind, Audience, State, Bucket, Slot, Items) VALUES (@Kind, @Audience, @State, @Bucket, @Slot, @Delta)
ON CONFLICT (Kind, Audience, State, Bucket, Slot) DO UPDATE SET Items = c.Items + excluded.Items;

-- name: AppendLog
INSERT INTO DeskLogEntry (Kind, ItemId, Version, EntryJson) VALUES (@Kind, @ItemId, @Version, @EntryJson)
ON CONFLICT DO NOTHING;

-- name: Buckets
SELECT Bucket, SUM(Items)::bigint AS Items
FROM DeskListCount
WHERE Kind = @Kind AND Audience = @Audience AND State = @State
GROUP BY Bucket
HAVING SUM(Items) > 0
ORDER BY Bucket DESC;

-- name: PageAnyState
SELECT i.ViewJson
FROM DeskListEntry e JOIN DeskListItem i ON i.Seq = e.Seq
WHERE e.Kind = @Kind AND e.Audience = @Audience AND e.Seq < @Below
ORDER BY e.Seq DESC
LIMIT @Take OFFSET @Skip;

-- name: PageInState
SELECT i.ViewJson
FROM DeskListEntry e JOIN DeskListItem i ON i.Seq = e.Seq
WHERE e.Kind = @Kind AND e.Audience = @Audience AND e.State = @State AND e.Seq < @Below
ORDER BY e.Seq DESC
LIMIT @Take OFFSET @Skip;

-- name: UnionCount
SELECT COUNT(DISTINCT Seq)
FROM DeskListEntry
WHERE Kind = @Kind AND Audience = ANY(@Audiences) AND (CAST(@State AS text) IS NULL OR State = @State);

-- name: UnionPage
SELECT i.ViewJson
FROM DeskListItem i
WHERE i.Seq IN (SELECT Seq FROM DeskListEntry
                WHERE Kind = @Kind AND Audience = ANY(@Audiences) AND (CAST(@State AS text) IS NULL OR State = @State))
ORDER BY i.Seq DESC
LIMIT @Take OFFSET @Skip;

-- name: RecordedVersion
SELECT Version FROM DeskListItem WHERE Kind = @Kind AND ItemId = @ItemId;

-- name: LogCount
SELECT COUNT(*) FROM DeskLogEntry WHERE Kind = @Kind AND ItemId = @ItemId;

-- name: LogPage
SELECT EntryJson
FROM DeskLogEntry
WHERE Kind = @Kind AND ItemId = @ItemId
ORDER BY Version
LIMIT @Take OFFSET @Skip;

-- name: AddComment
INSERT INTO DeskComment (Kind, ItemId, Seq, Internal, CommentJson)
SELECT @Kind, @ItemId, COALESCE(MAX(Seq), 0) + 1, @Internal, @CommentJson
FROM DeskComment
WHERE Kind = @Kind AND ItemId = @ItemId
HAVING COUNT(*) < @Limit;

-- name: CommentCount
SELECT COUNT(*) FROM DeskComment
WHERE Kind = @Kind AND ItemId = @ItemId AND (@InternalToo OR Internal = 0);

-- name: CommentPage
SELECT CommentJson
FROM DeskComment
WHERE Kind = @Kind AND ItemId = @ItemId AND (@InternalToo OR Internal = 0)
ORDER BY Seq
LIMIT @Take OFFSET @Skip;
