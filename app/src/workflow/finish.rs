//! Finishing a questionnaire, with no user interface: the answers to shown questions become a
//! [`ResponseRecord`] with a fresh id and the device time, checked with the same shared validation
//! the server runs and scored with the same shared scoring; then it is sealed and queued in the
//! outbox while its draft is removed (one transaction), a refused response it corrects is marked,
//! and a goal-setting response is kept as a goal set for later review.

use super::answers::shown_answers;
use crate::platform;
use crate::store::StoreError;
use crate::store::drafts;
use crate::store::goal_sets::{self, GoalSet};
use crate::store::outbox::{self, OutboxEntry};
use crate::store::settings;
use rexie::Rexie;
use serde_json::Value;
use shared::ResponseId;
use shared::catalog::{InstrumentCatalog, Role};
use shared::demographics::PatientDemographics;
use shared::instrument::{InstrumentDefinition, ResponseFormat};
use shared::outcomes::pairing::TimePoint;
use shared::response::{PatientRef, ResponseRecord};
use shared::scoring::score;
use shared::validate::{FieldIssue, ValidationContext, validate_response};
use std::collections::BTreeMap;

/// What is finished: the questionnaire as answered, and where it came from.
pub struct Finish<'a> {
    pub definition: &'a InstrumentDefinition,
    /// The instruments and roles the record is validated against.
    pub catalog: &'a InstrumentCatalog,
    pub roles: &'a [Role],
    /// The practitioner's professional role on this device.
    pub role: Option<String>,
    pub answers: BTreeMap<String, Value>,
    /// As typed; blank means none.
    pub nhs_number: Option<String>,
    /// The refused response this one corrects, if any.
    pub supersedes: Option<String>,
    /// Where in the piece of work the practitioner said this is; `None`: automatic.
    pub time_point: Option<TimePoint>,
    /// The draft the answers were kept in; removed as the response is queued.
    pub draft_id: &'a str,
    /// A GAS review: its goals are not kept as a new goal set.
    pub reviewing: bool,
    /// What the patient stated about themselves (from the caseload), sent with the NHS number.
    pub demographics: Option<PatientDemographics>,
}

/// One measure as the tablet scored the response, for the practitioner's summary.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceScore {
    pub measure: String,
    pub label: String,
    pub value: f64,
    pub band: Option<String>,
}

/// A queued response.
#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    pub record: ResponseRecord,
    pub scores: Vec<DeviceScore>,
}

/// Why nothing was queued.
#[derive(Debug, Clone, PartialEq)]
pub enum FinishError {
    /// No professional role is chosen on this device.
    NoRole,
    /// The shared validation refused the response.
    Invalid(Vec<FieldIssue>),
    /// Sealing or storing failed; the draft is untouched.
    Store(StoreError),
}

impl std::fmt::Display for FinishError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FinishError::NoRole => f.write_str("Choose your professional role in Settings first."),
            FinishError::Invalid(issues) => {
                let text: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
                f.write_str(&text.join("; "))
            }
            FinishError::Store(e) => write!(
                f,
                "{e}. The answers are still on screen: please try Finish again."
            ),
        }
    }
}

/// The record a finish would queue, validated and scored, or why it cannot be.
pub fn prepare(finish: &Finish<'_>) -> Result<Finished, FinishError> {
    let definition = finish.definition;
    let role = finish.role.clone().ok_or(FinishError::NoRole)?;
    let record = ResponseRecord {
        id: ResponseId::from_uuid(platform::new_uuid()),
        instrument_id: definition.id.clone(),
        instrument_version: definition.version,
        recorded_at: platform::now(),
        role,
        answers: shown_answers(definition, finish.answers.clone()),
        patient: finish
            .nhs_number
            .clone()
            .filter(|n| !n.trim().is_empty())
            .map(|number| PatientRef {
                pseudonym: platform::new_uuid().to_string(),
                nhs_number: Some(number),
                demographics: finish.demographics.clone(),
            }),
        supersedes: finish
            .supersedes
            .as_deref()
            .and_then(|id| ResponseId::parse(id).ok()),
        time_point: finish.time_point,
    };
    let check = ValidationContext {
        catalog: finish.catalog,
        roles: finish.roles,
        now: platform::now(),
    };
    let valid = validate_response(&record, &check).map_err(FinishError::Invalid)?;
    let scores = score(&valid)
        .measures
        .into_iter()
        .map(|m| DeviceScore {
            label: definition
                .measures
                .iter()
                .find(|d| d.id == m.measure)
                .map(|d| d.label.clone())
                .unwrap_or_else(|| m.measure.clone()),
            measure: m.measure,
            value: m.value,
            band: m.band,
        })
        .collect();
    Ok(Finished { record, scores })
}

/// Validates, scores, seals and queues the response, removes its draft, marks the refused
/// response it corrects and keeps the goals it agreed. Nothing is queued unless all the checks
/// pass, and the queueing and the draft's removal happen together or not at all.
pub async fn finish(db: &Rexie, finish: Finish<'_>) -> Result<Finished, FinishError> {
    let finished = prepare(&finish)?;
    let record = &finished.record;
    let queued_at = platform::now_text();
    let mut entry = OutboxEntry::seal(record, queued_at.clone())
        .await
        .map_err(FinishError::Store)?;
    // Also sealed to the server's key, when known, so a locked tablet can send it.
    if let Ok(Some(key)) = settings::sealing_key(db).await {
        let text = serde_json::to_string(record).expect("a record always serialises");
        entry = entry
            .seal_for_server(&key, &text)
            .await
            .map_err(FinishError::Store)?;
    }
    drafts::finish(db, &entry, finish.draft_id)
        .await
        .map_err(FinishError::Store)?;
    // The response is queued: what follows only keeps bookkeeping, and a failure there must not
    // make the practitioner finish (and queue) it again.
    if let Some(old) = record.supersedes {
        let _ = outbox::mark_corrected(db, &old.to_string(), &entry.id).await;
    }
    let has_goals = finish
        .definition
        .items
        .iter()
        .any(|i| matches!(i.response, ResponseFormat::Goals { .. }));
    if has_goals && !finish.reviewing {
        let set = GoalSet {
            id: record.id.to_string(),
            instrument_id: record.instrument_id.clone(),
            recorded_at: queued_at,
            goals: record
                .answers
                .values()
                .next()
                .map(Value::to_string)
                .unwrap_or_default(),
        };
        let _ = goal_sets::save(db, &set).await;
    }
    Ok(finished)
}
