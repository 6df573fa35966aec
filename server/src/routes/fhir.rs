//! FHIR R4: instruments as Questionnaires (public: definitions hold no patient data), import of a
//! Questionnaire as a new instrument (admin), and a response as a QuestionnaireResponse (staff
//! only; every such row-level read is written to the audit log).

use crate::auth::{Staff, TopAdmin};
use crate::db::{
    self,
    audit::{self, Action, Entry},
};
use crate::error::ApiError;
use crate::policy::Scoped;
use crate::routes::json::ApiJson;
use crate::routes::params::ApiPath;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::Value;
use shared::api::{ErrorBody, FhirImportRequest, FhirImportResponse};
use shared::fhir::{ImportOptions, import_questionnaire, questionnaire, questionnaire_response};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Schema, Type};

/// `GET /api/v1/instruments/{id}/{version}/fhir`
#[utoipa::path(
    get,
    path = "/instruments/{id}/{version}/fhir",
    operation_id = "fhir_export_questionnaire",
    tag = "fhir",
    summary = "An instrument version as a FHIR R4 Questionnaire.",
    description = "Public: definitions hold no patient data. Fields FHIR has no element for \
travel in one extension, so exporting and importing again loses nothing.",
    params(
        ("id" = String, Path, description = "The instrument id, e.g. `phq9`."),
        ("version" = u32, Path, description = "The published version, e.g. `1`."),
    ),
    responses(
        (status = 200, description = "The Questionnaire resource.", body = FhirResource),
        (status = 400, description = "The version is not a whole number.", body = ErrorBody),
        (status = 404, description = "That version is not published here.", body = ErrorBody),
    )
)]
pub async fn export_questionnaire(
    State(state): State<AppState>,
    ApiPath((id, version)): ApiPath<(String, u32)>,
) -> Result<Json<Value>, ApiError> {
    let catalog = state.catalog();
    let definition = catalog.get(&id, version).ok_or_else(|| {
        ApiError::client(
            StatusCode::NOT_FOUND,
            "unknown_instrument",
            format!("{id} version {version} is not published here"),
        )
    })?;
    Ok(Json(questionnaire(definition)))
}

/// A FHIR R4 resource (documentation only): the JSON object FHIR R4 defines for its
/// `resourceType`, open to every element FHIR allows.
pub struct FhirResource;

impl utoipa::PartialSchema for FhirResource {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .description(Some(
                "A FHIR R4 resource, as FHIR R4 defines it for its `resourceType`.",
            ))
            .property(
                "resourceType",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some("`Questionnaire` or `QuestionnaireResponse`.")),
            )
            .required("resourceType")
            .additional_properties(Some(AdditionalProperties::FreeForm(true)))
            .into()
    }
}

impl utoipa::ToSchema for FhirResource {}

