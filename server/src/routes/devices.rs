//! Tablets: an admin issues a one-time enrolment code; the tablet trades it for its own
//! credential; admins list and revoke devices. A revoked device's uploads are refused, and
//! everything it uploaded before is kept.

use crate::accounts::tokens;
use crate::auth::Admin;
use crate::db::{
    self,
    audit::{self, Action, Entry},
};
use crate::error::ApiError;
use crate::policy::Scoped;
use crate::routes::json::ApiJson;
use crate::state::AppState;
use crate::views::{self, DeviceView};
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
    Scoped(Admin(admin), scope): Scoped<Admin>,
    ApiJson(request): ApiJson<CodeRequest>,
) -> Result<(StatusCode, Json<CodeResponse>), ApiError> {
    let mut tx = state.db.begin().await?;
    scope
        .require_within(&mut tx, &request.organisation_id, || {
            ApiError::client(
                StatusCode::FORBIDDEN,
                "forbidden",
                "admins can only enrol tablets into their own organisation",
            )
        })
        .await?;
    let code = new_code();
    let expires_at = (OffsetDateTime::now_utc() + Duration::hours(CODE_HOURS))
        .format(&Rfc3339)
        .expect("formats");
    db::devices::insert_code(
        &mut tx,
        &tokens::hash(&normalise_code(&code)),
        &request.organisation_id,
        &admin.user.id,
        &crate::clock::now_text(),
        &expires_at,
    )
    .await?;
    audit::record(
        &mut tx,
        &Entry::new(
            Action::CreateEnrolmentCode,
            &admin.user.id,
            Some(&request.organisation_id),
        ),
    )
    .await?;
    tx.commit().await?;
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
    let now = crate::clock::now_text();
    let code_hash = tokens::hash(&normalise_code(&request.code));
    // Claiming the code, creating the device and its audit row happen together or not at all.
    let (credential, credential_hash) = tokens::new_token();
    let mut tx = state.db.begin().await?;
    let Some(claimed) = db::devices::claim_code(&mut tx, &code_hash, &device_id, &now).await?
    else {
        return Err(ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_code",
            "this enrolment code is not valid: it may be mistyped, used already or expired; ask your admin for a new one",
        ));
    };
    let organisation_id = claimed.organisation_id;
    db::devices::insert(
        &mut tx,
        &device_id,
        &organisation_id,
        name,
        &credential_hash,
        &claimed.created_by,
        &now,
    )
    .await?;
    let organisation_name = db::organisations::get(&mut tx, &organisation_id)
        .await?
        .map(|o| o.name.to_string())
        .unwrap_or_default();
    let actor = format!("device:{device_id}");
    audit::record(
        &mut tx,
        &Entry::new(Action::EnrolDevice, &actor, Some(&organisation_id))
            .subject(device_id.as_str())
            .detail(name)
            .address(&address),
    )
    .await?;
    tx.commit().await?;
    state.limiter.succeeded(&limit_key, &address);
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
    Scoped(Admin(_), scope): Scoped<Admin>,
) -> Result<Json<Vec<DeviceView>>, ApiError> {
    Ok(Json(views::all(
        db::devices::within(&state.db, scope.root()).await?,
    )))
}

/// `POST /api/v1/devices/{id}/revoke`
pub async fn revoke(
    State(state): State<AppState>,
    Scoped(Admin(admin), scope): Scoped<Admin>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let not_found = || {
        ApiError::client(
            StatusCode::NOT_FOUND,
            "unknown_device",
            "there is no such device in your organisation",
        )
    };
    let mut tx = state.db.begin().await?;
    let device = db::devices::get(&mut tx, &id)
        .await?
        .ok_or_else(not_found)?;
    scope
        .require_within(&mut tx, &device.organisation_id, not_found)
        .await?;
    if !db::devices::revoke(&mut tx, &id, &admin.user.id, &crate::clock::now_text()).await? {
        return Err(ApiError::client(
            StatusCode::CONFLICT,
            "already_revoked",
            "this device is already revoked",
        ));
    }
    audit::record(
        &mut tx,
        &Entry::new(
            Action::RevokeDevice,
            &admin.user.id,
            Some(&device.organisation_id),
        )
        .subject(id.as_str())
        .detail(device.name.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
