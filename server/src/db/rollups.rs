//! Queries behind the outcome rollups: the responses a batch affects (as the rollups see them),
//! the organisation tree, and reading and writing `outcome_cells`.
//!
//! Lists of ids are bound in small chunks ([`CHUNK`]): sqlx looks up each `$n` placeholder of a
//! SQLite statement by name, which costs time in proportion to the statement's parameter count,
//! so a statement with thousands of parameters is quadratically slow (profiled in the outcomes
//! benchmark: a 1,800-parameter upsert spent most of its time there).

use super::{Conn, Tx, undecodable};
use crate::{on_conn, on_tx};
use shared::outcomes::cells::{Breakdown, CellKey, CellStats, Cells};
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
pub const ROLLUP_COLUMNS: &str = "r.id, r.instrument_id, r.recorded_at, r.role, r.organisation_id,
     r.patient_pseudonym, r.supersedes, r.time_point, r.age_band, r.stated_sex,
     r.ethnic_category, r.imd";

/// Every response with its scores (one row per score; a response without scores once), in
/// patient order, for a rebuild. Responses about one patient come together.
pub const REBUILD_SCAN: &str =
    "SELECT r.id, r.instrument_id, r.recorded_at, r.role, r.organisation_id,
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

/// The stored statistics of the cells `keys` (absent cells are left out).
pub async fn read(
    tx: &mut Tx,
    keys: &[&CellKey],
) -> Result<BTreeMap<String, CellStats>, sqlx::Error> {
    let mut stored = BTreeMap::new();
    let encoded: Vec<String> = keys.iter().map(|k| k.encode()).collect();
    for chunk in encoded.chunks(CHUNK) {
        let sql = format!(
            "SELECT cell_key, stats FROM outcome_cells WHERE cell_key IN ({})",
            placeholders(1, chunk.len())
        );
        let rows: Vec<(String, Vec<u8>)> = on_tx!(&mut *tx, conn => {
            let mut query = sqlx::query_as(&sql);
            for key in chunk {
                query = query.bind(key);
            }
            query.fetch_all(conn).await?
        });
        for (key, bytes) in rows {
            stored.insert(key, CellStats::decode(&bytes).map_err(undecodable)?);
        }
    }
    Ok(stored)
}

/// Rows per multi-row upsert (9 parameters each).
const UPSERT_ROWS: usize = 12;

/// Stores `cells` (inserting or replacing each) inside `tx`.
pub async fn write(tx: &mut Tx, cells: &[(&CellKey, &CellStats)]) -> Result<(), sqlx::Error> {
    for chunk in cells.chunks(UPSERT_ROWS) {
        let values = (0..chunk.len())
            .map(|i| format!("({})", placeholders(i * 9 + 1, 9)))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO outcome_cells (cell_key, organisation_id, month, role, instrument,
                                        measure, breakdown, value, stats)
             VALUES {values}
             ON CONFLICT (cell_key) DO UPDATE SET stats = excluded.stats"
        );
        on_tx!(&mut *tx, conn => {
            let mut query = sqlx::query(&sql);
            for (key, stats) in chunk {
                query = query
                    .bind(key.encode())
                    .bind(&key.organisation)
                    .bind(&key.month)
                    .bind(&key.role)
                    .bind(&key.instrument)
                    .bind(&key.measure)
                    .bind(key.breakdown.name())
                    .bind(&key.value)
                    .bind(stats.encode());
            }
            query.execute(conn).await?.rows_affected()
        });
    }
    Ok(())
}

/// Deletes the cells `keys` (emptied by a change).
pub async fn delete(tx: &mut Tx, keys: &[&CellKey]) -> Result<(), sqlx::Error> {
    let encoded: Vec<String> = keys.iter().map(|k| k.encode()).collect();
    for chunk in encoded.chunks(CHUNK) {
        let sql = format!(
            "DELETE FROM outcome_cells WHERE cell_key IN ({})",
            placeholders(1, chunk.len())
        );
        on_tx!(&mut *tx, conn => {
            let mut query = sqlx::query(&sql);
            for key in chunk {
                query = query.bind(key);
            }
            query.execute(conn).await?.rows_affected()
        });
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

/// Which cells a query reads.
#[derive(Debug, Clone, PartialEq)]
pub struct CellFilter<'a> {
    /// Cells of these organisations (each holds everything at or below it).
    pub organisations: &'a [String],
    pub breakdown: Breakdown,
    /// Inclusive `YYYY-MM` bounds.
    pub months: Option<(String, String)>,
}

/// A cell as [`select`] reads it.
#[derive(sqlx::FromRow)]
struct SelectedCell {
    organisation_id: String,
    month: String,
    role: String,
    instrument: String,
    measure: String,
    value: String,
    stats: Vec<u8>,
}

/// The cells matching `filter`, decoded.
pub async fn select(tx: &mut Tx, filter: &CellFilter<'_>) -> Result<Cells, sqlx::Error> {
    let mut cells = Cells::new();
    let organisations: BTreeSet<&String> = filter.organisations.iter().collect();
    let organisations: Vec<&String> = organisations.into_iter().collect();
    for chunk in organisations.chunks(CHUNK) {
        let mut sql = format!(
            "SELECT organisation_id, month, role, instrument, measure, value, stats
             FROM outcome_cells
             WHERE organisation_id IN ({}) AND breakdown = ${}",
            placeholders(1, chunk.len()),
            chunk.len() + 1
        );
        if filter.months.is_some() {
            sql.push_str(&format!(
                " AND month >= ${} AND month <= ${}",
                chunk.len() + 2,
                chunk.len() + 3
            ));
        }
        let rows: Vec<SelectedCell> = on_tx!(&mut *tx, conn => {
            let mut query = sqlx::query_as(&sql);
            for organisation in chunk {
                query = query.bind(*organisation);
            }
            query = query.bind(filter.breakdown.name());
            if let Some((from, to)) = &filter.months {
                query = query.bind(from).bind(to);
            }
            query.fetch_all(conn).await?
        });
        for row in rows {
            let key = CellKey {
                organisation: row.organisation_id,
                month: row.month,
                role: row.role,
                instrument: row.instrument,
                measure: row.measure,
                breakdown: filter.breakdown,
                value: row.value,
            };
            cells.insert(key, CellStats::decode(&row.stats).map_err(undecodable)?);
        }
    }
    Ok(cells)
}

/// Every stored cell, as encoded key -> statistics (for tests comparing rebuilt and kept cells).
pub async fn all(conn: impl Into<Conn<'_>>) -> Result<BTreeMap<String, Vec<u8>>, sqlx::Error> {
    let rows: Vec<(String, Vec<u8>)> = on_conn!(conn, executor => sqlx::query_as(
        "SELECT cell_key, stats FROM outcome_cells ORDER BY cell_key",
    )
    .fetch_all(executor)
    .await?);
    Ok(rows.into_iter().collect())
}
