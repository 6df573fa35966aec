//! The declarative, versioned definition of a questionnaire (an "instrument").
//!
//! A definition is data: items with their answer format and display conditions, measures that
//! say how each score is computed, which outcome domain it belongs to and how it is banded, risk
//! rules, licence metadata and translations. A published `(id, version)` is immutable; changes are
//! published as a new version, and responses keep the version they were collected with.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use thiserror::Error;

/// The largest magnitude an answer option value may have (keeps every sum exact).
pub const MAX_OPTION_VALUE: i64 = 1_000;
/// The most goals a GAS definition may allow.
pub const MAX_GOALS: u32 = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstrumentDefinition {
    /// Stable identifier, e.g. `ons4`.
    pub id: String,
    /// Published version, starting at 1.
    pub version: u32,
    pub title: String,
    pub licence: Licence,
    /// Shown before the first question.
    #[serde(default)]
    pub introduction: String,
    /// Language of the texts above, as a BCP 47 tag.
    #[serde(default = "default_language")]
    pub language: String,
    /// Code of the whole instrument (e.g. a LOINC panel), where one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Coding>,
    pub items: Vec<Item>,
    pub measures: Vec<Measure>,
    /// Answers that must alert the practitioner at once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<RiskRule>,
    /// Language tag -> translated texts.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, Translation>,
}

