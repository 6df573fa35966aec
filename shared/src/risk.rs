//! Risk rules: answers that must alert the practitioner at once (PHQ-9 item 9 above 0).
//!
//! The same evaluation runs on the tablet the moment an answer is given, offline included, and on
//! the server when the response arrives, so the alert travels with the response and cannot be
//! lost by a device that failed to raise it.

use crate::instrument::{InstrumentDefinition, RiskRule};
use serde::{Deserialize, Serialize};

/// A risk rule that fired for a response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskAlert {
    pub rule: String,
    pub item: String,
    pub answer: i64,
}

/// The rules of `definition` that fire for `item` answered with `value` (used while answering).
pub fn rules_fired_by<'a>(
    definition: &'a InstrumentDefinition,
    item: &str,
    value: i64,
) -> Vec<&'a RiskRule> {
    definition
        .risks
        .iter()
        .filter(|rule| rule.item == item && value >= rule.at_least)
        .collect()
}

/// Every alert raised by a set of numeric answers.
pub fn alerts<'a>(
    definition: &InstrumentDefinition,
    numeric_answer: impl Fn(&str) -> Option<i64> + 'a,
) -> Vec<RiskAlert> {
    definition
        .risks
        .iter()
        .filter_map(|rule| {
            let answer = numeric_answer(&rule.item)?;
            (answer >= rule.at_least).then(|| RiskAlert {
                rule: rule.id.clone(),
                item: rule.item.clone(),
                answer,
            })
        })
        .collect()
}
