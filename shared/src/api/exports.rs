//! Exports: the options of the aggregate outcome files (beside the outcomes query itself) and
//! the query of the pseudonymised row export for approved research.

use serde::{Deserialize, Serialize};

/// Options of the CSV export, beside the outcomes query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
#[serde(deny_unknown_fields)]
pub struct CsvOptions {
    /// `true`: start the file with a UTF-8 byte order mark, so Excel reads it as UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bom: Option<bool>,
}

/// The query of the research row export. `purpose` and `approval` are required: they are
/// written to the audit log with the filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
#[serde(deny_unknown_fields)]
pub struct ResearchExportQuery {
    /// The instrument id, e.g. `phq9` (one instrument per export, so every row has the same
    /// item and score columns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instrument: Option<String>,
    /// What the data are for, in words (10 to 500 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// The reference of the research approval (e.g. an IRAS or REC number; 3 to 100 letters,
    /// digits, spaces and `/ . - _ :`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<String>,
    /// One organisation id inside the caller's own part of the hierarchy (default: the
    /// caller's organisation); its responses and those below it are exported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// The first month recorded, `YYYY-MM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The last month recorded, `YYYY-MM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}
