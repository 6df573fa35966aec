//! Risk alerts raised by stored responses: practitioners and admins list the open ones (or the
//! acknowledged ones), newest first; acknowledging records the signed-in account, the time and an
//! optional note.

use crate::auth::Staff;
use crate::db::alerts::{self, Acknowledged, Listing};
use crate::db::audit::{self, Action, Entry};
use crate::error::ApiError;
use crate::policy::Scoped;
use crate::routes::json::ApiJson;
use crate::routes::params::{ApiPath, ApiQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{
    AcknowledgeAlertRequest, AlertView, AlertsQuery, ErrorBody, MAX_ALERT_NOTE_CHARS,
};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// `GET /api/v1/alerts?state=open|acknowledged|all`
#[utoipa::path(
    get,
    path = "/alerts",
    operation_id = "alerts_list",
    tag = "alerts",
    summary = "Risk alerts of the caller's organisation and below (practitioner or admin).",
    description = "Newest first; the unacknowledged ones by default. The read is written to the audit log.",
    params(AlertsQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The alerts.", body = Vec<AlertView>),
        (status = 400, description = "The query string is not valid, or `state` is not `open`, `acknowledged` or `all`.", body = ErrorBody),
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
    let listing = match query.state.as_deref() {
        None | Some("open") => Listing::Open,
        Some("acknowledged") => Listing::Acknowledged,
        Some("all") => Listing::All,
        Some(other) => {
            return Err(ApiError::client(
                StatusCode::BAD_REQUEST,
                "bad_state",
                format!("state must be 'open', 'acknowledged' or 'all', not {other:?}"),
            ));
        }
    };
    let mut tx = state.db.begin().await?;
    let listed = alerts::list(&mut tx, listing, scope.root()).await?;
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
    description = "The first acknowledgement is kept; a second one is refused. The body is optional: a note of what was done.",
    request_body(content = Option<AcknowledgeAlertRequest>, description = "Optional: a note.", content_type = "application/json"),
    params(
        ("response_id" = String, Path, description = "The response that raised the alert."),
        ("rule" = String, Path, description = "The risk rule id, e.g. `self-harm`."),
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Acknowledged."),
        (status = 400, description = "The path or the body is not valid JSON.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is an evaluator's.", body = ErrorBody),
        (status = 415, description = "A body was sent that is not JSON.", body = ErrorBody),
        (status = 422, description = "The body has the wrong shape, or the note is longer than 1,000 characters.", body = ErrorBody),
        (status = 404, description = "There is no such alert within the caller's organisation.", body = ErrorBody),
        (status = 409, description = "The alert was already acknowledged.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn acknowledge(
    Scoped(Staff(staff), scope): Scoped<Staff>,
    State(state): State<AppState>,
    ApiPath((response_id, rule)): ApiPath<(String, String)>,
    body: Option<ApiJson<AcknowledgeAlertRequest>>,
) -> Result<StatusCode, ApiError> {
    let note = body
        .and_then(|ApiJson(request)| request.note)
        .map(|note| note.trim().to_owned())
        .filter(|note| !note.is_empty());
    if note
        .as_ref()
        .is_some_and(|note| note.chars().count() > MAX_ALERT_NOTE_CHARS)
    {
        return Err(ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "note_too_long",
            format!("the note may be at most {MAX_ALERT_NOTE_CHARS} characters"),
        ));
    }
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
    match alerts::acknowledge(&mut tx, &response_id, &rule, by, &now, note.as_deref()).await? {
        Acknowledged::Now => {
            audit::record(
                &mut tx,
                &Entry::new(
                    Action::AcknowledgeAlert,
                    &staff.user.id,
                    Some(&staff.user.organisation_id),
                )
                .subject(response_id.as_str())
                .detail(
                    if note.is_some() {
                        format!("{rule}, with a note")
                    } else {
                        rule.clone()
                    }
                    .as_str(),
                ),
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
