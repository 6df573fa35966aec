//! `GET /api/v1/audit`: the audit log of the admin's organisation and below.

use crate::auth::Admin;
use crate::db::{self, audit::Record};
use crate::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    limit: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Vec<Record>>, ApiError> {
    let limit = query.limit.unwrap_or(200).clamp(1, 5_000);
    Ok(Json(
        db::audit::within(&state.db, &admin.user.organisation_id, limit).await?,
    ))
}
