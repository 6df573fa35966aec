//! Time points and pairing: which of a patient's responses to an instrument form an episode's
//! baseline and follow-up, so change is computed on matched pairs only.
//!
//! # The rules
//!
//! Pairing runs per patient and instrument, over the responses in time order (`recorded_at`, then
//! the response id, so equal times always order the same way).
//!
//! 1. **Corrections first.** A response named in another's `supersedes` is removed before
//!    anything else (a chain A <- B <- C leaves only C). The correction keeps its own time and
//!    time point.
//! 2. **Baselines.** A response marked [`TimePoint::Baseline`] always opens a new episode (closing
//!    any open one). An unmarked response opens an episode when none is open.
//! 3. **Follow-up candidates.** While an episode is open, an unmarked or `review` response is a
//!    candidate when it falls in the window: at least [`PairingRules::min_days`] calendar days
//!    after the baseline and no later than [`PairingRules::max_months`] calendar months after it
//!    (both on UTC dates). The follow-up is the latest candidate.
//! 4. **Final.** A `final` response inside the window is the follow-up, whatever came before it,
//!    and closes the episode.
//!
//! # Edge cases, decided
//!
//! - *Two responses the same day, neither marked:* the first is the baseline; the second is too
//!   early to be a follow-up (0 days) and counts in cross-sectional figures only.
//! - *Two baselines the same day:* the later one opens a new episode; the first episode has no
//!   follow-up.
//! - *A `review` before 14 days:* not a candidate; it is ignored for pairing and the episode
//!   stays open for a later follow-up.
//! - *A `final` before 14 days:* it ends the episode (the practitioner said the work ended), and
//!   since nothing earlier can be in the window the episode has no follow-up.
//! - *A `final` after 12 months:* it ends the episode, but outside the window it is not the
//!   follow-up; the episode keeps the latest candidate inside the window, if any.
//! - *An unmarked response after the window:* the open episode closes and this response opens a
//!   new episode as its baseline (someone returning after more than a year starts afresh).
//! - *A `review` or `final` with no open episode* (the baseline was never recorded, or the
//!   window had passed): unpaired; it counts in cross-sectional figures only. It never becomes
//!   a baseline, because it was not taken at the start of the work.
//! - *No patient:* the response counts in cross-sectional figures only ([`Pairing::current`]).
//!
//! # Example
//!
//! ```
//! use shared::outcomes::pairing::{Observation, PairingRules, TimePoint, pair};
//! use shared::ResponseId;
//! use time::macros::datetime;
//!
//! let response = |n: u128, at, time_point| Observation {
//!     response_id: ResponseId::from_uuid(uuid::Uuid::from_u128(n)),
//!     patient: Some("p1".to_owned()),
//!     instrument: "phq9".to_owned(),
//!     values: [("total".to_owned(), 12.0)].into(),
//!     recorded_at: at,
//!     time_point,
//!     supersedes: None,
//! };
//! let responses = [
//!     response(1, datetime!(2026-01-05 10:00 UTC), None), // baseline
//!     response(2, datetime!(2026-01-12 10:00 UTC), None), // 7 days: too early
//!     response(3, datetime!(2026-02-02 10:00 UTC), None), // 28 days: a candidate
//!     response(4, datetime!(2026-03-02 10:00 UTC), Some(TimePoint::Review)), // 56 days: later
//! ];
//! let pairing = pair(&responses, &PairingRules::default());
//! assert_eq!(pairing.episodes.len(), 1);
//! let episode = &pairing.episodes[0];
//! assert_eq!(episode.follow_up.unwrap().response_id, responses[3].response_id);
//! assert_eq!(episode.days(), Some(56));
//! assert_eq!(pairing.current.len(), 4); // all four count cross-sectionally
//! ```

use crate::ids::ResponseId;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use time::{Date, Month, OffsetDateTime, UtcOffset};

pub use crate::response::TimePoint;

/// One scored response as pairing sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub response_id: ResponseId,
    /// The patient's pseudonym; `None` for anonymous responses (cross-sectional only).
    pub patient: Option<String>,
    pub instrument: String,
    /// Measure id -> score.
    pub values: BTreeMap<String, f64>,
    pub recorded_at: OffsetDateTime,
    pub time_point: Option<TimePoint>,
    /// The response this one corrects.
    pub supersedes: Option<ResponseId>,
}

/// The follow-up window. The defaults are at least 14 days and at most 12 months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingRules {
    /// The fewest calendar days from baseline to follow-up.
    pub min_days: i64,
    /// The most calendar months from baseline to follow-up (the same day of the month, or the
    /// month's last day when it is shorter: 31 January + 1 month = 28 or 29 February).
    pub max_months: u32,
}

impl Default for PairingRules {
    fn default() -> Self {
        Self {
            min_days: 14,
            max_months: 12,
        }
    }
}

impl PairingRules {
    /// Whether `later` falls in the follow-up window of `baseline` (compared as UTC dates).
    pub fn in_window(&self, baseline: OffsetDateTime, later: OffsetDateTime) -> bool {
        let (start, end) = (utc_date(baseline), utc_date(later));
        (end - start).whole_days() >= self.min_days && end <= add_months(start, self.max_months)
    }

    /// Whether `later` is past the end of the window of `baseline`.
    fn past_window(&self, baseline: OffsetDateTime, later: OffsetDateTime) -> bool {
        utc_date(later) > add_months(utc_date(baseline), self.max_months)
    }
}

/// A baseline and, when one qualified, its follow-up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Episode<'a> {
    pub patient: &'a str,
    pub instrument: &'a str,
    pub baseline: &'a Observation,
    pub follow_up: Option<&'a Observation>,
}

