//! The declarative, versioned definition of a questionnaire (an "instrument").
//!
//! A definition is data: items with their answer format, and measures that say how each score is
//! computed, which outcome domain it belongs to and how it is banded. A published `(id, version)`
//! is immutable; changes are published as a new version and old responses keep their version.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    pub items: Vec<Item>,
    pub measures: Vec<Measure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Licence {
    pub kind: LicenceKind,
    pub holder: String,
    pub notice: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenceKind {
    /// Free to use (public domain or an open licence).
    Open,
    /// Needs an organisation's registration or licence before it is enabled.
    Licensed,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Stable key of the answer, unique within the definition.
    pub id: String,
    pub text: String,
    pub response: ResponseFormat,
    #[serde(default = "required_by_default")]
    pub required: bool,
}

fn required_by_default() -> bool {
    true
}

/// What kind of answer an item takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ResponseFormat {
    /// A whole number from `min` to `max` inclusive, shown as one large button per value.
    Scale {
        min: i64,
        max: i64,
        min_label: String,
        max_label: String,
    },
}

impl ResponseFormat {
    /// The inclusive range of accepted values.
    pub fn range(&self) -> (i64, i64) {
        match self {
            ResponseFormat::Scale { min, max, .. } => (*min, *max),
        }
    }
}

/// A score reported for the instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub id: String,
    pub label: String,
    /// Outcome domain id from the domain list.
    pub domain: String,
    pub method: ScoreMethod,
    pub higher_is_better: bool,
    /// Threshold bands over the score, covering its whole range without gaps or overlaps.
    #[serde(default)]
    pub bands: Vec<Band>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ScoreMethod {
    /// The score is the answer to a single item (ONS4 reports each question on its own).
    Item { item: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub min: i64,
    pub max: i64,
    pub label: String,
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
    #[error("item {item:?} has a scale whose minimum {min} is not below its maximum {max}")]
    EmptyScale { item: String, min: i64, max: i64 },
    #[error("measure {measure:?} refers to item {item:?}, which the instrument does not have")]
    UnknownItem { measure: String, item: String },
    #[error("measure {measure:?} has bands that do not cover {low}..={high} exactly once")]
    BadBands {
        measure: String,
        low: i64,
        high: i64,
    },
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
        for item in &self.items {
            if !item_ids.insert(item.id.as_str()) {
                return Err(DefinitionError::DuplicateItem(item.id.clone()));
            }
            let (min, max) = item.response.range();
            if min >= max {
                return Err(DefinitionError::EmptyScale {
                    item: item.id.clone(),
                    min,
                    max,
                });
            }
        }
        let mut measure_ids = BTreeSet::new();
        for measure in &self.measures {
            if !measure_ids.insert(measure.id.as_str()) {
                return Err(DefinitionError::DuplicateMeasure(measure.id.clone()));
            }
            let ScoreMethod::Item { item } = &measure.method;
            let Some(source) = self.item(item) else {
                return Err(DefinitionError::UnknownItem {
                    measure: measure.id.clone(),
                    item: item.clone(),
                });
            };
            let (low, high) = source.response.range();
            if !measure.bands.is_empty() && !bands_partition(&measure.bands, low, high) {
                return Err(DefinitionError::BadBands {
                    measure: measure.id.clone(),
                    low,
                    high,
                });
            }
        }
        Ok(())
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|item| item.id == id)
    }
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
