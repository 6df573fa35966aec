//! The professional role list: public to read (tablets offer it), edited by admins of a top-level
//! organisation (the list is shared by the whole deployment).

use crate::auth::TopAdmin;
use crate::db;
use crate::error::ApiError;
use crate::routes::json::ApiJson;
use crate::routes::params::ApiPath;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{ErrorBody, PutRoleRequest, RoleView};

/// `GET /api/v1/roles`
#[utoipa::path(
    get,
    path = "/roles",
    operation_id = "roles_list",
    tag = "roles",
    summary = "The professional role list, retired roles included (public: tablets offer it).",
    responses(
        (status = 200, description = "The roles, in display order.", body = Vec<RoleView>),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
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

/// `PUT /api/v1/roles/{id}`: adds a role, renames it, or retires it (`active: false`).
#[utoipa::path(
    put,
    path = "/roles/{id}",
    operation_id = "roles_put",
    tag = "roles",
    summary = "Add a role, rename it, or retire it with `active: false` (top-level admin).",
    params(("id" = String, Path, description = "1-64 lowercase letters, digits or '-'.")),
    request_body = PutRoleRequest,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Saved."),
        (status = 400, description = "The body is not JSON, or the path is not valid.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin of the top organisation.", body = ErrorBody),
        (status = 413, description = "The body is over the size limit.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
        (status = 422, description = "The id or name is not valid, or the body does not have the expected shape.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn put(
    State(state): State<AppState>,
    TopAdmin(admin): TopAdmin,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<PutRoleRequest>,
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
