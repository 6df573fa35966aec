//! Instruments: the list a tablet caches for offline use, and recording a licensed instrument's
//! registration (which enables it).

use crate::auth::TopAdmin;
use crate::db::{
    self,
    audit::{self, Action, Entry},
};
use crate::error::ApiError;
use crate::routes::json::ApiJson;
use crate::routes::params::ApiPath;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{DisabledInstrument, ErrorBody, InstrumentList, RegistrationRequest};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// `GET /api/v1/instruments`: every enabled published version, and what is disabled and why.
#[utoipa::path(
    get,
    path = "/instruments",
    operation_id = "instruments_list",
    tag = "instruments",
    summary = "Every instrument version a tablet may use here, and what is disabled and why.",
    description = "Public: definitions hold no patient data. Tablets cache the list for offline use.",
    responses(
        (status = 200, description = "Enabled definitions and disabled instruments.", body = InstrumentList),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn list(State(state): State<AppState>) -> Result<Json<InstrumentList>, ApiError> {
    let registered = db::instruments::registered(&state.db).await?;
    let catalog = state.catalog();
    let mut definitions = Vec::new();
    let mut disabled = Vec::new();
    for definition in catalog.all_versions() {
        if definition.is_licensed() && !registered.contains(&definition.id) {
            if !disabled
                .iter()
                .any(|d: &DisabledInstrument| d.id == definition.id)
            {
                disabled.push(DisabledInstrument {
                    id: definition.id.clone(),
                    title: definition.title.clone(),
                    reason: format!(
                        "licensed by {}: an admin must record the organisation's registration",
                        definition.licence.holder
                    ),
                });
            }
        } else {
            definitions.push(definition.clone());
        }
    }
    Ok(Json(InstrumentList {
        definitions,
        disabled,
    }))
}

/// `PUT /api/v1/admin/instruments/{id}/registration`: enables a licensed instrument.
#[utoipa::path(
    put,
    path = "/admin/instruments/{id}/registration",
    operation_id = "instruments_register",
    tag = "instruments",
    summary = "Record a licensed instrument's registration, which enables it (top-level admin).",
    params(("id" = String, Path, description = "The instrument id, e.g. `swemwbs`.")),
    request_body = RegistrationRequest,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Recorded; the instrument is enabled."),
        (status = 400, description = "The body is not JSON, or the path is not valid.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin of the top organisation.", body = ErrorBody),
        (status = 404, description = "There is no such instrument.", body = ErrorBody),
        (status = 413, description = "The body is over the size limit.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
        (status = 422, description = "The instrument is free to use, the registration is incomplete, or the body does not have the expected shape.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn register(
    TopAdmin(admin): TopAdmin,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<RegistrationRequest>,
) -> Result<StatusCode, ApiError> {
    let catalog = state.catalog();
    let Some(definition) = catalog.latest(&id) else {
        return Err(ApiError::client(
            StatusCode::NOT_FOUND,
            "unknown_instrument",
            format!("{id:?} is not a known instrument"),
        ));
    };
    if !definition.is_licensed() {
        return Err(ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_licensed",
            format!("{id} is free to use and needs no registration"),
        ));
    }
    let reference = request.reference.trim();
    let recorded_by = request.recorded_by.trim();
    if reference.is_empty()
        || recorded_by.is_empty()
        || reference.len() > 200
        || recorded_by.len() > 200
    {
        return Err(ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_registration",
            "give the registration reference and who records it (1-200 characters each)",
        ));
    }
    let now = OffsetDateTime::now_utc().format(&Rfc3339).expect("formats");
    let mut tx = state.db.begin().await?;
    db::instruments::record_registration(&mut tx, &id, reference, recorded_by, &now).await?;
    let detail = format!("{reference} recorded by {recorded_by}");
    audit::record(
        &mut tx,
        &Entry::new(
            Action::RegisterInstrument,
            &admin.user.id,
            Some(&admin.user.organisation_id),
        )
        .subject(id.as_str())
        .detail(detail.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
