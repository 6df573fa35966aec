//! Who is calling: the signed-in account behind a bearer token, and the guards handlers use
//! ([`Admin`], [`Staff`], [`Reader`], [`SignedIn`], [`TopAdmin`], and [`Uploader`] for sync).
//! Every refusal says what to do next. Which organisations a caller may see is
//! [`crate::policy`]'s business, on top of these guards.

use crate::db::{self, organisations::Organisation, users::User};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use shared::accounts::UserKind;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A signed-in, enabled account with a live token, and the organisation it belongs to.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user: User,
    pub organisation: Organisation,
    pub token_hash: String,
}

impl Principal {
    pub fn is(&self, kind: UserKind) -> bool {
        self.user.kind == kind
    }
}

/// A guard that admits some signed-in accounts: the account it admitted.
pub trait Guard {
    fn principal(&self) -> &Principal;
}

fn unauthorised(message: &str) -> ApiError {
    ApiError::client(StatusCode::UNAUTHORIZED, "unauthorized", message)
}

/// The bearer token of a request, if it carries one.
fn bearer_token(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty())
}

async fn principal(parts: &Parts, state: &AppState) -> Result<Principal, ApiError> {
    let token = bearer_token(parts)
        .ok_or_else(|| unauthorised("sign in first, then send 'Authorization: Bearer <token>'"))?;
    let token_hash = crate::accounts::tokens::hash(token);
    let session = db::sessions::find(&state.db, &token_hash)
        .await?
        .ok_or_else(|| unauthorised("this sign-in token is not valid: sign in again"))?;
    if session.revoked_at.is_some() {
        return Err(unauthorised(
            "this sign-in has ended (signed out or revoked): sign in again",
        ));
    }
    let expired = OffsetDateTime::parse(&session.expires_at, &Rfc3339)
        .map(|at| at <= OffsetDateTime::now_utc())
        .unwrap_or(true);
    if expired {
        return Err(unauthorised("this sign-in has expired: sign in again"));
    }
    let user = db::users::get(&state.db, &session.user_id)
        .await?
        .ok_or_else(|| unauthorised("this account no longer exists"))?;
    if user.disabled {
        return Err(unauthorised("this account is disabled: ask your admin"));
    }
    let organisation = db::organisations::get(&state.db, &user.organisation_id)
        .await?
        .ok_or_else(|| unauthorised("this account's organisation no longer exists"))?;
    Ok(Principal {
        user,
        organisation,
        token_hash,
    })
}

fn forbidden(message: &str) -> ApiError {
    ApiError::client(StatusCode::FORBIDDEN, "forbidden", message)
}

/// Any signed-in account.
pub struct SignedIn(pub Principal);
/// An admin account.
pub struct Admin(pub Principal);
/// A practitioner or admin account (staff who may see rows of their own organisation).
pub struct Staff(pub Principal);
/// An evaluator, practitioner or admin account (may see aggregates).
pub struct Reader(pub Principal);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(Self(principal(parts, state).await?))
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let principal = principal(parts, state).await?;
        if principal.is(UserKind::Admin) {
            Ok(Self(principal))
        } else {
            Err(forbidden("this needs an admin account"))
        }
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let principal = principal(parts, state).await?;
        if principal.is(UserKind::Admin) || principal.is(UserKind::Practitioner) {
            Ok(Self(principal))
        } else {
            Err(forbidden(
                "this needs a practitioner or admin account; evaluators see aggregates only",
            ))
        }
    }
}

impl FromRequestParts<AppState> for Reader {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(Self(principal(parts, state).await?))
    }
}

/// Who is uploading a sync batch: an enrolled tablet, or a signed-in practitioner or admin.
#[derive(Debug, Clone)]
pub struct Uploader {
    pub organisation_id: String,
    pub device_id: Option<String>,
}

impl FromRequestParts<AppState> for Uploader {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer_token(parts).ok_or_else(|| {
            unauthorised(
                "this tablet is not enrolled: enter an enrolment code from your admin in Settings",
            )
        })?;
        let hash = crate::accounts::tokens::hash(token);
        if let Some(device) = db::devices::by_credential(&state.db, &hash).await? {
            if device.revoked_at.is_some() {
                return Err(ApiError::client(
                    StatusCode::FORBIDDEN,
                    "device_revoked",
                    "this tablet's enrolment was revoked, so it can no longer send responses; they stay on the tablet: ask your admin",
                ));
            }
            return Ok(Self {
                organisation_id: device.organisation_id,
                device_id: Some(device.id),
            });
        }
        let principal = principal(parts, state).await?;
        if principal.is(UserKind::Practitioner) || principal.is(UserKind::Admin) {
            Ok(Self {
                organisation_id: principal.user.organisation_id,
                device_id: None,
            })
        } else {
            Err(forbidden(
                "only enrolled tablets, practitioners and admins upload responses",
            ))
        }
    }
}

/// An admin of a top-level organisation: manages what the whole deployment shares (the role
/// list, licensed-instrument registrations, imported instruments).
pub struct TopAdmin(pub Principal);

impl FromRequestParts<AppState> for TopAdmin {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Admin(principal) = Admin::from_request_parts(parts, state).await?;
        if principal.organisation.parent_id.is_none() {
            Ok(Self(principal))
        } else {
            Err(forbidden(
                "this setting is shared by the whole deployment: only admins of the top organisation change it",
            ))
        }
    }
}

macro_rules! guards {
    ($($guard:ident),*) => {
        $(impl Guard for $guard {
            fn principal(&self) -> &Principal {
                &self.0
            }
        })*
    };
}

guards!(SignedIn, Admin, Staff, Reader, TopAdmin);
