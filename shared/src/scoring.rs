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
