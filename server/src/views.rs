//! What the API shows of database rows: rows are never serialised themselves; handlers answer
//! with the wire types of `shared::api`, converted here from the rows in one place.

use crate::db::users::User;
use crate::db::{alerts::Alert, audit::Record, devices::Device, organisations::Organisation};
use shared::api::{AlertView, AuditRecord, DeviceView, OrganisationView, UserView};

impl From<User> for UserView {
    fn from(user: User) -> Self {
        Self {
            id: user.id,
            organisation_id: user.organisation_id,
            email: user.email,
            display_name: user.display_name,
            kind: user.kind,
            professional_role: user.professional_role,
            disabled: user.disabled,
        }
    }
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

impl From<Record> for AuditRecord {
    fn from(record: Record) -> Self {
        Self {
            id: record.id,
            occurred_at: record.occurred_at,
            organisation_id: record.organisation_id,
            actor: record.actor,
            action: record.action.as_str().to_owned(),
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
            acknowledgement_note: alert.acknowledgement_note,
            device_id: alert.device_id,
            device_name: alert.device_name,
        }
    }
}

/// Every view of a list of rows.
pub fn all<R, V: From<R>>(rows: Vec<R>) -> Vec<V> {
    rows.into_iter().map(V::from).collect()
}
