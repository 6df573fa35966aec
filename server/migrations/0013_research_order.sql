-- The research row export reads one instrument's responses in id order, a page at a time
-- (keyset: `instrument_id = ? AND id > ? ORDER BY id LIMIT n`), so it never sorts or holds the
-- whole export.
CREATE INDEX responses_instrument_id ON responses (instrument_id, id);
