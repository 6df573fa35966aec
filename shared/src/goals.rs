//! Goal Attainment Scaling (GAS): goals agreed with the patient and the Kiresuk-Sherman T-score.
//!
//! Levels follow Turner-Stokes (Clin Rehabil 2009;23:362-70): -2 much less than expected, -1 less
//! than expected, 0 the expected outcome (the goal as agreed), +1 better, +2 much better.
//! Baseline is -1 when the person has some ability towards the goal, -2 when none (King's College
//! London GAS toolkit). Weights are optional: importance 0-3 and difficulty 0-3 (KCL), combined as
//! weight = importance x difficulty (Turner-Stokes; *verify*).

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The attainment levels, lowest first.
pub const LEVELS: [i64; 5] = [-2, -1, 0, 1, 2];
/// Longest goal or level description accepted.
pub const MAX_DESCRIPTION_CHARS: usize = 500;

/// One goal, as set with the patient and, at review, rated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    /// Stable within the goal set, so a review can be matched to its goal.
    pub id: String,
    /// The goal in the patient's words.
    pub description: String,
    /// What each level -2..=2 would look like for this goal.
    pub levels: BTreeMap<i64, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importance: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<u8>,
    /// Where the patient is when the goal is set: -1 or -2.
    pub baseline: i64,
    /// Where the patient is at review, -2..=2; absent until the goal is reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attainment: Option<i64>,
}

impl Goal {
    /// Turner-Stokes weight (importance x difficulty), when both ratings were given.
    pub fn weight(&self) -> Option<f64> {
        Some(f64::from(self.importance?) * f64::from(self.difficulty?))
    }
}

/// Checks a goal set; returns every problem as (field path, message).
pub fn check_goals(goals: &[Goal], max_goals: u32) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    if goals.is_empty() || goals.len() > max_goals as usize {
        problems.push((
            String::new(),
            format!("agree between 1 and {max_goals} goals"),
        ));
    }
    let mut ids = BTreeSet::new();
    for (index, goal) in goals.iter().enumerate() {
        let mut problem = |field: &str, message: String| {
            problems.push((format!("[{index}].{field}"), message));
        };
        if goal.id.trim().is_empty() || goal.id.len() > 64 {
            problem("id", "a goal id must be 1-64 characters".to_owned());
        } else if !ids.insert(goal.id.as_str()) {
            problem("id", format!("goal id {:?} is used twice", goal.id));
        }
        let description_ok =
            |text: &str| !text.trim().is_empty() && text.chars().count() <= MAX_DESCRIPTION_CHARS;
        if !description_ok(&goal.description) {
            problem(
                "description",
                format!("describe the goal in 1-{MAX_DESCRIPTION_CHARS} characters"),
            );
        }
        for level in LEVELS {
            if !goal
                .levels
                .get(&level)
                .is_some_and(|text| description_ok(text))
            {
                problem(
                    "levels",
                    format!("describe level {level:+} in 1-{MAX_DESCRIPTION_CHARS} characters"),
                );
            }
        }
        if let Some(extra) = goal.levels.keys().find(|level| !LEVELS.contains(level)) {
            problem("levels", format!("{extra} is not a GAS level (-2 to +2)"));
        }
        for (field, rating) in [
            ("importance", goal.importance),
            ("difficulty", goal.difficulty),
        ] {
            if rating.is_some_and(|r| r > 3) {
                problem(field, format!("{field} is rated 0 to 3"));
            }
        }
        if !matches!(goal.baseline, -2 | -1) {
            problem(
                "baseline",
                "the baseline is -1 (some ability towards the goal) or -2 (none)".to_owned(),
            );
        }
        if goal.attainment.is_some_and(|a| !LEVELS.contains(&a)) {
            problem("attainment", "attainment is rated from -2 to +2".to_owned());
        }
    }
    let reviewed = goals.iter().filter(|g| g.attainment.is_some()).count();
    if reviewed != 0 && reviewed != goals.len() {
        problems.push((
            String::new(),
            "rate the attainment of every goal, or of none".to_owned(),
        ));
    }
    problems
}

/// The Kiresuk-Sherman T-score (1968) over `(weight, level)` pairs:
///
/// T = 50 + 10 * sum(w x) / sqrt((1 - rho) * sum(w^2) + rho * (sum w)^2)
///
/// with rho the assumed correlation between goals (conventionally 0.3). `None` when there are no
/// goals or all weights are zero.
pub fn t_score(goals: &[(f64, i64)], rho: f64) -> Option<f64> {
    let sum_w: f64 = goals.iter().map(|(w, _)| w).sum();
    let sum_w2: f64 = goals.iter().map(|(w, _)| w * w).sum();
    let sum_wx: f64 = goals.iter().map(|(w, x)| w * *x as f64).sum();
    let denominator = ((1.0 - rho) * sum_w2 + rho * sum_w * sum_w).sqrt();
    if goals.is_empty() || denominator == 0.0 {
        return None;
    }
    Some(50.0 + 10.0 * sum_wx / denominator)
}
