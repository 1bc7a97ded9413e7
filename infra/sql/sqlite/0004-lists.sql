-- DIH4S Desk: the lists' read model (ADR 0017). The item grains are the source of truth; each one
-- records its row here after its own write, idempotently by version. Applied at every start.
--
-- DeskListItem   one row per item of a kind (requests, bookings, trainings, labs): what lists show.
--                Seq is the order in which the desk first recorded the item; "newest first" is Seq
--                descending. Audiences lists who may list it, one per line.
-- DeskListAudience   a number for each (kind, audience) pair ever listed: the two tables below name their
--                    audience by it, so their keys are a few bytes instead of 40-odd characters compared at
--                    every step of every seek (ADR 0017, amendment of 2026-12-04).
-- DeskAudienceEntry  one row per (audience, item): the index a list page without a state walks.
-- DeskAudienceState  the same rows with the item's state in the key: the index a list page of one state
--                    walks. A change of state moves an item's rows here and leaves the table above alone.
-- DeskAudienceCount  how many entries an audience has per state ('*' = any) and per bucket of 1024 Seqs:
--                    a page finds its starting bucket by summing at most items/1024 small rows, then skips
--                    at most 1023 entries, so page 1 and page 50,000 cost the same.
-- DeskLogEntry   the append-only history of an item, one row per version.
-- DeskComment    the comments on an item, in the order they were added.
-- DeskDeadline   the next deadline of an item that has one (a request's acceptance or auto-close), as
--                milliseconds since 1970 UTC: the deadline sweep finds the items due by a seek on
--                (Kind, DueAt) instead of the node keeping one reminder per item (ADR 0005).

CREATE TABLE IF NOT EXISTS DeskListItem
(
    Seq        INTEGER PRIMARY KEY,
    Kind       TEXT    NOT NULL,
    ItemId     TEXT    NOT NULL,
    Version    INTEGER NOT NULL,
    State      TEXT    NOT NULL,
    CreatedAt  TEXT    NOT NULL,
    Audiences  TEXT    NOT NULL,
    ViewJson   TEXT    NOT NULL,
    RecordedAt TEXT    NOT NULL,
    UNIQUE (Kind, ItemId)
);

CREATE TABLE IF NOT EXISTS DeskListAudience
(
    Id   INTEGER PRIMARY KEY,
    Kind TEXT    NOT NULL,
    Name TEXT    NOT NULL,
    UNIQUE (Kind, Name)
);

CREATE TABLE IF NOT EXISTS DeskAudienceEntry
(
    AudienceId INTEGER NOT NULL,
    Seq        INTEGER NOT NULL,
    PRIMARY KEY (AudienceId, Seq)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS DeskAudienceState
(
    AudienceId INTEGER NOT NULL,
    State      TEXT    NOT NULL,
    Seq        INTEGER NOT NULL,
    PRIMARY KEY (AudienceId, State, Seq)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS DeskAudienceCount
(
    AudienceId INTEGER NOT NULL,
    State      TEXT    NOT NULL,
    Bucket     INTEGER NOT NULL,
    Items      INTEGER NOT NULL,
    PRIMARY KEY (AudienceId, State, Bucket)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS DeskLogEntry
(
    Kind      TEXT    NOT NULL,
    ItemId    TEXT    NOT NULL,
    Version   INTEGER NOT NULL,
    EntryJson TEXT    NOT NULL,
    PRIMARY KEY (Kind, ItemId, Version)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS DeskComment
(
    Kind        TEXT    NOT NULL,
    ItemId      TEXT    NOT NULL,
    Seq         INTEGER NOT NULL,
    Internal    INTEGER NOT NULL,
    CommentJson TEXT    NOT NULL,
    PRIMARY KEY (Kind, ItemId, Seq)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS DeskDeadline
(
    Kind   TEXT    NOT NULL,
    ItemId TEXT    NOT NULL,
    DueAt  INTEGER NOT NULL,
    PRIMARY KEY (Kind, ItemId)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS IX_DeskDeadline_Due ON DeskDeadline (Kind, DueAt);
