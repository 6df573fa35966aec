-- Instrument library and risk alerts. Applied once; never edited (add a new migration).

-- Instrument versions published on this server beyond the built-in ones (e.g. imported from FHIR).
-- A row is never updated: a change is a new version.
CREATE TABLE instrument_definitions (
    instrument_id TEXT NOT NULL,
    version       BIGINT NOT NULL,
    definition    TEXT NOT NULL,          -- JSON InstrumentDefinition, checked before insert
    source        TEXT NOT NULL,          -- e.g. 'fhir-import'
    published_at  TEXT NOT NULL,
    PRIMARY KEY (instrument_id, version)
);

-- The organisation's registration for a licensed instrument (e.g. SWEMWBS with Warwick).
-- Until a row exists the instrument is disabled: not offered to tablets, uploads refused.
CREATE TABLE instrument_registrations (
    instrument_id TEXT PRIMARY KEY NOT NULL,
    reference     TEXT NOT NULL,          -- the licence or registration reference
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL
);

-- Risk alerts raised by a response (computed by the shared risk rules on receipt).
CREATE TABLE response_alerts (
    response_id     TEXT NOT NULL REFERENCES responses (id),
    rule            TEXT NOT NULL,
    item            TEXT NOT NULL,
    answer          BIGINT NOT NULL,
    raised_at       TEXT NOT NULL,        -- server receipt time
    acknowledged_at TEXT,
    acknowledged_by TEXT,
    PRIMARY KEY (response_id, rule)
);

CREATE INDEX response_alerts_open ON response_alerts (acknowledged_at);
