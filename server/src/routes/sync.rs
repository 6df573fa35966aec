//! `POST /api/v1/sync`: a tablet pushes a batch of completed questionnaires.
//!
//! Every record is parsed, validated and scored on its own with the shared code, so one bad
//! record never stops the good ones. All storable records of a batch are written in one
//! transaction: either the whole batch's writes land, or none do and the tablet retries.

use crate::auth::Uploader;
use crate::db::responses::{self, NewResponse};
use crate::db::{Tx, alerts, demographics, instruments};
use crate::error::ApiError;
use crate::routes::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{
    ErrorBody, MAX_BATCH_RECORDS, PROTOCOL_VERSION, RecordResult, RecordStatus, SyncRequest,
    SyncResponse,
};
use shared::response::{ResponseRecord, raw_record_id};
use shared::scoring::score;
use shared::validate::{ValidationContext, validate_response};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::openapi::schema::{OneOfBuilder, Schema};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

/// `POST /api/v1/sync`
/// Refuses a batch of another protocol version or with more than [`MAX_BATCH_RECORDS`] records
/// (both push endpoints, before anything is read).
pub(crate) fn check_batch(protocol_version: u32, records: usize) -> Result<(), ApiError> {
    if protocol_version != PROTOCOL_VERSION {
        return Err(ApiError::client(
            StatusCode::BAD_REQUEST,
            "unsupported_protocol",
            format!(
                "sync protocol version {protocol_version} is not supported; this server speaks version {PROTOCOL_VERSION}"
            ),
        ));
    }
    if records > MAX_BATCH_RECORDS {
        return Err(ApiError::client(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_records",
            format!(
                "a batch may carry at most {MAX_BATCH_RECORDS} records, this one has {records}"
            ),
        ));
    }
    Ok(())
}

#[utoipa::path(
    post,
    path = "/sync",
    operation_id = "sync_push",
    tag = "sync",
    summary = "Push a batch of completed questionnaires.",
    description = "Each record is validated and scored on its own; every storable record of the \
batch is written in one transaction. One result per record, in request order: 200 when all are \
stored or duplicates, 409 when some conflict with a different stored record of the same id, 422 \
when some are rejected. An enrolled tablet, a practitioner or an admin.",
    request_body = SyncRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every record stored, or already stored.", body = SyncResponse),
        (status = 400, description = "The body is not JSON, or the protocol version is not supported.", body = ErrorBody),
        (status = 401, description = "No valid device credential or sign-in token.", body = ErrorBody),
        (status = 403, description = "The tablet is revoked, or the account may not upload.", body = ErrorBody),
        (status = 409, description = "Some records conflict with stored ones; the others were stored.", body = SyncResponse),
        (status = 413, description = "More than 500 records, or a body over the size limit.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
        (status = 422, description = "Some records were rejected (per-record results; the others were stored), or the body is not a sync batch.", body = RejectedBatch),
        (status = 503, description = "The database is unavailable; nothing was changed.", body = ErrorBody),
    )
)]
pub async fn push(
    uploader: Uploader,
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SyncRequest>,
) -> Result<(StatusCode, Json<SyncResponse>), ApiError> {
    check_batch(request.protocol_version, request.records.len())?;

    let mut tx = state.db.begin().await?;
    let results = ingest(&state, &mut tx, &uploader, &request.records).await?;
    tx.commit().await?;
    state.folder.batch_stored();
    for result in &results {
        state.metrics.count_sync_record(match result.status {
            RecordStatus::Stored => "stored",
            RecordStatus::Duplicate => "duplicate",
            RecordStatus::Conflict => "conflict",
            RecordStatus::Rejected => "rejected",
        });
    }
    let response = SyncResponse { results };
    let status = if response.count(RecordStatus::Rejected) > 0 {
        StatusCode::UNPROCESSABLE_ENTITY
    } else if response.count(RecordStatus::Conflict) > 0 {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    let stored = response.count(RecordStatus::Stored);
    tracing::info!(records = response.results.len(), stored, "sync batch");
    Ok((status, Json(response)))
}

/// The body of a 422 from sync: the per-record results when records were rejected, or the error
/// body when the request is not a sync batch at all (documentation only).
pub struct RejectedBatch;

impl utoipa::PartialSchema for RejectedBatch {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(Ref::from_schema_name(SyncResponse::name()))
            .item(Ref::from_schema_name(ErrorBody::name()))
            .into()
    }
}

impl utoipa::ToSchema for RejectedBatch {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((SyncResponse::name().into(), SyncResponse::schema()));
        <SyncResponse as utoipa::ToSchema>::schemas(schemas);
        schemas.push((ErrorBody::name().into(), ErrorBody::schema()));
    }
}

