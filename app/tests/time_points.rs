//! The time point a new questionnaire suggests from the patient's history: a baseline when
//! nothing earlier, a follow-up of the open episode's baseline, too soon inside 14 days, a new
//! baseline after a final or past 12 months; superseded responses do not count.
#![cfg(target_arch = "wasm32")]

use app::workflow::time_points::{Suggestion, suggest};
use shared::api::PatientChange;
use shared::outcomes::pairing::PairingRules;
use shared::response::TimePoint;
use time::macros::datetime;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn change(id: &str, at: &str, time_point: Option<TimePoint>) -> PatientChange {
    PatientChange {
        response_id: id.to_owned(),
        patient: "p".to_owned(),
        instrument_id: "phq9".to_owned(),
        instrument_version: 1,
        recorded_at: at.to_owned(),
        role: "dietitian".to_owned(),
        supersedes: None,
        time_point,
        scores: Vec::new(),
        goals: None,
    }
}

#[wasm_bindgen_test]
fn the_suggestion_follows_the_episodes_of_the_history() {
    let rules = PairingRules::default();
    let now = datetime!(2026-12-01 10:00 UTC);
    fn at(history: &[PatientChange]) -> Suggestion {
        suggest(
            history,
            "phq9",
            datetime!(2026-12-01 10:00 UTC),
            &PairingRules::default(),
        )
    }
    assert_eq!(at(&[]), Suggestion::Baseline);
    let first = change("a", "2026-10-12T09:00:00Z", None);
    assert_eq!(
        at(std::slice::from_ref(&first)),
        Suggestion::FollowUp {
            baseline_at: "2026-10-12T09:00:00Z".to_owned()
        }
    );
    assert_eq!(
        suggest(std::slice::from_ref(&first), "phq9", now, &rules).time_point(),
        Some(TimePoint::Review)
    );
    // Another instrument's history says nothing about PHQ-9.
    assert_eq!(
        suggest(std::slice::from_ref(&first), "gad7", now, &rules),
        Suggestion::Baseline
    );
    // A baseline 5 days ago: too soon for a follow-up, left automatic.
    let recent = change("b", "2026-11-26T09:00:00Z", Some(TimePoint::Baseline));
    let too_soon = at(&[first.clone(), recent.clone()]);
    assert_eq!(
        too_soon,
        Suggestion::TooSoon {
            baseline_at: "2026-11-26T09:00:00Z".to_owned(),
            days: 5
        }
    );
    assert_eq!(too_soon.time_point(), None);
    // A final closed the episode: a new baseline.
    let last = change("c", "2026-11-20T09:00:00Z", Some(TimePoint::Final));
    assert_eq!(
        at(&[first.clone(), last.clone()]),
        Suggestion::NewBaseline {
            baseline_at: "2026-10-12T09:00:00Z".to_owned()
        }
    );
    // Past 12 months: a new baseline.
    let old = change("d", "2025-06-01T09:00:00Z", None);
    assert_eq!(at(&[old]).time_point(), Some(TimePoint::Baseline));
    // A superseded response does not count.
    let mut correction = change("e", "2026-11-27T09:00:00Z", None);
    correction.supersedes = Some("b".to_owned());
    assert_eq!(
        at(&[first, recent, correction]),
        Suggestion::FollowUp {
            baseline_at: "2026-10-12T09:00:00Z".to_owned()
        }
    );
}
