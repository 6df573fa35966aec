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
use crate::state::AppState;
use crate::views::{self, UserView};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use shared::accounts::{DisplayName, EmailAddress, UserKind};

/// `GET /api/v1/users`: accounts of the admin's organisation and below.
pub async fn list(
    State(state): State<AppState>,
    Scoped(Admin(_), scope): Scoped<Admin>,
) -> Result<Json<Vec<UserView>>, ApiError> {
    Ok(Json(views::all(
        db::users::within(&state.db, scope.root()).await?,
    )))
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
    Scoped(Admin(admin), scope): Scoped<Admin>,
    ApiJson(request): ApiJson<CreateUser>,
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
pub async fn disable(
    State(state): State<AppState>,
    Scoped(Admin(admin), scope): Scoped<Admin>,
    Path(id): Path<String>,
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
