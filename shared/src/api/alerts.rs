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
    /// `open` (the default: unacknowledged only), `acknowledged` or `all`.
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
    /// The note written with the acknowledgement, if any.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub acknowledgement_note: Option<String>,
    /// The enrolled tablet that uploaded the response (none for a signed-in upload or import).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub device_id: Option<String>,
    /// That tablet's name.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub device_name: Option<String>,
}

/// The optional body of `POST /api/v1/alerts/{response_id}/{rule}/acknowledge`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcknowledgeAlertRequest {
    /// What was done, in words (at most 1,000 characters; blank means no note).
    #[serde(default)]
    pub note: Option<String>,
}

/// The longest acknowledgement note accepted, in characters.
pub const MAX_ALERT_NOTE_CHARS: usize = 1000;
