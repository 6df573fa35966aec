//! The professional role list: public to read (tablets offer it), edited by admins of a top-level
//! organisation (the list is shared by the whole deployment).

use crate::auth::TopAdmin;
use crate::db::{
    self,
    audit::{self, Action, Entry},
};
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
            .map(|stored| RoleView {
                id: stored.role.id,
                name: stored.role.name,
                active: stored.active,
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