impl Episode<'_> {
    /// Calendar days (UTC dates) from baseline to follow-up.
    pub fn days(&self) -> Option<i64> {
        self.follow_up
            .map(|f| (utc_date(f.recorded_at) - utc_date(self.baseline.recorded_at)).whole_days())
    }

    /// The baseline and follow-up scores of one measure, when both have it.
    pub fn scores(&self, measure: &str) -> Option<(f64, f64)> {
        let follow_up = self.follow_up?;
        Some((
            *self.baseline.values.get(measure)?,
            *follow_up.values.get(measure)?,
        ))
    }
}

/// What pairing makes of a set of responses.
#[derive(Debug, Clone, PartialEq)]
pub struct Pairing<'a> {
    /// Every response not superseded by a correction, with or without a patient, in input
    /// order: the population of cross-sectional figures.
    pub current: Vec<&'a Observation>,
    /// Episodes ordered by patient, instrument and baseline time.
    pub episodes: Vec<Episode<'a>>,
}

/// Pairs responses into episodes under `rules` (see the module documentation).
pub fn pair<'a>(observations: &'a [Observation], rules: &PairingRules) -> Pairing<'a> {
    let superseded: BTreeSet<ResponseId> =
        observations.iter().filter_map(|o| o.supersedes).collect();
    let current: Vec<&Observation> = observations
        .iter()
        .filter(|o| !superseded.contains(&o.response_id))
        .collect();

    let mut groups: BTreeMap<(&str, &str), Vec<&Observation>> = BTreeMap::new();
    for observation in &current {
        if let Some(patient) = &observation.patient {
            groups
                .entry((patient.as_str(), observation.instrument.as_str()))
                .or_default()
                .push(observation);
        }
    }

    let mut episodes = Vec::new();
    for ((patient, instrument), mut group) in groups {
        group.sort_by_key(|o| (o.recorded_at, o.response_id));
        let mut open: Option<Episode<'a>> = None;
        for observation in group {
            let opens = |o| Episode {
                patient,
                instrument,
                baseline: o,
                follow_up: None,
            };
            match (observation.time_point, open.as_mut()) {
                (Some(TimePoint::Baseline), _) | (None, None) => {
                    episodes.extend(open.take());
                    open = Some(opens(observation));
                }
                (Some(_), None) => {} // a review or final with nothing to follow up
                (time_point, Some(episode)) => {
                    let baseline_at = episode.baseline.recorded_at;
                    if rules.in_window(baseline_at, observation.recorded_at) {
                        episode.follow_up = Some(observation);
                        if time_point == Some(TimePoint::Final) {
                            episodes.extend(open.take());
                        }
                    } else if time_point == Some(TimePoint::Final) {
                        episodes.extend(open.take());
                    } else if rules.past_window(baseline_at, observation.recorded_at) {
                        episodes.extend(open.take());
                        if time_point.is_none() {
                            open = Some(opens(observation));
                        }
                    }
                    // Otherwise too early: cross-sectional only, the episode stays open.
                }
            }
        }
        episodes.extend(open);
    }
    Pairing { current, episodes }
}

/// The follow-up funnel over distinct patients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientFunnel {
    /// Patients with at least one baseline.
    pub with_baseline: u64,
    /// Patients with at least one episode that has a follow-up.
    pub with_follow_up: u64,
}

impl PatientFunnel {
    /// Counts distinct patients over `episodes` (pass one instrument's episodes for that
    /// instrument's funnel).
    pub fn of<'a>(episodes: impl IntoIterator<Item = &'a Episode<'a>>) -> Self {
        let mut with_baseline = BTreeSet::new();
        let mut with_follow_up = BTreeSet::new();
        for episode in episodes {
            with_baseline.insert(episode.patient);
            if episode.follow_up.is_some() {
                with_follow_up.insert(episode.patient);
            }
        }
        Self {
            with_baseline: with_baseline.len() as u64,
            with_follow_up: with_follow_up.len() as u64,
        }
    }

    /// The share of patients with a baseline who have a follow-up, in percent.
    pub fn rate_percent(&self) -> Option<f64> {
        super::figures::percent(self.with_follow_up, self.with_baseline)
    }
}

fn utc_date(at: OffsetDateTime) -> Date {
    at.to_offset(UtcOffset::UTC).date()
}

/// `date` plus `months` calendar months, clamped to the last day of a shorter month.
pub fn add_months(date: Date, months: u32) -> Date {
    let index =
        i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).unwrap_or(i32::MAX);
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).unwrap_or(1))
        .unwrap_or(Month::January);
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn adding_months_clamps_to_the_end_of_a_shorter_month() {
        assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2028 - 01 - 31), 1), date!(2028 - 02 - 29));
        assert_eq!(add_months(date!(2026 - 03 - 15), 12), date!(2027 - 03 - 15));
        assert_eq!(add_months(date!(2028 - 02 - 29), 12), date!(2029 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 11 - 30), 3), date!(2027 - 02 - 28));
    }

    #[test]
    fn time_points_travel_as_snake_case_strings() {
        for (point, text) in [
            (TimePoint::Baseline, "baseline"),
            (TimePoint::Review, "review"),
            (TimePoint::Final, "final"),
        ] {
            assert_eq!(serde_json::to_value(point).unwrap(), text);
            assert_eq!(
                serde_json::from_value::<TimePoint>(text.into()).unwrap(),
                point
            );
        }
        assert!(serde_json::from_value::<TimePoint>("Final".into()).is_err());
    }
}
