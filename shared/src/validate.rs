//! Validation of an untrusted response against its instrument definition and the role list.
//!
//! The result is data (field -> message), serialisable, so the server's per-record rejection and
//! the tablet's message are the same thing. The server re-runs this on every record it receives.

use crate::catalog::{InstrumentCatalog, Role, find_role};
use crate::demographics::{PatientDemographics, Postcode};
use crate::goals::{Goal, check_goals};
use crate::instrument::{EnableBehavior, InstrumentDefinition, Item, ResponseFormat};
use crate::response::{ResponseRecord, json_kind};
use crate::risk::{RiskAlert, alerts};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::{Duration, OffsetDateTime, macros::datetime};

/// One problem with one field of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldIssue {
    /// Path of the field, e.g. `answers.life_satisfaction`.
    pub field: String,
    pub message: String,
}

impl FieldIssue {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// A typed answer, after validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Integer(i64),
    Text(String),
    Goals(Vec<Goal>),
}

impl Answer {
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Answer::Integer(n) => Some(*n),
            _ => None,
        }
    }
}

/// A record whose every field has been checked, with its answers typed.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidResponse<'a> {
    pub record: &'a ResponseRecord,
    pub definition: &'a InstrumentDefinition,
    pub answers: BTreeMap<String, Answer>,
}

/// What validation checks against.
#[derive(Debug, Clone, Copy)]
pub struct ValidationContext<'a> {
    pub catalog: &'a InstrumentCatalog,
    pub roles: &'a [Role],
    /// The checker's current time; records from more than a day in the future are refused.
    pub now: OffsetDateTime,
}

/// The earliest completion time accepted (guards against unset device clocks).
const EARLIEST: OffsetDateTime = datetime!(2020-01-01 00:00 UTC);
/// How far ahead of the checker's clock a device clock may run.
const CLOCK_SKEW: Duration = Duration::hours(24);

/// Checks a record and returns its typed answers, or every issue found.
pub fn validate_response<'a>(
    record: &'a ResponseRecord,
    context: &ValidationContext<'a>,
) -> Result<ValidResponse<'a>, Vec<FieldIssue>> {
    let mut issues = Vec::new();
    if find_role(context.roles, &record.role).is_none() {
        issues.push(FieldIssue::new(
            "role",
            format!(
                "{:?} is not a professional role on the role list",
                record.role
            ),
        ));
    }
    if let Some(patient) = &record.patient {
        if uuid::Uuid::parse_str(&patient.pseudonym).is_err() {
            issues.push(FieldIssue::new(
                "patient.pseudonym",
                "the patient pseudonym must be an opaque identifier (a UUID), never a name or number",
            ));
        }
        if let Some(number) = &patient.nhs_number
            && let Err(problem) = crate::nhs_number::NhsNumber::parse(number)
        {
            issues.push(FieldIssue::new("patient.nhs_number", problem.to_string()));
        }
        if let Some(demographics) = &patient.demographics {
            issues.extend(check_demographics(demographics, record.recorded_at.year()));
        }
    }
    if record.supersedes == Some(record.id) {
        issues.push(FieldIssue::new(
            "supersedes",
            "a record cannot supersede itself: a correction has its own new id",
        ));
    }
    if record.recorded_at < EARLIEST {
        issues.push(FieldIssue::new(
            "recorded_at",
            "the completion time is before 2020: check the device clock",
        ));
    } else if record.recorded_at > context.now + CLOCK_SKEW {
        issues.push(FieldIssue::new(
            "recorded_at",
            "the completion time is more than a day in the future: check the device clock",
        ));
    }
    let definition = match context
        .catalog
        .get(&record.instrument_id, record.instrument_version)
    {
        Some(definition) => definition,
        None => {
            let message = if context.catalog.knows(&record.instrument_id) {
                format!(
                    "{} has no published version {}",
                    record.instrument_id, record.instrument_version
                )
            } else {
                format!("{:?} is not a known instrument", record.instrument_id)
            };
            issues.push(FieldIssue::new("instrument_id", message));
            return Err(issues);
        }
    };

    let mut answers = BTreeMap::new();
    for item_id in record.answers.keys() {
        if definition.item(item_id).is_none() {
            issues.push(FieldIssue::new(
                format!("answers.{item_id}"),
                format!("{} has no item {item_id:?}", definition.id),
            ));
        }
    }
    for item in &definition.items {
        let field = format!("answers.{}", item.id);
        let given = record
            .answers
            .get(&item.id)
            .filter(|value| !is_blank(value));
        let shown = is_enabled(item, &answers);
        match (given, shown) {
            (None, true) if item.required => {
                issues.push(FieldIssue::new(field, "this question must be answered"));
            }
            (None, _) => {}
            (Some(_), false) => issues.push(FieldIssue::new(
                field,
                "this question is not asked given the earlier answers, so it must be left out",
            )),
            (Some(value), true) => match check_answer(&item.response, value) {
                Ok(answer) => {
                    answers.insert(item.id.clone(), answer);
                }
                Err(problems) => {
                    for (path, message) in problems {
                        issues.push(FieldIssue::new(format!("{field}{path}"), message));
                    }
                }
            },
        }
    }
    if issues.is_empty() {
        Ok(ValidResponse {
            record,
            definition,
            answers,
        })
    } else {
        Err(issues)
    }
}

