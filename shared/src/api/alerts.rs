//! Risk alerts raised by stored responses, as listed to staff.

use serde::{Deserialize, Serialize};

/// The query of `GET /api/v1/alerts`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct AlertsQuery {
    /// `open` (the default: unacknowledged only) or `all`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// A risk alert as listed to staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertView {
    pub response_id: String,
    pub instrument_id: String,
    pub rule: String,
    pub item: String,
    pub answer: i64,
    pub role: String,
    pub raised_at: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub acknowledged_at: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub acknowledged_by: Option<String>,
}
