-- Corrections: a response may name the earlier response it supersedes. Aggregates count only
-- the latest correction; the superseded row is kept, unchanged, for the audit trail.
ALTER TABLE responses ADD COLUMN supersedes TEXT;
CREATE INDEX responses_supersedes ON responses (supersedes);
