//! Golden tests for every built-in instrument, straight from the reference tables
//! (outcome-measures.md): SWEMWBS conversion at every raw score, PHQ/GAD band edges, PHQ-9
//! prorating and its item-9 risk rule, FFT categories, and the GAS T-score check values.
//! Runs natively and on wasm32 in headless Chromium.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use serde_json::{Value, json};
use shared::catalog::{InstrumentCatalog, default_roles};
use shared::goals::t_score;
use shared::instrument::{DefinitionError, InstrumentDefinition, is_right_to_left};
use shared::response::ResponseRecord;
use shared::risk::rules_fired_by;
use shared::scoring::{Scores, score};
use shared::stats::round2;
use shared::validate::{ValidationContext, validate_response};
use time::macros::datetime;

fn record(instrument: &str, answers: Value) -> ResponseRecord {
    serde_json::from_value(json!({
        "id": "6f1c1f0e-8d4b-4c2a-9b7e-1a2b3c4d5e6f",
        "instrument_id": instrument,
        "instrument_version": 1,
        "recorded_at": "2026-11-21T09:30:00Z",
        "role": "mental-health-practitioner",
        "answers": answers,
    }))
    .expect("a well-formed record")
}

/// Validates and scores; returns the scores and the ids of risk rules raised.
fn run(instrument: &str, answers: Value) -> Result<(Scores, Vec<String>), Vec<String>> {
    let catalog = InstrumentCatalog::built_in();
    let roles = default_roles();
    let context = ValidationContext {
        catalog: &catalog,
        roles: &roles,
        now: datetime!(2026-11-21 12:00 UTC),
    };
    let record = record(instrument, answers);
    match validate_response(&record, &context) {
        Ok(valid) => Ok((
            score(&valid),
            valid.alerts().into_iter().map(|a| a.rule).collect(),
        )),
        Err(issues) => Err(issues
            .into_iter()
            .map(|i| format!("{}: {}", i.field, i.message))
            .collect()),
    }
}

fn item_ids(instrument: &str) -> Vec<String> {
    let catalog = InstrumentCatalog::built_in();
    let definition = catalog.latest(instrument).unwrap();
    definition.items.iter().map(|i| i.id.clone()).collect()
}

/// Answers that add up to `total`, filling items in order up to `max` each.
fn answers_summing_to(instrument: &str, count: usize, total: i64, min: i64, max: i64) -> Value {
    let ids = item_ids(instrument);
    let mut left = total - min * count as i64;
    let mut answers = serde_json::Map::new();
    for id in ids.iter().take(count) {
        let extra = left.min(max - min);
        left -= extra;
        answers.insert(id.clone(), json!(min + extra));
    }
    assert_eq!(left, 0, "{total} is reachable");
    Value::Object(answers)
}

fn value(scores: &Scores, measure: &str) -> Option<f64> {
    scores.get(measure).map(|m| m.value)
}

fn band(scores: &Scores, measure: &str) -> Option<String> {
    scores.get(measure).and_then(|m| m.band.clone())
}

#[test]
fn every_built_in_definition_is_valid_and_loads() {
    let catalog = InstrumentCatalog::built_in();
    let ids: Vec<&str> = catalog
        .latest_versions()
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "fft", "gad2", "gad7", "gas", "ons4", "phq2", "phq9", "swemwbs"
        ]
    );
    for definition in catalog.latest_versions() {
        assert_eq!(definition.check(), Ok(()), "{}", definition.id);
    }
    assert!(
        catalog.latest("swemwbs").unwrap().is_licensed(),
        "SWEMWBS ships as licensed"
    );
    assert!(!catalog.latest("phq9").unwrap().is_licensed());
}

