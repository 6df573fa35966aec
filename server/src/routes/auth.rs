//! Signing in and out. Failed sign-ins are rate-limited per account and per client address and
//! audited; an unknown email costs as much time as a wrong password.

use crate::accounts::{password, tokens};
use crate::auth::SignedIn;
use crate::db::{
    self,
    audit::{self, Action, Entry},
};
use crate::error::ApiError;
use crate::routes::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use shared::accounts::EmailAddress;
use shared::api::{ErrorBody, SignInRequest, SignInResponse, UserView};
use std::net::SocketAddr;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// `POST /api/v1/auth/sign-in`
#[utoipa::path(
    post,
    path = "/auth/sign-in",
    operation_id = "auth_sign_in",
    tag = "accounts",
    summary = "Sign in with an e-mail address and password; answers a bearer token.",
    description = "Failed sign-ins are rate-limited per account and per client address, and \
written to the audit log. An unknown e-mail address takes as long as a wrong password.",
    request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in.", body = SignInResponse),
        (status = 400, description = "The body is not JSON.", body = ErrorBody),
        (status = 401, description = "The e-mail address or password is not right, or the account is disabled.", body = ErrorBody),
        (status = 413, description = "The body is over the size limit.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
        (status = 422, description = "The body does not have the expected shape.", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins: wait and try again.", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again."))),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<Response, ApiError> {
    let address = peer.ip().to_string();
    let email = request.email.trim().to_lowercase();
    let limit_key = format!("signin:{email}");
    if let Err(wait) = state.limiter.attempt(&limit_key, &address) {
        let mut response = ApiError::client(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            format!("too many failed sign-ins: try again in {wait} seconds"),
        )
        .into_response();
        if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return Ok(response);
    }
    // No account has an address that does not parse; it is refused like an unknown one.
    let found = match EmailAddress::parse(&email) {
        Ok(parsed) => db::users::by_email(&state.db, &parsed).await?,
        Err(_) => None,
    };
    // Argon2 is deliberately slow: keep it off the async workers that serve sync.
    let stored = found
        .as_ref()
        .filter(|found| !found.user.disabled)
        .map(|found| found.password_hash.clone());
    let candidate = request.password.clone();
    let verified = tokio::task::spawn_blocking(move || match stored {
        Some(hash) => password::verify(&candidate, &hash),
        None => {
            let _ = password::verify(&candidate, password::decoy());
            false
        }
    })
    .await
    .unwrap_or(false);
    let organisation = found
        .as_ref()
        .map(|found| found.user.organisation_id.clone());
    let Some(user) = found.filter(|_| verified).map(|found| found.user) else {
        state.metrics.count_sign_in_failure();
        // Nothing else changes: the audit row is the whole transaction.
        let mut tx = state.db.begin().await?;
        audit::record(
            &mut tx,
            &Entry::new(Action::SignInFailed, &email, organisation.as_deref()).address(&address),
        )
        .await?;
        tx.commit().await?;
        return Err(ApiError::client(
            StatusCode::UNAUTHORIZED,
            "sign_in_failed",
            "the email or password is not right, or the account is disabled",
        ));
    };
    state.limiter.succeeded(&limit_key, &address);
    let (token, token_hash) = tokens::new_token();
    let now = OffsetDateTime::now_utc();
    let expires_at = (now + Duration::hours(state.session_hours))
        .format(&Rfc3339)
        .expect("formats");
    let mut tx = state.db.begin().await?;
    db::sessions::insert(
        &mut tx,
        &token_hash,
        &user.id,
        &crate::clock::now_text(),
        &expires_at,
    )
    .await?;
    audit::record(
        &mut tx,
        &Entry::new(Action::SignIn, &user.id, Some(&user.organisation_id)).address(&address),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(SignInResponse {
        token,
        expires_at,
        user: user.into(),
    })
    .into_response())
}

/// `POST /api/v1/auth/sign-out`: revokes the token used.
#[utoipa::path(
    post,
    path = "/auth/sign-out",
    operation_id = "auth_sign_out",
    tag = "accounts",
    summary = "Sign out: the token used stops working.",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out."),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn sign_out(
    State(state): State<AppState>,
    SignedIn(principal): SignedIn,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    db::sessions::revoke(&mut tx, &principal.token_hash, &crate::clock::now_text()).await?;
    audit::record(
        &mut tx,
        &Entry::new(
            Action::SignOut,
            &principal.user.id,
            Some(&principal.user.organisation_id),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/auth/me`
#[utoipa::path(
    get,
    path = "/auth/me",
    operation_id = "auth_me",
    tag = "accounts",
    summary = "The signed-in account.",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account.", body = UserView),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn me(SignedIn(principal): SignedIn) -> Json<UserView> {
    Json(principal.user.into())
}
