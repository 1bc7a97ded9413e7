-- DIH4S Desk: the Orleans ADO.NET query table for SQLite.
-- Orleans reads every row of OrleansQuery at start-up and runs the text stored under each key.
-- Applied at every start; every statement here is idempotent.
PRAGMA journal_mode = WAL;

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);
