//! Accounts: signing in, the accounts admins create and disable, and the organisation hierarchy
//! (ICB -> PCN -> practice).

use crate::accounts::{DisplayName, EmailAddress, OrganisationKind, UserKind};
use serde::{Deserialize, Serialize};

/// `POST /api/v1/auth/sign-in`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
}

/// A successful sign-in: the bearer token to send as `Authorization: Bearer <token>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInResponse {
    pub token: String,
    /// When the token stops working, RFC 3339.
    pub expires_at: String,
    pub user: UserView,
}

/// An account as shown to admins and to itself (never its password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: String,
    pub organisation_id: String,
    pub email: EmailAddress,
    pub display_name: DisplayName,
    /// `admin`, `practitioner` or `evaluator`.
    pub kind: UserKind,
    /// The professional role id, for practitioners.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub professional_role: Option<String>,
    /// A disabled account can no longer sign in.
    pub disabled: bool,
}

/// `POST /api/v1/users`: a new account inside the admin's organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateUserRequest {
    pub email: String,
    /// 1-200 characters.
    pub display_name: String,
    /// `admin`, `practitioner` or `evaluator`.
    pub kind: String,
    pub organisation_id: String,
    /// An active professional role id: required for practitioners, refused for others.
    #[serde(default)]
    pub professional_role: Option<String>,
    /// At least 12 characters.
    pub password: String,
}

/// An organisation of the hierarchy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationView {
    pub id: String,
    pub name: DisplayName,
    /// `icb`, `pcn` or `practice`.
    pub kind: OrganisationKind,
    /// The organisation above it; none for the top one.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub parent_id: Option<String>,
    /// The NHS ODS code, when known.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub ods_code: Option<String>,
}

/// `POST /api/v1/organisations`: a PCN under an ICB, or a practice under a PCN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateOrganisationRequest {
    /// 1-200 characters.
    pub name: String,
    /// `pcn` or `practice`: one level below the parent.
    pub kind: String,
    pub parent_id: String,
    #[serde(default)]
    pub ods_code: Option<String>,
}
