-- Each response keeps a copy of its scores as one JSON text, `[[measure, value, band], ...]`
-- (measure `<instrument>.<measure>`, value exact, band or null), written with the response in
-- the same statement and never changed (scores, like responses, are only ever inserted). The
-- research row export reads it instead of looking up every score row: one row per response
-- instead of one index search per score. `response_scores` stays the table every figure is
-- computed from. Responses stored before this migration have NULL here; the export falls back
-- to their `response_scores` rows. Applied once; never edited. Portable SQL.
ALTER TABLE responses ADD COLUMN scores TEXT;
