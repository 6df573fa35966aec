//! Golden, table-driven tests of the shared domain code, straight from the reference tables.
//! The same file runs natively and on wasm32 in headless Chromium, proving the tablet and the
//! server compute identical results.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use serde_json::json;
use shared::ResponseId;
use shared::api::{RecordResult, RecordStatus};
use shared::catalog::{InstrumentCatalog, default_domains, default_roles};
use shared::instrument::{DefinitionError, InstrumentDefinition};
use shared::response::ResponseRecord;
use shared::scoring::{SCORING_VERSION, score};
use shared::stats::{disclosed_count, disclosed_mean};
use shared::sync::{Candidate, Progress, plan_acks, plan_push, retry_delay_ms};
use shared::validate::{ValidationContext, validate_response};
use time::macros::datetime;

const NOW: time::OffsetDateTime = datetime!(2026-11-21 12:00 UTC);

fn record(answers: serde_json::Value) -> ResponseRecord {
    serde_json::from_value(json!({
        "id": "6f1c1f0e-8d4b-4c2a-9b7e-1a2b3c4d5e6f",
        "instrument_id": "ons4",
        "instrument_version": 1,
        "recorded_at": "2026-11-21T09:30:00Z",
        "role": "social-prescribing-link-worker",
        "answers": answers,
    }))
    .expect("a well-formed record")
}

fn check(record: &ResponseRecord) -> Result<shared::scoring::Scores, Vec<String>> {
    let catalog = InstrumentCatalog::built_in();
    let roles = default_roles();
    let context = ValidationContext {
        catalog: &catalog,
        roles: &roles,
        now: NOW,
    };
    validate_response(record, &context)
        .map(|valid| score(&valid))
        .map_err(|issues| {
            issues
                .into_iter()
                .map(|i| format!("{}: {}", i.field, i.message))
                .collect()
        })
}

/// ONS4 threshold bands (ONS; outcome-measures.md section 3), every value 0-10.
#[test]
fn ons4_bands_match_the_ons_thresholds_at_every_value() {
    let positive = [
        "Low",
        "Low",
        "Low",
        "Low",
        "Low",
        "Medium",
        "Medium",
        "High",
        "High",
        "Very high",
        "Very high",
    ];
    let anxiety = [
        "Very low", "Very low", "Low", "Low", "Medium", "Medium", "High", "High", "High", "High",
        "High",
    ];
    for value in 0..=10i64 {
        let scores = check(&record(json!({
            "life_satisfaction": value, "worthwhile": value, "happiness": value, "anxiety": value
        })))
        .expect("in-range answers are valid");
        assert_eq!(scores.scoring_version, SCORING_VERSION);
        for measure in &scores.measures {
            assert_eq!(
                measure.value, value as f64,
                "{} at {value}",
                measure.measure
            );
            assert_eq!(measure.domain, "wellbeing");
            let expected = if measure.measure == "anxiety" {
                anxiety
            } else {
                positive
            };
            assert_eq!(
                measure.band.as_deref(),
                Some(expected[value as usize]),
                "{} at {value}",
                measure.measure
            );
        }
    }
}

#[test]
fn ons4_reports_four_separate_measures_and_no_composite() {
    let scores = check(&record(json!({
        "life_satisfaction": 7, "worthwhile": 8, "happiness": 6, "anxiety": 3
    })))
    .unwrap();
    let named: Vec<(&str, f64)> = scores
        .measures
        .iter()
        .map(|m| (m.measure.as_str(), m.value))
        .collect();
    assert_eq!(
        named,
        [
            ("life_satisfaction", 7.0),
            ("worthwhile", 8.0),
            ("happiness", 6.0),
            ("anxiety", 3.0)
        ]
    );
}

