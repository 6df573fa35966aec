//! Tablets: the one-time enrolment code an admin issues, the enrolment that trades it for the
//! tablet's own credential, and the device list. The tablet and the server both use these types,
//! so the enrolment contract is written once.

use serde::{Deserialize, Serialize};

/// `POST /api/v1/devices/enrolment-codes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolmentCodeRequest {
    /// The organisation the tablet will belong to (the admin's own or one below it).
    pub organisation_id: String,
}

/// A new one-time enrolment code, valid for 24 hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolmentCodeResponse {
    /// E.g. `K7QX2-MR9TD`; it may be typed in any case, with or without the dash.
    pub code: String,
    pub organisation_id: String,
    /// RFC 3339.
    pub expires_at: String,
}

/// `POST /api/v1/devices/enrol`: what the tablet sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolRequest {
    /// The one-time code from the admin.
    pub code: String,
    /// A name people will recognise, e.g. "Room 3 tablet" (1-100 characters).
    pub name: String,
}

/// What the server returns when a tablet enrols.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolResponse {
    pub device_id: String,
    pub organisation_id: String,
    pub organisation_name: String,
    /// Shown once: the tablet keeps it and sends it as its bearer token.
    pub credential: String,
}

/// An enrolled tablet as listed to admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceView {
    pub id: String,
    pub organisation_id: String,
    pub name: String,
    /// RFC 3339.
    pub enrolled_at: String,
    /// When an admin revoked it; its uploads are refused from then on.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub revoked_at: Option<String>,
}
