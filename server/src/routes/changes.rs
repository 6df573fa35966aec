//! What a tablet pulls for offline work. `GET /api/v1/sync/changes` returns, after the tablet's
//! cursor, the responses about patients that its organisation has stored (scores, and the goals
//! of goal instruments), so earlier scores and goals are on the tablet for a home visit.
//! `POST /api/v1/patients/keys` gives the pseudonymous keys of the NHS numbers a practitioner
//! puts on the tablet's caseload, so those responses can be matched to patients offline. Both are
//! row-level reads and are audited.

use crate::auth::Uploader;
use crate::db::audit::{self, Action, Entry};
use crate::db::responses;
use crate::error::ApiError;
use crate::routes::json::ApiJson;
use crate::routes::params::ApiQuery;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{
    ChangesQuery, ChangesResponse, ErrorBody, PatientChange, PatientKey, PatientKeysRequest,
    PatientKeysResponse, ScoreView,
};
use shared::instrument::ResponseFormat;
use shared::nhs_number::NhsNumber;
use shared::sync::Cursor;
use std::collections::BTreeMap;

/// The most changes one page returns, and the default.
const MAX_PAGE: i64 = 500;
/// The most NHS numbers one key request may carry.
const MAX_KEYS: usize = 500;

fn bad_request(message: String) -> ApiError {
    ApiError::client(StatusCode::BAD_REQUEST, "bad_request", message)
}

/// `GET /api/v1/sync/changes?after=<cursor>&limit=<n>`
#[utoipa::path(
    get,
    path = "/sync/changes",
    operation_id = "changes_list",
    tag = "sync",
    summary = "Responses about patients stored after a cursor: what a tablet caches offline.",
    description = "The responses about patients that the caller's organisation stored after the \
cursor, with their scores and the goals of GAS responses, in feed order. An enrolled tablet, a \
practitioner or an admin. A row-level read: it is written to the audit log.",
    params(ChangesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page of changes, in feed order.", body = ChangesResponse),
        (status = 400, description = "The query string, the cursor or the limit is not valid.", body = ErrorBody),
        (status = 401, description = "No valid device credential or sign-in token.", body = ErrorBody),
        (status = 403, description = "The tablet is revoked, or the account may not read patients' responses.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn list(
    uploader: Uploader,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ChangesQuery>,
) -> Result<Json<ChangesResponse>, ApiError> {
    let after = match query.after.as_deref() {
        Some(text) => Cursor::parse(text).map_err(bad_request)?,
        None => Cursor::start(),
    };
    let limit = query.limit.unwrap_or(MAX_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(bad_request(format!("limit must be 1 to {MAX_PAGE}")));
    }
    let organisation = &uploader.organisation_id;
    // The rows, their scores and the audit row of the read: one transaction.
    let mut tx = state.db.begin().await?;
    // One more than asked, to know whether more wait.
    let mut rows = responses::feed(&mut tx, organisation, after.seq, &after.id, limit + 1).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let mut scores: BTreeMap<String, Vec<ScoreView>> = BTreeMap::new();
    for score in responses::feed_scores(&mut tx, organisation, after.seq, &after.id, limit).await? {
        scores
            .entry(score.response_id)
            .or_default()
            .push(ScoreView {
                measure: score.measure.to_string(),
                value: score.value,
                band: score.band,
            });
    }
    let catalog = state.catalog();
    let cursor = rows
        .last()
        .map(|row| Cursor {
            seq: row.feed_seq,
            id: row.id.clone(),
        })
        .unwrap_or(after);
    let changes: Vec<PatientChange> = rows
        .into_iter()
        .map(|row| {
            let version = u32::try_from(row.instrument_version).unwrap_or(0);
            let goals_item = catalog.get(&row.instrument_id, version).and_then(|d| {
                d.items
                    .iter()
                    .find(|i| matches!(i.response, ResponseFormat::Goals { .. }))
                    .map(|i| i.id.clone())
            });
            let goals = goals_item.and_then(|item| {
                serde_json::from_str::<serde_json::Value>(&row.answers)
                    .ok()
                    .and_then(|answers| answers.get(&item).cloned())
            });
            PatientChange {
                scores: scores.remove(&row.id).unwrap_or_default(),
                response_id: row.id,
                patient: row.patient_pseudonym,
                instrument_id: row.instrument_id,
                instrument_version: version,
                recorded_at: row.recorded_at,
                role: row.role,
                supersedes: row.supersedes,
                time_point: row
                    .time_point
                    .and_then(|code| serde_json::from_value(serde_json::Value::String(code)).ok()),
                goals,
            }
        })
        .collect();
    if !changes.is_empty() {
        let detail = format!(
            "{} responses after {}",
            changes.len(),
            query.after.as_deref().unwrap_or("the start")
        );
        audit::record(
            &mut tx,
            &Entry::new(
                Action::ReadChanges,
                uploader.device_id.as_deref().unwrap_or("account"),
                Some(organisation),
            )
            .subject(uploader.device_id.as_deref())
            .detail(detail.as_str()),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Json(ChangesResponse {
        cursor: cursor.to_string(),
        more,
        changes,
    }))
}

/// `POST /api/v1/patients/keys`
#[utoipa::path(
    post,
    path = "/patients/keys",
    operation_id = "patient_keys",
    tag = "sync",
    summary = "The pseudonymous keys of NHS numbers on a tablet's caseload.",
    description = "Each NHS number is checked (Modulus 11) and answered with the server's \
pseudonymous key, which the change feed uses for the patient. An enrolled tablet, a \
practitioner or an admin; the lookup is written to the audit log.",
    request_body = PatientKeysRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One key per NHS number, in request order.", body = PatientKeysResponse),
        (status = 400, description = "The body is not JSON.", body = ErrorBody),
        (status = 401, description = "No valid device credential or sign-in token.", body = ErrorBody),
        (status = 403, description = "The tablet is revoked, or the account may not look patients up.", body = ErrorBody),
        (status = 413, description = "More than 500 NHS numbers, or a body over the size limit.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
        (status = 422, description = "An NHS number is not valid, or the body does not have the expected shape.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn keys(
    uploader: Uploader,
    State(state): State<AppState>,
    ApiJson(request): ApiJson<PatientKeysRequest>,
) -> Result<Json<PatientKeysResponse>, ApiError> {
    if request.nhs_numbers.len() > MAX_KEYS {
        return Err(ApiError::client(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_numbers",
            format!("ask for at most {MAX_KEYS} NHS numbers at a time"),
        ));
    }
    let mut keys = Vec::with_capacity(request.nhs_numbers.len());
    for number in &request.nhs_numbers {
        let parsed = NhsNumber::parse(number).map_err(|e| {
            ApiError::client(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_nhs_number",
                format!("{number:?}: {e}"),
            )
        })?;
        keys.push(PatientKey {
            nhs_number: number.clone(),
            patient: state.pseudonymiser.nhs_number_hash(parsed.digits()),
        });
    }
    let detail = format!("{} NHS numbers", keys.len());
    let mut tx = state.db.begin().await?;
    audit::record(
        &mut tx,
        &Entry::new(
            Action::LookupPatientKeys,
            uploader.device_id.as_deref().unwrap_or("account"),
            Some(&uploader.organisation_id),
        )
        .subject(uploader.device_id.as_deref())
        .detail(detail.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(PatientKeysResponse { keys }))
}