#[test]
fn invalid_answers_are_reported_per_field() {
    let cases: &[(serde_json::Value, &[&str])] = &[
        (
            json!({"life_satisfaction": 11, "worthwhile": 1, "happiness": 1, "anxiety": 1}),
            &["answers.life_satisfaction: 11 is outside the range 0 to 10"],
        ),
        (
            json!({"life_satisfaction": -1, "worthwhile": 1, "happiness": 1, "anxiety": 1}),
            &["answers.life_satisfaction: -1 is outside the range 0 to 10"],
        ),
        (
            json!({"life_satisfaction": 1, "worthwhile": "1", "happiness": 1, "anxiety": 1}),
            &["answers.worthwhile: the answer must be a whole number from 0 to 10, got a string"],
        ),
        (
            json!({"life_satisfaction": 1, "worthwhile": 1, "happiness": 2.5, "anxiety": 1}),
            &["answers.happiness: the answer must be a whole number from 0 to 10, got 2.5"],
        ),
        (
            json!({"life_satisfaction": 1, "worthwhile": 1, "happiness": 1}),
            &["answers.anxiety: this question must be answered"],
        ),
        (
            json!({"life_satisfaction": 1, "worthwhile": 1, "happiness": 1, "anxiety": null}),
            &["answers.anxiety: this question must be answered"],
        ),
        (
            json!({"life_satisfaction": 1, "worthwhile": 1, "happiness": 1, "anxiety": 1, "mood": 2}),
            &["answers.mood: ons4 has no item \"mood\""],
        ),
        (
            json!({"life_satisfaction": true, "worthwhile": [1], "happiness": {}, "anxiety": 1}),
            &[
                "answers.life_satisfaction: the answer must be a whole number from 0 to 10, got a boolean",
                "answers.worthwhile: the answer must be a whole number from 0 to 10, got an array",
                "answers.happiness: the answer must be a whole number from 0 to 10, got an object",
            ],
        ),
    ];
    for (answers, expected) in cases {
        let issues = check(&record(answers.clone())).expect_err("invalid answers");
        assert_eq!(&issues, expected, "answers {answers}");
    }
}

#[test]
fn role_instrument_and_clock_are_checked() {
    let mut bad_role =
        record(json!({"life_satisfaction": 1, "worthwhile": 1, "happiness": 1, "anxiety": 1}));
    bad_role.role = "wizard".into();
    assert_eq!(
        check(&bad_role).unwrap_err(),
        ["role: \"wizard\" is not a professional role on the role list"]
    );

    let mut future = bad_role.clone();
    future.role = "paramedic".into();
    future.recorded_at = NOW + time::Duration::hours(25);
    assert!(check(&future).unwrap_err()[0].contains("more than a day in the future"));
    future.recorded_at = NOW + time::Duration::hours(23);
    assert!(
        check(&future).is_ok(),
        "a tablet clock a little ahead is tolerated"
    );
    future.recorded_at = datetime!(2019-12-31 23:59 UTC);
    assert!(check(&future).unwrap_err()[0].contains("before 2020"));

    let mut unknown = future.clone();
    unknown.recorded_at = NOW;
    unknown.instrument_id = "eq5d".into();
    assert_eq!(
        check(&unknown).unwrap_err(),
        ["instrument_id: \"eq5d\" is not a known instrument"]
    );
    unknown.instrument_id = "ons4".into();
    unknown.instrument_version = 2;
    assert_eq!(
        check(&unknown).unwrap_err(),
        ["instrument_id: ons4 has no published version 2"]
    );
}

#[test]
fn unparseable_records_name_the_field() {
    let cases = [
        (json!(5), "a record must be a JSON object, got a number"),
        (json!({"id": "x"}), "id: UUID parsing failed"),
        (
            json!({"id": "6f1c1f0e-8d4b-4c2a-9b7e-1a2b3c4d5e6f", "instrument_id": "ons4",
                "instrument_version": "1"}),
            "instrument_version: invalid type: string",
        ),
        (
            json!({"id": "6f1c1f0e-8d4b-4c2a-9b7e-1a2b3c4d5e6f", "instrument_id": "ons4",
                "instrument_version": 1, "recorded_at": "soon"}),
            "recorded_at:",
        ),
    ];
    for (value, needle) in cases {
        let error = ResponseRecord::from_json_value(&value).unwrap_err();
        assert!(
            error.contains(needle),
            "{error:?} should contain {needle:?}"
        );
    }
}

#[test]
fn the_content_hash_is_stable_and_changes_with_content() {
    let a = record(json!({"life_satisfaction": 1, "worthwhile": 2, "happiness": 3, "anxiety": 4}));
    let reordered =
        record(json!({"anxiety": 4, "happiness": 3, "worthwhile": 2, "life_satisfaction": 1}));
    let changed =
        record(json!({"life_satisfaction": 1, "worthwhile": 2, "happiness": 3, "anxiety": 5}));
    assert_eq!(a.content_hash(), reordered.content_hash());
    assert_ne!(a.content_hash(), changed.content_hash());
    assert_eq!(a.content_hash().len(), 64);
}