/// SWEMWBS raw-to-metric conversion, every raw score 7-35 (outcome-measures.md section 2).
#[test]
fn swemwbs_converts_every_raw_score_with_the_published_table() {
    let table = [
        (7, 7.00),
        (8, 9.51),
        (9, 11.25),
        (10, 12.40),
        (11, 13.33),
        (12, 14.08),
        (13, 14.75),
        (14, 15.32),
        (15, 15.84),
        (16, 16.36),
        (17, 16.88),
        (18, 17.43),
        (19, 17.98),
        (20, 18.59),
        (21, 19.25),
        (22, 19.98),
        (23, 20.73),
        (24, 21.54),
        (25, 22.35),
        (26, 23.21),
        (27, 24.11),
        (28, 25.03),
        (29, 26.02),
        (30, 27.03),
        (31, 28.13),
        (32, 29.31),
        (33, 30.70),
        (34, 32.55),
        (35, 35.00),
    ];
    for (raw, metric) in table {
        let (scores, _) = run("swemwbs", answers_summing_to("swemwbs", 7, raw, 1, 5)).unwrap();
        assert_eq!(value(&scores, "metric"), Some(metric), "raw {raw}");
        assert_eq!(value(&scores, "raw"), Some(raw as f64));
    }
}

#[test]
fn swemwbs_is_not_converted_from_an_incomplete_set() {
    let issues = run("swemwbs", answers_summing_to("swemwbs", 6, 18, 1, 5)).unwrap_err();
    assert_eq!(issues, ["answers.own_mind: this question must be answered"]);
}

/// PHQ-9, GAD-7, PHQ-2 and GAD-2 severity bands at every band edge (section 5).
#[test]
fn phq_and_gad_bands_at_every_edge() {
    /// (instrument, number of items, [(total, band)])
    type BandEdges<'a> = (&'a str, usize, &'a [(i64, &'a str)]);
    let cases: &[BandEdges] = &[
        (
            "phq9",
            9,
            &[
                (0, "Minimal"),
                (4, "Minimal"),
                (5, "Mild"),
                (9, "Mild"),
                (10, "Moderate"),
                (14, "Moderate"),
                (15, "Moderately severe"),
                (19, "Moderately severe"),
                (20, "Severe"),
                (27, "Severe"),
            ],
        ),
        (
            "gad7",
            7,
            &[
                (0, "Minimal"),
                (4, "Minimal"),
                (5, "Mild"),
                (9, "Mild"),
                (10, "Moderate"),
                (14, "Moderate"),
                (15, "Severe"),
                (21, "Severe"),
            ],
        ),
        (
            "phq2",
            2,
            &[
                (0, "Below screening cut-off"),
                (2, "Below screening cut-off"),
                (3, "Screen positive"),
                (6, "Screen positive"),
            ],
        ),
        (
            "gad2",
            2,
            &[
                (0, "Below screening cut-off"),
                (2, "Below screening cut-off"),
                (3, "Screen positive"),
                (6, "Screen positive"),
            ],
        ),
    ];
    for (instrument, items, edges) in cases {
        for (total, expected) in *edges {
            // Item 9 last: keep it 0 where possible so the PHQ-9 edges do not depend on it.
            let (scores, _) = run(
                instrument,
                answers_summing_to(instrument, *items, *total, 0, 3),
            )
            .unwrap_or_else(|e| panic!("{instrument} {total}: {e:?}"));
            assert_eq!(
                value(&scores, "total"),
                Some(*total as f64),
                "{instrument} {total}"
            );
            assert_eq!(
                band(&scores, "total").as_deref(),
                Some(*expected),
                "{instrument} {total}"
            );
        }
    }
}

#[test]
fn phq9_item_10_is_unscored_and_only_asked_after_a_problem() {
    let mut all_zero = answers_summing_to("phq9", 9, 0, 0, 3);
    all_zero["difficulty"] = json!(2);
    let issues = run("phq9", all_zero).unwrap_err();
    assert_eq!(
        issues,
        [
            "answers.difficulty: this question is not asked given the earlier answers, so it must be left out"
        ]
    );

    let mut some = answers_summing_to("phq9", 9, 4, 0, 3);
    let (without, _) = run("phq9", some.clone()).unwrap();
    some["difficulty"] = json!(3);
    let (with, _) = run("phq9", some).unwrap();
    assert_eq!(value(&with, "total"), Some(4.0), "item 10 is not added");
    assert_eq!(without, with);
}