/// `POST /api/v1/admin/instruments/fhir`: publishes a Questionnaire as a new instrument version.
#[utoipa::path(
    post,
    path = "/admin/instruments/fhir",
    operation_id = "fhir_import",
    tag = "fhir",
    summary = "Publish a FHIR R4 Questionnaire as a new instrument version (top-level admin).",
    description = "A published version is never changed: importing a version that exists is \
refused. The new version is offered to tablets at once. With `preview: true` it is only \
checked, exactly as a publication is, and what it would publish is returned (200); nothing is \
stored.",
    request_body = FhirImportRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A preview: what would be published (nothing is stored).", body = FhirImportResponse),
        (status = 201, description = "Published.", body = FhirImportResponse),
        (status = 400, description = "The body is not JSON.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin of the top organisation.", body = ErrorBody),
        (status = 409, description = "That instrument version is already published.", body = ErrorBody),
        (status = 413, description = "The body is over the size limit.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
        (status = 422, description = "The Questionnaire cannot be imported, the domain is unknown, or the body does not have the expected shape.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn import(
    TopAdmin(admin): TopAdmin,
    State(state): State<AppState>,
    ApiJson(request): ApiJson<FhirImportRequest>,
) -> Result<(StatusCode, Json<FhirImportResponse>), ApiError> {
    let known_domain = |d: &str| {
        shared::catalog::default_domains()
            .iter()
            .any(|known| known.id == d)
    };
    if let Some(domain) = request.domain.as_deref().filter(|d| !known_domain(d)) {
        return Err(ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_domain",
            format!("{domain:?} is not an outcome domain"),
        ));
    }
    let options = ImportOptions {
        id: request.id,
        domain: request.domain,
    };
    let definition = import_questionnaire(&request.questionnaire, &options).map_err(|e| {
        ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_questionnaire",
            e.to_string(),
        )
    })?;
    if state
        .catalog()
        .get(&definition.id, definition.version)
        .is_some()
    {
        return Err(ApiError::client(
            StatusCode::CONFLICT,
            "already_published",
            format!(
                "{} version {} is already published and cannot be changed: publish a new version",
                definition.id, definition.version
            ),
        ));
    }
    let summary = FhirImportResponse {
        id: definition.id.clone(),
        version: definition.version,
        title: definition.title.clone(),
        items: definition.items.len(),
        measures: definition.measures.iter().map(|m| m.id.clone()).collect(),
    };
    if request.preview {
        // Checked exactly as a publication is; nothing is stored or changed.
        return Ok((StatusCode::OK, Json(summary)));
    }
    let now = OffsetDateTime::now_utc().format(&Rfc3339).expect("formats");
    let mut tx = state.db.begin().await?;
    if !db::instruments::publish(&mut tx, &definition, "fhir-import", &now).await? {
        return Err(ApiError::client(
            StatusCode::CONFLICT,
            "already_published",
            format!(
                "{} version {} is already published",
                definition.id, definition.version
            ),
        ));
    }
    let detail = format!("version {}", definition.version);
    audit::record(
        &mut tx,
        &Entry::new(
            Action::ImportInstrument,
            &admin.user.id,
            Some(&admin.user.organisation_id),
        )
        .subject(definition.id.as_str())
        .detail(detail.as_str()),
    )
    .await?;
    tx.commit().await?;
    state.reload_catalog(&state.db).await?;
    Ok((StatusCode::CREATED, Json(summary)))
}

/// `GET /api/v1/responses/{id}/fhir`: one response as a QuestionnaireResponse (a row-level read).
#[utoipa::path(
    get,
    path = "/responses/{id}/fhir",
    operation_id = "fhir_export_response",
    tag = "fhir",
    summary = "One stored response as a FHIR R4 QuestionnaireResponse (practitioner or admin).",
    description = "Only responses of the caller's organisation and below. A row-level read: it \
is written to the audit log, filed under the response's organisation.",
    params(("id" = String, Path, description = "The response id.")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The QuestionnaireResponse resource.", body = FhirResource),
        (status = 400, description = "The path is not valid.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is an evaluator's.", body = ErrorBody),
        (status = 404, description = "There is no such response within the caller's organisation.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn export_response(
    Scoped(Staff(staff), scope): Scoped<Staff>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let not_found = || {
        ApiError::client(
            StatusCode::NOT_FOUND,
            "unknown_response",
            "there is no such response",
        )
    };
    let mut tx = state.db.begin().await?;
    let stored = db::responses::get(&mut tx, &id)
        .await?
        .ok_or_else(not_found)?;
    let organisation = stored.organisation_id.as_deref();
    if !scope.can_see(&mut tx, organisation).await? {
        return Err(not_found());
    }
    let record = stored.record;
    let catalog = state.catalog();
    let definition = catalog
        .get(&record.instrument_id, record.instrument_version)
        .ok_or_else(not_found)?;
    // Filed under the row's organisation, so its admins see who read it.
    audit::record(
        &mut tx,
        &Entry::new(Action::ReadResponse, &staff.user.id, organisation)
            .subject(id.as_str())
            .detail("FHIR QuestionnaireResponse export"),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(questionnaire_response(&record, definition)))
}
