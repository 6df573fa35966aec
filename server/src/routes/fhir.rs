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
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::fhir::{ImportOptions, import_questionnaire, questionnaire, questionnaire_response};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// `GET /api/v1/instruments/{id}/{version}/fhir`
pub async fn export_questionnaire(
    State(state): State<AppState>,
    Path((id, version)): Path<(String, u32)>,
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

#[derive(Debug, Deserialize)]
pub struct ImportRequest {
    /// A FHIR R4 Questionnaire resource.
    questionnaire: Value,
    /// Publish under this instrument id (default: derived from the Questionnaire).
    id: Option<String>,
    /// Outcome domain of the total score of a Questionnaire from another system.
    domain: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Imported {
    id: String,
    version: u32,
    title: String,
    items: usize,
    measures: Vec<String>,
}

/// `POST /api/v1/admin/instruments/fhir`: publishes a Questionnaire as a new instrument version.
pub async fn import(
    TopAdmin(admin): TopAdmin,
    State(state): State<AppState>,
    ApiJson(request): ApiJson<ImportRequest>,
) -> Result<(StatusCode, Json<Imported>), ApiError> {
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
    Ok((
        StatusCode::CREATED,
        Json(Imported {
            id: definition.id.clone(),
            version: definition.version,
            title: definition.title.clone(),
            items: definition.items.len(),
            measures: definition.measures.iter().map(|m| m.id.clone()).collect(),
        }),
    ))
}

/// `GET /api/v1/responses/{id}/fhir`: one response as a QuestionnaireResponse (a row-level read).
pub async fn export_response(
    Scoped(Staff(staff), scope): Scoped<Staff>,
    State(state): State<AppState>,
    Path(id): Path<String>,
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
