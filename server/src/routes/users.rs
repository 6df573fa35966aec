//! Accounts: admins create and disable accounts within their own organisation only.

use crate::accounts::password;
use crate::auth::Admin;
use crate::db::{
    self,
    audit::{self, Action, Entry},
    users::NewUser,
};
use crate::error::ApiError;
use crate::policy::Scoped;
use crate::routes::json::ApiJson;
use crate::routes::params::ApiPath;
use crate::state::AppState;
use crate::views;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::accounts::{DisplayName, EmailAddress, UserKind};
use shared::api::{CreateUserRequest, ErrorBody, UserView};

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
    Scoped(Admin(_), scope): Scoped<Admin>,
) -> Result<Json<Vec<UserView>>, ApiError> {
    Ok(Json(views::all(
        db::users::within(&state.db, scope.root()).await?,
    )))
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
    Scoped(Admin(admin), scope): Scoped<Admin>,
    ApiJson(request): ApiJson<CreateUserRequest>,
) -> Result<(StatusCode, Json<UserView>), ApiError> {
    let invalid = |message: String| {
        ApiError::client(StatusCode::UNPROCESSABLE_ENTITY, "invalid_user", message)
    };
    scope
        .require_within(&state.db, &request.organisation_id, || {
            ApiError::client(
                StatusCode::FORBIDDEN,
                "forbidden",
                "admins can only create accounts inside their own organisation",
            )
        })
        .await?;
    let email = EmailAddress::parse(&request.email).map_err(|e| invalid(e.to_string()))?;
    let name = DisplayName::parse(&request.display_name)
        .map_err(|e| invalid(format!("the display name {e}")))?;
    let kind = UserKind::parse(&request.kind).map_err(|e| invalid(e.to_string()))?;
    password::check_strength(&request.password).map_err(invalid)?;
    let role = match (kind, request.professional_role.as_deref()) {
        (UserKind::Practitioner, Some(role)) => {
            let roles = db::roles::all(&state.db).await?;
            if !roles.iter().any(|r| r.role.id == role && r.active) {
                return Err(invalid(format!(
                    "{role:?} is not an active professional role"
                )));
            }
            Some(role)
        }
        (UserKind::Practitioner, None) => {
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
    // Argon2 is deliberately slow: hash before the transaction takes the write lock.
    let password_hash = password::hash(&request.password);
    let mut tx = state.db.begin().await?;
    let inserted = db::users::insert(
        &mut tx,
        &NewUser {
            id: &id,
            organisation_id: &request.organisation_id,
            email: &email,
            display_name: &name,
            kind,
            professional_role: role,
            password_hash: &password_hash,
        },
        &crate::clock::now_text(),
    )
    .await?;
    if !inserted {
        return Err(ApiError::client(
            StatusCode::CONFLICT,
            "email_taken",
            format!("{email} already has an account"),
        ));
    }
    let detail = format!("{kind} {email}");
    audit::record(
        &mut tx,
        &Entry::new(
            Action::CreateUser,
            &admin.user.id,
            Some(&request.organisation_id),
        )
        .subject(id.as_str())
        .detail(detail.as_str()),
    )
    .await?;
    let user = db::users::get(&mut tx, &id).await?.expect("just inserted");
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(user.into())))
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
    Scoped(Admin(admin), scope): Scoped<Admin>,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let not_found = || {
        ApiError::client(
            StatusCode::NOT_FOUND,
            "unknown_user",
            "there is no such account in your organisation",
        )
    };
    let mut tx = state.db.begin().await?;
    let user = db::users::get(&mut tx, &id).await?.ok_or_else(not_found)?;
    scope
        .require_within(&mut tx, &user.organisation_id, not_found)
        .await?;
    if user.id == admin.user.id {
        return Err(ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "own_account",
            "you cannot disable your own account",
        ));
    }
    db::users::set_disabled(&mut tx, &id, true).await?;
    db::sessions::revoke_all(&mut tx, &id, &crate::clock::now_text()).await?;
    audit::record(
        &mut tx,
        &Entry::new(
            Action::DisableUser,
            &admin.user.id,
            Some(&user.organisation_id),
        )
        .subject(id.as_str())
        .detail(user.email.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
