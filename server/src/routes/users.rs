//! Accounts: admins create and disable accounts within their own organisation only.

use crate::accounts::{self, USER_KINDS, password};
use crate::auth::Admin;
use crate::db::{
    self,
    users::{NewUser, User},
};
use crate::error::ApiError;
use crate::routes::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;

/// `GET /api/v1/users`: accounts of the admin's organisation and below.
pub async fn list(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> Result<Json<Vec<User>>, ApiError> {
    Ok(Json(
        db::users::within(&state.db, &admin.user.organisation_id).await?,
    ))
}

#[derive(Debug, Deserialize)]
pub struct CreateUser {
    email: String,
    display_name: String,
    kind: String,
    organisation_id: String,
    professional_role: Option<String>,
    password: String,
}

/// `POST /api/v1/users`
pub async fn create(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(request): ApiJson<CreateUser>,
) -> Result<(StatusCode, Json<User>), ApiError> {
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
    Ok((StatusCode::CREATED, Json(user)))
}

/// `POST /api/v1/users/{id}/disable`: the account can no longer sign in; its sessions end.
pub async fn disable(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
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