/// PHQ-9 prorating: up to two unanswered items, sum x 9 / answered, rounded half up.
#[test]
fn phq9_prorates_up_to_two_missing_items() {
    let prorated = |answered: usize, sum: i64| {
        let mut answers = answers_summing_to("phq9", answered, sum, 0, 3);
        answers
            .as_object_mut()
            .unwrap()
            .retain(|k, _| k != "self_harm");
        let catalog = InstrumentCatalog::built_in();
        let mut definition = catalog.latest("phq9").unwrap().clone();
        for item in &mut definition.items {
            item.required = false;
        }
        let mut custom = InstrumentCatalog::default();
        custom.insert(definition).unwrap();
        let roles = default_roles();
        let context = ValidationContext {
            catalog: &custom,
            roles: &roles,
            now: datetime!(2026-11-21 12:00 UTC),
        };
        let record = record("phq9", answers);
        let valid = validate_response(&record, &context).unwrap();
        value(&score(&valid), "total")
    };
    assert_eq!(prorated(8, 8), Some(9.0)); // 8 * 9 / 8
    assert_eq!(prorated(8, 5), Some(6.0)); // 5.625 rounds to 6
    assert_eq!(prorated(7, 7), Some(9.0)); // 7 * 9 / 7
    assert_eq!(prorated(7, 3), Some(4.0)); // 3.857 rounds to 4
    assert_eq!(prorated(6, 6), None, "three missing items: no total");
}

#[test]
fn phq9_item_9_above_zero_raises_the_self_harm_alert() {
    let catalog = InstrumentCatalog::built_in();
    let phq9 = catalog.latest("phq9").unwrap();
    assert!(rules_fired_by(phq9, "self_harm", 0).is_empty());
    for answer in 1..=3 {
        let fired = rules_fired_by(phq9, "self_harm", answer);
        assert_eq!(fired.len(), 1, "answer {answer}");
        assert!(
            fired[0].patient_message.contains("116 123"),
            "where to get help now"
        );
        let mut answers = answers_summing_to("phq9", 8, 0, 0, 3);
        answers["self_harm"] = json!(answer);
        let (_, alerts) = run("phq9", answers).unwrap();
        assert_eq!(alerts, ["self-harm"], "answer {answer}");
    }
    assert_eq!(rules_fired_by(phq9, "feeling_down", 3).len(), 0);
    let (_, none) = run("phq9", answers_summing_to("phq9", 9, 24, 0, 3)).unwrap();
    assert!(none.is_empty(), "24 points without item 9 raise no alert");
}

/// FFT: positive = very good + good, negative = poor + very poor, don't know in the denominator.
#[test]
fn fft_classifies_every_answer() {
    let cases = [
        (1, 1.0, 0.0, "Positive"),
        (2, 1.0, 0.0, "Positive"),
        (3, 0.0, 0.0, "Neutral"),
        (4, 0.0, 1.0, "Negative"),
        (5, 0.0, 1.0, "Negative"),
        (6, 0.0, 0.0, "Don't know"),
    ];
    for (answer, positive, negative, category) in cases {
        let (scores, _) = run(
            "fft",
            json!({ "experience": answer, "reason": "Kind staff" }),
        )
        .unwrap();
        assert_eq!(
            value(&scores, "positive"),
            Some(positive),
            "answer {answer}"
        );
        assert_eq!(
            value(&scores, "negative"),
            Some(negative),
            "answer {answer}"
        );
        assert_eq!(
            band(&scores, "category").as_deref(),
            Some(category),
            "answer {answer}"
        );
    }
    assert!(
        run("fft", json!({ "experience": 1 })).is_ok(),
        "the free text is optional"
    );
    let issues = run("fft", json!({ "experience": 7, "reason": 12 })).unwrap_err();
    assert_eq!(
        issues,
        [
            "answers.experience: 7 is not one of the options (1, 2, 3, 4, 5, 6)",
            "answers.reason: the answer must be text, got a number",
        ]
    );
    let long = "x".repeat(2001);
    assert!(
        run("fft", json!({ "experience": 1, "reason": long })).unwrap_err()[0]
            .contains("longer than 2000")
    );
}

