//! Queries behind the outcome rollups: the responses a batch affects (as the rollups see them),
//! the organisation tree, and reading and writing `outcome_cells`.
//!
//! Lists of ids are bound in small chunks ([`CHUNK`]): sqlx looks up each `$n` placeholder of a
//! SQLite statement by name, which costs time in proportion to the statement's parameter count,
//! so a statement with thousands of parameters is quadratically slow (profiled in the outcomes
//! benchmark: a 1,800-parameter upsert spent most of its time there). Cells travel in bulk
//! instead: on SQLite as rows of anonymous `?` parameters (which bind in constant time), on
//! PostgreSQL as one array per column read with `UNNEST`.

use super::{Conn, Tx, undecodable};
use crate::{on_conn, on_tx};
use shared::outcomes::cells::{ALL_ROLES, Breakdown, CellKey, CellStats, Cells, RoleCells};
use shared::outcomes::periods::{CellRead, Grain};
use std::collections::{BTreeMap, BTreeSet};

/// The most ids bound in one statement.
pub const CHUNK: usize = 64;

/// `$1, $2, ..., $n` starting at `$first`.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A stored response's columns that the rollups need.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RollupRow {
    pub id: String,
    /// The change-feed sequence number of the batch that stored it.
    pub feed_seq: i64,
    pub instrument_id: String,
    pub recorded_at: String,
    pub role: String,
    pub organisation_id: Option<String>,
    pub patient_pseudonym: Option<String>,
    pub supersedes: Option<String>,
    pub time_point: Option<String>,
    pub age_band: String,
    pub stated_sex: String,
    pub ethnic_category: String,
    pub imd: String,
}

/// The columns of [`RollupRow`], for queries on `responses r`.
pub const ROLLUP_COLUMNS: &str =
    "r.id, r.feed_seq, r.instrument_id, r.recorded_at, r.role, r.organisation_id,
     r.patient_pseudonym, r.supersedes, r.time_point, r.age_band, r.stated_sex,
     r.ethnic_category, r.imd";

/// Every response with its scores (one row per score; a response without scores once), in
/// patient order, for a rebuild. Responses about one patient come together.
pub const REBUILD_SCAN: &str =
    "SELECT r.id, r.feed_seq, r.instrument_id, r.recorded_at, r.role, r.organisation_id,
        r.patient_pseudonym, r.supersedes, r.time_point, r.age_band, r.stated_sex,
        r.ethnic_category, r.imd, s.measure, s.value, s.band
     FROM responses r LEFT JOIN response_scores s ON s.response_id = r.id
     ORDER BY r.patient_pseudonym, r.id";

/// One row of [`REBUILD_SCAN`].
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RebuildRow {
    #[sqlx(flatten)]
    pub response: RollupRow,
    pub measure: Option<String>,
    pub value: Option<f64>,
    pub band: Option<String>,
}

impl RebuildRow {
    pub fn split(self) -> (RollupRow, Option<RollupScore>) {
        let score = match (self.measure, self.value) {
            (Some(measure), Some(value)) => Some(RollupScore {
                response_id: self.response.id.clone(),
                measure,
                value,
                band: self.band,
            }),
            _ => None,
        };
        (self.response, score)
    }
}

/// Takes the ingest lock (the change-feed counter's row) without moving the counter, so no batch
/// is stored while the rollups are rebuilt.
pub async fn lock_ingest(tx: &mut Tx) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query("UPDATE feed_counter SET last = last WHERE id = 1")
        .execute(conn)
        .await?
        .rows_affected());
    Ok(())
}

/// How far the cells are folded, and how far ingest has gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct FoldState {
    /// Every batch with a sequence number up to this one is in the cells.
    pub folded_seq: i64,
    /// Moves on every change to the cells.
    pub generation: i64,
    /// The sequence number of the last batch stored (committed, as this read sees it).
    pub last_seq: i64,
}

impl FoldState {
    /// Whether batches are stored that the cells do not hold yet.
    pub fn pending(&self) -> bool {
        self.last_seq > self.folded_seq
    }
}

