//! Organisations: admins see and extend their own part of the hierarchy only.

use crate::auth::Admin;
use crate::db::{
    self,
    audit::{self, Action, Entry},
    organisations::NewOrganisation,
};
use crate::error::ApiError;
use crate::policy::Scoped;
use crate::routes::json::ApiJson;
use crate::state::AppState;
use crate::views;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::accounts::{DisplayName, OrganisationKind};
use shared::api::{CreateOrganisationRequest, ErrorBody, OrganisationView};

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
    Scoped(Admin(_), scope): Scoped<Admin>,
) -> Result<Json<Vec<OrganisationView>>, ApiError> {
    Ok(Json(views::all(
        db::organisations::subtree(&state.db, scope.root()).await?,
    )))
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
    Scoped(Admin(admin), scope): Scoped<Admin>,
    ApiJson(request): ApiJson<CreateOrganisationRequest>,
) -> Result<(StatusCode, Json<OrganisationView>), ApiError> {
    let invalid = |message: String| {
        ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_organisation",
            message,
        )
    };
    let name = DisplayName::parse(&request.name).map_err(|e| invalid(format!("the name {e}")))?;
    let mut tx = state.db.begin().await?;
    scope
        .require_within(&mut tx, &request.parent_id, || {
            ApiError::client(
                StatusCode::FORBIDDEN,
                "forbidden",
                "admins can only add organisations inside their own",
            )
        })
        .await?;
    let parent = db::organisations::get(&mut tx, &request.parent_id)
        .await?
        .ok_or_else(|| invalid("the parent organisation does not exist".into()))?;
    let kind = OrganisationKind::parse(&request.kind)
        .ok()
        .filter(|kind| kind.parent() == Some(parent.kind))
        .ok_or_else(|| {
            invalid(format!(
                "a {:?} cannot sit under a {:?}: the hierarchy is icb -> pcn -> practice",
                request.kind,
                parent.kind.as_str()
            ))
        })?;
    let id = uuid::Uuid::new_v4().to_string();
    let ods_code = request
        .ods_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    db::organisations::insert(
        &mut tx,
        &NewOrganisation {
            id: &id,
            name: &name,
            kind,
            parent_id: Some(&parent.id),
            ods_code,
        },
        &crate::clock::now_text(),
    )
    .await?;
    audit::record(
        &mut tx,
        &Entry::new(Action::CreateOrganisation, &admin.user.id, Some(&parent.id))
            .subject(id.as_str())
            .detail(name.as_str()),
    )
    .await?;
    let created = db::organisations::get(&mut tx, &id)
        .await?
        .expect("just inserted");
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}
