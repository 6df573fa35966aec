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
use shared::api::{ErrorBody, MAX_BATCH_RECORDS, OutboxImportRequest, RecordStatus, SyncResponse};
use shared::outbox_file::native;

/// `POST /api/v1/admin/outbox-import`
#[utoipa::path(
    post,
    path = "/admin/outbox-import",
    operation_id = "outbox_import",
    tag = "sync",
    summary = "Import a tablet's exported outbox file (admin).",
    description = "The file is opened with its passphrase and its records go through the same \
ingest as sync, so anything already stored is a duplicate. The records count as the exporting \
tablet's when the admin may see it, else as the admin's organisation's. The body may be up to \
64 MiB.",
    request_body = OutboxImportRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One result per record in the file, as sync gives them.", body = SyncResponse),
        (status = 400, description = "The body is not JSON.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin.", body = ErrorBody),
        (status = 413, description = "The body is over the size limit.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
        (status = 422, description = "The file cannot be opened (wrong passphrase, damaged or not an outbox file), or the body does not have the expected shape.", body = ErrorBody),
        (status = 503, description = "The database is unavailable, or the file could not be opened now; nothing was changed.", body = ErrorBody),
    )
)]
pub async fn import(
    Scoped(Admin(admin), scope): Scoped<Admin>,
    State(state): State<AppState>,
    ApiJson(request): ApiJson<OutboxImportRequest>,
) -> Result<Json<SyncResponse>, ApiError> {
    let bad = |message: String| {
        ApiError::client(StatusCode::UNPROCESSABLE_ENTITY, "bad_outbox_file", message)
    };
    request.file.check().map_err(bad)?;
    // Key derivation is deliberately slow: keep it off the async workers.
    let OutboxImportRequest { passphrase, file } = request;
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
    state.folder.batch_stored();
    tracing::info!(%detail, "outbox file imported");
    Ok(Json(response))
}
