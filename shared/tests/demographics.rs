//! Patient demographics and the time point on the wire: validation with field paths, clear
//! refusals of unknown codes, and content hashes unchanged for records that carry neither.
//! Runs natively and on wasm32 in headless Chromium.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use serde_json::json;
use shared::catalog::{InstrumentCatalog, default_roles};
use shared::demographics::{EthnicCategory, StatedSex};
use shared::outcomes::pairing::TimePoint;
use shared::response::ResponseRecord;
use shared::validate::{ValidationContext, validate_response};
use time::macros::datetime;

const PSEUDONYM: &str = "0b7f2a3e-1c55-4b8e-9a7e-2f4d6c1b9a01";

fn raw(extra: serde_json::Value) -> serde_json::Value {
    let mut record = json!({
        "id": "6f1c1f0e-8d4b-4c2a-9b7e-1a2b3c4d5e6f", "instrument_id": "ons4", "instrument_version": 1,
        "recorded_at": "2026-11-21T09:30:00Z", "role": "dietitian",
        "answers": {"life_satisfaction": 7, "worthwhile": 7, "happiness": 7, "anxiety": 2},
    });
    for (key, value) in extra.as_object().unwrap() {
        record[key] = value.clone();
    }
    record
}

fn issues(demographics: serde_json::Value) -> Vec<(String, String)> {
    let catalog = InstrumentCatalog::built_in();
    let roles = default_roles();
    let context = ValidationContext {
        catalog: &catalog,
        roles: &roles,
        now: datetime!(2026-11-21 12:00 UTC),
    };
    let record = ResponseRecord::from_json_value(&raw(json!({
        "patient": { "pseudonym": PSEUDONYM, "demographics": demographics }
    })))
    .unwrap();
    match validate_response(&record, &context) {
        Ok(_) => Vec::new(),
        Err(issues) => issues.into_iter().map(|i| (i.field, i.message)).collect(),
    }
}

#[test]
fn plausible_demographics_pass() {
    assert!(issues(json!({})).is_empty());
    assert!(
        issues(json!({
            "birth_year": 1900, "stated_sex": "X", "gender_identity": "Z",
            "ethnic_category": "99", "postcode": "ls1 4ap"
        }))
        .is_empty()
    );
    assert!(issues(json!({ "birth_year": 2026, "postcode": "SW1A1AA" })).is_empty());
}

#[test]
fn a_birth_year_outside_1900_to_the_recorded_year_is_a_field_issue() {
    for year in [1899, 2027, 0, -5] {
        let found = issues(json!({ "birth_year": year }));
        assert_eq!(found.len(), 1, "{year}: {found:?}");
        assert_eq!(found[0].0, "patient.demographics.birth_year");
        assert!(found[0].1.contains("from 1900 to 2026"), "{}", found[0].1);
    }
}

#[test]
fn an_implausible_postcode_is_a_field_issue() {
    for postcode in ["LS1", "12345", "LS1 4AP X", ""] {
        let found = issues(json!({ "postcode": postcode }));
        assert_eq!(found.len(), 1, "{postcode:?}: {found:?}");
        assert_eq!(found[0].0, "patient.demographics.postcode");
        assert!(
            found[0].1.contains("is not a UK postcode"),
            "{}",
            found[0].1
        );
    }
}

#[test]
fn an_unknown_code_is_refused_naming_the_field_and_the_valid_codes() {
    let refusal = |demographics| {
        ResponseRecord::from_json_value(&raw(json!({
            "patient": { "pseudonym": PSEUDONYM, "demographics": demographics }
        })))
        .unwrap_err()
    };
    let message = refusal(json!({ "ethnic_category": "W" }));
    assert!(
        message.contains("patient.demographics.ethnic_category"),
        "{message}"
    );
    assert!(
        message.contains("\"W\" is not an ethnic category code"),
        "{message}"
    );
    assert!(message.contains("Z (Not stated)"), "{message}");
    let message = refusal(json!({ "gender_identity": 5 }));
    assert!(
        message.contains("patient.demographics.gender_identity"),
        "{message}"
    );
    let message = refusal(json!({ "birth_year": "1980" }));
    assert!(
        message.contains("patient.demographics.birth_year"),
        "{message}"
    );
}

#[test]
fn the_time_point_travels_and_unknown_ones_are_refused() {
    let record = ResponseRecord::from_json_value(&raw(json!({ "time_point": "review" }))).unwrap();
    assert_eq!(record.time_point, Some(TimePoint::Review));
    assert_eq!(
        serde_json::to_value(&record).unwrap()["time_point"],
        "review"
    );
    let message =
        ResponseRecord::from_json_value(&raw(json!({ "time_point": "midway" }))).unwrap_err();
    assert!(message.contains("time_point"), "{message}");
}

#[test]
fn records_without_demographics_or_time_point_hash_as_before() {
    let plain = ResponseRecord::from_json_value(&raw(json!({
        "patient": { "pseudonym": PSEUDONYM }
    })))
    .unwrap();
    assert_eq!(plain.time_point, None);
    assert_eq!(plain.patient.as_ref().unwrap().demographics, None);
    let json = serde_json::to_value(&plain).unwrap();
    assert!(json.get("time_point").is_none());
    assert!(json["patient"].get("demographics").is_none());
    // The canonical form, and so the hash, of a record that carries neither is what it was
    // before either field existed.
    assert_eq!(json, raw(json!({ "patient": { "pseudonym": PSEUDONYM } })));

    let with = ResponseRecord::from_json_value(&raw(json!({
        "patient": { "pseudonym": PSEUDONYM, "demographics": { "stated_sex": "1", "ethnic_category": "H" } },
        "time_point": "baseline"
    })))
    .unwrap();
    let demographics = with
        .patient
        .as_ref()
        .unwrap()
        .demographics
        .as_ref()
        .unwrap();
    assert_eq!(demographics.stated_sex, Some(StatedSex::Male));
    assert_eq!(demographics.ethnic_category, Some(EthnicCategory::Indian));
    assert_ne!(with.content_hash(), plain.content_hash());
}
