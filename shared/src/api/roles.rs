//! The professional role list: public to read (tablets offer it), edited by top-level admins.

use serde::{Deserialize, Serialize};

/// A professional role; retired roles stay listed with `active: false`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleView {
    pub id: String,
    pub name: String,
    pub active: bool,
}

/// `PUT /api/v1/roles/{id}`: adds a role, renames it, or retires it (`active: false`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PutRoleRequest {
    /// 1-200 characters.
    pub name: String,
    pub active: bool,
}
