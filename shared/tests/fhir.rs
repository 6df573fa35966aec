//! FHIR R4 round trips and imports. Runs natively and on wasm32 in headless Chromium.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use serde_json::{Value, json};
use shared::catalog::{InstrumentCatalog, default_roles};
use shared::fhir::{
    ITEM_WEIGHT, ImportOptions, import_questionnaire, questionnaire, questionnaire_response,
};
use shared::response::ResponseRecord;
use shared::scoring::score;
use shared::validate::{ValidationContext, validate_response};
use time::macros::datetime;

fn scores_with(
    catalog: &InstrumentCatalog,
    instrument: &str,
    answers: Value,
) -> Vec<(String, f64, Option<String>)> {
    let roles = default_roles();
    let context = ValidationContext {
        catalog,
        roles: &roles,
        now: datetime!(2026-11-21 12:00 UTC),
    };
    let version = catalog
        .latest(instrument)
        .expect("a published instrument")
        .version;
    let record: ResponseRecord = serde_json::from_value(json!({
        "id": "6f1c1f0e-8d4b-4c2a-9b7e-1a2b3c4d5e6f", "instrument_id": instrument,
        "instrument_version": version, "recorded_at": "2026-11-21T09:30:00Z", "role": "dietitian",
        "answers": answers,
    }))
    .unwrap();
    let valid = validate_response(&record, &context).expect("valid answers");
    score(&valid)
        .measures
        .into_iter()
        .map(|m| (m.measure, m.value, m.band))
        .collect()
}

