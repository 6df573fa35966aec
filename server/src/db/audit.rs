//! The append-only audit log: sign-ins, failed sign-ins, row-level reads, exports and admin
//! changes. Rows are only ever inserted, and always inside the transaction of what they record,
//! so a change (or an audited read) and its audit row commit together or not at all.

use super::organisations::SUBTREE;
use super::{Conn, Tx, undecodable};
use crate::{on_conn, on_tx};
use std::fmt;

/// What an audit row records. Stored as its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    CreateFirstAdmin,
    SignIn,
    SignInFailed,
    SignOut,
    CreateUser,
    DisableUser,
    CreateOrganisation,
    CreateEnrolmentCode,
    EnrolDevice,
    RevokeDevice,
    UpdateRole,
    RegisterInstrument,
    ImportInstrument,
    ImportOutboxFile,
    AcknowledgeAlert,
    ReadAggregates,
    ReadOutcomes,
    ReadAlerts,
    ReadResponse,
    ReadChanges,
    LookupPatientKeys,
    /// An aggregate export of the outcomes view (CSV, XLSX, JSON or FHIR).
    ExportOutcomes,
    /// A pseudonymised row-level export for approved research.
    ExportResearchRows,
    /// An admin imported the IMD lookup over the API (recorded before the rows are written).
    ImportImdLookup,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an audit action")]
pub struct UnknownAction(pub String);

impl Action {
    pub const ALL: [Action; 24] = [
        Action::CreateFirstAdmin,
        Action::SignIn,
        Action::SignInFailed,
        Action::SignOut,
        Action::CreateUser,
        Action::DisableUser,
        Action::CreateOrganisation,
        Action::CreateEnrolmentCode,
        Action::EnrolDevice,
        Action::RevokeDevice,
        Action::UpdateRole,
        Action::RegisterInstrument,
        Action::ImportInstrument,
        Action::ImportOutboxFile,
        Action::AcknowledgeAlert,
        Action::ReadAggregates,
        Action::ReadOutcomes,
        Action::ReadAlerts,
        Action::ReadResponse,
        Action::ReadChanges,
        Action::LookupPatientKeys,
        Action::ExportOutcomes,
        Action::ExportResearchRows,
        Action::ImportImdLookup,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::CreateFirstAdmin => "create_first_admin",
            Action::SignIn => "sign_in",
            Action::SignInFailed => "sign_in_failed",
            Action::SignOut => "sign_out",
            Action::CreateUser => "create_user",
            Action::DisableUser => "disable_user",
            Action::CreateOrganisation => "create_organisation",
            Action::CreateEnrolmentCode => "create_enrolment_code",
            Action::EnrolDevice => "enrol_device",
            Action::RevokeDevice => "revoke_device",
            Action::UpdateRole => "update_role",
            Action::RegisterInstrument => "register_instrument",
            Action::ImportInstrument => "import_instrument",
            Action::ImportOutboxFile => "import_outbox_file",
            Action::AcknowledgeAlert => "acknowledge_alert",
            Action::ReadAggregates => "read_aggregates",
            Action::ReadOutcomes => "read_outcomes",
            Action::ReadAlerts => "read_alerts",
            Action::ReadResponse => "read_response",
            Action::ReadChanges => "read_changes",
            Action::LookupPatientKeys => "lookup_patient_keys",
            Action::ExportOutcomes => "export_outcomes",
            Action::ExportResearchRows => "export_research_rows",
            Action::ImportImdLookup => "import_imd_lookup",
        }
    }

    pub fn parse(text: &str) -> Result<Self, UnknownAction> {
        Self::ALL
            .into_iter()
            .find(|action| action.as_str() == text)
            .ok_or_else(|| UnknownAction(text.to_owned()))
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An audit row to write: who did what, filed under which organisation (its admins see it).
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub organisation_id: Option<&'a str>,
    pub actor: &'a str,
    pub action: Action,
    pub subject: Option<&'a str>,
    pub detail: Option<&'a str>,
    /// The client address, where the action came with one that matters (sign-in, enrolment).
    pub address: Option<&'a str>,
}

