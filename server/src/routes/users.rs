//! Accounts: admins create and disable accounts within their own organisation only.

use crate::accounts::{self, USER_KINDS, password};
use crate::auth::Admin;
use crate::db::{
    self,
    users::{NewUser, User},
};
use crate::error::ApiError;
use crate::routes::json::ApiJson;
use crate::routes::params::ApiPath;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{CreateUserRequest, ErrorBody, UserView};

/// An account row as the API shows it.
pub fn view(row: User) -> UserView {
    UserView {
        id: row.id,
        organisation_id: row.organisation_id,
        email: row.email,
        display_name: row.display_name,
        kind: row.kind,
        professional_role: row.professional_role,
        disabled: row.disabled != 0,
    }
}

/// `GET /api/v1/users`: accounts of the admin's organisation and below.
#[utoipa::path(
    get,
    path = "/users",
    operation_id = "users_list",
    tag = "accounts",
    summary = "The accounts of the admin's organisation and below (admin).",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The accounts.", body = Vec<UserView>),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> Result<Json<Vec<UserView>>, ApiError> {
    let rows = db::users::within(&state.db, &admin.user.organisation_id).await?;
    Ok(Json(rows.into_iter().map(view).collect()))
}

/// `POST /api/v1/users`
#[utoipa::path(
    post,
    path = "/users",
    operation_id = "users_create",
    tag = "accounts",
    summary = "Create an account inside the admin's organisation (admin).",
    request_body = CreateUserRequest,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created.", body = UserView),
        (status = 400, description = "The body is not JSON.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin, or the organisation is outside the admin's own.", body = ErrorBody),
        (status = 409, description = "The e-mail address already has an account.", body = ErrorBody),
        (status = 413, description = "The body is over the size limit.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
        (status = 422, description = "A field is not valid (e-mail, name, kind, role or password), or the body does not have the expected shape.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(request): ApiJson<CreateUserRequest>,
) -> Result<(StatusCode, Json<UserView>), ApiError> {
    let invalid = |message: String| {
        ApiError::client(StatusCode::UNPROCESSABLE_ENTITY, "invalid_user", message)
    };
    if !db::organisations::is_within(
        &state.db,
        &request.organisation_id,
        &admin.user.organisation_id,
    )
    .await?
    {
        return Err(ApiError::client(
            StatusCode::FORBIDDEN,
            "forbidden",
            "admins can only create accounts inside their own organisation",
        ));
    }
    let email = accounts::normalise_email(&request.email).map_err(invalid)?;
    let name = request.display_name.trim();
    if name.is_empty() || name.len() > 200 {
        return Err(invalid("the display name must be 1-200 characters".into()));
    }
    if !USER_KINDS.contains(&request.kind.as_str()) {
        return Err(invalid(format!(
            "the kind must be one of {}",
            USER_KINDS.join(", ")
        )));
    }
    password::check_strength(&request.password).map_err(invalid)?;
    let role = match (request.kind.as_str(), request.professional_role.as_deref()) {
        ("practitioner", Some(role)) => {
            let roles = db::roles::all(&state.db).await?;
            if !roles.iter().any(|(r, active)| r.id == role && *active) {
                return Err(invalid(format!(
                    "{role:?} is not an active professional role"
                )));
            }
            Some(role)
        }
        ("practitioner", None) => {
            return Err(invalid("a practitioner needs a professional role".into()));
        }
        (_, Some(_)) => {
            return Err(invalid(
                "only practitioners carry a professional role".into(),
            ));
        }
        (_, None) => None,
    };
    let id = uuid::Uuid::new_v4().to_string();
    let inserted = db::users::insert(
        &state.db,
        &NewUser {
            id: &id,
            organisation_id: &request.organisation_id,
            email: &email,
            display_name: name,
            kind: &request.kind,
            professional_role: role,
            password_hash: &password::hash(&request.password),
        },
        &accounts::now_text(),
    )
    .await?;
    if !inserted {
        return Err(ApiError::client(
            StatusCode::CONFLICT,
            "email_taken",
            format!("{email} already has an account"),
        ));
    }
    state
        .audit(
            Some(&request.organisation_id),
            &admin.user.id,
            "create_user",
            Some(&id),
            Some(&format!("{} {email}", request.kind)),
        )
        .await?;
    let user = db::users::get(&state.db, &id)
        .await?
        .expect("just inserted");
    Ok((StatusCode::CREATED, Json(view(user))))
}

/// `POST /api/v1/users/{id}/disable`: the account can no longer sign in; its sessions end.
#[utoipa::path(
    post,
    path = "/users/{id}/disable",
    operation_id = "users_disable",
    tag = "accounts",
    summary = "Disable an account: it can no longer sign in and its sessions end (admin).",
    params(("id" = String, Path, description = "The account id.")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Disabled."),
        (status = 400, description = "The path is not valid.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin.", body = ErrorBody),
        (status = 404, description = "There is no such account in the admin's organisation.", body = ErrorBody),
        (status = 422, description = "An admin cannot disable their own account.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn disable(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let not_found = || {
        ApiError::client(
            StatusCode::NOT_FOUND,
            "unknown_user",
            "there is no such account in your organisation",
        )
    };
    let user = db::users::get(&state.db, &id)
        .await?
        .ok_or_else(not_found)?;
    if !db::organisations::is_within(
        &state.db,
        &user.organisation_id,
        &admin.user.organisation_id,
    )
    .await?
    {
        return Err(not_found());
    }
    if user.id == admin.user.id {
        return Err(ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "own_account",
            "you cannot disable your own account",
        ));
    }
    db::users::set_disabled(&state.db, &id, true).await?;
    db::sessions::revoke_all(&state.db, &id, &accounts::now_text()).await?;
    state
        .audit(
            Some(&user.organisation_id),
            &admin.user.id,
            "disable_user",
            Some(&id),
            Some(&user.email),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
