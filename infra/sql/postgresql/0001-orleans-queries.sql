-- DIH4S Desk: the Orleans ADO.NET query table for PostgreSQL.
-- Orleans reads every row of OrleansQuery at start-up and runs the text stored under each key.
-- Applied at every start under an advisory lock (ADR 0019); every statement here is idempotent.
-- Identifiers are unquoted, so PostgreSQL folds them to lower case; Npgsql matches the names Orleans
-- asks for without regard to case.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);
