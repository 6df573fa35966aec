//! The research row export's read: every current response of one instrument in an
//! organisation's subtree, with its scores, streamed in response order (pages of packed
//! responses) into a bounded channel, so any number of responses passes in constant memory.

use super::organisations::SUBTREE;
use super::{Db, Tx, undecodable};
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

/// A selected response with its scores, borrowed from its [`ResearchPage`].
#[derive(Debug, Clone, PartialEq)]
pub struct ResearchRow<'a> {
    pub id: &'a str,
    pub instrument_id: &'a str,
    pub instrument_version: i64,
    pub recorded_at: &'a str,
    pub role: &'a str,
    pub answers: &'a str,
    pub organisation_id: Option<&'a str>,
    pub patient_pseudonym: Option<&'a str>,
    pub time_point: Option<&'a str>,
    pub age_band: &'a str,
    pub stated_sex: &'a str,
    pub gender_identity: &'a str,
    pub ethnic_category: &'a str,
    pub imd: &'a str,
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

/// Sends every selected response to `pages`, [`RESPONSES_PER_ROW`] at a time (a channel
/// message per response would cost as much as encoding it), until the last one or until the
/// receiver is gone (the client went away); a database error is sent as the last item. Every
/// page is read in one read-only transaction: a consistent snapshot of the rows, and no write
/// lock held while the client downloads. A page is one statement that starts after the greatest
/// key of the page before (keyset paging: the rowid on SQLite, the id on PostgreSQL; see the
/// query), so nothing is sorted or held beyond one page however large the export. Rows leave
/// in key order, which means nothing to the reader: their ids are this export's pseudonyms.
///
/// The database packs each response into one text (its columns and its scores) and a page into
/// one row, since sqlx hands SQLite rows over one message at a time (a thread handover each)
/// and a row per score with seventeen columns cost most of an export's time. The scores come
/// from the response's own copy (`responses.scores`): looking up each score row cost twice as
/// much as reading the response. (`CROSS JOIN` keeps SQLite walking the index in key order
/// rather than starting from the organisations; the `COALESCE` keeps it on the `supersedes`
/// index for the correction check: on the bare column it scans the organisation's responses
/// for every row.)
pub async fn send_rows(
    db: &Db,
    filter: &ResearchFilter,
    pages: &Sender<Result<ResearchPage, sqlx::Error>>,
) {
    // Its own connection on SQLite, so the scan holds a bounded cache (see `Db::long_read`).
    let sent = match db.long_read().await {
        Ok(reader) => {
            let sent = send_pages(reader.db(), filter, pages).await;
            reader.close().await;
            sent
        }
        Err(error) => Err(error),
    };
    if let Err(error) = sent {
        // The receiver may be gone too; then nobody is left to tell.
        let _ = pages.send(Err(error)).await;
    }
}

