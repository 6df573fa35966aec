//! The professional role list: public to read (tablets offer it), edited by admins of a top-level
//! organisation (the list is shared by the whole deployment).

use crate::auth::TopAdmin;
use crate::db;
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
            .map(|(role, active)| RoleView {
                id: role.id,
                name: role.name,
                active,
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
    let existing = db::roles::all(&state.db).await?;
    let position = match existing.iter().position(|(r, _)| r.id == id) {
        Some(p) => p as i64,
        None => db::roles::next_position(&state.db).await?,
    };
    db::roles::upsert(&state.db, &id, name, request.active, position).await?;
    state.reload_roles().await?;
    state
        .audit(
            Some(&admin.user.organisation_id),
            &admin.user.id,
            "update_role",
            Some(&id),
            Some(&format!("{name} (active: {})", request.active)),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