pub async fn fold_state(conn: impl Into<Conn<'_>>) -> Result<FoldState, sqlx::Error> {
    on_conn!(conn, executor => sqlx::query_as(
        "SELECT s.folded_seq, s.generation, f.last AS last_seq
         FROM rollup_state s CROSS JOIN feed_counter f WHERE s.id = 1 AND f.id = 1",
    )
    .fetch_one(executor)
    .await)
}

/// The batches `after < feed_seq <= upto` in order, with how many responses each stored.
pub async fn batch_sizes(
    tx: &mut Tx,
    after: i64,
    upto: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_as(
        "SELECT feed_seq, COUNT(*) FROM responses WHERE feed_seq > $1 AND feed_seq <= $2
         GROUP BY feed_seq ORDER BY feed_seq",
    )
    .bind(after)
    .bind(upto)
    .fetch_all(conn)
    .await)
}

/// Ids of the responses stored by batches `after < feed_seq <= upto`.
pub async fn stored_between(
    tx: &mut Tx,
    after: i64,
    upto: i64,
) -> Result<Vec<String>, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_scalar(
        "SELECT id FROM responses WHERE feed_seq > $1 AND feed_seq <= $2",
    )
    .bind(after)
    .bind(upto)
    .fetch_all(conn)
    .await)
}

/// Records that the cells now hold every batch up to `folded_seq`, if they are still the
/// cells of `generation` (no other fold or rebuild changed them since they were read); returns
/// whether they were. Call it first in the transaction that writes the cells: it takes the
/// lock that orders writers of the cells.
pub async fn claim_fold(
    tx: &mut Tx,
    generation: i64,
    folded_seq: i64,
) -> Result<bool, sqlx::Error> {
    let claimed = on_tx!(tx, conn => sqlx::query(
        "UPDATE rollup_state SET folded_seq = $1, generation = generation + 1
         WHERE id = 1 AND generation = $2",
    )
    .bind(folded_seq)
    .bind(generation)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(claimed == 1)
}

/// Records that the cells hold every batch stored so far (after a rebuild under the ingest
/// lock).
pub async fn folded_all(tx: &mut Tx) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE rollup_state SET generation = generation + 1,
             folded_seq = (SELECT last FROM feed_counter WHERE id = 1)
         WHERE id = 1",
    )
    .execute(conn)
    .await?
    .rows_affected());
    Ok(())
}

/// Ids of responses that a correction from the same organisation supersedes.
pub async fn superseded(tx: &mut Tx) -> Result<BTreeSet<String>, sqlx::Error> {
    let ids: Vec<String> = on_tx!(tx, conn => sqlx::query_scalar(
        // CROSS JOIN keeps SQLite's planner from driving the join from every response (which
        // made this quadratic); corrections are few and found by their index.
        "SELECT DISTINCT t.id FROM responses c CROSS JOIN responses t
         WHERE c.supersedes IS NOT NULL AND t.id = c.supersedes
           AND c.organisation_id = t.organisation_id",
    )
    .fetch_all(conn)
    .await?);
    Ok(ids.into_iter().collect())
}

/// One stored score as the rollups need it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RollupScore {
    pub response_id: String,
    /// `<instrument>.<measure>`.
    pub measure: String,
    pub value: f64,
    pub band: Option<String>,
}

/// Responses whose id is in `ids`, or that correct one of them.
pub async fn linked(tx: &mut Tx, ids: &[String]) -> Result<Vec<RollupRow>, sqlx::Error> {
    let mut rows = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let list = placeholders(1, chunk.len());
        let sql = format!(
            "SELECT {ROLLUP_COLUMNS} FROM responses r WHERE r.id IN ({list}) OR r.supersedes IN ({list})"
        );
        let found: Vec<RollupRow> = on_tx!(&mut *tx, conn => {
            let mut query = sqlx::query_as(&sql);
            for id in chunk {
                query = query.bind(id);
            }
            query.fetch_all(conn).await?
        });
        rows.extend(found);
    }
    Ok(rows)
}