async fn send_pages(
    db: &Db,
    filter: &ResearchFilter,
    pages: &Sender<Result<ResearchPage, sqlx::Error>>,
) -> Result<(), sqlx::Error> {
    let (chr, aggregate, value) = packing(db);
    let null = format!("{chr}(26)");
    // `concat_ws` joins the columns in one pass (a chain of `||` copies the growing text once
    // per column). It skips NULLs, so every nullable column is given the NULL mark.
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
        // The response's copy of its scores (JSON, migration 0015), or for a response stored
        // before it, its score rows packed here.
        format!(
            "COALESCE(r.scores, (SELECT {aggregate}(s.measure || {chr}(29) || {value} || {chr}(29) ||
                                   COALESCE(s.band, {null}), {chr}(30))
                                 FROM response_scores s WHERE s.response_id = r.id), '')"
        ),
    ]
    .join(", ");
    let columns = format!("concat_ws({chr}(31), {columns})");
    // The page key: on SQLite the rowid, so that the table is read in storage order (each
    // table page once, not one page per response as id order costs), through the
    // `(instrument_id)` index whose entries end with the rowid (migration 0016); on PostgreSQL
    // the id, through the `(instrument_id, id)` index (migration 0013). The aggregate takes the
    // page in any order and gives the greatest key beside it, where the next page starts.
    let key = match db {
        Db::Sqlite(_) => "r.rowid",
        Db::Postgres(_) => "r.id",
    };
    let sql = format!(
        "{SUBTREE}SELECT {aggregate}(packed, {chr}(28)), MAX(page_key) FROM (
             SELECT {key} AS page_key, {columns} AS packed
             FROM responses r
             CROSS JOIN tree
             WHERE tree.id = r.organisation_id
               AND r.instrument_id = $2 AND {key} > $5
               AND substr(r.recorded_at, 1, 7) >= $3 AND substr(r.recorded_at, 1, 7) <= $4
               AND NOT EXISTS (SELECT 1 FROM responses c
                               WHERE c.supersedes = r.id
                                 AND COALESCE(c.organisation_id, '') = r.organisation_id)
             ORDER BY {key}
             LIMIT {RESPONSES_PER_ROW}
         ) AS selected"
    );
    let mut tx = db.begin_read().await?;
    let mut after_rowid: i64 = 0; // SQLite rowids are positive
    let mut after_id = String::new();
    loop {
        let page: Option<String> = match &mut tx {
            Tx::Sqlite(conn) => {
                let (page, last): (Option<String>, Option<i64>) = sqlx::query_as(&sql)
                    .bind(&filter.root)
                    .bind(&filter.instrument)
                    .bind(&filter.from)
                    .bind(&filter.to)
                    .bind(after_rowid)
                    .fetch_one(&mut **conn)
                    .await?;
                after_rowid = last.unwrap_or(after_rowid);
                page
            }
            Tx::Postgres(conn) => {
                let (page, last): (Option<String>, Option<String>) = sqlx::query_as(&sql)
                    .bind(&filter.root)
                    .bind(&filter.instrument)
                    .bind(&filter.from)
                    .bind(&filter.to)
                    .bind(&after_id)
                    .fetch_one(&mut **conn)
                    .await?;
                if let Some(last) = last {
                    after_id = last;
                }
                page
            }
        };
        let Some(page) = page else {
            return Ok(()); // no row after the last one sent
        };
        // The consumer unpacks the page on its own task, so unpacking overlaps the database
        // reading the next one.
        let page = ResearchPage::new(page);
        let full = page.len() == RESPONSES_PER_ROW;
        if pages.send(Ok(page)).await.is_err() || !full {
            return Ok(());
        }
    }
}

/// One page of selected responses as the database packed them (see [`send_rows`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ResearchPage {
    packed: String,
    len: usize,
}

impl ResearchPage {
    fn new(packed: String) -> Self {
        let len = packed.matches(RESPONSE).count() + 1;
        Self { packed, len }
    }

    /// How many responses the page holds (at least one).
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The page's responses, unpacked as they are taken, in order.
    pub fn rows(&self) -> impl Iterator<Item = Result<ResearchRow<'_>, sqlx::Error>> {
        self.packed.split(RESPONSE).map(unpack)
    }
}

/// One response packed by [`send_rows`].
fn unpack(packed: &str) -> Result<ResearchRow<'_>, sqlx::Error> {
    let broken = || {
        undecodable(std::io::Error::other(format!(
            "a packed research row is malformed: {packed:?}"
        )))
    };
    let nullable = |field| (field != NULL).then_some(field);
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
    let mut parsed: Vec<(String, f64, Option<String>)> = if scores.starts_with('[') {
        // The response's own copy (`responses.scores`).
        serde_json::from_str(scores).map_err(|_| broken())?
    } else {
        // Score rows packed by the query (a response stored before the copy existed).
        let mut rows = Vec::new();
        for score in scores.split(SCORE).filter(|s| !s.is_empty()) {
            let [measure, value, band] = score.split(SCORE_FIELD).collect::<Vec<_>>()[..] else {
                return Err(broken());
            };
            let value: f64 = value.parse().map_err(|_| broken())?;
            rows.push((measure.to_owned(), value, nullable(band).map(str::to_owned)));
        }
        rows
    };
    parsed.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(ResearchRow {
        id,
        instrument_id,
        instrument_version: instrument_version.parse().map_err(|_| broken())?,
        recorded_at,
        role,
        answers,
        organisation_id: nullable(organisation_id),
        patient_pseudonym: nullable(patient_pseudonym),
        time_point: nullable(time_point),
        age_band,
        stated_sex,
        gender_identity,
        ethnic_category,
        imd,
        scores: parsed,
    })
}
