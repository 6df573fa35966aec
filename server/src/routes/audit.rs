//! `GET /api/v1/audit`: the audit log of the admin's organisation and below.

use crate::auth::Admin;
use crate::db::{self, audit::Record};
use crate::error::ApiError;
use crate::routes::params::ApiQuery;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use shared::api::{AuditQuery, AuditRecord, ErrorBody};

/// An audit row as the API shows it.
pub fn view(row: Record) -> AuditRecord {
    AuditRecord {
        id: row.id,
        occurred_at: row.occurred_at,
        organisation_id: row.organisation_id,
        actor: row.actor,
        action: row.action,
        subject: row.subject,
        detail: row.detail,
        address: row.address,
    }
}

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
    Admin(admin): Admin,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<Vec<AuditRecord>>, ApiError> {
    let limit = query.limit.unwrap_or(200).clamp(1, 5_000);
    let rows = db::audit::within(&state.db, &admin.user.organisation_id, limit).await?;
    Ok(Json(rows.into_iter().map(view).collect()))
}
