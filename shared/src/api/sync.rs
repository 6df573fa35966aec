//! Sync: the batch a tablet pushes and the per-record answer, the change feed a tablet pulls,
//! the pseudonymous patient keys for its caseload, and an admin's import of an outbox file.

use crate::outbox_file::OutboxFile;
use crate::response::TimePoint;
use crate::validate::FieldIssue;
use serde::{Deserialize, Serialize};

/// `POST /api/v1/sync`. The server reads `records` as raw JSON values so that one malformed record
/// is rejected on its own while the rest of the batch is still stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncRequest<R = serde_json::Value> {
    /// The sync protocol version the tablet speaks (this server speaks 1).
    pub protocol_version: u32,
    /// Completed questionnaires, oldest first. Each is checked on its own: one that is not a
    /// valid record is refused in its result while the others are stored.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<crate::response::ResponseRecord>))]
    pub records: Vec<R>,
}

/// The answer to a sync request: one result per record, in request order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncResponse {
    pub results: Vec<RecordResult>,
}

impl SyncResponse {
    pub fn count(&self, status: RecordStatus) -> usize {
        self.results.iter().filter(|r| r.status == status).count()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordResult {
    /// Position of the record in the request.
    pub index: usize,
    /// The record's id, when it had a readable one.
    #[cfg_attr(feature = "openapi", schema(required = true))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// The query of `GET /api/v1/sync/changes`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct ChangesQuery {
    /// The cursor from the previous answer (`<number>:<id>`); absent for everything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// The most changes to return (1-500, default 500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    pub limit: Option<i64>,
}

/// `GET /api/v1/sync/changes?after=<cursor>`: what the tablet caches for offline work (each
/// patient's earlier scores and goals), as deltas after the tablet's cursor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangesResponse {
    /// Pass back as `after` for the next page or the next pull.
    pub cursor: String,
    /// True when more changes wait: ask again at once.
    pub more: bool,
    pub changes: Vec<PatientChange>,
}

/// One stored response about a patient, as a tablet needs it offline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// The time point the response was recorded at, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_point: Option<TimePoint>,
    pub scores: Vec<ScoreView>,
    /// The GAS goals as agreed or reviewed (for goal instruments only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goals: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatientKeysRequest {
    /// At most 500 NHS numbers.
    pub nhs_numbers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatientKeysResponse {
    /// In request order.
    pub keys: Vec<PatientKey>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatientKey {
    pub nhs_number: String,
    pub patient: String,
}

/// `POST /api/v1/admin/outbox-import`: a tablet's exported outbox file and its passphrase. The
/// answer is a [`SyncResponse`], exactly as if the tablet had sent the records itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxImportRequest {
    pub passphrase: String,
    pub file: OutboxFile,
}

/// `GET /api/v1/sync/sealing-key`: the server's public key, to which a tablet seals each finished
/// response as well as under its own data key, so that a locked tablet can still send it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SealingKey {
    /// Names the key pair; a sealed record says which key it was sealed to.
    pub key_id: String,
    /// [`SEALING_ALGORITHM`].
    pub algorithm: String,
    /// The P-256 public key as an uncompressed SEC1 point (65 bytes), base64 (standard, padded).
    pub public_key: String,
}

/// How a record is sealed to the server: an ephemeral ECDH P-256 key agreement with the
/// server's key, HKDF-SHA-256 (salt: the ephemeral public key, info: [`SEALING_INFO`]) to an
/// AES-256-GCM key, and AES-GCM over the record's JSON text with the record id as additional data.
pub const SEALING_ALGORITHM: &str = "ECDH-P256+HKDF-SHA256+A256GCM";

/// The HKDF info of [`SEALING_ALGORITHM`].
pub const SEALING_INFO: &[u8] = b"prom-collector sealed record v1";

/// One finished response sealed to the server's key (see [`SEALING_ALGORITHM`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SealedRecord {
    /// The response id (the additional data of the encryption; the record inside must carry it).
    pub id: String,
    pub key_id: String,
    /// The ephemeral public key, uncompressed SEC1, base64.
    pub ephemeral_key: String,
    /// The 12-byte AES-GCM nonce, base64.
    pub iv: String,
    /// The record's JSON text, encrypted (with its tag), base64.
    pub ciphertext: String,
}

/// `POST /api/v1/sync/sealed`: a batch of sealed records, sent by a tablet that is locked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SealedSyncRequest {
    pub protocol_version: u32,
    pub records: Vec<SealedRecord>,
}