fn goal(id: &str, baseline: i64, attainment: Option<i64>, weights: Option<(u8, u8)>) -> Value {
    let mut goal = json!({
        "id": id,
        "description": format!("Goal {id}"),
        "levels": { "-2": "much less", "-1": "less", "0": "as agreed", "1": "better", "2": "much better" },
        "baseline": baseline,
    });
    if let Some(a) = attainment {
        goal["attainment"] = json!(a);
    }
    if let Some((importance, difficulty)) = weights {
        goal["importance"] = json!(importance);
        goal["difficulty"] = json!(difficulty);
    }
    goal
}

/// GAS check values (outcome-measures.md section 1): unweighted, rho = 0.3.
#[test]
fn gas_t_scores_match_the_published_check_values() {
    let at_minus_one = [40.00, 37.60, 36.31, 35.49, 34.92];
    let at_minus_two = [30.00, 25.19, 22.61, 20.98, 19.85];
    for n in 1..=5 {
        for (baseline, expected) in [(-1, at_minus_one[n - 1]), (-2, at_minus_two[n - 1])] {
            let goals: Vec<Value> = (0..n)
                .map(|i| goal(&format!("g{i}"), baseline, None, None))
                .collect();
            let (scores, _) = run("gas", json!({ "goals": goals })).unwrap();
            assert_eq!(
                value(&scores, "baseline_t").map(round2),
                Some(expected),
                "{n} goals at {baseline}"
            );
            assert_eq!(value(&scores, "attainment_t"), None, "not reviewed yet");
            let multiplier = [10.0, 6.2017, 4.5644, 3.6274, 3.0151][n - 1];
            let direct = t_score(&vec![(1.0, 1); n], 0.3).unwrap();
            assert!(
                (direct - (50.0 + multiplier * n as f64)).abs() < 0.001,
                "multiplier for {n}"
            );
        }
        let goals: Vec<Value> = (0..n)
            .map(|i| goal(&format!("g{i}"), -1, Some(0), None))
            .collect();
        let (scores, _) = run("gas", json!({ "goals": goals })).unwrap();
        assert_eq!(
            value(&scores, "attainment_t").map(round2),
            Some(50.0),
            "all as expected"
        );
    }
}

#[test]
fn gas_weighted_t_score_uses_importance_times_difficulty() {
    // w = (2x3, 1x1) = (6, 1), x = (+1, -1): T = 50 + 10 * 5 / sqrt(0.7 * 37 + 0.3 * 49) = 57.85
    let goals = vec![
        goal("a", -1, Some(1), Some((2, 3))),
        goal("b", -2, Some(-1), Some((1, 1))),
    ];
    let (scores, _) = run("gas", json!({ "goals": goals })).unwrap();
    assert_eq!(
        value(&scores, "attainment_t_weighted").map(round2),
        Some(57.85)
    );
    assert_eq!(
        value(&scores, "attainment_t").map(round2),
        Some(50.0),
        "unweighted: +1 and -1 cancel"
    );
    let unweighted_only = vec![
        goal("a", -1, Some(1), None),
        goal("b", -1, Some(2), Some((1, 1))),
    ];
    let (scores, _) = run("gas", json!({ "goals": unweighted_only })).unwrap();
    assert_eq!(
        value(&scores, "attainment_t_weighted"),
        None,
        "weights missing for one goal"
    );
}

#[test]
fn gas_goals_are_checked() {
    let mut no_level = goal("a", -1, None, None);
    no_level["levels"].as_object_mut().unwrap().remove("1");
    let cases = [
        (json!([]), "agree between 1 and 5 goals"),
        (
            json!(
                (0..6)
                    .map(|i| goal(&format!("g{i}"), -1, None, None))
                    .collect::<Vec<_>>()
            ),
            "agree between 1 and 5 goals",
        ),
        (json!([no_level]), "describe level +1"),
        (json!([goal("a", 0, None, None)]), "the baseline is -1"),
        (
            json!([goal("a", -1, Some(3), None)]),
            "attainment is rated from -2 to +2",
        ),
        (
            json!([goal("a", -1, Some(1), None), goal("b", -1, None, None)]),
            "every goal, or of none",
        ),
        (
            json!([goal("a", -1, None, Some((4, 1)))]),
            "importance is rated 0 to 3",
        ),
        (
            json!([goal("a", -1, None, None), goal("a", -2, None, None)]),
            "used twice",
        ),
        (json!("lose weight"), "the goals are not valid"),
    ];
    for (goals, needle) in cases {
        let issues = run("gas", json!({ "goals": goals })).unwrap_err();
        assert!(
            issues.iter().any(|i| i.contains(needle)),
            "{issues:?} should mention {needle:?}"
        );
    }
}

