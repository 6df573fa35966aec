//! `POST /api/v1/admin/outbox-import`: the escape hatch on the server. An admin uploads the
//! encrypted file a tablet exported (see `shared::outbox_file`) with its passphrase; the records
//! go through exactly the same ingest as sync, so anything already stored is a duplicate and
//! nothing is stored twice.

use crate::auth::{Admin, Uploader};
use crate::db::audit::{self, Action, Entry};
use crate::db::devices;
use crate::error::ApiError;
use crate::policy::Scoped;
use crate::routes::json::ApiJson;
use crate::routes::sync::ingest;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use shared::api::{MAX_BATCH_RECORDS, RecordStatus, SyncResponse};
use shared::outbox_file::{OutboxFile, native};

#[derive(Debug, Deserialize)]
pub struct ImportRequest {
    pub passphrase: String,
    pub file: OutboxFile,
}

pub async fn import(
    Scoped(Admin(admin), scope): Scoped<Admin>,
    State(state): State<AppState>,
    ApiJson(request): ApiJson<ImportRequest>,
) -> Result<Json<SyncResponse>, ApiError> {
    let bad = |message: String| {
        ApiError::client(StatusCode::UNPROCESSABLE_ENTITY, "bad_outbox_file", message)
    };
    request.file.check().map_err(bad)?;
    // Key derivation is deliberately slow: keep it off the async workers.
    let ImportRequest { passphrase, file } = request;
    let (header, contents) = tokio::task::spawn_blocking(move || native::open(&file, &passphrase))
        .await
        .map_err(|_| {
            ApiError::client(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "the file could not be opened now; nothing was changed, please retry",
            )
        })?
        .map_err(bad)?;

    // Every record of the file and the audit row of the import: one transaction.
    let mut tx = state.db.begin().await?;
    // Records count as the exporting tablet's when it is one this admin may see; otherwise as
    // uploaded by the admin's organisation.
    let device = match &header.device_id {
        Some(id) => devices::get(&mut tx, id).await?,
        None => None,
    };
    let uploader = match device {
        Some(device) if scope.contains(&mut tx, &device.organisation_id).await? => Uploader {
            organisation_id: device.organisation_id,
            device_id: Some(device.id),
        },
        _ => Uploader {
            organisation_id: admin.user.organisation_id.clone(),
            device_id: None,
        },
    };

    let mut results = Vec::with_capacity(contents.records.len());
    for (chunk_index, chunk) in contents.records.chunks(MAX_BATCH_RECORDS).enumerate() {
        let offset = chunk_index * MAX_BATCH_RECORDS;
        for mut result in ingest(&state, &mut tx, &uploader, chunk).await? {
            result.index += offset;
            results.push(result);
        }
    }
    let response = SyncResponse { results };
    let detail = format!(
        "{} records from a file made {}: {} stored, {} duplicate, {} conflict, {} rejected",
        response.results.len(),
        header.created_at,
        response.count(RecordStatus::Stored),
        response.count(RecordStatus::Duplicate),
        response.count(RecordStatus::Conflict),
        response.count(RecordStatus::Rejected),
    );
    audit::record(
        &mut tx,
        &Entry::new(
            Action::ImportOutboxFile,
            &admin.user.id,
            Some(&uploader.organisation_id),
        )
        .subject(uploader.device_id.as_deref())
        .detail(detail.as_str()),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(%detail, "outbox file imported");
    Ok(Json(response))
}
