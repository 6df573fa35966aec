//! Risk alerts raised by stored responses: practitioners and admins list the unacknowledged ones;
//! acknowledging records the signed-in account and the time.

use crate::auth::Staff;
use crate::db::alerts::{self, Acknowledged};
use crate::error::ApiError;
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
    Staff(staff): Staff,
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
pub async fn acknowledge(
    Staff(staff): Staff,
    State(state): State<AppState>,
    Path((response_id, rule)): Path<(String, String)>,
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