/// Parses, validates, scores and stores a batch of raw records for `uploader`, one result per
/// record, inside the caller's transaction `tx` (nothing is acknowledged before it commits).
/// Used by sync and by the admin import of an outbox file, so both deduplicate in the same way.
pub async fn ingest(
    state: &AppState,
    tx: &mut Tx,
    uploader: &Uploader,
    records: &[serde_json::Value],
) -> Result<Vec<RecordResult>, ApiError> {
    let now = OffsetDateTime::now_utc();
    let received_at = now
        .format(&Rfc3339)
        .expect("the server clock formats as RFC 3339");
    let parsed: Vec<Result<ResponseRecord, String>> = records
        .iter()
        .map(ResponseRecord::from_json_value)
        .collect();
    // First in the transaction: the row lock it takes orders concurrent batches.
    let feed_seq = responses::next_feed_seq(tx).await?;
    let mut catalog = state.catalog();
    let unknown_version = parsed.iter().flatten().any(|record| {
        catalog
            .get(&record.instrument_id, record.instrument_version)
            .is_none()
    });
    if unknown_version {
        // Another server may have published it since this one loaded the catalog.
        state.reload_catalog(&mut *tx).await?;
        catalog = state.catalog();
    }
    let registered = instruments::registered(&mut *tx).await?;
    let roles = state.roles();
    let context = ValidationContext {
        catalog: &catalog,
        roles: &roles,
        now,
    };

    // Each record on its own: parse, validate, licence, score, pseudonymise.
    let mut results = Vec::with_capacity(parsed.len());
    let mut candidates = Vec::new();
    for (index, (raw, parsed)) in records.iter().zip(&parsed).enumerate() {
        let record = match parsed {
            Ok(record) => record,
            Err(reason) => {
                results.push(rejected(
                    index,
                    raw_record_id(raw),
                    reason.clone(),
                    Vec::new(),
                ));
                continue;
            }
        };
        let id = Some(record.id.to_string());
        let valid = match validate_response(record, &context) {
            Ok(valid) => valid,
            Err(issues) => {
                let reason = "the record failed validation".to_owned();
                results.push(rejected(index, id, reason, issues));
                continue;
            }
        };
        if valid.definition.is_licensed() && !registered.contains(&record.instrument_id) {
            let reason = format!(
                "{} is licensed and not enabled on this server: an admin must record the \
                 organisation's registration; the response is kept on the device",
                valid.definition.title
            );
            results.push(rejected(index, id, reason, Vec::new()));
            continue;
        }
        let (kept, nhs_number_hash) = state.pseudonymiser.redact(record);
        candidates.push(Candidate {
            result: results.len(),
            pseudonym: responses::patient_pseudonym(record, nhs_number_hash.as_deref()),
            record,
            scores: score(&valid),
            alerts: valid.alerts(),
            content_hash: kept.content_hash(),
            nhs_number_hash,
        });
        results.push(RecordResult {
            index,
            id,
            status: RecordStatus::Stored,
            reason: None,
            issues: Vec::new(),
        });
    }

    // Already stored (by an earlier batch, or earlier in this one): a duplicate when the
    // content is the same, else a conflict; nothing is changed either way.
    let ids: Vec<String> = candidates.iter().map(|c| c.record.id.to_string()).collect();
    let mut stored_hashes = responses::stored_hashes(tx, &ids).await?;
    let mut fresh = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        let id = candidate.record.id.to_string();
        if let Some(stored) = stored_hashes.get(&id) {
            let result = &mut results[candidate.result];
            if *stored == candidate.content_hash {
                result.status = RecordStatus::Duplicate;
            } else {
                result.status = RecordStatus::Conflict;
                result.reason = Some(
                    "a different record with this id is already stored; nothing was changed"
                        .to_owned(),
                );
            }
            continue;
        }
        stored_hashes.insert(id, candidate.content_hash.clone());
        fresh.push(candidate);
    }

    // Demographics, in batch order: each record laid over what the patient's earlier records
    // left.
    let pseudonyms: Vec<&str> = fresh
        .iter()
        .filter_map(|c| c.pseudonym.as_deref())
        .collect();
    let mut patients = demographics::Patients::load(tx, &pseudonyms).await?;
    let mut new = Vec::with_capacity(fresh.len());
    for candidate in &fresh {
        let carried = candidate
            .record
            .patient
            .as_ref()
            .and_then(|p| p.demographics.as_ref());
        let year = candidate.record.recorded_at.year();
        let snapshot = patients
            .merge(tx, candidate.pseudonym.as_deref(), carried, year)
            .await?;
        new.push(NewResponse {
            record: candidate.record,
            scores: candidate.scores.clone(),
            organisation_id: &uploader.organisation_id,
            device_id: uploader.device_id.as_deref(),
            content_hash: candidate.content_hash.clone(),
            nhs_number_hash: candidate.nhs_number_hash.clone(),
            feed_seq,
            snapshot,
        });
    }

    let inserted = responses::insert_many(tx, &new, now).await?;
    if inserted != new.len() as u64 {
        // Batches are stored one at a time (the counter's row lock), so this means the
        // database changed under the batch: store nothing, and the tablet sends it again.
        tracing::error!(
            expected = new.len(),
            inserted,
            "responses checked as new were stored meanwhile; the batch is rolled back"
        );
        return Err(ApiError::from(sqlx::Error::Protocol(
            "responses checked as new were stored meanwhile".to_owned(),
        )));
    }
    patients.save(tx, &received_at).await?;
    for candidate in &fresh {
        alerts::insert(
            tx,
            &candidate.record.id.to_string(),
            &candidate.alerts,
            &received_at,
        )
        .await?;
    }
    Ok(results)
}

/// A record that passed every check of its own, waiting to be stored.
struct Candidate<'a> {
    /// Its place in the results.
    result: usize,
    record: &'a ResponseRecord,
    scores: shared::scoring::Scores,
    alerts: Vec<shared::risk::RiskAlert>,
    content_hash: String,
    nhs_number_hash: Option<String>,
    pseudonym: Option<String>,
}

fn rejected(
    index: usize,
    id: Option<String>,
    reason: String,
    issues: Vec<shared::validate::FieldIssue>,
) -> RecordResult {
    RecordResult {
        index,
        id,
        status: RecordStatus::Rejected,
        reason: Some(reason),
        issues,
    }
}