impl<'a> Entry<'a> {
    pub fn new(action: Action, actor: &'a str, organisation_id: Option<&'a str>) -> Self {
        Self {
            organisation_id,
            actor,
            action,
            subject: None,
            detail: None,
            address: None,
        }
    }

    pub fn subject(mut self, subject: impl Into<Option<&'a str>>) -> Self {
        self.subject = subject.into();
        self
    }

    pub fn detail(mut self, detail: impl Into<Option<&'a str>>) -> Self {
        self.detail = detail.into();
        self
    }

    pub fn address(mut self, address: &'a str) -> Self {
        self.address = Some(address);
        self
    }
}

/// One stored audit row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub occurred_at: String,
    pub organisation_id: Option<String>,
    pub actor: String,
    pub action: Action,
    pub subject: Option<String>,
    pub detail: Option<String>,
    pub address: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: String,
    occurred_at: String,
    organisation_id: Option<String>,
    actor: String,
    action: String,
    subject: Option<String>,
    detail: Option<String>,
    address: Option<String>,
}

impl TryFrom<RecordRow> for Record {
    type Error = UnknownAction;
    fn try_from(row: RecordRow) -> Result<Self, UnknownAction> {
        Ok(Record {
            action: Action::parse(&row.action)?,
            id: row.id,
            occurred_at: row.occurred_at,
            organisation_id: row.organisation_id,
            actor: row.actor,
            subject: row.subject,
            detail: row.detail,
            address: row.address,
        })
    }
}

/// Appends `entry` inside `tx`; it commits with whatever else `tx` holds.
pub async fn record(tx: &mut Tx, entry: &Entry<'_>) -> Result<(), sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    let now = crate::clock::now_text();
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO audit_log (id, occurred_at, organisation_id, actor, action, subject, detail, address)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(&now)
    .bind(entry.organisation_id)
    .bind(entry.actor)
    .bind(entry.action.as_str())
    .bind(entry.subject)
    .bind(entry.detail)
    .bind(entry.address)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(())
}

/// Which entries a read of the log wants (each `None`: no condition).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub action: Option<Action>,
    pub actor: Option<String>,
    /// Entries at or after this time (RFC 3339 text compares in time order).
    pub since: Option<String>,
    /// Entries before this time.
    pub before: Option<String>,
}

/// Entries of the organisation `root` and everything below it that match `filter`, newest
/// first, at most `limit` after skipping `offset`.
pub async fn within(
    conn: impl Into<Conn<'_>>,
    root: &str,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> Result<Vec<Record>, sqlx::Error> {
    let rows: Vec<RecordRow> = on_conn!(conn, executor => sqlx::query_as(&format!(
        "{SUBTREE}SELECT a.id, a.occurred_at, a.organisation_id, a.actor, a.action, a.subject, a.detail, a.address
         FROM audit_log a JOIN tree ON tree.id = a.organisation_id
         WHERE ($4 IS NULL OR a.action = $4) AND ($5 IS NULL OR a.actor = $5)
           AND ($6 IS NULL OR a.occurred_at >= $6) AND ($7 IS NULL OR a.occurred_at < $7)
         ORDER BY a.occurred_at DESC, a.id
         LIMIT $2 OFFSET $3"
    ))
    .bind(root)
    .bind(limit)
    .bind(offset)
    .bind(filter.action.map(Action::as_str))
    .bind(filter.actor.as_deref())
    .bind(filter.since.as_deref())
    .bind(filter.before.as_deref())
    .fetch_all(executor)
    .await?);
    rows.into_iter()
        .map(|row| Record::try_from(row).map_err(undecodable))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_stored_by_a_name_of_its_own() {
        let names: std::collections::BTreeSet<&str> =
            Action::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(names.len(), Action::ALL.len());
        for action in Action::ALL {
            assert_eq!(Action::parse(action.as_str()), Ok(action));
        }
        assert_eq!(
            Action::parse("drop_tables"),
            Err(UnknownAction("drop_tables".to_owned()))
        );
    }
}
