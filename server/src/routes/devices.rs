//! Tablets: an admin issues a one-time enrolment code; the tablet trades it for its own
//! credential; admins list and revoke devices. A revoked device's uploads are refused, and
//! everything it uploaded before is kept.

use crate::accounts::{self, tokens};
use crate::auth::Admin;
use crate::db::{self, audit::Entry, devices::Device};
use crate::error::ApiError;
use crate::routes::json::ApiJson;
use crate::routes::params::ApiPath;
use crate::state::AppState;
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

/// A device row as the API shows it.
pub fn view(row: Device) -> DeviceView {
    DeviceView {
        id: row.id,
        organisation_id: row.organisation_id,
        name: row.name,
        enrolled_at: row.enrolled_at,
        revoked_at: row.revoked_at,
    }
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
    Admin(admin): Admin,
    ApiJson(request): ApiJson<EnrolmentCodeRequest>,
) -> Result<(StatusCode, Json<EnrolmentCodeResponse>), ApiError> {
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
    Admin(admin): Admin,
) -> Result<Json<Vec<DeviceView>>, ApiError> {
    let rows = db::devices::within(&state.db, &admin.user.organisation_id).await?;
    Ok(Json(rows.into_iter().map(view).collect()))
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
    Admin(admin): Admin,
    ApiPath(id): ApiPath<String>,
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
