//! `POST /api/v1/admin/lookups/imd`: a top-level admin imports the English Indices of
//! Deprivation "File 1" CSV over the API, through the same importer as `server import-imd`
//! (every row checked before any is written, then upserts in batches). The upload is kept in a
//! temporary file only while it is imported. The postcode directory (about 1 GB) is imported
//! with `server import-postcodes` only.

use crate::auth::TopAdmin;
use crate::db::audit::{self, Action, Entry};
use crate::error::ApiError;
use crate::lookups::imd;
use crate::routes::params::ApiQuery;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use shared::api::{ErrorBody, ImdImportQuery, LookupImportResponse, MAX_LOOKUP_BYTES};
use shared::demographics::ImdEdition;

/// Deletes the uploaded copy however the import ends.
struct Upload(std::path::PathBuf);

impl Drop for Upload {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `POST /api/v1/admin/lookups/imd?edition=2019|2025` with the CSV as the body.
#[utoipa::path(
    post,
    path = "/admin/lookups/imd",
    operation_id = "lookups_import_imd",
    tag = "lookups",
    summary = "Import the IMD deciles per LSOA from an Indices of Deprivation File 1 CSV (top-level admin).",
    description = "The same importer as `server import-imd`: the header and every row are \
checked first (a refusal names the line and column, and nothing is written), then each LSOA's \
decile is inserted or replaced. The import is written to the audit log before any row is. The \
body may be up to 32 MiB.",
    params(ImdImportQuery),
    request_body(content = String, description = "The CSV file.", content_type = "text/csv"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Imported.", body = LookupImportResponse),
        (status = 400, description = "The edition is missing or not 2019 or 2025.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin of the top organisation.", body = ErrorBody),
        (status = 413, description = "The file is over 32 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as text/csv.", body = ErrorBody),
        (status = 422, description = "The file is not a File 1 CSV of that edition: the reason names the line and column.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn import_imd(
    TopAdmin(admin): TopAdmin,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ImdImportQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<LookupImportResponse>, ApiError> {
    let edition = query
        .edition
        .as_deref()
        .and_then(|e| e.parse::<i64>().ok())
        .and_then(ImdEdition::from_year)
        .ok_or_else(|| {
            ApiError::client(
                StatusCode::BAD_REQUEST,
                "bad_edition",
                "edition must be 2019 or 2025: the edition of the Indices of Deprivation file",
            )
        })?;
    let csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/csv"));
    if !csv {
        return Err(ApiError::client(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the file as the body with the header Content-Type: text/csv",
        ));
    }
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::client(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("the file is over {} MiB", MAX_LOOKUP_BYTES / (1024 * 1024)),
            )
        } else {
            ApiError::client(rejection.status(), "bad_request", rejection.body_text())
        }
    })?;

    let mut tx = state.db.begin().await?;
    let detail = format!("edition {edition}, {} bytes", body.len());
    audit::record(
        &mut tx,
        &Entry::new(
            Action::ImportImdLookup,
            &admin.user.id,
            Some(&admin.user.organisation_id),
        )
        .detail(detail.as_str()),
    )
    .await?;
    tx.commit().await?;

    let upload = Upload(std::env::temp_dir().join(format!(
        "prom-imd-upload-{}.csv",
        uuid::Uuid::new_v4().simple()
    )));
    std::fs::write(&upload.0, &body).map_err(|e| {
        tracing::error!(error = %e, "could not keep the uploaded lookup file");
        ApiError::client(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "the server could not keep the file to import it; nothing was changed, please retry",
        )
    })?;
    match imd::import(&state.db, edition, &upload.0).await {
        Ok(summary) => Ok(Json(LookupImportResponse {
            edition: edition.to_string(),
            rows: summary.rows,
            written: summary.written,
        })),
        Err(error) if error.chain().any(|cause| cause.is::<sqlx::Error>()) => {
            tracing::error!(error = %format!("{error:#}"), "the IMD import could not write");
            Err(ApiError::client(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "the lookup could not be written; import the file again (rows are replaced, never duplicated)",
            ))
        }
        Err(error) => Err(ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_lookup",
            format!("{error:#}").replace(&upload.0.display().to_string(), "the file"),
        )),
    }
}
