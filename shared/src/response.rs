//! A completed questionnaire as it travels from the tablet to the server.
//!
//! The record is immutable once finalised on the device: a correction is a new record that names
//! the one it replaces in `supersedes`, and figures then count the correction only. Its
//! answers stay as raw JSON values until [`crate::validate`] has checked them against the
//! definition, so a wrongly typed answer is reported as a field issue rather than a parse failure.

use crate::demographics::PatientDemographics;
use crate::ids::ResponseId;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseRecord {
    /// Minted once on the device when the questionnaire is finished.
    pub id: ResponseId,
    pub instrument_id: String,
    /// The definition version the questions were shown from.
    pub instrument_version: u32,
    /// When the patient finished, as RFC 3339 with an offset.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub recorded_at: OffsetDateTime,
    /// The practitioner's professional role id, from the role list.
    pub role: String,
    /// Item id -> answer.
    pub answers: BTreeMap<String, serde_json::Value>,
    /// Who the response is about, when the practitioner recorded it (absent for anonymous
    /// feedback such as the Friends and Family Test).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient: Option<PatientRef>,
    /// The earlier record this one corrects, if any (absent from records that correct nothing,
    /// so their content hash is unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<ResponseId>,
    /// Where in the piece of work this response was taken, when the practitioner chose it on the
    /// tablet (absent: the pairing rules of `shared::outcomes::pairing` decide).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_point: Option<TimePoint>,
}

/// The patient a response is about. The server keeps only an opaque pseudonym: the NHS number,
/// when given, is checked and then replaced by a keyed hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatientRef {
    /// An opaque identifier minted on the tablet (a UUID), stable for the patient there.
    pub pseudonym: String,
    /// The NHS number as captured, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nhs_number: Option<String>,
    /// What the patient chose to state about themselves, when anything (absent: not stated; a
    /// later record without it keeps what is known). Absent from records that carry none, so
    /// their content hash is unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demographics: Option<PatientDemographics>,
}

impl ResponseRecord {
    /// Parses one record of a sync batch, with a message a person can act on.
    pub fn from_json_value(value: &serde_json::Value) -> Result<Self, String> {
        if !value.is_object() {
            return Err(format!(
                "a record must be a JSON object, got {}",
                json_kind(value)
            ));
        }
        serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if path == "." {
                format!("the record is not valid: {inner}")
            } else {
                format!("the record is not valid: {path}: {inner}")
            }
        })
    }

    /// SHA-256 over the canonical JSON form (struct field order, answers sorted by item id).
    /// Two sends of the same record always hash equal; any change to its content does not.
    pub fn content_hash(&self) -> String {
        let canonical = serde_json::to_vec(self).expect("a record always serialises");
        let digest = Sha256::digest(&canonical);
        digest.iter().map(|byte| format!("{byte:02x}")).collect()
    }
}

/// The `id` field of a raw record, when it has a readable one, for acknowledging bad records.
pub fn raw_record_id(value: &serde_json::Value) -> Option<String> {
    value
        .get("id")
        .and_then(serde_json::Value::as_str)
        .map(|id| id.chars().take(64).collect())
}

pub(crate) fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Where in a piece of work a response was taken, as chosen on the tablet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TimePoint {
    /// At the start: opens a new episode.
    Baseline,
    /// During the work: a follow-up candidate.
    Review,
    /// At the end: the episode's follow-up (inside the window), and the end of the episode.
    Final,
}
