-- Rollups folded after ingest instead of inside it. Applied once; never edited (add a new
-- migration). Portable SQL: runs on SQLite and PostgreSQL.
--
-- Ingest no longer updates `outcome_cells`: a folder adds the batches stored since the last fold
-- (their change-feed sequence numbers are above `folded_seq`), and every read of the cells first
-- folds what is pending, so figures never lag the stored responses. `generation` moves on every
-- change to the cells, so a fold computed from cells that another server changed meanwhile is
-- thrown away and done again (see ARCHITECTURE.md, invariants).
CREATE TABLE rollup_state (
    id         BIGINT PRIMARY KEY NOT NULL,
    folded_seq BIGINT NOT NULL,  -- every batch with feed_seq <= this is in outcome_cells
    generation BIGINT NOT NULL   -- moves on every change to outcome_cells
);
-- Until now ingest kept the cells in its own transaction: they hold every stored batch.
INSERT INTO rollup_state (id, folded_seq, generation) SELECT 1, last, 0 FROM feed_counter;

-- The folder finds the batches after `folded_seq` by their sequence number.
CREATE INDEX responses_feed_seq ON responses (feed_seq);