/// The earliest year of birth accepted.
const EARLIEST_BIRTH_YEAR: i32 = 1900;

/// Checks the values serde cannot: the year of birth (1900 to the year the response was
/// recorded) and the postcode's shape. The codes are enums, so a wrong one never parses.
fn check_demographics(demographics: &PatientDemographics, recorded_year: i32) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if let Some(year) = demographics.birth_year
        && !(EARLIEST_BIRTH_YEAR..=recorded_year).contains(&year)
    {
        issues.push(FieldIssue::new(
            "patient.demographics.birth_year",
            format!(
                "{year} is not a plausible year of birth: it must be from {EARLIEST_BIRTH_YEAR} \
                 to {recorded_year}, the year the response was recorded"
            ),
        ));
    }
    if let Some(postcode) = &demographics.postcode
        && let Err(problem) = Postcode::parse(postcode)
    {
        issues.push(FieldIssue::new(
            "patient.demographics.postcode",
            problem.to_string(),
        ));
    }
    issues
}

/// Whether an item is shown, given the (already validated) answers to earlier items.
pub fn is_enabled(item: &Item, answers: &BTreeMap<String, Answer>) -> bool {
    if item.enable_when.is_empty() {
        return true;
    }
    let holds = |condition: &crate::instrument::Condition| {
        answers
            .get(&condition.item)
            .and_then(Answer::as_integer)
            .is_some_and(|answer| condition.operator.holds(answer, condition.value))
    };
    match item.enable_behavior {
        EnableBehavior::All => item.enable_when.iter().all(holds),
        EnableBehavior::Any => item.enable_when.iter().any(holds),
    }
}

fn is_blank(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null => true,
        serde_json::Value::String(text) => text.trim().is_empty(),
        _ => false,
    }
}

type Problems = Vec<(String, String)>;

fn check_answer(format: &ResponseFormat, value: &serde_json::Value) -> Result<Answer, Problems> {
    let problem = |message: String| vec![(String::new(), message)];
    match format {
        ResponseFormat::Scale { min, max, .. } => {
            match value.as_i64().filter(|_| !value.is_f64()) {
                Some(n) if (*min..=*max).contains(&n) => Ok(Answer::Integer(n)),
                Some(n) => Err(problem(format!("{n} is outside the range {min} to {max}"))),
                None if value.is_number() => Err(problem(format!(
                    "the answer must be a whole number from {min} to {max}, got {value}"
                ))),
                None => Err(problem(format!(
                    "the answer must be a whole number from {min} to {max}, got {}",
                    json_kind(value)
                ))),
            }
        }
        ResponseFormat::Choice { options } => {
            let allowed = || {
                options
                    .iter()
                    .map(|o| o.value.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            match value.as_i64().filter(|_| !value.is_f64()) {
                Some(n) if format.accepts(n) => Ok(Answer::Integer(n)),
                Some(n) => Err(problem(format!(
                    "{n} is not one of the options ({})",
                    allowed()
                ))),
                None => Err(problem(format!(
                    "the answer must be one of the option values ({}), got {}",
                    allowed(),
                    json_kind(value)
                ))),
            }
        }
        ResponseFormat::Text { max_length } => match value.as_str() {
            Some(text) if text.chars().count() <= *max_length as usize => {
                Ok(Answer::Text(text.to_owned()))
            }
            Some(_) => Err(problem(format!(
                "the text is longer than {max_length} characters"
            ))),
            None => Err(problem(format!(
                "the answer must be text, got {}",
                json_kind(value)
            ))),
        },
        ResponseFormat::Goals { max_goals } => {
            let goals: Vec<Goal> = serde_path_to_error::deserialize(value).map_err(|e| {
                let path = e.path().to_string();
                let path = if path == "." { String::new() } else { path };
                vec![(path, format!("the goals are not valid: {}", e.into_inner()))]
            })?;
            let problems = check_goals(&goals, *max_goals);
            if problems.is_empty() {
                Ok(Answer::Goals(goals))
            } else {
                Err(problems)
            }
        }
    }
}

impl ValidResponse<'_> {
    /// The risk alerts this response raises.
    pub fn alerts(&self) -> Vec<RiskAlert> {
        alerts(self.definition, |item| {
            self.answers.get(item).and_then(Answer::as_integer)
        })
    }
}
