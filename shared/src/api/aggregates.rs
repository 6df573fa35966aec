//! Aggregates: counts and per-measure means by group, suppressed before they leave the server.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The query of `GET /api/v1/aggregates`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct AggregatesQuery {
    /// Comma-separated dimensions among `role`, `domain` and `instrument`;
    /// defaults to `role,domain`, and an empty value gives one overall row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<String>,
}

/// `GET /api/v1/aggregates`: one row per group, suppressed before it leaves the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AggregateResponse {
    pub group_by: Vec<String>,
    /// A plain-language statement of the disclosure control applied.
    pub suppression: String,
    pub rows: Vec<AggregateRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AggregateRow {
    /// The group's value of each `group_by` dimension.
    pub group: BTreeMap<String, String>,
    /// Number of responses in the group; `None` when suppressed (1-7), else rounded to 5.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub responses: Option<u64>,
    /// Per measure (never a composite): its count and mean, suppressed the same way.
    pub measures: BTreeMap<String, MeasureSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeasureSummary {
    /// How many responses have this measure; `None` when suppressed, else rounded to 5.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub n: Option<u64>,
    /// The mean; `None` when suppressed or when the measure has no meaningful mean.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub mean: Option<f64>,
}
