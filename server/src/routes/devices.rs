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
use crate::routes::params::ApiPath;
use crate::state::AppState;
use crate::views;
use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use rand_core::{OsRng, RngCore};
use shared::api::{
    DeviceView, EnrolRequest, EnrolResponse, EnrolmentCodeRequest, EnrolmentCodeResponse, ErrorBody,
};
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

/// `POST /api/v1/devices/enrolment-codes`
#[utoipa::path(
    post,
    path = "/devices/enrolment-codes",
    operation_id = "devices_create_code",
    tag = "devices",
    summary = "Issue a one-time enrolment code, valid for 24 hours (admin).",
    request_body = EnrolmentCodeRequest,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The code, shown once.", body = EnrolmentCodeResponse),
        (status = 400, description = "The body is not JSON.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin, or the organisation is outside the admin's own.", body = ErrorBody),
        (status = 413, description = "The body is over the size limit.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
        (status = 422, description = "The body does not have the expected shape.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn create_code(
    State(state): State<AppState>,
    Scoped(Admin(admin), scope): Scoped<Admin>,
    ApiJson(request): ApiJson<EnrolmentCodeRequest>,
) -> Result<(StatusCode, Json<EnrolmentCodeResponse>), ApiError> {
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
        Json(EnrolmentCodeResponse {
            code,
            organisation_id: request.organisation_id,
            expires_at,
        }),
    ))
}

/// `POST /api/v1/devices/enrol`
#[utoipa::path(
    post,
    path = "/devices/enrol",
    operation_id = "devices_enrol",
    tag = "devices",
    summary = "A tablet trades a one-time enrolment code for its own credential.",
    description = "The code is claimed and the device created together, or not at all. Wrong \
codes are rate-limited per client address.",
    request_body = EnrolRequest,
    responses(
        (status = 201, description = "Enrolled: the credential is shown once.", body = EnrolResponse),
        (status = 400, description = "The body is not JSON.", body = ErrorBody),
        (status = 413, description = "The body is over the size limit.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
        (status = 422, description = "The code is not valid (mistyped, used or expired), the name is not 1-100 characters, or the body does not have the expected shape.", body = ErrorBody),
        (status = 429, description = "Too many wrong codes from this address: wait and try again.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn enrol(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(request): ApiJson<EnrolRequest>,
) -> Result<(StatusCode, Json<EnrolResponse>), ApiError> {
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
        Json(EnrolResponse {
            device_id,
            organisation_id,
            organisation_name,
            credential,
        }),
    ))
}

/// `GET /api/v1/devices`
#[utoipa::path(
    get,
    path = "/devices",
    operation_id = "devices_list",
    tag = "devices",
    summary = "The tablets of the admin's organisation and below (admin).",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The devices.", body = Vec<DeviceView>),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Scoped(Admin(_), scope): Scoped<Admin>,
) -> Result<Json<Vec<DeviceView>>, ApiError> {
    Ok(Json(views::all(
        db::devices::within(&state.db, scope.root()).await?,
    )))
}

/// `POST /api/v1/devices/{id}/revoke`
#[utoipa::path(
    post,
    path = "/devices/{id}/revoke",
    operation_id = "devices_revoke",
    tag = "devices",
    summary = "Revoke a tablet: its uploads are refused from now on; what it sent is kept (admin).",
    params(("id" = String, Path, description = "The device id.")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Revoked."),
        (status = 400, description = "The path is not valid.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin.", body = ErrorBody),
        (status = 404, description = "There is no such device in the admin's organisation.", body = ErrorBody),
        (status = 409, description = "The device is already revoked.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn revoke(
    State(state): State<AppState>,
    Scoped(Admin(admin), scope): Scoped<Admin>,
    ApiPath(id): ApiPath<String>,
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
