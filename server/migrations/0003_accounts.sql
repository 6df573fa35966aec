-- Organisations, the professional role list, accounts, sessions and the audit log.
-- Applied once; never edited (add a new migration). Portable SQL: runs on SQLite and PostgreSQL.

-- Integrated care board -> primary care network -> practice.
CREATE TABLE organisations (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,                  -- 'icb', 'pcn' or 'practice'
    parent_id  TEXT REFERENCES organisations (id),
    ods_code   TEXT,
    created_at TEXT NOT NULL
);

CREATE INDEX organisations_parent ON organisations (parent_id);

-- The professional role list (ARRS roles by default). Data, not an enum: admins edit it.
CREATE TABLE professional_roles (
    id       TEXT PRIMARY KEY NOT NULL,
    name     TEXT NOT NULL,
    active   BIGINT NOT NULL,                  -- 1 offered to new practitioners, 0 retired
    position BIGINT NOT NULL
);

-- People who sign in. Passwords are argon2id hashes (PHC strings), never stored in clear.
CREATE TABLE users (
    id                TEXT PRIMARY KEY NOT NULL,
    organisation_id   TEXT NOT NULL REFERENCES organisations (id),
    email             TEXT NOT NULL UNIQUE,    -- lowercased
    display_name      TEXT NOT NULL,
    kind              TEXT NOT NULL,           -- 'admin', 'practitioner' or 'evaluator'
    professional_role TEXT,                    -- practitioners: a role id from the list
    password_hash     TEXT NOT NULL,
    disabled          BIGINT NOT NULL,
    created_at        TEXT NOT NULL
);

-- Signed-in sessions. Only a SHA-256 of the token is stored; a token expires and can be revoked.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE INDEX sessions_user ON sessions (user_id);

-- Append-only: rows are inserted, never updated or deleted.
CREATE TABLE audit_log (
    id              TEXT PRIMARY KEY NOT NULL,
    occurred_at     TEXT NOT NULL,
    organisation_id TEXT,                      -- whose admins may read it
    actor           TEXT NOT NULL,             -- user id, 'device:<id>', or the email tried
    action          TEXT NOT NULL,             -- e.g. 'sign_in', 'sign_in_failed', 'read_response'
    subject         TEXT,
    detail          TEXT,
    address         TEXT
);

CREATE INDEX audit_log_organisation ON audit_log (organisation_id, occurred_at);
