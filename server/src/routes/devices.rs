//! Tablets: an admin issues a one-time enrolment code; the tablet trades it for its own
//! credential; admins list and revoke devices. A revoked device's uploads are refused, and
//! everything it uploaded before is kept.

use crate::accounts::{self, tokens};
use crate::auth::Admin;
use crate::db::{self, audit::Entry, devices::Device};
use crate::error::ApiError;
use crate::routes::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// Letters and digits that cannot be mistaken for one another when read aloud or typed.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const CODE_HOURS: i64 = 24;

/// A new code such as `K7QX2-MR9TD` (50 random bits).
fn new_code() -> String {
    let mut bytes = [0u8; 10];
    OsRng.fill_bytes(&mut bytes);
    let chars: String = bytes
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// Upper-cases and drops spaces and dashes, so a code can be typed any way.
fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct CodeRequest {
    organisation_id: String,
}

#[derive(Debug, Serialize)]
pub struct CodeResponse {
    code: String,
    organisation_id: String,
    expires_at: String,
}

/// `POST /api/v1/devices/enrolment-codes`
pub async fn create_code(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(request): ApiJson<CodeRequest>,
) -> Result<(StatusCode, Json<CodeResponse>), ApiError> {
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
            "admins can only enrol tablets into their own organisation",
        ));
    }
    let code = new_code();
    let expires_at = (OffsetDateTime::now_utc() + Duration::hours(CODE_HOURS))
        .format(&Rfc3339)
        .expect("formats");
    db::devices::insert_code(
        &state.db,
        &tokens::hash(&normalise_code(&code)),
        &request.organisation_id,
        &admin.user.id,
        &accounts::now_text(),
        &expires_at,
    )
    .await?;
    state
        .audit(
            Some(&request.organisation_id),
            &admin.user.id,
            "create_enrolment_code",
            None,
            None,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CodeResponse {
            code,
            organisation_id: request.organisation_id,
            expires_at,
        }),
    ))
}

#[derive(Debug, Deserialize)]
pub struct EnrolRequest {
    code: String,
    /// A name people will recognise, e.g. "Room 3 tablet".
    name: String,
}

#[derive(Debug, Serialize)]
pub struct Enrolled {
    device_id: String,
    organisation_id: String,
    organisation_name: String,
    /// Shown once: the tablet keeps it and sends it as its bearer token.
    credential: String,
}

/// `POST /api/v1/devices/enrol`
pub async fn enrol(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(request): ApiJson<EnrolRequest>,
) -> Result<(StatusCode, Json<Enrolled>), ApiError> {
    let address = peer.ip().to_string();
    let limit_key = format!("enrol:{address}");
    if let Err(wait) = state.limiter.attempt(&limit_key, &address) {
        return Err(ApiError::client(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            format!("too many wrong enrolment codes: try again in {wait} seconds"),
        ));
    }
    let name = request.name.trim();
    if name.is_empty() || name.len() > 100 {
        return Err(ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_name",
            "give the tablet a name of 1-100 characters",
        ));
    }
    let device_id = uuid::Uuid::new_v4().to_string();
    let now = accounts::now_text();
    let code_hash = tokens::hash(&normalise_code(&request.code));
    // Claiming the code and creating the device happen together or not at all.
    let (credential, credential_hash) = tokens::new_token();
    let mut tx = state.db.begin().await?;
    let Some((organisation_id, enrolled_by)) =
        db::devices::claim_code(&mut tx, &code_hash, &device_id, &now).await?
    else {
        return Err(ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_code",
            "this enrolment code is not valid: it may be mistyped, used already or expired; ask your admin for a new one",
        ));
    };
    db::devices::insert(
        &mut tx,
        &device_id,
        &organisation_id,
        name,
        &credential_hash,
        &enrolled_by,
        &now,
    )
    .await?;
    tx.commit().await?;
    state.limiter.succeeded(&limit_key, &address);
    let organisation_name = db::organisations::get(&state.db, &organisation_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    db::audit::record(
        &state.db,
        &Entry {
            organisation_id: Some(&organisation_id),
            actor: &format!("device:{device_id}"),
            action: "enrol_device",
            subject: Some(&device_id),
            detail: Some(name),
            address: Some(&address),
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(Enrolled {
            device_id,
            organisation_id,
            organisation_name,
            credential,
        }),
    ))
}

/// `GET /api/v1/devices`
pub async fn list(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> Result<Json<Vec<Device>>, ApiError> {
    Ok(Json(
        db::devices::within(&state.db, &admin.user.organisation_id).await?,
    ))
}

/// `POST /api/v1/devices/{id}/revoke`
pub async fn revoke(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let not_found = || {
        ApiError::client(
            StatusCode::NOT_FOUND,
            "unknown_device",
            "there is no such device in your organisation",
        )
    };
    let device = db::devices::get(&state.db, &id)
        .await?
        .ok_or_else(not_found)?;
    if !db::organisations::is_within(
        &state.db,
        &device.organisation_id,
        &admin.user.organisation_id,
    )
    .await?
    {
        return Err(not_found());
    }
    if !db::devices::revoke(&state.db, &id, &admin.user.id, &accounts::now_text()).await? {
        return Err(ApiError::client(
            StatusCode::CONFLICT,
            "already_revoked",
            "this device is already revoked",
        ));
    }
    state
        .audit(
            Some(&device.organisation_id),
            &admin.user.id,
            "revoke_device",
            Some(&id),
            Some(&device.name),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