/// Every response about any of `patients` (pseudonyms).
pub async fn of_patients(tx: &mut Tx, patients: &[String]) -> Result<Vec<RollupRow>, sqlx::Error> {
    let mut rows = Vec::new();
    for chunk in patients.chunks(CHUNK) {
        let sql = format!(
            "SELECT {ROLLUP_COLUMNS} FROM responses r WHERE r.patient_pseudonym IN ({})",
            placeholders(1, chunk.len())
        );
        let found: Vec<RollupRow> = on_tx!(&mut *tx, conn => {
            let mut query = sqlx::query_as(&sql);
            for patient in chunk {
                query = query.bind(patient);
            }
            query.fetch_all(conn).await?
        });
        rows.extend(found);
    }
    Ok(rows)
}

/// The scores of the responses `ids`.
pub async fn scores_of(tx: &mut Tx, ids: &[String]) -> Result<Vec<RollupScore>, sqlx::Error> {
    let mut scores = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT response_id, measure, value, band FROM response_scores WHERE response_id IN ({})",
            placeholders(1, chunk.len())
        );
        let found: Vec<RollupScore> = on_tx!(&mut *tx, conn => {
            let mut query = sqlx::query_as(&sql);
            for id in chunk {
                query = query.bind(id);
            }
            query.fetch_all(conn).await?
        });
        scores.extend(found);
    }
    Ok(scores)
}

/// Organisation id -> parent id, for the whole tree.
pub async fn parents(
    conn: impl Into<Conn<'_>>,
) -> Result<BTreeMap<String, Option<String>>, sqlx::Error> {
    let rows: Vec<(String, Option<String>)> = on_conn!(conn, executor => sqlx::query_as(
        "SELECT id, parent_id FROM organisations",
    )
    .fetch_all(executor)
    .await?);
    Ok(rows.into_iter().collect())
}

/// Cells per statement when reading, writing or deleting cells ([`super::bulk::chunks`]): at
/// most 4,608 parameters on SQLite, under its 32,766.
const STATEMENT_SIZES: &[usize] = &[512, 64, 8, 1];

/// The key columns of `outcome_cells`, in primary-key order.
const KEY_COLUMNS: &str =
    "organisation_id, breakdown, grain, month, role, instrument, measure, value";

/// The key fields of a cell as text, in [`KEY_COLUMNS`] order.
fn key_fields(key: &CellKey) -> [&str; 8] {
    [
        &key.organisation,
        key.breakdown.name(),
        key.grain.name(),
        &key.month,
        &key.role,
        &key.instrument,
        &key.measure,
        &key.value,
    ]
}

/// A cell as stored: its key columns and statistics.
#[derive(sqlx::FromRow)]
struct StoredCell {
    organisation_id: String,
    breakdown: String,
    grain: String,
    month: String,
    role: String,
    instrument: String,
    measure: String,
    value: String,
    stats: Vec<u8>,
}

impl StoredCell {
    fn into_cell(self) -> Result<(CellKey, CellStats), sqlx::Error> {
        let breakdown = Breakdown::parse(&self.breakdown).ok_or_else(|| {
            undecodable(std::io::Error::other(format!(
                "unknown rollup breakdown {:?}",
                self.breakdown
            )))
        })?;
        let grain = Grain::parse(&self.grain).ok_or_else(|| {
            undecodable(std::io::Error::other(format!(
                "unknown rollup grain {:?}",
                self.grain
            )))
        })?;
        let stats = CellStats::decode(&self.stats).map_err(undecodable)?;
        let key = CellKey {
            organisation: self.organisation_id,
            grain,
            month: self.month,
            role: self.role,
            instrument: self.instrument,
            measure: self.measure,
            breakdown,
            value: self.value,
        };
        Ok((key, stats))
    }
}

/// SQLite: `(?, ?, ...), (?, ?, ...)`: `rows` rows of `width` anonymous parameters. Anonymous
/// `?` parameters bind in constant time each (SQLite looks numbered and named ones up in a list),
/// so a statement may carry thousands of rows.
fn anonymous_rows(rows: usize, width: usize) -> String {
    let row = format!("({})", vec!["?"; width].join(", "));
    vec![row; rows].join(", ")
}

