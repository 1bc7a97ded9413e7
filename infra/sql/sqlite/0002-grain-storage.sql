-- DIH4S Desk: grain state for Microsoft.Orleans.Persistence.AdoNet on SQLite.
--
-- One row per grain state. Unlike a hashed index, the primary key is the grain's full identity,
-- so uniqueness is enforced by the database. A grain without a string key extension is stored
-- with '' in GrainIdExtensionString. Version is the ETag Orleans uses for optimistic concurrency.
--
-- Parameters Orleans passes: @GrainIdHash @GrainIdN0 @GrainIdN1 @GrainTypeHash @GrainTypeString
-- @GrainIdExtensionString @ServiceId, plus @GrainStateVersion (NULL for a state never written)
-- and @PayloadBinary when writing. Reads return PayloadBinary and Version; writes and clears
-- return NewGrainStateVersion (no row tells Orleans that the version did not match).

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    ServiceId              TEXT    NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainIdExtensionString TEXT    NOT NULL,
    GrainIdHash            INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    PayloadBinary          BLOB    NULL,
    ModifiedOn             TEXT    NOT NULL,
    Version                INTEGER NOT NULL,
    PRIMARY KEY (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE ServiceId = @ServiceId
  AND GrainTypeString = @GrainTypeString
  AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1
  AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, '''');
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- One statement, prepared and bound once per write (until 2026-12-03 three, two of them no-ops on every update):
--   a known version: the SELECT yields a row only if the grain's row exists, which then conflicts with it, and
--     the row is updated only if its stored version still matches;
--   no version yet: the row is inserted, unless one exists already (the conflict then updates nothing).
-- It returns the new version, or no row, which Orleans reports as a conflict: a stale version, a state written
-- meanwhile by another activation, or a version for a state never stored.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
INSERT INTO OrleansStorage
    (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString,
     GrainIdHash, GrainTypeHash, PayloadBinary, ModifiedOn, Version)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''),
       @GrainIdHash, @GrainTypeHash, @PayloadBinary, strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''), 1
WHERE @GrainStateVersion IS NULL
   OR EXISTS (SELECT 1 FROM OrleansStorage
              WHERE ServiceId = @ServiceId
                AND GrainTypeString = @GrainTypeString
                AND GrainIdN0 = @GrainIdN0
                AND GrainIdN1 = @GrainIdN1
                AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, ''''))
ON CONFLICT (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString) DO UPDATE
SET PayloadBinary = excluded.PayloadBinary,
    ModifiedOn = excluded.ModifiedOn,
    Version = OrleansStorage.Version + 1
WHERE @GrainStateVersion IS NOT NULL
  AND OrleansStorage.Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = NULL,
    ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''),
    Version = Version + 1
WHERE ServiceId = @ServiceId
  AND GrainTypeString = @GrainTypeString
  AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1
  AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, '''')
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
