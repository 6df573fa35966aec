-- Corrections and the change feed. Applied once; never edited (add a new migration).

-- A response may name the earlier response it supersedes. Aggregates count only the correction;
-- the superseded row is kept, unchanged.
ALTER TABLE responses ADD COLUMN supersedes TEXT;
CREATE INDEX responses_supersedes ON responses (supersedes);

-- Tablets pull earlier scores and goals as deltas: every stored response gets the sequence number
-- of the batch that stored it. Each ingest takes the next number from `feed_counter` at the start
-- of its transaction; the row lock this takes makes batches commit in sequence order, so a
-- tablet's cursor never skips a batch that commits late. Rows stored before this migration share
-- number 1.
ALTER TABLE responses ADD COLUMN feed_seq BIGINT NOT NULL DEFAULT 1;
CREATE INDEX responses_feed ON responses (organisation_id, feed_seq, id);
CREATE TABLE feed_counter (
    id   BIGINT PRIMARY KEY NOT NULL,
    last BIGINT NOT NULL
);
INSERT INTO feed_counter (id, last) VALUES (1, 1);