/// SQLite: the keys' fields as the rows of a `VALUES` list named `k`, for `WITH` clauses.
fn keys_cte(rows: usize) -> String {
    format!("k ({KEY_COLUMNS}) AS (VALUES {})", anonymous_rows(rows, 8))
}

/// The keys as one text array per key column (PostgreSQL reads them with `UNNEST`).
fn key_arrays(keys: &[&CellKey]) -> [Vec<String>; 8] {
    let mut columns: [Vec<String>; 8] = Default::default();
    for key in keys {
        for (column, field) in columns.iter_mut().zip(key_fields(key)) {
            column.push(field.to_owned());
        }
    }
    columns
}

/// `c.organisation_id = j.organisation_id AND ...`.
fn key_join() -> String {
    KEY_COLUMNS
        .split(", ")
        .map(|column| format!("c.{column} = j.{column}"))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// PostgreSQL: `UNNEST($1::text[], ..., $8::text[]) AS j(organisation_id, ...)`.
fn unnest_keys() -> String {
    let arrays = (1..=8)
        .map(|i| format!("${i}::text[]"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("UNNEST({arrays}) AS j({KEY_COLUMNS})")
}

/// The stored statistics of the cells `keys` (absent cells are left out).
pub async fn read(tx: &mut Tx, keys: &[&CellKey]) -> Result<Cells, sqlx::Error> {
    let mut stored = Cells::new();
    for chunk in super::bulk::chunks(keys, STATEMENT_SIZES) {
        let rows: Vec<StoredCell> = match &mut *tx {
            Tx::Sqlite(conn) => {
                // CROSS JOIN: drive the join from the keys, each found by the primary key.
                let sql = format!(
                    "WITH {} SELECT c.* FROM k j CROSS JOIN outcome_cells c ON {}",
                    keys_cte(chunk.len()),
                    key_join()
                );
                let mut query = sqlx::query_as(&sql);
                for key in chunk {
                    for field in key_fields(key) {
                        query = query.bind(field);
                    }
                }
                query.fetch_all(&mut **conn).await?
            }
            Tx::Postgres(conn) => {
                let sql = format!(
                    "SELECT c.* FROM {} JOIN outcome_cells c ON {}",
                    unnest_keys(),
                    key_join()
                );
                let mut query = sqlx::query_as(&sql);
                for column in key_arrays(chunk) {
                    query = query.bind(column);
                }
                query.fetch_all(&mut **conn).await?
            }
        };
        for row in rows {
            let (key, stats) = row.into_cell()?;
            stored.insert(key, stats);
        }
    }
    Ok(stored)
}

/// Stores `cells` (inserting or replacing each) inside `tx`, in primary-key order so that
/// neighbouring cells land on the same pages.
pub async fn write(tx: &mut Tx, cells: &[(&CellKey, &CellStats)]) -> Result<(), sqlx::Error> {
    let mut cells = cells.to_vec();
    cells.sort_unstable_by(|(a, _), (b, _)| key_fields(a).cmp(&key_fields(b)));
    for chunk in super::bulk::chunks(&cells, STATEMENT_SIZES) {
        let keys: Vec<&CellKey> = chunk.iter().map(|(k, _)| *k).collect();
        let stats: Vec<&CellStats> = chunk.iter().map(|(_, s)| *s).collect();
        match &mut *tx {
            Tx::Sqlite(conn) => {
                let sql = format!(
                    "INSERT INTO outcome_cells ({KEY_COLUMNS}, stats) VALUES {}
                     ON CONFLICT ({KEY_COLUMNS}) DO UPDATE SET stats = excluded.stats",
                    anonymous_rows(chunk.len(), 9)
                );
                let mut query = sqlx::query(&sql);
                for (key, stats) in keys.iter().zip(&stats) {
                    for field in key_fields(key) {
                        query = query.bind(field);
                    }
                    query = query.bind(stats.encode());
                }
                query.execute(&mut **conn).await?;
            }
            Tx::Postgres(conn) => {
                let sql = format!(
                    "INSERT INTO outcome_cells ({KEY_COLUMNS}, stats)
                     SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[],
                                          $5::text[], $6::text[], $7::text[], $8::text[],
                                          $9::bytea[])
                     ON CONFLICT ({KEY_COLUMNS}) DO UPDATE SET stats = excluded.stats"
                );
                let mut query = sqlx::query(&sql);
                for column in key_arrays(&keys) {
                    query = query.bind(column);
                }
                let encoded: Vec<Vec<u8>> = stats.iter().map(|s| s.encode()).collect();
                query.bind(encoded).execute(&mut **conn).await?;
            }
        }
    }
    Ok(())
}

/// Deletes the cells `keys` (emptied by a change).
pub async fn delete(tx: &mut Tx, keys: &[&CellKey]) -> Result<(), sqlx::Error> {
    for chunk in super::bulk::chunks(keys, STATEMENT_SIZES) {
        match &mut *tx {
            Tx::Sqlite(conn) => {
                let sql = format!(
                    "WITH {} DELETE FROM outcome_cells WHERE ({KEY_COLUMNS}) IN (SELECT * FROM k)",
                    keys_cte(chunk.len())
                );
                let mut query = sqlx::query(&sql);
                for key in chunk {
                    for field in key_fields(key) {
                        query = query.bind(field);
                    }
                }
                query.execute(&mut **conn).await?;
            }
            Tx::Postgres(conn) => {
                let sql = format!(
                    "DELETE FROM outcome_cells WHERE ({KEY_COLUMNS}) IN
                     (SELECT * FROM {})",
                    unnest_keys()
                );
                let mut query = sqlx::query(&sql);
                for column in key_arrays(chunk) {
                    query = query.bind(column);
                }
                query.execute(&mut **conn).await?;
            }
        }
    }
    Ok(())
}

/// Deletes every cell (before a rebuild).
pub async fn clear(tx: &mut Tx) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query("DELETE FROM outcome_cells")
        .execute(conn)
        .await?
        .rows_affected());
    Ok(())
}

