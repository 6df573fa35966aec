//! Liveness: answers when the process is up and the database answers a trivial query.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::State;

pub async fn healthz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    crate::on_db!(&state.db, pool => sqlx::query("SELECT 1").execute(pool).await?.rows_affected());
    Ok("ok")
}