fn default_language() -> String {
    "en".to_owned()
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Licence {
    pub kind: LicenceKind,
    pub holder: String,
    pub notice: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LicenceKind {
    /// Free to use (public domain or an open licence).
    Open,
    /// Needs the organisation's registration or licence before it is enabled.
    Licensed,
}

/// A code from a terminology (LOINC, SNOMED CT).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Coding {
    pub system: String,
    pub code: String,
    #[serde(default)]
    pub display: String,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Item {
    /// Stable key of the answer, unique within the definition.
    pub id: String,
    pub text: String,
    pub response: ResponseFormat,
    #[serde(default = "yes")]
    pub required: bool,
    /// The item is shown (and may be answered) only when these conditions hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enable_when: Vec<Condition>,
    #[serde(default)]
    pub enable_behavior: EnableBehavior,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Coding>,
}

/// What kind of answer an item takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ResponseFormat {
    /// A whole number from `min` to `max` inclusive, one large button per value.
    Scale {
        min: i64,
        max: i64,
        min_label: String,
        max_label: String,
    },
    /// One of a list of labelled options, each with its scoring value.
    Choice { options: Vec<AnswerOption> },
    /// Free text, never scored.
    Text { max_length: u32 },
    /// Goal Attainment Scaling goals agreed with the patient (see [`crate::goals`]).
    Goals { max_goals: u32 },
}

impl ResponseFormat {
    /// The inclusive range of numeric answers, for numeric formats.
    pub fn numeric_range(&self) -> Option<(i64, i64)> {
        match self {
            ResponseFormat::Scale { min, max, .. } => Some((*min, *max)),
            ResponseFormat::Choice { options } => {
                let min = options.iter().map(|o| o.value).min()?;
                let max = options.iter().map(|o| o.value).max()?;
                Some((min, max))
            }
            ResponseFormat::Text { .. } | ResponseFormat::Goals { .. } => None,
        }
    }

    /// Whether `value` is one of the answers this format accepts.
    pub fn accepts(&self, value: i64) -> bool {
        match self {
            ResponseFormat::Scale { min, max, .. } => (*min..=*max).contains(&value),
            ResponseFormat::Choice { options } => options.iter().any(|o| o.value == value),
            ResponseFormat::Text { .. } | ResponseFormat::Goals { .. } => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerOption {
    pub value: i64,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Coding>,
}

/// A condition on an earlier item's numeric answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Condition {
    pub item: String,
    pub operator: Operator,
    pub value: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Operator {
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
}

impl Operator {
    pub fn holds(self, answer: i64, value: i64) -> bool {
        match self {
            Operator::Eq => answer == value,
            Operator::Ne => answer != value,
            Operator::Gt => answer > value,
            Operator::Ge => answer >= value,
            Operator::Lt => answer < value,
            Operator::Le => answer <= value,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EnableBehavior {
    #[default]
    All,
    Any,
}

/// A score reported for the instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Measure {
    pub id: String,
    pub label: String,
    /// Outcome domain id from the domain list.
    pub domain: String,
    pub method: ScoreMethod,
    pub higher_is_better: bool,
    /// Threshold bands over an integer-valued score, covering its whole range exactly once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Band>,
    /// The smallest change in this score that counts as reliable or meaningful for an individual.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliable_change: Option<ChangeThreshold>,
    /// The score from which a patient counts as a case, for recovery figures (NHS Talking
    /// Therapies: PHQ-9 10, GAD-7 8); absent for measures without a caseness definition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caseness: Option<Caseness>,
    /// Whether aggregates report the mean of this score (false for category codes).
    #[serde(default = "yes")]
    pub summarise_mean: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Coding>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeThreshold {
    pub points: f64,
    /// Where the threshold comes from.
    pub source: String,
}

/// A caseness cut-off: a score at or above `at_least` is a case (for measures where lower is
/// better, as every measure with a published cut-off here is).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Caseness {
    pub at_least: f64,
    /// Where the cut-off comes from.
    pub source: String,
}

/// How a measure is computed from the answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ScoreMethod {
    /// The answer to one numeric item.
    Item { item: String },
    /// The sum of numeric items, with a rule for unanswered ones.
    Sum {
        items: Vec<String>,
        #[serde(default)]
        missing: MissingRule,
    },
    /// The sum of a complete set of items, converted through a published table.
    SumLookup {
        items: Vec<String>,
        table: Vec<LookupRow>,
    },
    /// 1 when the item's answer is one of `values`, else 0 (for proportions such as FFT positive).
    Indicator { item: String, values: Vec<i64> },
    /// The Kiresuk-Sherman GAS T-score over the goals of a goals item.
    GoalAttainment {
        item: String,
        level: GoalLevel,
        weighted: bool,
        rho: f64,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupRow {
    pub raw: i64,
    pub score: f64,
}

/// Which GAS level a T-score is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GoalLevel {
    Baseline,
    Attainment,
}

/// What to do when items of a sum are unanswered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum MissingRule {
    /// Score only a complete set.
    #[default]
    Complete,
    /// With at most `max_missing` unanswered, scale the sum of the answered items up to the full
    /// number of items and round half up.
    Prorate { max_missing: u32 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Band {
    pub min: i64,
    pub max: i64,
    pub label: String,
}

/// An answer that must alert the practitioner immediately, on the device, even offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskRule {
    pub id: String,
    pub item: String,
    /// The rule fires when the item's answer is at least this value.
    pub at_least: i64,
    /// Shown to the practitioner.
    pub practitioner_message: String,
    /// Shown to the patient: calm, supportive, and where to get help now.
    pub patient_message: String,
}

/// Texts of a definition in another language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Translation {
    /// True only for a formally validated translation of the instrument.
    pub validated: bool,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub introduction: Option<String>,
    #[serde(default)]
    pub items: BTreeMap<String, ItemTranslation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemTranslation {
    pub text: String,
    #[serde(default)]
    pub min_label: Option<String>,
    #[serde(default)]
    pub max_label: Option<String>,
    /// Option value -> label.
    #[serde(default)]
    // JSON object keys are strings: the option values appear as their decimal text.
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, String>))]
    pub options: BTreeMap<i64, String>,
}

/// Languages written right to left (by primary subtag).
const RIGHT_TO_LEFT: [&str; 9] = ["ar", "ckb", "dv", "fa", "he", "ps", "sd", "ur", "yi"];

/// Whether a BCP 47 language tag is written right to left.
pub fn is_right_to_left(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    RIGHT_TO_LEFT
        .iter()
        .any(|rtl| rtl.eq_ignore_ascii_case(primary))
}

/// Why a definition cannot be published.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DefinitionError {
    #[error("the definition is not valid JSON for an instrument: {0}")]
    Malformed(String),
    #[error("the instrument id must be 1-64 lowercase letters, digits or '-', got {0:?}")]
    BadId(String),
    #[error("the version must be 1 or more")]
    BadVersion,
    #[error("the instrument has no items")]
    NoItems,
    #[error("item id {0:?} is used more than once")]
    DuplicateItem(String),
    #[error("measure id {0:?} is used more than once")]
    DuplicateMeasure(String),
    #[error("item {item:?}: {problem}")]
    BadItem { item: String, problem: String },
    #[error("item {item:?} has a condition on {on:?}, which is not an earlier numeric item")]
    BadCondition { item: String, on: String },
    #[error("measure {measure:?}: {problem}")]
    BadMeasure { measure: String, problem: String },
    #[error("measure {measure:?} has bands that do not cover {low}..={high} exactly once")]
    BadBands {
        measure: String,
        low: i64,
        high: i64,
    },
    #[error("risk rule {rule:?}: {problem}")]
    BadRisk { rule: String, problem: String },
    #[error("translation {language:?}: {problem}")]
    BadTranslation { language: String, problem: String },
    #[error("{id} version {version} is already published and cannot be changed")]
    AlreadyPublished { id: String, version: u32 },
}

impl InstrumentDefinition {
    /// Parses and checks a definition.
    pub fn from_json(json: &str) -> Result<Self, DefinitionError> {
        let definition: Self =
            serde_json::from_str(json).map_err(|e| DefinitionError::Malformed(e.to_string()))?;
        definition.check()?;
        Ok(definition)
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|item| item.id == id)
    }

    /// Whether the licence requires an organisation's registration before use.
    pub fn is_licensed(&self) -> bool {
        self.licence.kind == LicenceKind::Licensed
    }

    /// Checks the definition is internally consistent.
    pub fn check(&self) -> Result<(), DefinitionError> {
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 64
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok {
            return Err(DefinitionError::BadId(self.id.clone()));
        }
        if self.version == 0 {
            return Err(DefinitionError::BadVersion);
        }
        if self.items.is_empty() {
            return Err(DefinitionError::NoItems);
        }
        let mut item_ids = BTreeSet::new();
        for (index, item) in self.items.iter().enumerate() {
            if !item_ids.insert(item.id.as_str()) {
                return Err(DefinitionError::DuplicateItem(item.id.clone()));
            }
            check_item(item)?;
            for condition in &item.enable_when {
                let source = self.items[..index]
                    .iter()
                    .find(|earlier| earlier.id == condition.item)
                    .filter(|earlier| earlier.response.numeric_range().is_some());
                let Some(source) = source else {
                    return Err(DefinitionError::BadCondition {
                        item: item.id.clone(),
                        on: condition.item.clone(),
                    });
                };
                let (low, high) = source.response.numeric_range().unwrap_or((0, 0));
                if condition.value < low || condition.value > high {
                    return Err(DefinitionError::BadItem {
                        item: item.id.clone(),
                        problem: format!(
                            "its condition compares {} with {}, outside that item's answers {low}..={high}",
                            condition.item, condition.value
                        ),
                    });
                }
            }
        }
        let mut measure_ids = BTreeSet::new();
        for measure in &self.measures {
            if !measure_ids.insert(measure.id.as_str()) {
                return Err(DefinitionError::DuplicateMeasure(measure.id.clone()));
            }
            self.check_measure(measure)?;
        }
        let mut rule_ids = BTreeSet::new();
        for rule in &self.risks {
            if !rule_ids.insert(rule.id.as_str()) {
                return Err(DefinitionError::BadRisk {
                    rule: rule.id.clone(),
                    problem: "the id is used more than once".to_owned(),
                });
            }
            let numeric = self
                .item(&rule.item)
                .and_then(|i| i.response.numeric_range());
            match numeric {
                None => {
                    return Err(DefinitionError::BadRisk {
                        rule: rule.id.clone(),
                        problem: format!("{:?} is not a numeric item", rule.item),
                    });
                }
                Some((low, high)) if rule.at_least < low || rule.at_least > high => {
                    return Err(DefinitionError::BadRisk {
                        rule: rule.id.clone(),
                        problem: format!("threshold {} is outside {low}..={high}", rule.at_least),
                    });
                }
                Some(_) => {}
            }
        }
        for (language, translation) in &self.translations {
            for (item_id, text) in &translation.items {
                let Some(item) = self.item(item_id) else {
                    return Err(DefinitionError::BadTranslation {
                        language: language.clone(),
                        problem: format!("there is no item {item_id:?}"),
                    });
                };
                if let Some(value) = text.options.keys().find(|v| !item.response.accepts(**v)) {
                    return Err(DefinitionError::BadTranslation {
                        language: language.clone(),
                        problem: format!("item {item_id:?} has no option {value}"),
                    });
                }
            }
        }
        Ok(())
    }

    fn check_measure(&self, measure: &Measure) -> Result<(), DefinitionError> {
        let bad = |problem: String| DefinitionError::BadMeasure {
            measure: measure.id.clone(),
            problem,
        };
        let numeric_items = |items: &[String]| -> Result<Vec<(i64, i64)>, DefinitionError> {
            if items.is_empty() {
                return Err(bad("it names no items".to_owned()));
            }
            items
                .iter()
                .map(|id| {
                    self.item(id)
                        .and_then(|item| item.response.numeric_range())
                        .ok_or_else(|| {
                            bad(format!("{id:?} is not a numeric item of the instrument"))
                        })
                })
                .collect()
        };
        let range = match &measure.method {
            ScoreMethod::Item { item } => Some(numeric_items(std::slice::from_ref(item))?[0]),
            ScoreMethod::Sum { items, .. } => {
                let ranges = numeric_items(items)?;
                Some(ranges.iter().fold((0, 0), |(a, b), (l, h)| (a + l, b + h)))
            }
            ScoreMethod::SumLookup { items, table } => {
                let ranges = numeric_items(items)?;
                let (low, high) = ranges.iter().fold((0, 0), |(a, b), (l, h)| (a + l, b + h));
                let raws: Vec<i64> = table.iter().map(|row| row.raw).collect();
                if raws != (low..=high).collect::<Vec<_>>() {
                    return Err(bad(format!(
                        "its table must give every raw total from {low} to {high} once, in order"
                    )));
                }
                None
            }
            ScoreMethod::Indicator { item, values } => {
                let item_def = self
                    .item(item)
                    .ok_or_else(|| bad(format!("{item:?} is not an item of the instrument")))?;
                if let Some(v) = values.iter().find(|v| !item_def.response.accepts(**v)) {
                    return Err(bad(format!("{v} is not an answer of {item:?}")));
                }
                Some((0, 1))
            }
            ScoreMethod::GoalAttainment { item, rho, .. } => {
                let is_goals = self
                    .item(item)
                    .is_some_and(|i| matches!(i.response, ResponseFormat::Goals { .. }));
                if !is_goals {
                    return Err(bad(format!("{item:?} is not a goals item")));
                }
                if !(0.0..1.0).contains(rho) {
                    return Err(bad(format!("rho must be from 0 up to 1, got {rho}")));
                }
                None
            }
        };
        if let Some(caseness) = &measure.caseness {
            let inside = range.is_none_or(|(low, high)| {
                caseness.at_least > low as f64 && caseness.at_least <= high as f64
            });
            if !caseness.at_least.is_finite() || !inside {
                return Err(bad(format!(
                    "its caseness cut-off {} must lie above the lowest score and within the range",
                    caseness.at_least
                )));
            }
            if measure.higher_is_better {
                return Err(bad(
                    "a caseness cut-off (cases at or above it) needs a score where lower is better"
                        .to_owned(),
                ));
            }
        }
        if !measure.bands.is_empty() {
            let Some((low, high)) = range else {
                return Err(bad(
                    "bands are only allowed on whole-number scores".to_owned()
                ));
            };
            if !bands_partition(&measure.bands, low, high) {
                return Err(DefinitionError::BadBands {
                    measure: measure.id.clone(),
                    low,
                    high,
                });
            }
        }
        Ok(())
    }
}

fn check_item(item: &Item) -> Result<(), DefinitionError> {
    let bad = |problem: String| DefinitionError::BadItem {
        item: item.id.clone(),
        problem,
    };
    if item.id.is_empty() || item.id.len() > 64 {
        return Err(bad("an item id must be 1-64 characters".to_owned()));
    }
    match &item.response {
        ResponseFormat::Scale { min, max, .. } => {
            if min >= max {
                return Err(bad(format!(
                    "its scale minimum {min} is not below its maximum {max}"
                )));
            }
            if min.abs() > MAX_OPTION_VALUE || max.abs() > MAX_OPTION_VALUE {
                return Err(bad(format!(
                    "scale values must lie within -{MAX_OPTION_VALUE}..={MAX_OPTION_VALUE}"
                )));
            }
        }
        ResponseFormat::Choice { options } => {
            if options.len() < 2 {
                return Err(bad("a choice needs at least two options".to_owned()));
            }
            let mut seen = BTreeSet::new();
            for option in options {
                if option.value.abs() > MAX_OPTION_VALUE {
                    return Err(bad(format!(
                        "option value {} is out of range -{MAX_OPTION_VALUE}..={MAX_OPTION_VALUE}",
                        option.value
                    )));
                }
                if !seen.insert(option.value) {
                    return Err(bad(format!("option value {} is used twice", option.value)));
                }
            }
        }
        ResponseFormat::Text { max_length } => {
            if *max_length == 0 || *max_length > 10_000 {
                return Err(bad("a text answer's max_length must be 1-10000".to_owned()));
            }
        }
        ResponseFormat::Goals { max_goals } => {
            if *max_goals == 0 || *max_goals > MAX_GOALS {
                return Err(bad(format!("max_goals must be 1-{MAX_GOALS}")));
            }
        }
    }
    Ok(())
}

/// True when the bands, in order, cover `low..=high` with no gap and no overlap.
fn bands_partition(bands: &[Band], low: i64, high: i64) -> bool {
    let mut next = low;
    for band in bands {
        if band.min != next || band.max < band.min {
            return false;
        }
        next = band.max + 1;
    }
    next == high + 1
}
