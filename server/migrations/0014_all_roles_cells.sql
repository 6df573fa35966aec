-- Rollup cells gain all-roles cells (role '*'): every contribution is kept under its role and
-- under '*', so queries that neither group nor filter by role read one cell instead of one per
-- role. Applied once; never edited (add a new migration). Portable SQL.
--
-- The cells are derived data: this migration empties the table and the server rebuilds it from
-- `responses` when it starts and finds responses without cells (see ARCHITECTURE.md).
DELETE FROM outcome_cells;
