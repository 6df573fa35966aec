//! Risk alerts raised by stored responses: practitioners and admins list the unacknowledged ones;
//! acknowledging records the signed-in account and the time.

use crate::auth::Staff;
use crate::db::alerts::{self, Acknowledged};
use crate::error::ApiError;
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
    Staff(staff): Staff,
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
    let scope = crate::db::organisations::scope_root(&state.db, &staff.user).await?;
    let listed = alerts::list(&state.db, include_acknowledged, &scope).await?;
    state
        .audit(
            Some(&scope),
            &staff.user.id,
            "read_alerts",
            None,
            Some(&format!("{} alerts", listed.len())),
        )
        .await?;
    Ok(Json(listed))
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
    Staff(staff): Staff,
    State(state): State<AppState>,
    ApiPath((response_id, rule)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let organisation = crate::db::responses::get(&state.db, &response_id)
        .await?
        .and_then(|(_, organisation)| organisation);
    let visible =
        crate::db::organisations::visible_to(&state.db, &staff.user, organisation.as_deref())
            .await?;
    if !visible {
        return Err(ApiError::client(
            StatusCode::NOT_FOUND,
            "unknown_alert",
            "there is no such alert",
        ));
    }
    let by = format!("{} ({})", staff.user.display_name, staff.user.id);
    let by = by.as_str();
    let now = OffsetDateTime::now_utc().format(&Rfc3339).expect("formats");
    match alerts::acknowledge(&state.db, &response_id, &rule, by, &now).await? {
        Acknowledged::Now => {
            state
                .audit(
                    Some(&staff.user.organisation_id),
                    &staff.user.id,
                    "acknowledge_alert",
                    Some(&response_id),
                    Some(&rule),
                )
                .await?;
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
