-- The research row export on SQLite pages through one instrument's responses in rowid (storage)
-- order: `instrument_id = ? AND rowid > ? ORDER BY rowid LIMIT n`. The entries of an index on
-- `instrument_id` alone end with the rowid, so this index lists them in exactly that order and
-- the table is read page after page instead of one random page per response (as id order
-- cost). PostgreSQL pages by id through `responses_instrument_id` (0013) and leaves this one
-- to its planner. Applied once; never edited. Portable SQL.
CREATE INDEX responses_instrument_rows ON responses (instrument_id);
