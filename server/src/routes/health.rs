//! Liveness (`/healthz`: the process answers and the database responds), readiness (`/readyz`:
//! also every migration this build knows is applied), and Prometheus metrics (`/metrics`).

use crate::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use shared::api::{ErrorBody, ReadinessResponse};

/// `GET /healthz`
#[utoipa::path(
    get,
    path = "/healthz",
    operation_id = "healthz",
    tag = "operations",
    summary = "Liveness: the process answers and the database responds.",
    responses(
        (status = 200, description = "`ok`.", body = String, content_type = "text/plain"),
        (status = 503, description = "The database does not respond.", body = ErrorBody),
    )
)]
pub async fn healthz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    crate::on_db!(&state.db, pool => sqlx::query("SELECT 1").execute(pool).await?.rows_affected());
    Ok("ok")
}

/// `GET /readyz`
#[utoipa::path(
    get,
    path = "/readyz",
    operation_id = "readyz",
    tag = "operations",
    summary = "Readiness: the database responds and every migration this build knows is applied.",
    responses(
        (status = 200, description = "Ready.", body = ReadinessResponse),
        (status = 503, description = "Still migrating, or the database is unavailable.", body = ReadinessResponse),
    )
)]
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<ReadinessResponse>) {
    let expected = sqlx::migrate!("./migrations").iter().count() as i64;
    let applied: Result<i64, sqlx::Error> = crate::on_db!(&state.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM _sqlx_migrations WHERE success = TRUE",
    )
    .fetch_one(pool)
    .await);
    match applied {
        Ok(applied) if applied >= expected => (
            StatusCode::OK,
            Json(ReadinessResponse {
                status: "ready".to_owned(),
                database: Some(state.db.backend().to_owned()),
                migrations: Some(applied),
                expected: None,
            }),
        ),
        Ok(applied) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(ReadinessResponse {
                status: "migrating".to_owned(),
                database: None,
                migrations: Some(applied),
                expected: Some(expected),
            }),
        ),
        Err(error) => {
            tracing::warn!(%error, "readiness check could not reach the database");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(ReadinessResponse {
                    status: "database unavailable".to_owned(),
                    database: None,
                    migrations: None,
                    expected: None,
                }),
            )
        }
    }
}

/// `GET /metrics`
#[utoipa::path(
    get,
    path = "/metrics",
    operation_id = "metrics",
    tag = "operations",
    summary = "Prometheus metrics in the text exposition format.",
    description = "HTTP requests by route template and status, sync records by outcome, and \
failed sign-ins.",
    responses(
        (status = 200, description = "The metrics.", body = String, content_type = "text/plain; version=0.0.4"),
    )
)]
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}
