//! Scoring of a validated response with the definition it was collected on.
//!
//! Every score is stored with [`SCORING_VERSION`], so a change to a scoring rule can be traced and
//! old scores recomputed. Scoring is O(items) and allocation-light so it runs instantly on a tablet.

use crate::instrument::{Band, ScoreMethod};
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

/// One reported score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureScore {
    pub measure: String,
    pub domain: String,
    pub value: f64,
    /// The threshold band the value falls in, where the instrument defines bands.
    pub band: Option<String>,
}

/// Scores every measure of the response's instrument. A measure whose source item was left
/// unanswered (only possible for optional items) is not scored.
pub fn score(response: &ValidResponse<'_>) -> Scores {
    let measures = response
        .definition
        .measures
        .iter()
        .filter_map(|measure| {
            let ScoreMethod::Item { item } = &measure.method;
            let Answer::Integer(value) = *response.answers.get(item)?;
            Some(MeasureScore {
                measure: measure.id.clone(),
                domain: measure.domain.clone(),
                value: value as f64,
                band: band_for(&measure.bands, value).map(str::to_owned),
            })
        })
        .collect();
    Scores {
        scoring_version: SCORING_VERSION,
        measures,
    }
}

/// The label of the band containing `value`.
pub fn band_for(bands: &[Band], value: i64) -> Option<&str> {
    bands
        .iter()
        .find(|band| (band.min..=band.max).contains(&value))
        .map(|band| band.label.as_str())
}
