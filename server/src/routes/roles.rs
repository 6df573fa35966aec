//! The professional role list: public to read (tablets offer it), edited by admins of a top-level
//! organisation (the list is shared by the whole deployment).

use crate::auth::TopAdmin;
use crate::db::{
    self,
    audit::{self, Action, Entry},
};
use crate::error::ApiError;
use crate::routes::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize)]
pub struct RoleView {
    id: String,
    name: String,
    active: bool,
}

/// `GET /api/v1/roles`
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<RoleView>>, ApiError> {
    let roles = db::roles::all(&state.db).await?;
    Ok(Json(
        roles
            .into_iter()
            .map(|stored| RoleView {
                id: stored.role.id,
                name: stored.role.name,
                active: stored.active,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize)]
pub struct PutRole {
    name: String,
    active: bool,
}

/// `PUT /api/v1/roles/{id}`: adds a role, renames it, or retires it (`active: false`).
pub async fn put(
    State(state): State<AppState>,
    TopAdmin(admin): TopAdmin,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<PutRole>,
) -> Result<StatusCode, ApiError> {
    let id_ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let name = request.name.trim();
    if !id_ok || name.is_empty() || name.len() > 200 {
        return Err(ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_role",
            "a role id is 1-64 lowercase letters, digits or '-', and its name 1-200 characters",
        ));
    }
    let mut tx = state.db.begin().await?;
    let existing = db::roles::all(&mut tx).await?;
    let position = match existing.iter().position(|stored| stored.role.id == id) {
        Some(p) => p as i64,
        None => db::roles::next_position(&mut tx).await?,
    };
    db::roles::upsert(&mut tx, &id, name, request.active, position).await?;
    let detail = format!("{name} (active: {})", request.active);
    audit::record(
        &mut tx,
        &Entry::new(
            Action::UpdateRole,
            &admin.user.id,
            Some(&admin.user.organisation_id),
        )
        .subject(id.as_str())
        .detail(detail.as_str()),
    )
    .await?;
    tx.commit().await?;
    state.reload_roles().await?;
    Ok(StatusCode::NO_CONTENT)
}
