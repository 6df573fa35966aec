//! Organisations: admins see and extend their own part of the hierarchy only.

use crate::accounts::{self, ORGANISATION_KINDS};
use crate::auth::Admin;
use crate::db::{
    self,
    organisations::{NewOrganisation, Organisation},
};
use crate::error::ApiError;
use crate::routes::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{CreateOrganisationRequest, ErrorBody, OrganisationView};

/// An organisation row as the API shows it.
pub fn view(row: Organisation) -> OrganisationView {
    OrganisationView {
        id: row.id,
        name: row.name,
        kind: row.kind,
        parent_id: row.parent_id,
        ods_code: row.ods_code,
    }
}

/// `GET /api/v1/organisations`: the admin's organisation and everything below it.
#[utoipa::path(
    get,
    path = "/organisations",
    operation_id = "organisations_list",
    tag = "accounts",
    summary = "The admin's organisation and everything below it (admin).",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The organisations, the admin's own first.", body = Vec<OrganisationView>),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> Result<Json<Vec<OrganisationView>>, ApiError> {
    let rows = db::organisations::subtree(&state.db, &admin.user.organisation_id).await?;
    Ok(Json(rows.into_iter().map(view).collect()))
}

/// `POST /api/v1/organisations`: a PCN under an ICB, or a practice under a PCN.
#[utoipa::path(
    post,
    path = "/organisations",
    operation_id = "organisations_create",
    tag = "accounts",
    summary = "Add a PCN under an ICB, or a practice under a PCN (admin).",
    request_body = CreateOrganisationRequest,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created.", body = OrganisationView),
        (status = 400, description = "The body is not JSON.", body = ErrorBody),
        (status = 401, description = "No valid sign-in token.", body = ErrorBody),
        (status = 403, description = "The account is not an admin, or the parent is outside the admin's organisation.", body = ErrorBody),
        (status = 413, description = "The body is over the size limit.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
        (status = 422, description = "The name, kind or parent is not valid, or the body does not have the expected shape.", body = ErrorBody),
        (status = 503, description = "The database is unavailable.", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(request): ApiJson<CreateOrganisationRequest>,
) -> Result<(StatusCode, Json<OrganisationView>), ApiError> {
    let invalid = |message: String| {
        ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_organisation",
            message,
        )
    };
    let name = request.name.trim();
    if name.is_empty() || name.len() > 200 {
        return Err(invalid("the name must be 1-200 characters".into()));
    }
    if !db::organisations::is_within(&state.db, &request.parent_id, &admin.user.organisation_id)
        .await?
    {
        return Err(ApiError::client(
            StatusCode::FORBIDDEN,
            "forbidden",
            "admins can only add organisations inside their own",
        ));
    }
    let parent = db::organisations::get(&state.db, &request.parent_id)
        .await?
        .ok_or_else(|| invalid("the parent organisation does not exist".into()))?;
    let parent_level = ORGANISATION_KINDS.iter().position(|k| *k == parent.kind);
    let level = ORGANISATION_KINDS.iter().position(|k| *k == request.kind);
    match (parent_level, level) {
        (Some(p), Some(l)) if l == p + 1 => {}
        _ => {
            return Err(invalid(format!(
                "a {:?} cannot sit under a {:?}: the hierarchy is icb -> pcn -> practice",
                request.kind, parent.kind
            )));
        }
    }
    let id = uuid::Uuid::new_v4().to_string();
    let ods_code = request
        .ods_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    db::organisations::insert(
        &state.db,
        &NewOrganisation {
            id: &id,
            name,
            kind: &request.kind,
            parent_id: Some(&parent.id),
            ods_code,
        },
        &accounts::now_text(),
    )
    .await?;
    state
        .audit(
            Some(&parent.id),
            &admin.user.id,
            "create_organisation",
            Some(&id),
            Some(name),
        )
        .await?;
    let created = db::organisations::get(&state.db, &id)
        .await?
        .expect("just inserted");
    Ok((StatusCode::CREATED, Json(view(created))))
}
