//! `GET /api/v1/audit`: the audit log of the admin's organisation and below, filtered by
//! action, actor and UTC days, a page at a time.

use crate::auth::Admin;
use crate::db;
use crate::error::ApiError;
use crate::policy::Scoped;
use crate::routes::params::ApiQuery;
use crate::state::AppState;
use crate::views;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{AuditQuery, AuditRecord, ErrorBody};
use time::macros::format_description;
use time::{Date, Duration};

/// A `YYYY-MM-DD` day of the query, or a 400 naming the parameter.
fn day(name: &str, text: &str) -> Result<Date, ApiError> {
    Date::parse(text, format_description!("[year]-[month]-[day]")).map_err(|_| {
        ApiError::client(
            StatusCode::BAD_REQUEST,
            "bad_date",
            format!("{name} must be a day as YYYY-MM-DD, not {text:?}"),
        )
    })
}

/// The start of a UTC day as stored times begin (`2026-03-04T00:00:00`).
fn start_of(day: Date) -> String {
    format!("{day}T00:00:00")
}

/// `GET /api/v1/audit?limit=<n>&offset=<n>&action=&actor=&from=&to=`
#[utoipa::path(
    get,
    path = "/audit",
    operation_id = "audit_list",
    tag = "audit",
    summary = "The audit log of the admin's organisation and below, newest first (admin).",
    description = "Filtered by action, actor and UTC days (`from` and `to` inclusive); `limit` and `offset` page through it.",
    params(AuditQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The records.", body = Vec<AuditRecord>),
        (status = 400, description = "The query string is not valid, names an unknown action, or a day is not YYYY-MM-DD.", body = ErrorBody),
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
    let offset = query.offset.unwrap_or(0).max(0);
    let action = match query.action.as_deref().filter(|a| !a.is_empty()) {
        None => None,
        Some(text) => Some(db::audit::Action::parse(text).map_err(|_| {
            ApiError::client(
                StatusCode::BAD_REQUEST,
                "unknown_action",
                format!("there is no audit action {text:?}"),
            )
        })?),
    };
    let since = match query.from.as_deref().filter(|d| !d.is_empty()) {
        Some(text) => Some(start_of(day("from", text)?)),
        None => None,
    };
    let before = match query.to.as_deref().filter(|d| !d.is_empty()) {
        Some(text) => Some(start_of(day("to", text)? + Duration::days(1))),
        None => None,
    };
    let filter = db::audit::Filter {
        action,
        actor: query.actor.filter(|a| !a.is_empty()),
        since,
        before,
    };
    Ok(Json(views::all(
        db::audit::within(&state.db, scope.root(), &filter, limit, offset).await?,
    )))
}
