//! `GET /api/v1/audit`: the audit log of the admin's organisation and below.

use crate::auth::Admin;
use crate::db;
use crate::error::ApiError;
use crate::policy::Scoped;
use crate::routes::params::ApiQuery;
use crate::state::AppState;
use crate::views;
use axum::Json;
use axum::extract::State;
use shared::api::{AuditQuery, AuditRecord, ErrorBody};

/// `GET /api/v1/audit?limit=<n>`
#[utoipa::path(
    get,
    path = "/audit",
    operation_id = "audit_list",
    tag = "audit",
    summary = "The audit log of the admin's organisation and below, newest first (admin).",
    params(AuditQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The records.", body = Vec<AuditRecord>),
        (status = 400, description = "The query string is not valid.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Scoped(Admin(_), scope): Scoped<Admin>,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<Vec<AuditRecord>>, ApiError> {
    let limit = query.limit.unwrap_or(200).clamp(1, 5_000);
    Ok(Json(views::all(
        db::audit::within(&state.db, scope.root(), limit).await?,
    )))
}
