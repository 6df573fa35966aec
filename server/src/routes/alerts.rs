//! Risk alerts raised by stored responses: practitioners and admins list the unacknowledged ones;
//! acknowledging records the signed-in account and the time.

use crate::auth::Staff;
use crate::db::alerts::{self, Acknowledged};
use crate::db::audit::{self, Action, Entry};
use crate::error::ApiError;
use crate::policy::Scoped;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use shared::api::AlertView;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// `open` (default) or `all`.
    state: Option<String>,
}

/// `GET /api/v1/alerts?state=open|all`
pub async fn list(
    Scoped(Staff(staff), scope): Scoped<Staff>,
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
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
pub async fn acknowledge(
    Scoped(Staff(staff), scope): Scoped<Staff>,
    State(state): State<AppState>,
    Path((response_id, rule)): Path<(String, String)>,
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
