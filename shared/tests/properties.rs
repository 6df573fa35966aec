//! Property tests (host only): scoring stays in range and monotonic, validation accepts exactly
//! the in-range answers, suppression never discloses a small count.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::json;
use shared::catalog::{InstrumentCatalog, default_roles};
use shared::response::ResponseRecord;
use shared::scoring::score;
use shared::stats::disclosed_count;
use shared::sync::retry_delay_ms;
use shared::validate::{ValidationContext, validate_response};
use time::macros::datetime;

fn record(values: [i64; 4]) -> ResponseRecord {
    serde_json::from_value(json!({
        "id": "6f1c1f0e-8d4b-4c2a-9b7e-1a2b3c4d5e6f",
        "instrument_id": "ons4",
        "instrument_version": 1,
        "recorded_at": "2026-11-21T09:30:00Z",
        "role": "dietitian",
        "answers": {
            "life_satisfaction": values[0], "worthwhile": values[1],
            "happiness": values[2], "anxiety": values[3],
        },
    }))
    .unwrap()
}

fn scored(values: [i64; 4]) -> Option<Vec<(f64, Option<String>)>> {
    let catalog = InstrumentCatalog::built_in();
    let roles = default_roles();
    let context = ValidationContext {
        catalog: &catalog,
        roles: &roles,
        now: datetime!(2026-11-21 12:00 UTC),
    };
    let record = record(values);
    let valid = validate_response(&record, &context).ok()?;
    Some(
        score(&valid)
            .measures
            .into_iter()
            .map(|m| (m.value, m.band))
            .collect(),
    )
}

const BAND_ORDER: [&str; 4] = ["Low", "Medium", "High", "Very high"];

proptest! {
    #[test]
    fn in_range_answers_are_valid_and_scored_as_given(values in prop::array::uniform4(0i64..=10)) {
        let scores = scored(values).expect("valid");
        prop_assert_eq!(scores.len(), 4);
        for (score, value) in scores.iter().zip(values) {
            prop_assert_eq!(score.0, value as f64);
            prop_assert!(score.1.is_some(), "every in-range value has a band");
        }
    }

    #[test]
    fn any_out_of_range_answer_is_invalid(values in prop::array::uniform4(-1000i64..=1000)) {
        let in_range = values.iter().all(|v| (0..=10).contains(v));
        prop_assert_eq!(scored(values).is_some(), in_range);
    }

    #[test]
    fn bands_never_go_down_as_satisfaction_goes_up(a in 0i64..=10, b in 0i64..=10) {
        let (low, high) = (a.min(b), a.max(b));
        let band = |v| scored([v, 0, 0, 0]).unwrap()[0].1.clone().unwrap();
        let rank = |label: String| BAND_ORDER.iter().position(|b| *b == label).unwrap();
        prop_assert!(rank(band(low)) <= rank(band(high)));
    }

    #[test]
    fn suppression_never_discloses_one_to_seven(count in 0u64..100_000) {
        match disclosed_count(count) {
            None => prop_assert!((1..=7).contains(&count)),
            Some(0) => prop_assert_eq!(count, 0),
            Some(shown) => {
                prop_assert!(count >= 8);
                prop_assert_eq!(shown % 5, 0);
                prop_assert!(shown.abs_diff(count) <= 2);
            }
        }
    }

    #[test]
    fn retry_delay_stays_within_half_and_whole_of_the_capped_exponential(
        attempt in 0u32..100, jitter in 0.0f64..1.0
    ) {
        let delay = retry_delay_ms(attempt, 2_000, 30_000, jitter);
        let full = 2_000u64.saturating_mul(1 << attempt.min(20)).min(30_000);
        prop_assert!(delay >= full / 2 && delay <= full);
    }
}

fn run(instrument: &str, answers: serde_json::Value) -> Option<shared::scoring::Scores> {
    let catalog = InstrumentCatalog::built_in();
    let roles = default_roles();
    let context = ValidationContext {
        catalog: &catalog,
        roles: &roles,
        now: datetime!(2026-11-21 12:00 UTC),
    };
    let record: ResponseRecord = serde_json::from_value(json!({
        "id": "6f1c1f0e-8d4b-4c2a-9b7e-1a2b3c4d5e6f",
        "instrument_id": instrument, "instrument_version": 1,
        "recorded_at": "2026-11-21T09:30:00Z", "role": "dietitian", "answers": answers,
    }))
    .unwrap();
    let valid = validate_response(&record, &context).ok()?;
    Some(score(&valid))
}

fn keyed(instrument: &str, values: &[i64]) -> serde_json::Value {
    let catalog = InstrumentCatalog::built_in();
    let ids = catalog
        .latest(instrument)
        .unwrap()
        .items
        .iter()
        .map(|i| i.id.clone());
    serde_json::Value::Object(ids.zip(values.iter().map(|v| json!(v))).collect())
}

fn total(instrument: &str, values: &[i64], measure: &str) -> f64 {
    run(instrument, keyed(instrument, values))
        .unwrap()
        .get(measure)
        .unwrap()
        .value
}

/// The measure before and after raising answer `which` by one (up to `max`).
fn raise_one(
    instrument: &str,
    measure: &str,
    values: &[i64],
    which: usize,
    max: i64,
) -> (f64, f64) {
    let mut raised = values.to_vec();
    raised[which] = (raised[which] + 1).min(max);
    (
        total(instrument, values, measure),
        total(instrument, &raised, measure),
    )
}

proptest! {
    #[test]
    fn phq9_total_is_in_range_and_never_falls_when_an_answer_rises(
        values in prop::collection::vec(0i64..=3, 9), which in 0usize..9
    ) {
        let (before, after) = raise_one("phq9", "total", &values, which, 3);
        prop_assert!((0.0..=27.0).contains(&before));
        prop_assert!(after >= before);
    }

    #[test]
    fn gad7_total_is_in_range_and_monotonic(
        values in prop::collection::vec(0i64..=3, 7), which in 0usize..7
    ) {
        let (before, after) = raise_one("gad7", "total", &values, which, 3);
        prop_assert!((0.0..=21.0).contains(&before));
        prop_assert!(after >= before);
    }

    #[test]
    fn swemwbs_metric_is_in_range_and_rises_with_the_raw_score(
        values in prop::collection::vec(1i64..=5, 7), which in 0usize..7
    ) {
        let (before, after) = raise_one("swemwbs", "metric", &values, which, 5);
        prop_assert!((7.0..=35.0).contains(&before));
        prop_assert!(after >= before);
        if values[which] < 5 { prop_assert!(after > before, "strictly increasing table"); }
    }

    #[test]
    fn gas_t_score_rises_with_attainment(
        levels in prop::collection::vec(-2i64..=1, 1..=5), which in 0usize..5
    ) {
        let which = which % levels.len();
        let goals = |levels: &[i64]| -> serde_json::Value {
            levels.iter().enumerate().map(|(i, level)| json!({
                "id": format!("g{i}"), "description": "walk to the shop",
                "levels": {"-2": "a", "-1": "b", "0": "c", "1": "d", "2": "e"},
                "baseline": -1, "attainment": level,
            })).collect()
        };
        let t = |levels: &[i64]| run("gas", json!({"goals": goals(levels)})).unwrap().get("attainment_t").unwrap().value;
        let before = t(&levels);
        let mut raised = levels.clone();
        raised[which] += 1;
        prop_assert!(t(&raised) > before);
        prop_assert!((0.0..=100.0).contains(&before));
    }
}
