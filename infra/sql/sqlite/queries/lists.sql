-- DIH4S Desk: the queries of the lists' read model on SQLite (ADR 0017); the tables are in 0004-lists.sql.
-- Each query starts at a "-- name:" line; the desk runs them with Dapper, parameters as @Name.

-- The recordings of one batch (SqlLists.WriteAsync): each parameter @Rows, @Log, @Items, ... is a JSON
-- array of rows with snake_case keys, read as a table by json_each. "WHERE true" before ON CONFLICT
-- tells SQLite's parser the ON starts the upsert, not a join. Rows name their audience in full; the
-- statements find its number in DeskListAudience (numbering the new ones first), and every list query
-- finds it the same way from @Kind and @Audience.

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

-- An item whose state changed leaves its old state's rows: the item's row still holds that state here.
DELETE FROM DeskAudienceState
WHERE (AudienceId, State, Seq) IN (SELECT a.Id, i.State, i.Seq
                                   FROM json_each(@Kept) AS r
                                   JOIN DeskListAudience a ON a.Kind = r.value ->> 'kind' AND a.Name = r.value ->> 'audience'
                                   JOIN DeskListItem i ON i.Seq = r.value ->> 'seq');

UPDATE DeskListItem
SET Version = r.version, State = r.state, Audiences = r.audiences, ViewJson = r.view_json, RecordedAt = r.recorded_at
FROM (SELECT value ->> 'seq' AS seq, value ->> 'version' AS version, value ->> 'state' AS state,
             value ->> 'audiences' AS audiences, value ->> 'view_json' AS view_json, value ->> 'recorded_at' AS recorded_at
      FROM json_each(@Items)) AS r
WHERE DeskListItem.Seq = r.seq AND DeskListItem.Version < r.version;

INSERT INTO DeskListAudience (Kind, Name)
SELECT DISTINCT value ->> 'kind', value ->> 'audience'
FROM json_each(@Added)
WHERE true
ON CONFLICT DO NOTHING;

DELETE FROM DeskAudienceEntry
WHERE (AudienceId, Seq) IN (SELECT a.Id, r.value ->> 'seq'
                            FROM json_each(@Removed) AS r
                            JOIN DeskListAudience a ON a.Kind = r.value ->> 'kind' AND a.Name = r.value ->> 'audience');

DELETE FROM DeskAudienceState
WHERE (AudienceId, State, Seq) IN (SELECT a.Id, r.value ->> 'state', r.value ->> 'seq'
                                   FROM json_each(@Removed) AS r
                                   JOIN DeskListAudience a ON a.Kind = r.value ->> 'kind' AND a.Name = r.value ->> 'audience');

INSERT INTO DeskAudienceEntry (AudienceId, Seq)
SELECT a.Id, r.value ->> 'seq'
FROM json_each(@Added) AS r
JOIN DeskListAudience a ON a.Kind = r.value ->> 'kind' AND a.Name = r.value ->> 'audience';

INSERT INTO DeskAudienceState (AudienceId, State, Seq)
SELECT a.Id, r.value ->> 'state', r.value ->> 'seq'
FROM (SELECT value FROM json_each(@Added) UNION ALL SELECT value FROM json_each(@Kept)) AS r
JOIN DeskListAudience a ON a.Kind = r.value ->> 'kind' AND a.Name = r.value ->> 'audience';

INSERT INTO DeskAudienceCount (AudienceId, State, Bucket, Items)
SELECT a.Id, r.value ->> 'state', r.value ->> 'bucket', r.value ->> 'delta'
FROM json_each(@Counts) AS r
JOIN DeskListAudience a ON a.Kind = r.value ->> 'kind' AND a.Name = r.value ->> 'audience'
WHERE true
ON CONFLICT (AudienceId, State, Bucket) DO UPDATE SET Items = Items + excluded.Items;

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
FROM DeskAudienceCount
WHERE AudienceId = (SELECT Id FROM DeskListAudience WHERE Kind = @Kind AND Name = @Audience) AND State = @State AND Items > 0
ORDER BY Bucket DESC;

-- name: PageAnyState
SELECT i.ViewJson
FROM DeskAudienceEntry e JOIN DeskListItem i ON i.Seq = e.Seq
WHERE e.AudienceId = (SELECT Id FROM DeskListAudience WHERE Kind = @Kind AND Name = @Audience) AND e.Seq < @Below
ORDER BY e.Seq DESC
LIMIT @Take OFFSET @Skip;

-- name: PageInState
SELECT i.ViewJson
FROM DeskAudienceState e JOIN DeskListItem i ON i.Seq = e.Seq
WHERE e.AudienceId = (SELECT Id FROM DeskListAudience WHERE Kind = @Kind AND Name = @Audience) AND e.State = @State AND e.Seq < @Below
ORDER BY e.Seq DESC
LIMIT @Take OFFSET @Skip;

-- name: UnionCount
SELECT COUNT(DISTINCT Seq)
FROM (SELECT Seq FROM DeskAudienceEntry
      WHERE @State IS NULL AND AudienceId IN (SELECT Id FROM DeskListAudience WHERE Kind = @Kind AND Name IN @Audiences)
      UNION ALL
      SELECT Seq FROM DeskAudienceState
      WHERE State = @State AND AudienceId IN (SELECT Id FROM DeskListAudience WHERE Kind = @Kind AND Name IN @Audiences));

-- name: UnionPage
SELECT i.ViewJson
FROM DeskListItem i
WHERE i.Seq IN (SELECT Seq FROM DeskAudienceEntry
                WHERE @State IS NULL AND AudienceId IN (SELECT Id FROM DeskListAudience WHERE Kind = @Kind AND Name IN @Audiences)
                UNION
                SELECT Seq FROM DeskAudienceState
                WHERE State = @State AND AudienceId IN (SELECT Id FROM DeskListAudience WHERE Kind = @Kind AND Name IN @Audiences))
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