/// NHS Digital small-number suppression (outcome-measures.md section 7).
#[test]
fn counts_are_suppressed_and_rounded_as_nhs_digital_does() {
    let table = [
        (0, Some(0)),
        (1, None),
        (5, None),
        (7, None),
        (8, Some(10)),
        (10, Some(10)),
        (12, Some(10)),
        (13, Some(15)),
        (17, Some(15)),
        (18, Some(20)),
        (102, Some(100)),
        (103, Some(105)),
    ];
    for (count, expected) in table {
        assert_eq!(disclosed_count(count), expected, "count {count}");
    }
    assert_eq!(
        disclosed_mean(7, 49.0),
        None,
        "a mean of 7 values is withheld"
    );
    assert_eq!(disclosed_mean(8, 57.0), Some(7.13));
    assert_eq!(disclosed_mean(0, 0.0), None);
}

#[test]
fn reference_data_is_consistent() {
    let roles = default_roles();
    assert_eq!(roles.len(), 17, "the 17 ARRS roles of 2023/24");
    let mut ids: Vec<&str> = roles.iter().map(|r| r.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 17, "role ids are unique");
    let domains = default_domains();
    let catalog = InstrumentCatalog::built_in();
    for definition in catalog.latest_versions() {
        for measure in &definition.measures {
            assert!(
                domains.iter().any(|d| d.id == measure.domain),
                "{}.{} has an unknown domain",
                definition.id,
                measure.id
            );
        }
    }
    assert_eq!(catalog.latest("ons4").map(|d| d.version), Some(1));
}

#[test]
fn bad_definitions_are_refused_with_a_clear_message() {
    let ons4 = InstrumentCatalog::built_in()
        .latest("ons4")
        .unwrap()
        .clone();

    let mut duplicate = ons4.clone();
    duplicate.items[1].id = "life_satisfaction".into();
    assert_eq!(
        duplicate.check(),
        Err(DefinitionError::DuplicateItem("life_satisfaction".into()))
    );

    let mut missing = ons4.clone();
    missing.items.retain(|item| item.id != "anxiety");
    assert_eq!(
        missing.check().unwrap_err().to_string(),
        "measure \"anxiety\": \"anxiety\" is not a numeric item of the instrument"
    );

    let mut gap = ons4.clone();
    gap.measures[0].bands[1].min = 6;
    assert!(matches!(gap.check(), Err(DefinitionError::BadBands { .. })));

    let mut overlap = ons4.clone();
    overlap.measures[3].bands[3].max = 11;
    assert!(matches!(
        overlap.check(),
        Err(DefinitionError::BadBands { .. })
    ));

    let mut bad_id = ons4.clone();
    bad_id.id = "ONS 4".into();
    assert_eq!(bad_id.check(), Err(DefinitionError::BadId("ONS 4".into())));

    let mut version = ons4.clone();
    version.version = 0;
    assert_eq!(version.check(), Err(DefinitionError::BadVersion));

    let malformed = InstrumentDefinition::from_json("{\"id\": \"x\"}").unwrap_err();
    assert!(
        malformed
            .to_string()
            .contains("not valid JSON for an instrument")
    );

    let mut catalog = InstrumentCatalog::built_in();
    assert_eq!(
        catalog.insert(ons4).unwrap_err().to_string(),
        "ons4 version 1 is already published and cannot be changed"
    );
}

fn id(n: u8) -> ResponseId {
    ResponseId::parse(&format!("00000000-0000-4000-8000-0000000000{n:02}")).unwrap()
}

#[test]
fn the_planner_batches_the_outbox_and_reads_acknowledgements() {
    let ids: Vec<ResponseId> = (0..7).map(id).collect();
    let small: Vec<Candidate> = ids.iter().map(|&id| Candidate { id, bytes: 100 }).collect();
    assert_eq!(
        plan_push(&small, 3, 1 << 20),
        ids[..3],
        "oldest first, capped by count"
    );
    // The byte budget (less the envelope) caps the batch too.
    assert_eq!(plan_push(&small, 100, 1024 + 303), ids[..3]);
    assert_eq!(plan_push(&small, 100, 1024 + 302), ids[..2]);
    // An oversized record still goes alone, so the server can refuse it by name.
    let big = [
        Candidate {
            id: id(0),
            bytes: 10_000_000,
        },
        small[1],
    ];
    assert_eq!(plan_push(&big, 100, 4096), [id(0)]);
    // Each id once, even if offered twice.
    let twice = [small[0], small[0], small[1]];
    assert_eq!(plan_push(&twice, 100, 1 << 20), [id(0), id(1)]);
    assert!(plan_push(&[], 100, 1 << 20).is_empty());
    let progress = Progress { done: 3, total: 12 };
    assert_eq!(progress.fraction(), 0.25);
    assert_eq!(Progress::default().fraction(), 1.0);

    let sent = &ids[..4];
    let ack = |index: usize, n: u8, status| RecordResult {
        index,
        id: Some(id(n).to_string()),
        status,
        reason: Some("because".into()),
        issues: vec![],
    };
    let results = vec![
        ack(0, 0, RecordStatus::Stored),
        ack(1, 1, RecordStatus::Duplicate),
        ack(2, 2, RecordStatus::Rejected),
        ack(3, 9, RecordStatus::Stored), // wrong id at this index: not trusted
    ];
    let plan = plan_acks(sent, &results);
    assert_eq!(plan.remove, [id(0), id(1)]);
    assert_eq!(plan.needs_attention, [(id(2), "because".to_owned())]);
    assert_eq!(plan.retry, [id(3)]);
}

