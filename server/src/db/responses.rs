//! Queries on `responses` and `response_scores`.
//!
//! Uniqueness is the database's job: an insert uses `ON CONFLICT (id) DO NOTHING`, and only when
//! it inserted nothing do we read the stored hash to tell a duplicate from a conflict. Racing
//! batches therefore cannot store one response twice.

use super::demographics::time_point_code;
use super::{Conn, Tx, undecodable};
use crate::{on_conn, on_tx};
use shared::demographics::Snapshot;
use shared::response::ResponseRecord;
use shared::scoring::{MeasureKey, Scores};
use std::collections::HashMap;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A validated, scored record ready to store.
pub struct NewResponse<'a> {
    pub record: &'a ResponseRecord,
    pub scores: Scores,
    /// The uploader's organisation (a device's, or a signed-in account's).
    pub organisation_id: &'a str,
    pub device_id: Option<&'a str>,
    /// SHA-256 of the record as kept (NHS number already replaced by its keyed hash).
    pub content_hash: String,
    /// The keyed hash of the NHS number, when one was given; it is also the pseudonym then.
    pub nhs_number_hash: Option<String>,
    /// The change-feed sequence number of the batch (see [`next_feed_seq`]).
    pub feed_seq: i64,
    /// The patient's demographics when stored (see [`super::demographics::Patients::merge`]).
    pub snapshot: Snapshot,
}

/// The pseudonym a response is stored under: the NHS number's keyed hash when one was given,
/// else the tablet's pseudonym; `None` for a response without a patient.
pub fn patient_pseudonym(record: &ResponseRecord, nhs_number_hash: Option<&str>) -> Option<String> {
    nhs_number_hash
        .map(str::to_owned)
        .or_else(|| record.patient.as_ref().map(|p| p.pseudonym.clone()))
}

/// Takes the next change-feed sequence number inside `tx`. Call it first in an ingest
/// transaction: the row lock it takes orders concurrent batches, so they commit in sequence.
pub async fn next_feed_seq(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_scalar(
        "UPDATE feed_counter SET last = last + 1 WHERE id = 1 RETURNING last",
    )
    .fetch_one(conn)
    .await)
}

/// A stored response about a patient, for the change feed.
#[derive(Debug, sqlx::FromRow)]
pub struct FeedRow {
    pub id: String,
    pub feed_seq: i64,
    pub patient_pseudonym: String,
    pub instrument_id: String,
    pub instrument_version: i64,
    pub recorded_at: String,
    pub role: String,
    pub answers: String,
    pub supersedes: Option<String>,
    pub time_point: Option<String>,
}

/// One page of the change feed: responses about a patient uploaded by organisation `$1`, after
/// `($2, $3)` = (sequence, id), in feed order, at most `$4`. [`feed`] reads the rows and
/// [`feed_scores`] their scores, over exactly the same page.
const FEED_PAGE: &str = "FROM responses
     WHERE organisation_id = $1 AND patient_pseudonym IS NOT NULL
       AND (feed_seq > $2 OR (feed_seq = $2 AND id > $3))
     ORDER BY feed_seq, id
     LIMIT $4";

/// Responses about a patient uploaded by `organisation`, after `(seq, id)`, in feed order.
pub async fn feed(
    conn: impl Into<Conn<'_>>,
    organisation: &str,
    after_seq: i64,
    after_id: &str,
    limit: i64,
) -> Result<Vec<FeedRow>, sqlx::Error> {
    on_conn!(conn, executor => sqlx::query_as(
        &format!(
            "SELECT id, feed_seq, patient_pseudonym, instrument_id, instrument_version,
                    recorded_at, role, answers, supersedes, time_point
             {FEED_PAGE}"
        ),
    )
    .bind(organisation)
    .bind(after_seq)
    .bind(after_id)
    .bind(limit)
    .fetch_all(executor)
    .await)
}

/// One stored score.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ScoreRow {
    pub response_id: String,
    #[sqlx(try_from = "String")]
    pub measure: MeasureKey,
    pub value: f64,
    pub band: Option<String>,
}

