//! Queries on `responses` and `response_scores`.
//!
//! Uniqueness is the database's job: an insert uses `ON CONFLICT (id) DO NOTHING`, and only when
//! it inserted nothing do we read the stored hash to tell a duplicate from a conflict. Racing
//! batches therefore cannot store one response twice.

use super::demographics::time_point_code;
use super::{Conn, Tx, undecodable};
use crate::{on_conn, on_tx};
use shared::api::RecordStatus;
use shared::demographics::Snapshot;
use shared::response::ResponseRecord;
use shared::scoring::{MeasureKey, Scores};
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
    /// The patient's demographics when stored (see [`super::demographics::merge`]).
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
                    recorded_at, role, answers, supersedes
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

/// Stores one response and its scores inside `tx`, or reports it as a duplicate or conflict.
pub async fn insert(
    tx: &mut Tx,
    new: &NewResponse<'_>,
    received_at: OffsetDateTime,
) -> Result<RecordStatus, sqlx::Error> {
    let record = new.record;
    let id = record.id.to_string();
    let hash = new.content_hash.clone();
    let pseudonym = patient_pseudonym(record, new.nhs_number_hash.as_deref());
    let answers = serde_json::to_string(&record.answers).expect("answers always serialise");
    let recorded_at = record
        .recorded_at
        .format(&Rfc3339)
        .expect("a validated time formats as RFC 3339");
    let received_at = received_at
        .format(&Rfc3339)
        .expect("the server clock formats as RFC 3339");
    let inserted = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO responses (id, instrument_id, instrument_version, recorded_at, received_at,
                                role, answers, content_hash, scoring_version, organisation_id,
                                device_id, patient_pseudonym, nhs_number_hash, supersedes,
                                feed_seq, time_point, age_band, stated_sex, gender_identity,
                                ethnic_category, imd)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 $19, $20, $21)
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&id)
    .bind(&record.instrument_id)
    .bind(i64::from(record.instrument_version))
    .bind(&recorded_at)
    .bind(&received_at)
    .bind(&record.role)
    .bind(&answers)
    .bind(&hash)
    .bind(i64::from(new.scores.scoring_version))
    .bind(new.organisation_id)
    .bind(new.device_id)
    .bind(&pseudonym)
    .bind(&new.nhs_number_hash)
    .bind(record.supersedes.map(|id| id.to_string()))
    .bind(new.feed_seq)
    .bind(record.time_point.map(time_point_code))
    .bind(new.snapshot.age_band_code())
    .bind(new.snapshot.stated_sex_code())
    .bind(new.snapshot.gender_identity_code())
    .bind(new.snapshot.ethnic_category_code())
    .bind(new.snapshot.imd_code())
    .execute(conn)
    .await?
    .rows_affected());

    if inserted == 0 {
        let stored: String = on_tx!(tx, conn => sqlx::query_scalar(
            "SELECT content_hash FROM responses WHERE id = $1",
        )
        .bind(&id)
        .fetch_one(conn)
        .await?);
        return Ok(if stored == hash {
            RecordStatus::Duplicate
        } else {
            RecordStatus::Conflict
        });
    }

    for score in &new.scores.measures {
        let measure = MeasureKey::new(&record.instrument_id, &score.measure).to_string();
        on_tx!(tx, conn => sqlx::query(
            "INSERT INTO response_scores (response_id, measure, domain, value, band)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(&measure)
        .bind(&score.domain)
        .bind(score.value)
        .bind(&score.band)
        .execute(conn)
        .await?
        .rows_affected());
    }
    Ok(RecordStatus::Stored)
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
