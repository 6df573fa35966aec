//! Sync while locked: `GET /api/v1/sync/sealing-key` hands a tablet the server's public key, and
//! `POST /api/v1/sync/sealed` takes the records a locked tablet sealed to it, opens each
//! (`crate::sealing`) and stores them through the same `ingest` as `POST /api/v1/sync`, so a
//! record sent sealed and again in the clear is stored once.

use crate::auth::Uploader;
use crate::error::ApiError;
use crate::routes::json::ApiJson;
use crate::routes::sync::{check_batch, ingest};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{
    ErrorBody, RecordResult, RecordStatus, SealedSyncRequest, SealingKey, SyncResponse,
};

/// `GET /api/v1/sync/sealing-key`
#[utoipa::path(
    get,
    path = "/sync/sealing-key",
    operation_id = "sync_sealing_key",
    tag = "sync",
    summary = "The public key a tablet seals finished responses to.",
    description = "A tablet seals each finished response to this key as well as under its own \
data key, so it can send it while locked. An enrolled tablet, a practitioner or an admin.",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The current sealing key.", body = SealingKey),
        (status = 401, description = "No valid device credential or sign-in token.", body = ErrorBody),
        (status = 403, description = "The tablet is revoked, or the account may not upload.", body = ErrorBody),
    )
)]
pub async fn key(_uploader: Uploader, State(state): State<AppState>) -> Json<SealingKey> {
    Json(state.sealing.current().clone())
}

/// `POST /api/v1/sync/sealed`
#[utoipa::path(
    post,
    path = "/sync/sealed",
    operation_id = "sync_push_sealed",
    tag = "sync",
    summary = "Push a batch of responses sealed to the server's key (a locked tablet).",
    description = "Each record is opened with the server's key, then validated, scored and \
stored exactly as by `POST /sync`, with one result per record in request order and the same \
status codes. A record that does not open is rejected with the reason.",
    request_body = SealedSyncRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every record stored, or already stored.", body = SyncResponse),
        (status = 400, description = "The body is not JSON, or the protocol version is not supported.", body = ErrorBody),
        (status = 401, description = "No valid device credential or sign-in token.", body = ErrorBody),
        (status = 403, description = "The tablet is revoked, or the account may not upload.", body = ErrorBody),
        (status = 409, description = "Some records conflict with stored ones; the others were stored.", body = SyncResponse),
        (status = 413, description = "More than 500 records, or a body over the size limit.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
        (status = 422, description = "Some records were rejected (per-record results; the others were stored), or the body is not a batch.", body = SyncResponse),
        (status = 503, description = "The database is unavailable; nothing was changed.", body = ErrorBody),
    )
)]
pub async fn push(
    uploader: Uploader,
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SealedSyncRequest>,
) -> Result<(StatusCode, Json<SyncResponse>), ApiError> {
    check_batch(request.protocol_version, request.records.len())?;
    // Opened records go to ingest in order; those that do not open are answered here.
    let mut opened = Vec::with_capacity(request.records.len());
    let mut positions = Vec::with_capacity(request.records.len());
    let mut results: Vec<Option<RecordResult>> = vec![None; request.records.len()];
    for (index, sealed) in request.records.iter().enumerate() {
        match state.sealing.open(sealed) {
            Ok(value) => {
                positions.push(index);
                opened.push(value);
            }
            Err(reason) => {
                results[index] = Some(RecordResult {
                    index,
                    id: Some(sealed.id.clone()),
                    status: RecordStatus::Rejected,
                    reason: Some(reason),
                    issues: Vec::new(),
                });
            }
        }
    }
    let mut tx = state.db.begin().await?;
    let stored = ingest(&state, &mut tx, &uploader, &opened).await?;
    tx.commit().await?;
    state.folder.batch_stored();
    for mut result in stored {
        let index = positions[result.index];
        result.index = index;
        results[index] = Some(result);
    }
    let response = SyncResponse {
        results: results.into_iter().flatten().collect(),
    };
    let status = if response.count(RecordStatus::Rejected) > 0 {
        StatusCode::UNPROCESSABLE_ENTITY
    } else if response.count(RecordStatus::Conflict) > 0 {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    tracing::info!(
        records = response.results.len(),
        stored = response.count(RecordStatus::Stored),
        "sealed sync batch"
    );
    Ok((status, Json(response)))
}
