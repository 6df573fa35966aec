//! Liveness (`/healthz`: the process answers and the database responds), readiness (`/readyz`:
//! also every migration this build knows is applied), and Prometheus metrics (`/metrics`).

use crate::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde_json::{Value, json};

pub async fn healthz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    crate::on_db!(&state.db, pool => sqlx::query("SELECT 1").execute(pool).await?.rows_affected());
    Ok("ok")
}

pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let expected = sqlx::migrate!("./migrations").iter().count() as i64;
    let applied: Result<i64, sqlx::Error> = crate::on_db!(&state.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM _sqlx_migrations WHERE success = TRUE",
    )
    .fetch_one(pool)
    .await);
    match applied {
        Ok(applied) if applied >= expected => (
            StatusCode::OK,
            Json(
                json!({ "status": "ready", "database": state.db.backend(), "migrations": applied }),
            ),
        ),
        Ok(applied) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "migrating", "migrations": applied, "expected": expected })),
        ),
        Err(error) => {
            tracing::warn!(%error, "readiness check could not reach the database");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "database unavailable" })),
            )
        }
    }
}

pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}
