//! Builders for sync records as raw JSON, valid by default and easy to break on purpose.

use serde_json::{Value, json};
use uuid::Uuid;

pub const ROLE: &str = "social-prescribing-link-worker";

/// A valid ONS4 record with the given answers (life satisfaction, worthwhile, happiness, anxiety).
pub fn ons4(role: &str, answers: [i64; 4]) -> Value {
    ons4_with_id(&Uuid::new_v4().to_string(), role, answers)
}

pub fn ons4_with_id(id: &str, role: &str, answers: [i64; 4]) -> Value {
    json!({
        "id": id,
        "instrument_id": "ons4",
        "instrument_version": 1,
        "recorded_at": "2026-11-20T10:15:00Z",
        "role": role,
        "answers": {
            "life_satisfaction": answers[0],
            "worthwhile": answers[1],
            "happiness": answers[2],
            "anxiety": answers[3],
        }
    })
}

/// Replaces (or adds) a field of a record.
pub fn with(mut record: Value, path: &[&str], value: Value) -> Value {
    let mut target = &mut record;
    for key in &path[..path.len() - 1] {
        target = target.get_mut(*key).expect("the path exists");
    }
    target[path[path.len() - 1]] = value;
    record
}

/// Removes a field of a record.
pub fn without(mut record: Value, field: &str) -> Value {
    record
        .as_object_mut()
        .expect("a record is an object")
        .remove(field);
    record
}

/// A valid record of any instrument with the given answers.
pub fn response(instrument: &str, role: &str, answers: Value) -> Value {
    json!({
        "id": Uuid::new_v4().to_string(),
        "instrument_id": instrument,
        "instrument_version": 1,
        "recorded_at": "2026-11-20T10:15:00Z",
        "role": role,
        "answers": answers,
    })
}

/// PHQ-9 answers: items 1-8 as given, item 9 (self-harm) as given.
pub fn phq9_answers(first_eight: [i64; 8], item9: i64) -> Value {
    let ids = [
        "interest",
        "feeling_down",
        "sleep",
        "tired",
        "appetite",
        "feeling_bad",
        "concentrating",
        "moving",
    ];
    let mut answers: serde_json::Map<String, Value> = ids
        .iter()
        .zip(first_eight)
        .map(|(id, v)| ((*id).to_owned(), json!(v)))
        .collect();
    answers.insert("self_harm".to_owned(), json!(item9));
    Value::Object(answers)
}

/// One GAS goal with all five levels described.
pub fn gas_goal(id: &str, baseline: i64, attainment: Option<i64>) -> Value {
    let mut goal = json!({
        "id": id,
        "description": format!("Goal {id}"),
        "levels": { "-2": "much less", "-1": "less", "0": "as agreed", "1": "better", "2": "much better" },
        "baseline": baseline,
    });
    if let Some(a) = attainment {
        goal["attainment"] = json!(a);
    }
    goal
}

/// A FHIR R4 Questionnaire from "another system": a weighted choice, a bounded integer, and a
/// free-text item shown only for the lowest choice.
pub fn foreign_questionnaire() -> Value {
    json!({
        "resourceType": "Questionnaire",
        "name": "SleepCheck",
        "title": "Sleep check",
        "version": "1",
        "status": "active",
        "item": [
            { "linkId": "quality", "type": "choice", "text": "How well do you sleep?", "required": true,
              "answerOption": [
                { "valueCoding": { "code": "a", "display": "Badly" },
                  "extension": [{ "url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 0 }] },
                { "valueCoding": { "code": "b", "display": "Fairly well" },
                  "extension": [{ "url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 1 }] },
                { "valueCoding": { "code": "c", "display": "Well" },
                  "extension": [{ "url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 2 }] }
              ] },
            { "linkId": "naps", "type": "integer", "text": "How many naps a week?", "required": true,
              "extension": [
                { "url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0 },
                { "url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 7 }
              ] }
        ]
    })
}

/// An outbox file (the escape-hatch format) holding `records`, written with the native
/// implementation and fresh random salt and nonce.
pub fn outbox_file(records: Vec<Value>, passphrase: &str) -> Value {
    use shared::outbox_file::{Header, OutboxContents, native};
    let random = |n: usize| -> Vec<u8> {
        std::iter::repeat_with(|| Uuid::new_v4().into_bytes())
            .flatten()
            .take(n)
            .collect()
    };
    let header = Header {
        created_at: "2026-11-21T08:00:00Z".to_owned(),
        device_id: None,
        record_count: records.len(),
    };
    let file = native::seal(
        &OutboxContents { records },
        &header,
        passphrase,
        random(16).try_into().expect("16 bytes"),
        random(12).try_into().expect("12 bytes"),
    )
    .expect("the file seals");
    serde_json::to_value(file).expect("the file serialises")
}
