//! The NHS number Modulus 11 rule (NHS Data Dictionary; outcome-measures.md section 9) and the
//! patient reference on a record. Runs natively and on wasm32 in headless Chromium.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use serde_json::json;
use shared::catalog::{InstrumentCatalog, default_roles};
use shared::nhs_number::{NhsNumber, NhsNumberError, check_digit};
use shared::response::ResponseRecord;
use shared::validate::{ValidationContext, validate_response};
use time::macros::datetime;

#[test]
fn the_published_example_is_valid_however_it_is_spaced() {
    for text in ["9434765919", "943 476 5919", "943-476-5919", " 9434765919 "] {
        assert_eq!(
            NhsNumber::parse(text).map(|n| n.digits().to_owned()),
            Ok("9434765919".to_owned()),
            "{text:?}"
        );
    }
}

#[test]
fn wrong_numbers_are_refused_with_the_reason() {
    assert_eq!(
        NhsNumber::parse("9434765918"),
        Err(NhsNumberError::CheckDigit)
    );
    assert_eq!(
        NhsNumber::parse("943476591"),
        Err(NhsNumberError::WrongLength)
    );
    assert_eq!(
        NhsNumber::parse("94347659190"),
        Err(NhsNumberError::WrongLength)
    );
    assert_eq!(
        NhsNumber::parse("94347659I9"),
        Err(NhsNumberError::NotDigits)
    );
    // 100000001: the weighted sum is 10 * 1 + 2 * 1 = 12, remainder 1, so the check digit would
    // be 10: no tenth digit makes it valid.
    assert_eq!(check_digit(&[1, 0, 0, 0, 0, 0, 0, 0, 1]), None);
    for last in 0..=9 {
        assert_eq!(
            NhsNumber::parse(&format!("100000001{last}")),
            Err(NhsNumberError::CheckDigit)
        );
    }
}

#[test]
fn exactly_one_check_digit_fits_when_any_does() {
    let cases: [[u32; 9]; 4] = [
        [9, 4, 3, 4, 7, 6, 5, 9, 1],
        [4, 0, 1, 0, 2, 3, 2, 1, 3],
        [0; 9],
        [1, 2, 3, 4, 5, 6, 7, 8, 9],
    ];
    for nine in cases {
        let stem: String = nine
            .iter()
            .map(|d| char::from_digit(*d, 10).unwrap())
            .collect();
        let valid: Vec<u32> = (0..=9)
            .filter(|last| NhsNumber::parse(&format!("{stem}{last}")).is_ok())
            .collect();
        match check_digit(&nine) {
            Some(check) => assert_eq!(valid, [check], "{stem}"),
            None => assert!(valid.is_empty(), "{stem}"),
        }
    }
    assert_eq!(check_digit(&[9, 4, 3, 4, 7, 6, 5, 9, 1]), Some(9));
}

#[test]
fn the_number_never_appears_in_debug_output() {
    let number = NhsNumber::parse("9434765919").unwrap();
    assert!(!format!("{number:?}").contains("9434765919"));
}

fn record(patient: serde_json::Value) -> ResponseRecord {
    serde_json::from_value(json!({
        "id": "6f1c1f0e-8d4b-4c2a-9b7e-1a2b3c4d5e6f", "instrument_id": "ons4", "instrument_version": 1,
        "recorded_at": "2026-11-21T09:30:00Z", "role": "dietitian",
        "answers": {"life_satisfaction": 7, "worthwhile": 7, "happiness": 7, "anxiety": 2},
        "patient": patient,
    }))
    .unwrap()
}

#[test]
fn a_patient_reference_is_checked_on_both_sides() {
    let catalog = InstrumentCatalog::built_in();
    let roles = default_roles();
    let context = ValidationContext {
        catalog: &catalog,
        roles: &roles,
        now: datetime!(2026-11-21 12:00 UTC),
    };
    let issues = |patient| match validate_response(&record(patient), &context) {
        Ok(_) => Vec::new(),
        Err(issues) => issues.into_iter().map(|i| i.field).collect(),
    };
    let pseudonym = "0b7f2a3e-1c55-4b8e-9a7e-2f4d6c1b9a01";
    assert!(issues(json!({ "pseudonym": pseudonym, "nhs_number": "943 476 5919" })).is_empty());
    assert!(issues(json!({ "pseudonym": pseudonym })).is_empty());
    assert_eq!(
        issues(json!({ "pseudonym": pseudonym, "nhs_number": "9434765918" })),
        ["patient.nhs_number"]
    );
    assert_eq!(
        issues(json!({ "pseudonym": "Jane Smith" })),
        ["patient.pseudonym"]
    );
}