#[test]
fn right_to_left_languages_are_recognised() {
    for rtl in ["ar", "ur-PK", "fa", "he", "ckb"] {
        assert!(is_right_to_left(rtl), "{rtl}");
    }
    for ltr in ["en", "en-GB", "pl", "cy", "pa"] {
        assert!(!is_right_to_left(ltr), "{ltr}");
    }
}

#[test]
fn inconsistent_definitions_are_refused() {
    let phq9 = || {
        InstrumentCatalog::built_in()
            .latest("phq9")
            .unwrap()
            .clone()
    };
    let expect = |definition: InstrumentDefinition, needle: &str| {
        let error = definition.check().unwrap_err().to_string();
        assert!(
            error.contains(needle),
            "{error:?} should contain {needle:?}"
        );
    };

    let mut on_missing = phq9();
    on_missing.items[9].enable_when[0].item = "nowhere".into();
    expect(on_missing, "has a condition on \"nowhere\"");

    let mut on_later = phq9();
    on_later.items[0].enable_when = on_later.items[9].enable_when.clone();
    expect(on_later, "has a condition on \"interest\"");

    let mut out_of_range = phq9();
    if let shared::instrument::ResponseFormat::Choice { options } =
        &mut out_of_range.items[0].response
    {
        options[3].value = 5_000;
    }
    expect(out_of_range, "option value 5000 is out of range");

    let mut duplicated = phq9();
    if let shared::instrument::ResponseFormat::Choice { options } =
        &mut duplicated.items[0].response
    {
        options[3].value = 2;
    }
    expect(duplicated, "option value 2 is used twice");

    let mut risk_on_nothing = phq9();
    risk_on_nothing.risks[0].item = "difficulty_typo".into();
    expect(risk_on_nothing, "risk rule \"self-harm\"");

    let mut twice = phq9();
    twice.risks.push(twice.risks[0].clone());
    expect(twice, "the id is used more than once");

    let mut condition_value = phq9();
    condition_value.items[9].enable_when[0].value = 9;
    expect(condition_value, "outside that item's answers 0..=3");

    // Caseness cut-offs (data since issue 10) must lie inside the score's range, above its
    // lowest value, on a measure where lower is better.
    let mut caseness_outside = phq9();
    caseness_outside.measures[0]
        .caseness
        .as_mut()
        .unwrap()
        .at_least = 28.0;
    expect(
        caseness_outside,
        "caseness cut-off 28 must lie above the lowest score",
    );
    let mut caseness_at_zero = phq9();
    caseness_at_zero.measures[0]
        .caseness
        .as_mut()
        .unwrap()
        .at_least = 0.0;
    expect(caseness_at_zero, "caseness cut-off 0");
    let mut caseness_higher = phq9();
    caseness_higher.measures[0].higher_is_better = true;
    expect(caseness_higher, "needs a score where lower is better");

    let mut swemwbs = InstrumentCatalog::built_in()
        .latest("swemwbs")
        .unwrap()
        .clone();
    if let shared::instrument::ScoreMethod::SumLookup { table, .. } =
        &mut swemwbs.measures[0].method
    {
        table.pop();
    }
    expect(swemwbs, "every raw total from 7 to 35");

    let bad_json = InstrumentDefinition::from_json("{\"id\": \"x\", \"version\": 1}").unwrap_err();
    assert!(matches!(bad_json, DefinitionError::Malformed(_)));
}