/// Deletes every cell outside a transaction (for tests of the rebuild at start).
pub async fn clear_all(db: &super::Db) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    clear(&mut tx).await?;
    tx.commit().await
}

/// Whether responses the cells should hold are stored but no cell is (the cells were dropped
/// by a migration that changed their shape, and must be rebuilt).
pub async fn missing(conn: impl Into<Conn<'_>>) -> Result<bool, sqlx::Error> {
    let missing: bool = on_conn!(conn, executor => sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM responses r CROSS JOIN rollup_state s
                        WHERE s.id = 1 AND r.organisation_id IS NOT NULL
                          AND r.feed_seq <= s.folded_seq)
            AND NOT EXISTS (SELECT 1 FROM outcome_cells)",
    )
    .fetch_one(executor)
    .await?);
    Ok(missing)
}

/// Whether any response was uploaded by `organisation` itself (not below it).
pub async fn uploads_at(tx: &mut Tx, organisation: &str) -> Result<bool, sqlx::Error> {
    let any: bool = on_tx!(tx, conn => sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM responses WHERE organisation_id = $1)",
    )
    .bind(organisation)
    .fetch_one(conn)
    .await?);
    Ok(any)
}

/// Which cells a query reads.
#[derive(Debug, Clone, PartialEq)]
pub struct CellFilter<'a> {
    /// Cells of these organisations (each holds everything at or below it).
    pub organisations: &'a [String],
    pub breakdown: Breakdown,
    /// The all-roles cells or each role's (`OutcomesSpec::role_cells`).
    pub roles: RoleCells,
    /// The grains and month ranges to read (`shared::outcomes::query::OutcomesSpec::reads`).
    pub reads: &'a [CellRead],
}

/// Separates a packed cell's fields, and packed cells ([`select`]); no id, code or hex digit
/// contains either.
const FIELD: char = '\u{1f}';
const RECORD: char = '\u{1e}';

