-- DIH4S Desk: the queries of the lists' read model on PostgreSQL (ADR 0017); the tables are in
-- 0005-lists.sql. Each query starts at a "-- name:" line; the desk runs them with Dapper, which
-- passes a list parameter to Npgsql as an array: "= ANY(@List)" where SQLite has "IN @List".

-- The recordings of one batch (SqlLists.WriteAsync): each parameter @Rows, @Log, @Items, ... is a JSON
-- array of rows with snake_case keys, read as a table by jsonb_to_recordset.

-- name: ReadItems
SELECT i.Kind, i.ItemId, i.Seq, i.Version, i.State, i.Audiences
FROM jsonb_to_recordset(CAST(@Rows AS jsonb)) AS r(kind text, item_id text)
JOIN DeskListItem i ON i.Kind = r.kind AND i.ItemId = r.item_id
ORDER BY i.Kind, i.ItemId
FOR UPDATE OF i;

-- name: InsertItems
INSERT INTO DeskListItem (Kind, ItemId, Version, State, CreatedAt, Audiences, ViewJson, RecordedAt)
SELECT r.kind, r.item_id, r.version, r.state, r.created_at, r.audiences, r.view_json, r.recorded_at
FROM jsonb_to_recordset(CAST(@Rows AS jsonb))
  AS r(ord integer, kind text, item_id text, version bigint, state text, created_at text, audiences text, view_json text, recorded_at text)
ORDER BY r.ord
RETURNING Kind, ItemId, Seq;

-- name: WriteRows
INSERT INTO DeskLogEntry (Kind, ItemId, Version, EntryJson)
SELECT r.kind, r.item_id, r.version, r.entry_json
FROM jsonb_to_recordset(CAST(@Log AS jsonb)) AS r(kind text, item_id text, version bigint, entry_json text)
ON CONFLICT DO NOTHING;

UPDATE DeskListItem AS i
SET Version = r.version, State = r.state, Audiences = r.audiences, ViewJson = r.view_json, RecordedAt = r.recorded_at
FROM jsonb_to_recordset(CAST(@Items AS jsonb))
  AS r(seq bigint, version bigint, state text, audiences text, view_json text, recorded_at text)
WHERE i.Seq = r.seq AND i.Version < r.version;

DELETE FROM DeskListEntry AS e
USING jsonb_to_recordset(CAST(@Removed AS jsonb)) AS r(kind text, audience text, seq bigint)
WHERE e.Kind = r.kind AND e.Audience = r.audience AND e.Seq = r.seq;

INSERT INTO DeskListEntry (Kind, Audience, Seq, State)
SELECT r.kind, r.audience, r.seq, r.state
FROM jsonb_to_recordset(CAST(@Added AS jsonb)) AS r(kind text, audience text, seq bigint, state text);

UPDATE DeskListEntry AS e
SET State = r.state
FROM jsonb_to_recordset(CAST(@Kept AS jsonb)) AS r(kind text, audience text, seq bigint, state text)
WHERE e.Kind = r.kind AND e.Audience = r.audience AND e.Seq = r.seq;

INSERT INTO DeskListCount AS c (Kind, Audience, State, Bucket, Slot, Items)
SELECT r.kind, r.audience, r.state, r.bucket, r.slot, r.delta
FROM jsonb_to_recordset(CAST(@Counts AS jsonb))
  AS r(ord integer, kind text, audience text, state text, bucket bigint, slot smallint, delta bigint)
ORDER BY r.ord
ON CONFLICT (Kind, Audience, State, Bucket, Slot) DO UPDATE SET Items = c.Items + excluded.Items;

DELETE FROM DeskDeadline AS d
USING jsonb_to_recordset(CAST(@Deadlines AS jsonb)) AS r(kind text, item_id text)
WHERE d.Kind = r.kind AND d.ItemId = r.item_id;

INSERT INTO DeskDeadline (Kind, ItemId, DueAt)
SELECT r.kind, r.item_id, r.due_at
FROM jsonb_to_recordset(CAST(@Deadlines AS jsonb)) AS r(kind text, item_id text, due_at bigint)
WHERE r.due_at IS NOT NULL;

-- name: Due
SELECT ItemId
FROM DeskDeadline
WHERE Kind = @Kind AND DueAt <= @Now
ORDER BY DueAt
LIMIT @Take;

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