#[test]
fn retry_delays_grow_exponentially_with_jitter_up_to_a_cap() {
    assert_eq!(retry_delay_ms(0, 2_000, 30_000, 0.0), 1_000);
    assert_eq!(retry_delay_ms(0, 2_000, 30_000, 0.999_999), 1_999);
    assert_eq!(retry_delay_ms(2, 2_000, 30_000, 0.0), 4_000);
    assert_eq!(retry_delay_ms(10, 2_000, 30_000, 0.0), 15_000);
    assert!(retry_delay_ms(63, 2_000, 30_000, 1.0) <= 30_000);
}

#[test]
fn the_pull_planner_pulls_everything_first_then_when_stale_or_forced() {
    use shared::sync::{Cursor, PULL_EVERY_MS, plan_pull};
    let first = plan_pull(None, None, None, 1_000, false);
    assert!(first.instruments);
    assert_eq!(first.changes_after, Some(Cursor::start()));

    let cursor = Cursor::parse("12:abc").unwrap();
    assert_eq!(cursor.to_string(), "12:abc");
    let fresh = plan_pull(
        Some(1_000),
        Some(1_000),
        Some(&cursor),
        1_000 + PULL_EVERY_MS - 1,
        false,
    );
    assert_eq!((fresh.instruments, fresh.changes_after), (false, None));
    let stale = plan_pull(
        Some(1_000),
        Some(1_000),
        Some(&cursor),
        1_000 + PULL_EVERY_MS,
        false,
    );
    assert_eq!(stale.changes_after, Some(cursor.clone()));
    let forced = plan_pull(Some(1_000), Some(1_000), Some(&cursor), 1_001, true);
    assert!(
        forced.changes_after.is_some(),
        "forced: the changes at once"
    );
    assert!(
        !forced.instruments,
        "the fresh instrument list is not fetched again"
    );
    let never_fetched = plan_pull(None, Some(1_000), Some(&cursor), 1_001, true);
    assert!(never_fetched.instruments);

    for bad in ["", "12", "x:1", "-1:a"] {
        assert!(Cursor::parse(bad).is_err(), "{bad:?}");
    }
    assert!(Cursor::parse("2:a").unwrap() > Cursor::parse("1:z").unwrap());
}

#[test]
fn pulled_changes_merge_once_in_time_order_and_corrections_replace_what_they_supersede() {
    use shared::api::{PatientChange, ScoreView};
    use shared::sync::{History, merge_changes};
    let change = |id: &str, at: &str, value: f64, supersedes: Option<&str>| PatientChange {
        response_id: id.to_owned(),
        patient: "p1".to_owned(),
        instrument_id: "ons4".to_owned(),
        instrument_version: 1,
        recorded_at: at.to_owned(),
        role: "dietitian".to_owned(),
        supersedes: supersedes.map(str::to_owned),
        time_point: None,
        scores: vec![ScoreView {
            measure: "ons4.happiness".to_owned(),
            value,
            band: None,
        }],
        goals: None,
    };
    let mut history = History::new();
    merge_changes(
        &mut history,
        &[
            change("b", "2026-11-02T10:00:00Z", 5.0, None),
            change("a", "2026-11-01T10:00:00Z", 3.0, None),
        ],
    );
    // Pulled again (a repeated page): no duplicates.
    merge_changes(
        &mut history,
        &[change("a", "2026-11-01T10:00:00Z", 3.0, None)],
    );
    let ids = |h: &History| {
        h["p1"]
            .iter()
            .map(|c| c.response_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&history), ["a", "b"]);
    // A correction of "a" replaces it.
    merge_changes(
        &mut history,
        &[change("a2", "2026-11-01T10:05:00Z", 4.0, Some("a"))],
    );
    assert_eq!(ids(&history), ["a2", "b"]);
    // The superseded response arriving late does not come back.
    merge_changes(
        &mut history,
        &[change("a", "2026-11-01T10:00:00Z", 3.0, None)],
    );
    assert_eq!(ids(&history), ["a2", "b"]);
}
