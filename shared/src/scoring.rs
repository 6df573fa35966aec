//! Scoring of a validated response with the definition it was collected on.
//!
//! Every score is stored with [`SCORING_VERSION`], so a change to a scoring rule can be traced and
//! old scores recomputed. Scoring is O(items) and runs identically on the tablet and the server.
//!
//! Missing-item rules, per method:
//! - `item`, `indicator`: scored only when the item was answered.
//! - `sum` with `complete`: scored only when every item was answered.
//! - `sum` with `prorate { max_missing }`: the sum of the answered items times (items / answered),
//!   rounded half up, when at most `max_missing` are unanswered. The PHQ-9 uses `max_missing: 2`
//!   (PHQ Instruction Manual, Pfizer, "missing items"; Arrieta et al., Psychol Assess 2017;29:1170,
//!   found prorating accurate with up to two missing; *verify*).
//! - `sum_lookup`: only a complete set is converted (Warwick: convert only complete SWEMWBS).
//! - `goal_attainment`: only when every goal has the level rated (and weights for weighted scores).

use crate::instrument::{GoalLevel, MissingRule, ScoreMethod};
use crate::validate::{Answer, ValidResponse};
use serde::{Deserialize, Serialize};

/// Bumped whenever any scoring rule changes.
pub const SCORING_VERSION: u32 = 1;

/// All scores of one response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    pub scoring_version: u32,
    pub measures: Vec<MeasureScore>,
}

impl Scores {
    pub fn get(&self, measure: &str) -> Option<&MeasureScore> {
        self.measures.iter().find(|m| m.measure == measure)
    }
}

/// One reported score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureScore {
    pub measure: String,
    pub domain: String,
    pub value: f64,
    /// The threshold band the value falls in, where the instrument defines bands.
    pub band: Option<String>,
}

/// The name a stored score goes by across instruments: `<instrument>.<measure>`, e.g.
/// `phq9.total` (in score rows, aggregates and the change feed). Instrument ids hold no `.`, so
/// the first `.` separates the two.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MeasureKey {
    instrument: String,
    measure: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a measure key: it must be <instrument>.<measure>")]
pub struct InvalidMeasureKey(pub String);

impl MeasureKey {
    pub fn new(instrument: &str, measure: &str) -> Self {
        Self {
            instrument: instrument.to_owned(),
            measure: measure.to_owned(),
        }
    }

    pub fn parse(text: &str) -> Result<Self, InvalidMeasureKey> {
        match text.split_once('.') {
            Some((instrument, measure)) if !instrument.is_empty() && !measure.is_empty() => {
                Ok(Self::new(instrument, measure))
            }
            _ => Err(InvalidMeasureKey(text.to_owned())),
        }
    }

    pub fn instrument(&self) -> &str {
        &self.instrument
    }

    pub fn measure(&self) -> &str {
        &self.measure
    }
}

impl std::fmt::Display for MeasureKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.instrument, self.measure)
    }
}

impl TryFrom<String> for MeasureKey {
    type Error = InvalidMeasureKey;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<MeasureKey> for String {
    fn from(key: MeasureKey) -> String {
        key.to_string()
    }
}

/// Scores every measure of the response's instrument that its answers allow.
pub fn score(response: &ValidResponse<'_>) -> Scores {
    let measures = response
        .definition
        .measures
        .iter()
        .filter_map(|measure| {
            let value = measure_value(&measure.method, response)?;
            let band = if value.fract() == 0.0 {
                band_for(&measure.bands, value as i64).map(str::to_owned)
            } else {
                None
            };
            Some(MeasureScore {
                measure: measure.id.clone(),
                domain: measure.domain.clone(),
                value,
                band,
            })
        })
        .collect();
    Scores {
        scoring_version: SCORING_VERSION,
        measures,
    }
}

fn integer(response: &ValidResponse<'_>, item: &str) -> Option<i64> {
    response.answers.get(item).and_then(Answer::as_integer)
}

fn measure_value(method: &ScoreMethod, response: &ValidResponse<'_>) -> Option<f64> {
    match method {
        ScoreMethod::Item { item } => integer(response, item).map(|v| v as f64),
        ScoreMethod::Sum { items, missing } => {
            let answered: Vec<i64> = items.iter().filter_map(|i| integer(response, i)).collect();
            let unanswered = items.len() - answered.len();
            let sum: i64 = answered.iter().sum();
            match missing {
                MissingRule::Complete if unanswered == 0 => Some(sum as f64),
                MissingRule::Complete => None,
                MissingRule::Prorate { max_missing }
                    if unanswered <= *max_missing as usize && !answered.is_empty() =>
                {
                    Some(prorate(sum, answered.len(), items.len()) as f64)
                }
                MissingRule::Prorate { .. } => None,
            }
        }
        ScoreMethod::SumLookup { items, table } => {
            let mut raw = 0;
            for item in items {
                raw += integer(response, item)?;
            }
            table.iter().find(|row| row.raw == raw).map(|row| row.score)
        }
        ScoreMethod::Indicator { item, values } => {
            integer(response, item).map(|v| if values.contains(&v) { 1.0 } else { 0.0 })
        }
        ScoreMethod::GoalAttainment {
            item,
            level,
            weighted,
            rho,
        } => {
            let Some(Answer::Goals(goals)) = response.answers.get(item) else {
                return None;
            };
            let pairs: Option<Vec<(f64, i64)>> = goals
                .iter()
                .map(|goal| {
                    let x = match level {
                        GoalLevel::Baseline => Some(goal.baseline),
                        GoalLevel::Attainment => goal.attainment,
                    }?;
                    let w = if *weighted { goal.weight()? } else { 1.0 };
                    Some((w, x))
                })
                .collect();
            crate::goals::t_score(&pairs?, *rho)
        }
    }
}

/// `sum * total / answered`, rounded half up, in exact integer arithmetic.
fn prorate(sum: i64, answered: usize, total: usize) -> i64 {
    let (answered, total) = (answered as i64, total as i64);
    (2 * sum * total + answered).div_euclid(2 * answered)
}

/// The label of the band containing `value`.
pub fn band_for(bands: &[crate::instrument::Band], value: i64) -> Option<&str> {
    bands
        .iter()
        .find(|band| (band.min..=band.max).contains(&value))
        .map(|band| band.label.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_measure_key_is_instrument_dot_measure_both_ways() {
        let key = MeasureKey::new("phq9", "total");
        assert_eq!(key.to_string(), "phq9.total");
        assert_eq!(MeasureKey::parse("phq9.total"), Ok(key.clone()));
        assert_eq!(serde_json::to_value(&key).unwrap(), "phq9.total");
        let split = MeasureKey::parse("gas.t.weighted").unwrap();
        assert_eq!((split.instrument(), split.measure()), ("gas", "t.weighted"));
        for bad in ["phq9", ".total", "phq9.", ""] {
            assert_eq!(
                MeasureKey::parse(bad),
                Err(InvalidMeasureKey(bad.to_owned()))
            );
        }
    }
}