#[test]
fn every_built_in_instrument_survives_export_and_import_unchanged() {
    let catalog = InstrumentCatalog::built_in();
    for definition in catalog.latest_versions() {
        let exported = questionnaire(definition);
        assert_eq!(exported["resourceType"], "Questionnaire");
        let imported = import_questionnaire(&exported, &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", definition.id));
        assert_eq!(&imported, definition, "{} round trip", definition.id);
    }
    // Including the caseness cut-offs recovery figures use.
    let phq9 = catalog.latest("phq9").unwrap();
    let imported = import_questionnaire(&questionnaire(phq9), &ImportOptions::default()).unwrap();
    let caseness = imported.measures[0].caseness.as_ref().unwrap();
    assert_eq!(caseness.at_least, 10.0);
}

#[test]
fn export_then_import_scores_identically() {
    let original = InstrumentCatalog::built_in();
    let mut imported = InstrumentCatalog::default();
    for definition in original.latest_versions() {
        imported
            .insert(
                import_questionnaire(&questionnaire(definition), &ImportOptions::default())
                    .unwrap(),
            )
            .unwrap();
    }
    let cases = [
        (
            "phq9",
            json!({"interest": 2, "feeling_down": 3, "sleep": 1, "tired": 2, "appetite": 0,
            "feeling_bad": 1, "concentrating": 2, "moving": 0, "self_harm": 1, "difficulty": 2}),
        ),
        (
            "gad7",
            json!({"nervous": 1, "worrying_control": 2, "worrying_much": 3, "relaxing": 1,
            "restless": 0, "irritable": 2, "afraid": 1}),
        ),
        (
            "swemwbs",
            json!({"optimistic": 3, "useful": 4, "relaxed": 2, "problems": 3, "thinking": 4,
            "close": 5, "own_mind": 4}),
        ),
        (
            "ons4",
            json!({"life_satisfaction": 6, "worthwhile": 7, "happiness": 5, "anxiety": 4}),
        ),
        ("fft", json!({"experience": 4, "reason": "Long wait"})),
    ];
    for (instrument, answers) in cases {
        assert_eq!(
            scores_with(&imported, instrument, answers.clone()),
            scores_with(&original, instrument, answers),
            "{instrument}"
        );
    }
}

#[test]
fn answer_weights_and_codes_are_exported_as_fhir_expects() {
    let catalog = InstrumentCatalog::built_in();
    let phq9 = questionnaire(catalog.latest("phq9").unwrap());
    assert_eq!(phq9["url"], "urn:prom-collector:questionnaire:phq9");
    assert_eq!(phq9["version"], "1");
    assert_eq!(phq9["code"][0]["code"], "44249-1");
    let item9 = phq9["item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["linkId"] == "self_harm")
        .unwrap();
    assert_eq!(item9["type"], "choice");
    assert_eq!(item9["code"][0]["code"], "44260-8");
    let option = &item9["answerOption"][2];
    assert_eq!(option["valueCoding"]["code"], "LA6570-1");
    assert_eq!(option["valueCoding"]["display"], "More than half the days");
    assert_eq!(option["extension"][0]["url"], ITEM_WEIGHT);
    assert_eq!(option["extension"][0]["valueDecimal"], 2);
    let difficulty = phq9["item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["linkId"] == "difficulty")
        .unwrap();
    assert_eq!(difficulty["enableBehavior"], "any");
    assert_eq!(
        difficulty["enableWhen"][0],
        json!({"question": "interest", "operator": ">", "answerInteger": 0})
    );
}

fn foreign() -> Value {
    json!({
        "resourceType": "Questionnaire",
        "id": "sleep-check",
        "name": "SleepCheck",
        "title": "Sleep check",
        "version": "3",
        "status": "active",
        "item": [
            { "linkId": "intro", "type": "display", "text": "About your sleep" },
            { "linkId": "part-1", "type": "group", "item": [
                { "linkId": "hours", "type": "choice", "text": "How well do you sleep?", "required": true,
                  "answerOption": [
                    { "valueCoding": { "code": "a", "display": "Badly" },
                      "extension": [{ "url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": 0 }] },
                    { "valueCoding": { "code": "b", "display": "Fairly" },
                      "extension": [{ "url": ITEM_WEIGHT, "valueDecimal": 1 }] },
                    { "valueCoding": { "code": "c", "display": "Well" },
                      "extension": [{ "url": ITEM_WEIGHT, "valueDecimal": 2 }] }
                  ] },
                { "linkId": "naps", "type": "integer", "text": "Naps per week", "required": true,
                  "extension": [
                    { "url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0 },
                    { "url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 7 }
                  ] }
            ] },
            { "linkId": "why", "type": "string", "text": "Why?",
              "enableWhen": [{ "question": "hours", "operator": "=", "answerCoding": { "code": "0" } }] }
        ]
    })
}

#[test]
fn a_foreign_questionnaire_imports_with_a_total_over_its_weighted_items() {
    let options = ImportOptions {
        id: None,
        domain: Some("wellbeing".to_owned()),
    };
    let definition = import_questionnaire(&foreign(), &options).unwrap();
    assert_eq!(definition.id, "sleepcheck");
    assert_eq!(definition.version, 3);
    let ids: Vec<&str> = definition.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        ["hours", "naps", "why"],
        "display dropped, group flattened"
    );
    assert_eq!(definition.measures.len(), 1);
    let mut catalog = InstrumentCatalog::default();
    catalog.insert(definition).unwrap();
    let scores = scores_with(&catalog, "sleepcheck", json!({"hours": 2, "naps": 3}));
    assert_eq!(scores, [("total".to_owned(), 5.0, None)]);
    let with_reason = scores_with(
        &catalog,
        "sleepcheck",
        json!({"hours": 0, "naps": 1, "why": "noise"}),
    );
    assert_eq!(with_reason[0].1, 1.0);
}

#[test]
fn unusable_questionnaires_are_refused_with_a_reason() {
    let options = ImportOptions::default();
    let not_one = import_questionnaire(&json!({"resourceType": "Patient"}), &options).unwrap_err();
    assert!(
        not_one
            .to_string()
            .contains("resourceType must be \"Questionnaire\"")
    );

    let mut unweighted = foreign();
    unweighted["item"][1]["item"][0]["answerOption"][1]["extension"] = json!([]);
    let error = import_questionnaire(&unweighted, &options)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("\"hours\"") && error.contains("itemWeight"),
        "{error}"
    );

    let mut attachment = foreign();
    attachment["item"][2]["type"] = json!("attachment");
    let error = import_questionnaire(&attachment, &options)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("\"attachment\" are not supported"),
        "{error}"
    );

    let mut duplicate = foreign();
    duplicate["item"][2]["linkId"] = json!("hours");
    let error = import_questionnaire(&duplicate, &options)
        .unwrap_err()
        .to_string();
    assert!(error.contains("used more than once"), "{error}");
}

#[test]
fn a_response_exports_as_a_questionnaire_response() {
    let catalog = InstrumentCatalog::built_in();
    let record: ResponseRecord = serde_json::from_value(json!({
        "id": "6f1c1f0e-8d4b-4c2a-9b7e-1a2b3c4d5e6f", "instrument_id": "fft", "instrument_version": 1,
        "recorded_at": "2026-11-21T09:30:00Z", "role": "dietitian",
        "answers": {"experience": 2, "reason": "Kind"},
    }))
    .unwrap();

    let resource = questionnaire_response(&record, catalog.latest("fft").unwrap());

    assert_eq!(resource["resourceType"], "QuestionnaireResponse");
    assert_eq!(resource["id"], "6f1c1f0e-8d4b-4c2a-9b7e-1a2b3c4d5e6f");
    assert_eq!(
        resource["questionnaire"],
        "urn:prom-collector:questionnaire:fft|1"
    );
    assert_eq!(resource["status"], "completed");
    assert_eq!(resource["authored"], "2026-11-21T09:30:00Z");
    assert_eq!(
        resource["item"][0]["answer"][0]["valueCoding"]["display"],
        "Good"
    );
    assert_eq!(resource["item"][1]["answer"][0]["valueString"], "Kind");
}
