//! The public lookups an admin imports over the API: the English Indices of Deprivation's IMD
//! deciles per LSOA (the postcode directory is too large to upload; `server import-postcodes`).

use serde::{Deserialize, Serialize};

/// The query of `POST /api/v1/admin/lookups/imd`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct ImdImportQuery {
    /// The edition of the file: `2019` or `2025`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupImportResponse {
    pub edition: String,
    /// Data rows in the file (all checked before anything was written).
    pub rows: u64,
    /// Rows written (inserted or replaced).
    pub written: u64,
}

/// The largest lookup file accepted over the API, in bytes (File 1 of 2025 is about 5 MB).
pub const MAX_LOOKUP_BYTES: usize = 32 * 1024 * 1024;
