-- Rollup cells at three grains (calendar month, calendar quarter, NHS financial year) under one
-- composite primary key, replacing the table of 0008 (whose text key and second index made
-- every write touch three b-trees). Applied once; never edited (add a new migration).
-- Portable SQL: runs on SQLite and PostgreSQL.
--
-- The cells are derived data: this migration leaves the table empty and the server rebuilds
-- it from `responses` when it starts and finds responses without cells (see ARCHITECTURE.md).
DROP TABLE outcome_cells;

CREATE TABLE outcome_cells (
    organisation_id TEXT NOT NULL,  -- this organisation and everything below it
    breakdown       TEXT NOT NULL,  -- 'all', 'age_band', 'sex', 'ethnic_category', 'imd'
    grain           TEXT NOT NULL,  -- 'month', 'quarter', 'year' (NHS financial year)
    month           TEXT NOT NULL,  -- 'YYYY-MM' (UTC): the first month of the cell's period
    role            TEXT NOT NULL,
    instrument      TEXT NOT NULL,
    measure         TEXT NOT NULL,  -- a measure id, or '*' for the instrument
    value           TEXT NOT NULL,  -- the breakdown's value ('' for 'all')
    stats           BYTEA NOT NULL, -- shared::outcomes::cells::CellStats, postcard-encoded
    PRIMARY KEY (organisation_id, breakdown, grain, month, role, instrument, measure, value)
);
