//! The data dictionaries: Frictionless Data Package descriptors (`datapackage.json`) naming
//! every column's type, unit and meaning, and the codes for withheld and not-applicable values.

use super::figures::{FIGURES, REASONS, Status, reason_code, reason_meaning};
use super::tabular::Column;
use serde_json::{Value, json};

/// The descriptor of an outcomes CSV named `path`, grouped by `group_by`.
pub fn outcomes_package(
    name: &str,
    path: &str,
    columns: &[Column],
    query: &Value,
    suppression: &str,
    created: &str,
) -> Value {
    let fields: Vec<Value> = columns.iter().map(field).collect();
    let figures: Vec<Value> = FIGURES
        .iter()
        .map(|(table, figure, unit, meaning)| {
            json!({
                "table": table.code(),
                "figure": figure,
                "unit": unit.code(),
                "description": meaning,
            })
        })
        .collect();
    json!({
        "profile": "tabular-data-package",
        "name": name,
        "title": "Patient-reported outcomes, suppressed aggregate figures",
        "created": created,
        "description": suppression,
        "query": query,
        "resources": [{
            "name": "outcomes",
            "path": path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "header": true },
            "schema": {
                "fields": fields,
                "missingValues": [""],
            },
        }],
        "codes": codes(),
        "figures": figures,
    })
}

/// The codes of a figure's status and of the reason a figure is withheld.
pub fn codes() -> Value {
    let status: Vec<Value> = Status::ALL
        .iter()
        .map(|s| {
            let meaning = match s {
                Status::Shown => "the value is given",
                Status::Withheld => {
                    "withheld by disclosure control: the value is empty, the reason says why"
                }
                Status::NotApplicable => {
                    "the figure does not exist (a percentage of nothing, the SD of one value, \
                     d_z when every change is the same): the value is empty"
                }
            };
            json!({ "code": s.code(), "description": meaning })
        })
        .collect();
    let reasons: Vec<Value> = REASONS
        .iter()
        .map(|r| json!({ "code": reason_code(*r), "description": reason_meaning(*r) }))
        .collect();
    json!({ "status": status, "withheld_reason": reasons })
}

/// A Frictionless field, with the allowed codes where the column has a closed list.
fn field(column: &Column) -> Value {
    let mut field = json!({
        "name": column.name,
        "type": column.kind,
        "description": column.description,
    });
    let allowed: Option<Vec<&str>> = match column.name.as_str() {
        "status" => Some(Status::ALL.iter().map(|s| s.code()).collect()),
        "withheld_reason" => Some(REASONS.iter().map(|r| reason_code(*r)).collect()),
        "row_type" => Some(vec!["group", "total"]),
        "improves" => Some(vec!["higher", "lower"]),
        _ => None,
    };
    if let Some(allowed) = allowed {
        field["constraints"] = json!({ "enum": allowed });
    }
    if column.kind == "boolean" {
        field["trueValues"] = json!(["true"]);
        field["falseValues"] = json!(["false"]);
    }
    field
}

/// The descriptor of a research row export (CSV named `path`).
pub fn research_package(name: &str, path: &str, columns: &[Column], created: &str) -> Value {
    let fields: Vec<Value> = columns.iter().map(field).collect();
    json!({
        "profile": "tabular-data-package",
        "name": name,
        "title": "Patient-reported outcomes, pseudonymised responses for approved research",
        "created": created,
        "description": "One row per current (not superseded) response. `patient` and \
    `response` are pseudonyms made for this export only (a keyed hash under a random key that is \
    not kept), so two exports cannot be linked. No NHS number, postcode or free text.",
        "resources": [{
            "name": "responses",
            "path": path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "header": true },
            "schema": { "fields": fields, "missingValues": [""] },
        }],
    })
}
