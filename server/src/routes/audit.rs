//! `GET /api/v1/audit`: the audit log of the admin's organisation and below.

use crate::auth::Admin;
use crate::db;
use crate::error::ApiError;
use crate::policy::Scoped;
use crate::state::AppState;
use crate::views::{self, AuditRecordView};
use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    limit: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    Scoped(Admin(_), scope): Scoped<Admin>,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Vec<AuditRecordView>>, ApiError> {
    let limit = query.limit.unwrap_or(200).clamp(1, 5_000);
    Ok(Json(views::all(
        db::audit::within(&state.db, scope.root(), limit).await?,
    )))
}
