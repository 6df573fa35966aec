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
