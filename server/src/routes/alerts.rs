//! Risk alerts raised by stored responses: practitioners and admins list the unacknowledged ones;
//! acknowledging records the signed-in account and the time.

use crate::auth::Staff;
use crate::db::alerts::{self, Acknowledged};
use crate::db::audit::{self, Action, Entry};
use crate::error::ApiError;
use crate::policy::Scoped;
use crate::routes::params::{ApiPath, ApiQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{AlertView, AlertsQuery, ErrorBody};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// `GET /api/v1/alerts?state=open|all`
#[utoipa::path(
    get,
    path = "/alerts",
    operation_id = "alerts_list",
    tag = "alerts",
    summary = "Risk alerts of the caller's organisation and below (practitioner or admin).",
    description = "The unacknowledged ones by default. The read is written to the audit log.",
    params(AlertsQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The alerts.", body = Vec<AlertView>),
        (status = 400, description = "The query string is not valid, or `state` is neither `open` nor `all`.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is an evaluator's.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn list(
    Scoped(Staff(staff), scope): Scoped<Staff>,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<AlertsQuery>,
) -> Result<Json<Vec<AlertView>>, ApiError> {
    let include_acknowledged = match query.state.as_deref() {
        None | Some("open") => false,
        Some("all") => true,
        Some(other) => {
            return Err(ApiError::client(
                StatusCode::BAD_REQUEST,
                "bad_state",
                format!("state must be 'open' or 'all', not {other:?}"),
            ));
        }
    };
    let mut tx = state.db.begin().await?;
    let listed = alerts::list(&mut tx, include_acknowledged, scope.root()).await?;
    let detail = format!("{} alerts", listed.len());
    audit::record(
        &mut tx,
        &Entry::new(Action::ReadAlerts, &staff.user.id, Some(scope.root())).detail(detail.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(crate::views::all(listed)))
}

/// `POST /api/v1/alerts/{response_id}/{rule}/acknowledge`
#[utoipa::path(
    post,
    path = "/alerts/{response_id}/{rule}/acknowledge",
    operation_id = "alerts_acknowledge",
    tag = "alerts",
    summary = "Acknowledge an alert, recording who and when (practitioner or admin).",
    description = "The first acknowledgement is kept; a second one is refused.",
    params(
        ("response_id" = String, Path, description = "The response that raised the alert."),
        ("rule" = String, Path, description = "The risk rule id, e.g. `self-harm`."),
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Acknowledged."),
        (status = 400, description = "The path is not valid.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is an evaluator's.", body = ErrorBody),
        (status = 404, description = "There is no such alert within the caller's organisation.", body = ErrorBody),
        (status = 409, description = "The alert was already acknowledged.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn acknowledge(
    Scoped(Staff(staff), scope): Scoped<Staff>,
    State(state): State<AppState>,
    ApiPath((response_id, rule)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    let organisation = crate::db::responses::get(&mut tx, &response_id)
        .await?
        .and_then(|stored| stored.organisation_id);
    if !scope.can_see(&mut tx, organisation.as_deref()).await? {
        return Err(ApiError::client(
            StatusCode::NOT_FOUND,
            "unknown_alert",
            "there is no such alert",
        ));
    }
    let by = format!("{} ({})", staff.user.display_name, staff.user.id);
    let by = by.as_str();
    let now = OffsetDateTime::now_utc().format(&Rfc3339).expect("formats");
    match alerts::acknowledge(&mut tx, &response_id, &rule, by, &now).await? {
        Acknowledged::Now => {
            audit::record(
                &mut tx,
                &Entry::new(
                    Action::AcknowledgeAlert,
                    &staff.user.id,
                    Some(&staff.user.organisation_id),
                )
                .subject(response_id.as_str())
                .detail(rule.as_str()),
            )
            .await?;
            tx.commit().await?;
            Ok(StatusCode::NO_CONTENT)
        }
        Acknowledged::Already => Err(ApiError::client(
            StatusCode::CONFLICT,
            "already_acknowledged",
            "this alert was already acknowledged; the first acknowledgement is kept",
        )),
        Acknowledged::NotFound => Err(ApiError::client(
            StatusCode::NOT_FOUND,
            "unknown_alert",
            "there is no such alert",
        )),
    }
}