/// Streams the cells matching `filter`, decoded, to `each`; returns how many there were.
///
/// Each read comes back as **one** row: the database packs the matching cells into one text
/// (`group_concat` on SQLite, `string_agg` on PostgreSQL; fields split by U+001F, cells by
/// U+001E, statistics in hex). sqlx hands SQLite rows from its worker thread one message at a
/// time, about 4 us each, which was most of a query's time when it read thousands of cells.
pub async fn select(
    tx: &mut Tx,
    filter: &CellFilter<'_>,
    mut each: impl FnMut(CellKey, CellStats),
) -> Result<u64, sqlx::Error> {
    let organisations: BTreeSet<&String> = filter.organisations.iter().collect();
    let organisations: Vec<&String> = organisations.into_iter().collect();
    let (join, hex, aggregate) = match tx {
        Tx::Sqlite(_) => ("char(31)", "hex(stats)", "group_concat"),
        Tx::Postgres(_) => ("chr(31)", "encode(stats, 'hex')", "string_agg"),
    };
    let packed = [
        "organisation_id",
        "month",
        "role",
        "instrument",
        "measure",
        "value",
        hex,
    ]
    .join(&format!(" || {join} || "));
    let record = join.replace("31", "30");
    let mut count = 0;
    for read in filter.reads {
        for chunk in organisations.chunks(CHUNK) {
            let mut sql = format!(
                "SELECT {aggregate}({packed}, {record}) FROM outcome_cells
                 WHERE organisation_id IN ({}) AND breakdown = ${} AND grain = ${}",
                placeholders(1, chunk.len()),
                chunk.len() + 1,
                chunk.len() + 2,
            );
            // ALL_ROLES is a constant no role id can be, so it is written into the SQL.
            sql.push_str(&match filter.roles {
                RoleCells::AllRoles => format!(" AND role = '{ALL_ROLES}'"),
                RoleCells::EachRole => format!(" AND role <> '{ALL_ROLES}'"),
            });
            let mut next = chunk.len() + 3;
            if read.first.is_some() {
                sql.push_str(&format!(" AND month >= ${next}"));
                next += 1;
            }
            if read.last.is_some() {
                sql.push_str(&format!(" AND month <= ${next}"));
            }
            let cells: Option<String> = on_tx!(&mut *tx, conn => {
                let mut query = sqlx::query_scalar(&sql);
                for organisation in chunk {
                    query = query.bind(*organisation);
                }
                query = query.bind(filter.breakdown.name()).bind(read.grain.name());
                if let Some(first) = &read.first {
                    query = query.bind(first);
                }
                if let Some(last) = &read.last {
                    query = query.bind(last);
                }
                query.fetch_one(conn).await?
            });
            for cell in cells.as_deref().unwrap_or_default().split(RECORD) {
                if cell.is_empty() {
                    continue;
                }
                let (key, stats) = unpack(cell, filter.breakdown, read.grain)?;
                each(key, stats);
                count += 1;
            }
        }
    }
    Ok(count)
}

/// One cell packed by [`select`].
fn unpack(
    cell: &str,
    breakdown: Breakdown,
    grain: Grain,
) -> Result<(CellKey, CellStats), sqlx::Error> {
    let broken = || {
        undecodable(std::io::Error::other(format!(
            "a packed rollup cell is malformed: {cell:?}"
        )))
    };
    let fields: Vec<&str> = cell.split(FIELD).collect();
    let [organisation, month, role, instrument, measure, value, stats] = fields[..] else {
        return Err(broken());
    };
    let bytes = hex::decode(stats).map_err(|_| broken())?;
    let stats = CellStats::decode(&bytes).map_err(undecodable)?;
    let key = CellKey {
        organisation: organisation.to_owned(),
        grain,
        month: month.to_owned(),
        role: role.to_owned(),
        instrument: instrument.to_owned(),
        measure: measure.to_owned(),
        breakdown,
        value: value.to_owned(),
    };
    Ok((key, stats))
}

/// Every stored cell, as encoded key -> statistics (for tests comparing rebuilt and kept cells).
pub async fn all(conn: impl Into<Conn<'_>>) -> Result<BTreeMap<String, Vec<u8>>, sqlx::Error> {
    let rows: Vec<StoredCell> = on_conn!(conn, executor => sqlx::query_as(
        "SELECT * FROM outcome_cells",
    )
    .fetch_all(executor)
    .await?);
    rows.into_iter()
        .map(|row| {
            let stats = row.stats.clone();
            row.into_cell().map(|(key, _)| (key.encode(), stats))
        })
        .collect()
}