/// The scores of the same page of the feed as [`feed`].
pub async fn feed_scores(
    conn: impl Into<Conn<'_>>,
    organisation: &str,
    after_seq: i64,
    after_id: &str,
    limit: i64,
) -> Result<Vec<ScoreRow>, sqlx::Error> {
    on_conn!(conn, executor => sqlx::query_as(
        &format!(
            "SELECT response_id, measure, value, band FROM response_scores
             WHERE response_id IN (SELECT id {FEED_PAGE})
             ORDER BY response_id, measure"
        ),
    )
    .bind(organisation)
    .bind(after_seq)
    .bind(after_id)
    .bind(limit)
    .fetch_all(executor)
    .await)
}

/// Rows of `responses` per statement ([`super::bulk::chunks`]; 22 parameters a row): a tablet
/// sends at most 100 records a batch, so a whole batch is usually one statement.
const RESPONSES_PER_STATEMENT: &[usize] = &[100, 20, 5, 1];
/// Rows of `response_scores` per statement (5 parameters a row).
const SCORES_PER_STATEMENT: &[usize] = &[1024, 256, 64, 16, 4, 1];

/// The content hashes of the stored responses among `ids` (absent ids are left out).
pub async fn stored_hashes(
    tx: &mut Tx,
    ids: &[String],
) -> Result<HashMap<String, String>, sqlx::Error> {
    let mut found = HashMap::new();
    for chunk in super::bulk::chunks(ids, RESPONSES_PER_STATEMENT) {
        let rows: Vec<(String, String)> = on_tx!(&mut *tx, conn => {
            let mut query =
                sqlx::QueryBuilder::new("SELECT id, content_hash FROM responses WHERE id IN (");
            let mut list = query.separated(", ");
            for id in chunk {
                list.push_bind(id);
            }
            query.push(")");
            query.build_query_as().fetch_all(&mut *conn).await?
        });
        found.extend(rows);
    }
    Ok(found)
}

/// A response's columns as written.
struct ResponseRow<'a> {
    new: &'a NewResponse<'a>,
    id: String,
    pseudonym: Option<String>,
    answers: String,
    recorded_at: String,
    scores: String,
}

/// The `responses.scores` copy of a response's scores (migration 0015): a JSON array of
/// `[measure key, value, band or null]` in the scorer's order. serde_json writes each value
/// as the shortest text that reads back as the same double, so the copy is exact.
pub fn scores_copy(instrument_id: &str, scores: &[shared::scoring::MeasureScore]) -> String {
    let copy: Vec<(String, f64, Option<&str>)> = scores
        .iter()
        .map(|score| {
            (
                MeasureKey::new(instrument_id, &score.measure).to_string(),
                score.value,
                score.band.as_deref(),
            )
        })
        .collect();
    serde_json::to_string(&copy).expect("scores always serialise")
}

