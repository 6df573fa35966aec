-- The server's sealing key pairs (sync while locked): a tablet seals each finished response to
-- the public key as well as under its own data key, so a locked tablet can send it; only this
-- server can open it. The newest key is the one handed out; older ones still open what was
-- sealed to them. Only the public half is stored: the private half is derived from the
-- deployment's secret file (outside the database) and the key id, so a copy of the database
-- alone cannot open what a tablet sealed.
CREATE TABLE sealing_keys (
    id          TEXT PRIMARY KEY NOT NULL,
    public_key  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
