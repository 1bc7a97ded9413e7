-- DIH4S Desk: the queries of the lists' read model on SQLite (ADR 0017); the tables are in 0004-lists.sql.
-- Each query starts at a "-- name:" line; the desk runs them with Dapper, parameters as @Name.

-- The recordings of one batch (SqlLists.WriteAsync): each parameter @Rows, @Log, @Items, ... is a JSON
-- array of rows with snake_case keys, read as a table by json_each. "WHERE true" before ON CONFLICT
-- tells SQLite's parser the ON starts the upsert, not a join.

-- name: ReadItems
SELECT i.Kind, i.ItemId, i.Seq, i.Version, i.State, i.Audiences
FROM json_each(@Rows) AS r
JOIN DeskListItem i ON i.Kind = r.value ->> 'kind' AND i.ItemId = r.value ->> 'item_id';

-- name: InsertItems
INSERT INTO DeskListItem (Kind, ItemId, Version, State, CreatedAt, Audiences, ViewJson, RecordedAt)
SELECT value ->> 'kind', value ->> 'item_id', value ->> 'version', value ->> 'state', value ->> 'created_at',
       value ->> 'audiences', value ->> 'view_json', value ->> 'recorded_at'
FROM json_each(@Rows)
ORDER BY value ->> 'ord'
RETURNING Kind, ItemId, Seq;

-- name: WriteRows
INSERT INTO DeskLogEntry (Kind, ItemId, Version, EntryJson)
SELECT value ->> 'kind', value ->> 'item_id', value ->> 'version', value ->> 'entry_json'
FROM json_each(@Log)
WHERE true
ON CONFLICT DO NOTHING;

UPDATE DeskListItem
SET Version = r.version, State = r.state, Audiences = r.audiences, ViewJson = r.view_json, RecordedAt = r.recorded_at
FROM (SELECT value ->> 'seq' AS seq, value ->> 'version' AS version, value ->> 'state' AS state,
             value ->> 'audiences' AS audiences, value ->> 'view_json' AS view_json, value ->> 'recorded_at' AS recorded_at
      FROM json_each(@Items)) AS r
WHERE DeskListItem.Seq = r.seq AND DeskListItem.Version < r.version;

DELETE FROM DeskListEntry
WHERE (Kind, Audience, Seq) IN (SELECT value ->> 'kind', value ->> 'audience', value ->> 'seq' FROM json_each(@Removed));

INSERT INTO DeskListEntry (Kind, Audience, Seq, State)
SELECT value ->> 'kind', value ->> 'audience', value ->> 'seq', value ->> 'state'
FROM json_each(@Added);

UPDATE DeskListEntry
SET State = r.state
FROM (SELECT value ->> 'kind' AS kind, value ->> 'audience' AS audience, value ->> 'seq' AS seq, value ->> 'state' AS state
      FROM json_each(@Kept)) AS r
WHERE DeskListEntry.Kind = r.kind AND DeskListEntry.Audience = r.audience AND DeskListEntry.Seq = r.seq;

INSERT INTO DeskListCount (Kind, Audience, State, Bucket, Items)
SELECT value ->> 'kind', value ->> 'audience', value ->> 'state', value ->> 'bucket', value ->> 'delta'
FROM json_each(@Counts)
WHERE true
ORDER BY value ->> 'ord'
ON CONFLICT (Kind, Audience, State, Bucket) DO UPDATE SET Items = Items + excluded.Items;

DELETE FROM DeskDeadline
WHERE (Kind, ItemId) IN (SELECT value ->> 'kind', value ->> 'item_id' FROM json_each(@Deadlines));

INSERT INTO DeskDeadline (Kind, ItemId, DueAt)
SELECT value ->> 'kind', value ->> 'item_id', value ->> 'due_at'
FROM json_each(@Deadlines)
WHERE value ->> 'due_at' IS NOT NULL;

-- name: Due
SELECT ItemId
FROM DeskDeadline
WHERE Kind = @Kind AND DueAt <= @Now
ORDER BY DueAt
LIMIT @Take;

-- name: Buckets
SELECT Bucket, Items
FROM DeskListCount
WHERE Kind = @Kind AND Audience = @Audience AND State = @State AND Items > 0
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
WHERE Kind = @Kind AND Audience IN @Audiences AND (@State IS NULL OR State = @State);

-- name: UnionPage
SELECT i.ViewJson
FROM DeskListItem i
WHERE i.Seq IN (SELECT DISTINCT Seq FROM DeskListEntry
                WHERE Kind = @Kind AND Audience IN @Audiences AND (@State IS NULL OR State = @State))
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
