//! HTTP wire types shared by the app and the server. They change additively only (new fields get
//! `#[serde(default)]`), because tablets run older builds for weeks.

use crate::validate::FieldIssue;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the sync protocol spoken by this build.
pub const PROTOCOL_VERSION: u32 = 1;
/// The most records one sync request may carry.
pub const MAX_BATCH_RECORDS: usize = 500;
/// The largest sync request body the server reads, in bytes.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// `POST /api/v1/sync`. The server reads `records` as raw JSON values so that one malformed record
/// is rejected on its own while the rest of the batch is still stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncRequest<R = serde_json::Value> {
    pub protocol_version: u32,
    pub records: Vec<R>,
}

/// The answer to a sync request: one result per record, in request order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncResponse {
    pub results: Vec<RecordResult>,
}

impl SyncResponse {
    pub fn count(&self, status: RecordStatus) -> usize {
        self.results.iter().filter(|r| r.status == status).count()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordResult {
    /// Position of the record in the request.
    pub index: usize,
    /// The record's id, when it had a readable one.
    pub id: Option<String>,
    pub status: RecordStatus,
    /// Why the record was not stored (rejected or conflict).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Field-level problems, for rejected records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<FieldIssue>,
}

/// What happened to one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    /// Newly stored.
    Stored,
    /// Already stored earlier with identical content; nothing changed.
    Duplicate,
    /// A record with this id but different content is already stored; nothing changed.
    Conflict,
    /// Not valid; nothing stored. See `reason` and `issues`.
    Rejected,
}

/// The body of every error answer that is not a per-record result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A stable machine-readable code, e.g. `malformed_json`.
    pub error: String,
    /// What went wrong and what to do, for a person.
    pub message: String,
}

/// `GET /api/v1/aggregates`: one row per group, suppressed before it leaves the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AggregateResponse {
    pub group_by: Vec<String>,
    /// A plain-language statement of the disclosure control applied.
    pub suppression: String,
    pub rows: Vec<AggregateRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AggregateRow {
    /// The group's value of each `group_by` dimension.
    pub group: BTreeMap<String, String>,
    /// Number of responses in the group; `None` when suppressed (1-7), else rounded to 5.
    pub responses: Option<u64>,
    /// Per measure (never a composite): its count and mean, suppressed the same way.
    pub measures: BTreeMap<String, MeasureSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureSummary {
    pub n: Option<u64>,
    pub mean: Option<f64>,
}

/// `GET /api/v1/instruments`: every instrument version a tablet may use on this server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstrumentList {
    /// Enabled versions: open instruments, and licensed ones whose registration is recorded.
    pub definitions: Vec<crate::instrument::InstrumentDefinition>,
    /// Licensed instruments this server ships but has not enabled, with the reason.
    pub disabled: Vec<DisabledInstrument>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisabledInstrument {
    pub id: String,
    pub title: String,
    pub reason: String,
}

/// `PUT /api/v1/admin/instruments/{id}/registration`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationRequest {
    /// The licence or registration reference (e.g. Warwick's registration number).
    pub reference: String,
    /// Who records it.
    pub recorded_by: String,
}

/// A risk alert as listed to staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertView {
    pub response_id: String,
    pub instrument_id: String,
    pub rule: String,
    pub item: String,
    pub answer: i64,
    pub role: String,
    pub raised_at: String,
    pub acknowledged_at: Option<String>,
    pub acknowledged_by: Option<String>,
}

/// `GET /api/v1/sync/changes?after=<cursor>`: what the tablet caches for offline work (each
/// patient's earlier scores and goals), as deltas after the tablet's cursor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangesResponse {
    /// Pass back as `after` for the next page or the next pull.
    pub cursor: String,
    /// True when more changes wait: ask again at once.
    pub more: bool,
    pub changes: Vec<PatientChange>,
}

/// One stored response about a patient, as a tablet needs it offline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatientChange {
    pub response_id: String,
    /// The server's pseudonymous key for the patient (see `POST /api/v1/patients/keys`).
    pub patient: String,
    pub instrument_id: String,
    pub instrument_version: u32,
    pub recorded_at: String,
    pub role: String,
    /// The response this one corrects, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    pub scores: Vec<ScoreView>,
    /// The GAS goals as agreed or reviewed (for goal instruments only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goals: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreView {
    /// `<instrument>.<measure>`.
    pub measure: String,
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<String>,
}

/// `POST /api/v1/patients/keys`: the pseudonymous keys of patients a practitioner adds to the
/// tablet's caseload, so their earlier scores can be matched offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientKeysRequest {
    pub nhs_numbers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientKeysResponse {
    /// In request order.
    pub keys: Vec<PatientKey>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientKey {
    pub nhs_number: String,
    pub patient: String,
}
