//! The audit log as admins read it.

use serde::{Deserialize, Serialize};

/// The query of `GET /api/v1/audit`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct AuditQuery {
    /// The most records to return, newest first (default 200; values outside 1-5000 are
    /// brought into that range).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Skip this many of the newest matching records, for the next page (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
    /// Only records of this action, e.g. `acknowledge_alert`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Only records of this actor: an account id, `device:<id>`, or an e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Only records on or after this UTC day, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Only records on or before this UTC day, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// One audit record: who did what, when, to what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditRecord {
    pub id: String,
    /// RFC 3339.
    pub occurred_at: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub organisation_id: Option<String>,
    /// An account id, `device:<id>`, or the e-mail address of a failed sign-in.
    pub actor: String,
    /// E.g. `sign_in`, `create_user`, `read_response`.
    pub action: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub subject: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub detail: Option<String>,
    /// The client address, for sign-ins and enrolments.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub address: Option<String>,
}
