-- Enrolled tablets and one-time enrolment codes; responses remember who uploaded them.
-- Applied once; never edited (add a new migration). Portable SQL: runs on SQLite and PostgreSQL.

-- A tablet enrolled to an organisation. Only a SHA-256 of its credential is stored.
CREATE TABLE devices (
    id              TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    name            TEXT NOT NULL,
    credential_hash TEXT NOT NULL UNIQUE,
    enrolled_at     TEXT NOT NULL,
    enrolled_by     TEXT NOT NULL,            -- the admin who issued the code
    revoked_at      TEXT,
    revoked_by      TEXT
);

CREATE INDEX devices_organisation ON devices (organisation_id);

-- A code an admin gives to whoever sets up a tablet; usable once, until it expires.
CREATE TABLE enrolment_codes (
    code_hash       TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    used_at         TEXT,
    device_id       TEXT
);

-- Who uploaded each response: the organisation (for access rules) and the device, if any.
ALTER TABLE responses ADD COLUMN organisation_id TEXT;
ALTER TABLE responses ADD COLUMN device_id TEXT;

CREATE INDEX responses_organisation ON responses (organisation_id);
