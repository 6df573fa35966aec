-- Completed questionnaires and their scores. Applied once; never edited (add a new migration).

-- One row per completed questionnaire. The id is minted on the tablet, so a re-sent record hits
-- the primary key and is recognised as a duplicate (same content_hash) or a conflict (different).
CREATE TABLE responses (
    id                 TEXT PRIMARY KEY NOT NULL,
    instrument_id      TEXT NOT NULL,
    instrument_version BIGINT NOT NULL,
    recorded_at        TEXT NOT NULL,     -- RFC 3339, as the device recorded it
    received_at        TEXT NOT NULL,     -- RFC 3339 UTC, server clock at first receipt
    role               TEXT NOT NULL,     -- professional role id from the role list
    answers            TEXT NOT NULL,     -- JSON object: item id -> answer
    content_hash       TEXT NOT NULL,     -- SHA-256 of the canonical record
    scoring_version    BIGINT NOT NULL
);

CREATE INDEX responses_role ON responses (role);
CREATE INDEX responses_instrument ON responses (instrument_id, instrument_version);

-- One row per reported measure of a response, computed by the shared scoring code on receipt.
CREATE TABLE response_scores (
    response_id TEXT NOT NULL REFERENCES responses (id),
    measure     TEXT NOT NULL,            -- "<instrument id>.<measure id>"
    domain      TEXT NOT NULL,            -- outcome domain id
    value       DOUBLE PRECISION NOT NULL,
    band        TEXT,
    PRIMARY KEY (response_id, measure)
);

CREATE INDEX response_scores_domain ON response_scores (domain, measure);
