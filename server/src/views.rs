//! What the API shows of database rows: rows are never serialised themselves, handlers answer
//! with these views. The JSON is field for field what the rows used to serialise to.

use crate::db::users::User;
use crate::db::{alerts::Alert, audit::Record, devices::Device, organisations::Organisation};
use serde::Serialize;
use shared::accounts::{DisplayName, EmailAddress, OrganisationKind, UserKind};
use shared::api::AlertView;

/// An account as shown to admins and to the account itself.
#[derive(Debug, Clone, Serialize)]
pub struct UserView {
    pub id: String,
    pub organisation_id: String,
    pub email: EmailAddress,
    pub display_name: DisplayName,
    pub kind: UserKind,
    pub professional_role: Option<String>,
    /// 1 when the account is disabled, else 0.
    pub disabled: i64,
}

impl From<User> for UserView {
    fn from(user: User) -> Self {
        Self {
            id: user.id,
            organisation_id: user.organisation_id,
            email: user.email,
            display_name: user.display_name,
            kind: user.kind,
            professional_role: user.professional_role,
            disabled: i64::from(user.disabled),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct OrganisationView {
    pub id: String,
    pub name: DisplayName,
    pub kind: OrganisationKind,
    pub parent_id: Option<String>,
    pub ods_code: Option<String>,
}

impl From<Organisation> for OrganisationView {
    fn from(organisation: Organisation) -> Self {
        Self {
            id: organisation.id,
            name: organisation.name,
            kind: organisation.kind,
            parent_id: organisation.parent_id,
            ods_code: organisation.ods_code,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DeviceView {
    pub id: String,
    pub organisation_id: String,
    pub name: String,
    pub enrolled_at: String,
    pub revoked_at: Option<String>,
}

impl From<Device> for DeviceView {
    fn from(device: Device) -> Self {
        Self {
            id: device.id,
            organisation_id: device.organisation_id,
            name: device.name,
            enrolled_at: device.enrolled_at,
            revoked_at: device.revoked_at,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditRecordView {
    pub id: String,
    pub occurred_at: String,
    pub organisation_id: Option<String>,
    pub actor: String,
    pub action: &'static str,
    pub subject: Option<String>,
    pub detail: Option<String>,
    pub address: Option<String>,
}

impl From<Record> for AuditRecordView {
    fn from(record: Record) -> Self {
        Self {
            id: record.id,
            occurred_at: record.occurred_at,
            organisation_id: record.organisation_id,
            actor: record.actor,
            action: record.action.as_str(),
            subject: record.subject,
            detail: record.detail,
            address: record.address,
        }
    }
}

impl From<Alert> for AlertView {
    fn from(alert: Alert) -> Self {
        Self {
            response_id: alert.response_id,
            instrument_id: alert.instrument_id,
            rule: alert.rule,
            item: alert.item,
            answer: alert.answer,
            role: alert.role,
            raised_at: alert.raised_at,
            acknowledged_at: alert.acknowledged_at,
            acknowledged_by: alert.acknowledged_by,
        }
    }
}

/// Every view of a list of rows.
pub fn all<R, V: From<R>>(rows: Vec<R>) -> Vec<V> {
    rows.into_iter().map(V::from).collect()
}
