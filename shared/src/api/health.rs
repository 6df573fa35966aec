//! The readiness answer of `GET /readyz`.

use serde::{Deserialize, Serialize};

/// Whether the server can take traffic: the database answers and every migration this build
/// knows is applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadinessResponse {
    /// `ready`, `migrating` or `database unavailable`.
    pub status: String,
    /// `sqlite` or `postgresql`, when ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// Migrations applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migrations: Option<i64>,
    /// Migrations this build knows, while some are still missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<i64>,
}
