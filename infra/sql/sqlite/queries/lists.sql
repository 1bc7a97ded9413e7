-- DIH4S Desk: the queries of the lists' read model on SQLite (ADR 0017); the tables are in 0004-lists.sql.
-- Each query starts at a "-- name:" line; the desk runs them with Dapper, parameters as @Name.

-- The recordings of one batch (SqlLists.WriteAsync), in this order, each statement run once per row of its
-- kind with that row's values as parameters. SQLite runs in the process: a kept statement per row costs no
-- round trip and reads no JSON, where PostgreSQL's one statement per table saves round trips (ADR 0017).
-- Rows name their audience in full; every statement finds its number in DeskListAudience (numbered by
-- NameAudience before any entry of it is added), and every list query finds it the same way. An entry's
-- state rows move with LeaveState (a removed entry, or a kept one at the state it leaves) and EnterState
-- (an added entry, or a kept one at its new state).

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

-- name: WriteLog
INSERT INTO DeskLogEntry (Kind, ItemId, Version, EntryJson)
VALUES (@Kind, @ItemId, @Version, @EntryJson)
ON CONFLICT DO NOTHING;

-- name: WriteItem
UPDATE DeskListItem
SET Version = @Version, State = @State, Audiences = @Audiences, ViewJson = @ViewJson, RecordedAt = @RecordedAt
WHERE Seq = @Seq AND Version < @Version;

-- name: NameAudience
INSERT INTO DeskListAudience (Kind, Name)
VALUES (@Kind, @Audience)
ON CONFLICT DO NOTHING;

-- name: RemoveEntry
DELETE FROM DeskAudienceEntry
WHERE AudienceId = (SELECT Id FROM DeskListAudience WHERE Kind = @Kind AND Name = @Audience) AND Seq = @Seq;

-- name: LeaveState
DELETE FROM DeskAudienceState
WHERE AudienceId = (SELECT Id FROM DeskListAudience WHERE Kind = @Kind AND Name = @Audience) AND State = @State AND Seq = @Seq;

-- name: AddEntry
INSERT INTO DeskAudienceEntry (AudienceId, Seq)
VALUES ((SELECT Id FROM DeskListAudience WHERE Kind = @Kind AND Name = @Audience), @Seq);

-- name: EnterState
INSERT INTO DeskAudienceState (AudienceId, State, Seq)
VALUES ((SELECT Id FROM DeskListAudience WHERE Kind = @Kind AND Name = @Audience), @State, @Seq);

-- name: AddCount
INSERT INTO DeskAudienceCount (AudienceId, State, Bucket, Items)
VALUES ((SELECT Id FROM DeskListAudience WHERE Kind = @Kind AND Name = @Audience), @State, @Bucket, @Delta)
ON CONFLICT (AudienceId, State, Bucket) DO UPDATE SET Items = Items + excluded.Items;

-- name: SetDeadline
DELETE FROM DeskDeadline
WHERE Kind = @Kind AND ItemId = @ItemId AND @DueAt IS NULL;

INSERT INTO DeskDeadline (Kind, ItemId, DueAt)
SELECT @Kind, @ItemId, @DueAt
WHERE @DueAt IS NOT NULL
ON CONFLICT (Kind, ItemId) DO UPDATE SET DueAt = excluded.DueAt WHERE DueAt <> excluded.DueAt;

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
