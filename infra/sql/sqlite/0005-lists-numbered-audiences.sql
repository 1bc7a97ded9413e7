-- DIH4S Desk: a file written before 2026-12-04 keeps its lists' entries and counts with the audience named
-- in full, in DeskListEntry and DeskListCount. This moves them to the numbered tables of 0004-lists.sql once,
-- in one transaction (ADR 0017, amendment of 2026-12-04); on a million requests it takes some seconds, at
-- the first start of the newer build. On a file without them the two CREATEs make them empty and the two
-- DROPs remove them again, so the script runs at every start like the others. Going back to an older
-- build after this has run is not supported: it would start with empty lists.

BEGIN IMMEDIATE;

CREATE TABLE IF NOT EXISTS DeskListEntry
(
    Kind     TEXT    NOT NULL,
    Audience TEXT    NOT NULL,
    Seq      INTEGER NOT NULL,
    State    TEXT    NOT NULL,
    PRIMARY KEY (Kind, Audience, Seq)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS DeskListCount
(
    Kind     TEXT    NOT NULL,
    Audience TEXT    NOT NULL,
    State    TEXT    NOT NULL,
    Bucket   INTEGER NOT NULL,
    Items    INTEGER NOT NULL,
    PRIMARY KEY (Kind, Audience, State, Bucket)
) WITHOUT ROWID;

INSERT INTO DeskListAudience (Kind, Name)
SELECT Kind, Audience FROM DeskListEntry
UNION
SELECT Kind, Audience FROM DeskListCount
WHERE true
ON CONFLICT DO NOTHING;

INSERT INTO DeskAudienceEntry (AudienceId, Seq)
SELECT a.Id, e.Seq
FROM DeskListEntry e JOIN DeskListAudience a ON a.Kind = e.Kind AND a.Name = e.Audience
WHERE true
ON CONFLICT DO NOTHING;

INSERT INTO DeskAudienceState (AudienceId, State, Seq)
SELECT a.Id, e.State, e.Seq
FROM DeskListEntry e JOIN DeskListAudience a ON a.Kind = e.Kind AND a.Name = e.Audience
WHERE true
ON CONFLICT DO NOTHING;

INSERT INTO DeskAudienceCount (AudienceId, State, Bucket, Items)
SELECT a.Id, c.State, c.Bucket, c.Items
FROM DeskListCount c JOIN DeskListAudience a ON a.Kind = c.Kind AND a.Name = c.Audience
WHERE true
ON CONFLICT (AudienceId, State, Bucket) DO UPDATE SET Items = Items + excluded.Items;

DROP TABLE DeskListEntry;
DROP TABLE DeskListCount;

COMMIT;
