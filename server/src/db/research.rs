//! The research row export's read: every current response of one instrument in an
//! organisation's subtree, with its scores, streamed in response order (pages of packed
//! responses) into a bounded channel, so any number of responses passes in constant memory.

use super::organisations::SUBTREE;
use super::{Db, undecodable};
use crate::on_tx;
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

/// A selected response with its scores.
#[derive(Debug, Clone, PartialEq)]
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
    /// `(<instrument>.<measure>, value, band)`, in measure order.
    pub scores: Vec<(String, f64, Option<String>)>,
}

/// What separates the parts of a packed response (see [`send_rows`]). Stored ids, codes and
/// labels never hold these control characters, and JSON text escapes them.
const FIELD: char = '\u{1f}';
const SCORE: char = '\u{1e}';
const SCORE_FIELD: char = '\u{1d}';
const RESPONSE: char = '\u{1c}';
/// Stands for NULL in a packed response.
const NULL: &str = "\u{1a}";

/// The SQL of [`send_rows`] on each backend: `(text join of a code point, group_concat or
/// string_agg, a score value as exact text)`.
fn packing(db: &Db) -> (&'static str, &'static str, &'static str) {
    match db {
        // `%!.17g`: 17 significant digits, which read back as the same double.
        Db::Sqlite(_) => ("char", "group_concat", "printf('%!.17g', s.value)"),
        // PostgreSQL writes a double as the shortest text that reads back as the same double.
        Db::Postgres(_) => ("chr", "string_agg", "s.value::text"),
    }
}

/// Responses read by one statement of [`send_rows`].
const RESPONSES_PER_ROW: usize = 256;

/// Sends every selected response to `pages`, in order of response id and [`RESPONSES_PER_ROW`]
/// at a time (a channel message per response would cost as much as encoding it), until the
/// last one or until the receiver is gone (the client went away); a database error is sent as
/// the last item. Every page is read in one read-only transaction: a consistent snapshot of the
/// rows, and no write lock held while the client downloads. A page is one statement that starts
/// after the last id sent (keyset paging on the `(instrument_id, id)` index), so nothing is
/// sorted or held beyond one page however large the export. The database packs each response
/// into one text (its columns and its scores) and a page into one row, since sqlx hands SQLite
/// rows over one message at a time (a thread handover each) and a row per score with seventeen
/// columns cost most of an export's time. (`CROSS JOIN` keeps SQLite walking the index in id
/// order rather than starting from the organisations; the `COALESCE` keeps it on the
/// `supersedes` index for the correction check: on the bare column it scans the organisation's
/// responses for every row.)
pub async fn send_rows(
    db: &Db,
    filter: &ResearchFilter,
    pages: &Sender<Result<Vec<ResearchRow>, sqlx::Error>>,
) {
    if let Err(error) = send_pages(db, filter, pages).await {
        // The receiver may be gone too; then nobody is left to tell.
        let _ = pages.send(Err(error)).await;
    }
}

async fn send_pages(
    db: &Db,
    filter: &ResearchFilter,
    pages: &Sender<Result<Vec<ResearchRow>, sqlx::Error>>,
) -> Result<(), sqlx::Error> {
    let (chr, aggregate, value) = packing(db);
    let field = format!(" || {chr}(31) || ");
    let null = format!("{chr}(26)");
    let columns = [
        "r.id".to_owned(),
        "r.instrument_id".to_owned(),
        "r.instrument_version".to_owned(),
        "r.recorded_at".to_owned(),
        "r.role".to_owned(),
        "r.answers".to_owned(),
        format!("COALESCE(r.organisation_id, {null})"),
        format!("COALESCE(r.patient_pseudonym, {null})"),
        format!("COALESCE(r.time_point, {null})"),
        "r.age_band".to_owned(),
        "r.stated_sex".to_owned(),
        "r.gender_identity".to_owned(),
        "r.ethnic_category".to_owned(),
        "r.imd".to_owned(),
        format!(
            "COALESCE((SELECT {aggregate}(s.measure || {chr}(29) || {value} || {chr}(29) ||
                                 COALESCE(s.band, {null}), {chr}(30))
                       FROM response_scores s WHERE s.response_id = r.id), '')"
        ),
    ]
    .join(&field);
    let sql = format!(
        "{SUBTREE}SELECT {aggregate}(packed, {chr}(28) ORDER BY id) FROM (
             SELECT r.id AS id, {columns} AS packed
             FROM responses r
             CROSS JOIN tree
             WHERE tree.id = r.organisation_id
               AND r.instrument_id = $2 AND r.id > $5
               AND substr(r.recorded_at, 1, 7) >= $3 AND substr(r.recorded_at, 1, 7) <= $4
               AND NOT EXISTS (SELECT 1 FROM responses c
                               WHERE c.supersedes = r.id
                                 AND COALESCE(c.organisation_id, '') = r.organisation_id)
             ORDER BY r.id
             LIMIT {RESPONSES_PER_ROW}
         ) AS selected"
    );
    let mut tx = db.begin_read().await?;
    let mut after = String::new();
    loop {
        let page: Option<String> = on_tx!(&mut tx, conn => sqlx::query_scalar(&sql)
            .bind(&filter.root)
            .bind(&filter.instrument)
            .bind(&filter.from)
            .bind(&filter.to)
            .bind(&after)
            .fetch_one(conn)
            .await?);
        let Some(page) = page else {
            return Ok(()); // no row after the last one sent
        };
        let rows: Vec<ResearchRow> = page.split(RESPONSE).map(unpack).collect::<Result<_, _>>()?;
        let full = rows.len() == RESPONSES_PER_ROW;
        match rows.last() {
            Some(last) => after.clone_from(&last.id),
            None => return Ok(()),
        }
        if pages.send(Ok(rows)).await.is_err() || !full {
            return Ok(());
        }
    }
}

/// One response packed by [`send_rows`].
fn unpack(packed: &str) -> Result<ResearchRow, sqlx::Error> {
    let broken = || {
        undecodable(std::io::Error::other(format!(
            "a packed research row is malformed: {packed:?}"
        )))
    };
    let nullable = |field: &str| (field != NULL).then(|| field.to_owned());
    let fields: Vec<&str> = packed.split(FIELD).collect();
    let [
        id,
        instrument_id,
        instrument_version,
        recorded_at,
        role,
        answers,
        organisation_id,
        patient_pseudonym,
        time_point,
        age_band,
        stated_sex,
        gender_identity,
        ethnic_category,
        imd,
        scores,
    ] = fields[..]
    else {
        return Err(broken());
    };
    let mut parsed = Vec::new();
    for score in scores.split(SCORE).filter(|s| !s.is_empty()) {
        let [measure, value, band] = score.split(SCORE_FIELD).collect::<Vec<_>>()[..] else {
            return Err(broken());
        };
        let value: f64 = value.parse().map_err(|_| broken())?;
        parsed.push((measure.to_owned(), value, nullable(band)));
    }
    parsed.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(ResearchRow {
        id: id.to_owned(),
        instrument_id: instrument_id.to_owned(),
        instrument_version: instrument_version.parse().map_err(|_| broken())?,
        recorded_at: recorded_at.to_owned(),
        role: role.to_owned(),
        answers: answers.to_owned(),
        organisation_id: nullable(organisation_id),
        patient_pseudonym: nullable(patient_pseudonym),
        time_point: nullable(time_point),
        age_band: age_band.to_owned(),
        stated_sex: stated_sex.to_owned(),
        gender_identity: gender_identity.to_owned(),
        ethnic_category: ethnic_category.to_owned(),
        imd: imd.to_owned(),
        scores: parsed,
    })
}
