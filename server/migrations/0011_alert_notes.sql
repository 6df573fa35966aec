-- An optional note staff write when they acknowledge a risk alert (what was done: "called the
-- patient, safety plan agreed"). Applied once; never edited (add a new migration).
-- Portable SQL: runs on SQLite and PostgreSQL.
ALTER TABLE response_alerts ADD COLUMN acknowledgement_note TEXT;
