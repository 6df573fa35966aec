-- Rollups for evaluator outcomes. Applied once; never edited (add a new migration).
-- Portable SQL: runs on SQLite and PostgreSQL.

-- One row per rollup cell: the exact sufficient statistics (shared::outcomes::cells::CellStats,
-- postcard-encoded) of everything that falls in it. Updated inside the ingest transaction;
-- `server rebuild-rollups` recomputes all rows from `responses`. See ARCHITECTURE.md.
CREATE TABLE outcome_cells (
    cell_key        TEXT PRIMARY KEY NOT NULL,  -- the fields below, joined (CellKey::encode)
    organisation_id TEXT NOT NULL,              -- this organisation and everything below it
    month           TEXT NOT NULL,              -- 'YYYY-MM' (UTC)
    role            TEXT NOT NULL,
    instrument      TEXT NOT NULL,
    measure         TEXT NOT NULL,              -- a measure id, or '*' for the instrument
    breakdown       TEXT NOT NULL,              -- 'all', 'age_band', 'sex', 'ethnic_category', 'imd'
    value           TEXT NOT NULL,              -- the breakdown's value ('' for 'all')
    stats           BYTEA NOT NULL
);

CREATE INDEX outcome_cells_query ON outcome_cells (organisation_id, breakdown, month);