/// Stores `new` (responses not stored yet: see [`stored_hashes`]) and their scores inside `tx`
/// with multi-row statements; returns how many responses were inserted. An id that is stored
/// after all (`ON CONFLICT (id) DO NOTHING`: uniqueness stays the database's job) is not
/// inserted again, and the caller must not acknowledge it as stored.
pub async fn insert_many(
    tx: &mut Tx,
    new: &[NewResponse<'_>],
    received_at: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    let received_at = received_at
        .format(&Rfc3339)
        .expect("the server clock formats as RFC 3339");
    let rows: Vec<ResponseRow> = new
        .iter()
        .map(|new| ResponseRow {
            new,
            id: new.record.id.to_string(),
            pseudonym: patient_pseudonym(new.record, new.nhs_number_hash.as_deref()),
            answers: serde_json::to_string(&new.record.answers).expect("answers always serialise"),
            recorded_at: new
                .record
                .recorded_at
                .format(&Rfc3339)
                .expect("a validated time formats as RFC 3339"),
            scores: scores_copy(&new.record.instrument_id, &new.scores.measures),
        })
        .collect();
    let mut inserted = 0;
    for chunk in super::bulk::chunks(&rows, RESPONSES_PER_STATEMENT) {
        inserted += on_tx!(&mut *tx, conn => {
            let mut query = sqlx::QueryBuilder::new(
                "INSERT INTO responses (id, instrument_id, instrument_version, recorded_at,
                    received_at, role, answers, content_hash, scoring_version, organisation_id,
                    device_id, patient_pseudonym, nhs_number_hash, supersedes, feed_seq,
                    time_point, age_band, stated_sex, gender_identity, ethnic_category, imd,
                    scores) ",
            );
            query.push_values(chunk, |mut values, row| {
                let (new, record) = (row.new, row.new.record);
                values
                    .push_bind(&row.id)
                    .push_bind(&record.instrument_id)
                    .push_bind(i64::from(record.instrument_version))
                    .push_bind(&row.recorded_at)
                    .push_bind(&received_at)
                    .push_bind(&record.role)
                    .push_bind(&row.answers)
                    .push_bind(&new.content_hash)
                    .push_bind(i64::from(new.scores.scoring_version))
                    .push_bind(new.organisation_id)
                    .push_bind(new.device_id)
                    .push_bind(&row.pseudonym)
                    .push_bind(&new.nhs_number_hash)
                    .push_bind(record.supersedes.map(|id| id.to_string()))
                    .push_bind(new.feed_seq)
                    .push_bind(record.time_point.map(time_point_code))
                    .push_bind(new.snapshot.age_band_code())
                    .push_bind(new.snapshot.stated_sex_code())
                    .push_bind(new.snapshot.gender_identity_code())
                    .push_bind(new.snapshot.ethnic_category_code())
                    .push_bind(new.snapshot.imd_code())
                    .push_bind(&row.scores);
            });
            query.push(" ON CONFLICT (id) DO NOTHING");
            query.build().execute(&mut *conn).await?.rows_affected()
        });
    }

    let scores: Vec<(&str, String, &shared::scoring::MeasureScore)> = rows
        .iter()
        .flat_map(|row| {
            row.new.scores.measures.iter().map(move |score| {
                let measure =
                    MeasureKey::new(&row.new.record.instrument_id, &score.measure).to_string();
                (row.id.as_str(), measure, score)
            })
        })
        .collect();
    for chunk in super::bulk::chunks(&scores, SCORES_PER_STATEMENT) {
        on_tx!(&mut *tx, conn => {
            let mut query = sqlx::QueryBuilder::new(
                "INSERT INTO response_scores (response_id, measure, domain, value, band) ",
            );
            query.push_values(chunk, |mut values, (id, measure, score)| {
                values
                    .push_bind(*id)
                    .push_bind(measure)
                    .push_bind(&score.domain)
                    .push_bind(score.value)
                    .push_bind(&score.band);
            });
            // The scores of a response stored after all are kept as stored (the caller
            // rolls the batch back then).
            query.push(" ON CONFLICT (response_id, measure) DO NOTHING");
            query.build().execute(&mut *conn).await?;
        });
    }
    Ok(inserted)
}

/// The columns of a stored response that its export needs.
#[derive(sqlx::FromRow)]
struct StoredRow {
    id: String,
    instrument_id: String,
    instrument_version: i64,
    recorded_at: String,
    role: String,
    answers: String,
    organisation_id: Option<String>,
}

/// A stored response as its record (for row-level export), with the uploader's organisation.
#[derive(Debug, Clone)]
pub struct Stored {
    pub record: ResponseRecord,
    pub organisation_id: Option<String>,
}

/// One stored response, or `None`.
pub async fn get(conn: impl Into<Conn<'_>>, id: &str) -> Result<Option<Stored>, sqlx::Error> {
    let row: Option<StoredRow> = on_conn!(conn, executor => sqlx::query_as(
        "SELECT id, instrument_id, instrument_version, recorded_at, role, answers, organisation_id
         FROM responses WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(executor)
    .await?);
    let Some(row) = row else {
        return Ok(None);
    };
    let answers: serde_json::Value = serde_json::from_str(&row.answers).map_err(undecodable)?;
    let record = serde_json::json!({
        "id": row.id,
        "instrument_id": row.instrument_id,
        "instrument_version": row.instrument_version,
        "recorded_at": row.recorded_at,
        "role": row.role,
        "answers": answers,
    });
    let record = serde_json::from_value(record).map_err(undecodable)?;
    Ok(Some(Stored {
        record,
        organisation_id: row.organisation_id,
    }))
}
