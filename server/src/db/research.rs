//! The research row export's read: every current response of one instrument in an
//! organisation's subtree, with its scores, streamed in response order (one row per response and
//! score) into a bounded channel, so any number of responses passes in constant memory.

use super::Db;
use super::organisations::SUBTREE;
use crate::on_db;
use futures_util::TryStreamExt;
use tokio::sync::mpsc::Sender;

/// What the export selects.
#[derive(Debug, Clone)]
pub struct ResearchFilter {
    /// The organisation whose subtree is exported.
    pub root: String,
    pub instrument: String,
    /// Inclusive `YYYY-MM` months of `recorded_at` (as recorded).
    pub from: String,
    pub to: String,
}

/// A response (and one of its scores, if any): consecutive rows share `id`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ResearchRow {
    pub id: String,
    pub instrument_id: String,
    pub instrument_version: i64,
    pub recorded_at: String,
    pub role: String,
    pub answers: String,
    pub organisation_id: Option<String>,
    pub patient_pseudonym: Option<String>,
    pub time_point: Option<String>,
    pub age_band: String,
    pub stated_sex: String,
    pub gender_identity: String,
    pub ethnic_category: String,
    pub imd: String,
    pub measure: Option<String>,
    pub value: Option<f64>,
    pub band: Option<String>,
}

/// Sends every selected row to `rows`, in order of response id then measure, until the last
/// row or until the receiver is gone (the client went away); a database error is sent as the
/// last item. One statement on the pool: a consistent snapshot of the rows, and no write lock
/// held while the client downloads. (The `COALESCE` keeps SQLite's planner on the `supersedes`
/// index for the correction check: on the bare column it scans the organisation's responses
/// for every row.)
pub async fn send_rows(
    db: &Db,
    filter: &ResearchFilter,
    rows: &Sender<Result<ResearchRow, sqlx::Error>>,
) {
    let sql = format!(
        "{SUBTREE}SELECT r.id, r.instrument_id, r.instrument_version, r.recorded_at, r.role,
                r.answers, r.organisation_id, r.patient_pseudonym, r.time_point, r.age_band,
                r.stated_sex, r.gender_identity, r.ethnic_category, r.imd,
                s.measure, s.value, s.band
         FROM responses r
         JOIN tree ON tree.id = r.organisation_id
         LEFT JOIN response_scores s ON s.response_id = r.id
         WHERE r.instrument_id = $2
           AND substr(r.recorded_at, 1, 7) >= $3 AND substr(r.recorded_at, 1, 7) <= $4
           AND NOT EXISTS (SELECT 1 FROM responses c
                           WHERE c.supersedes = r.id
                             AND COALESCE(c.organisation_id, '') = r.organisation_id)
         ORDER BY r.id, s.measure"
    );
    on_db!(db, pool => {
        let mut stream = sqlx::query_as::<_, ResearchRow>(&sql)
            .bind(&filter.root)
            .bind(&filter.instrument)
            .bind(&filter.from)
            .bind(&filter.to)
            .fetch(pool);
        loop {
            match stream.try_next().await {
                Ok(Some(row)) => {
                    if rows.send(Ok(row)).await.is_err() {
                        break;
                    }
                }
                Ok(None) => break,
                Err(error) => {
                    // The receiver may be gone too; then nobody is left to tell.
                    let _ = rows.send(Err(error)).await;
                    break;
                }
            }
        }
    })
}
