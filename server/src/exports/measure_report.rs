//! The FHIR R4 MeasureReport export (type `summary`): one group per measure (or instrument) and
//! figure, its score the total row's; one stratifier over the grouped dimensions with a stratum
//! per group row. A withheld figure has no score, only the data-absent-reason `masked` and the
//! reason; a figure that does not exist has data-absent-reason `not-applicable`.

use super::figures::{FigureRow, Status, Unit, reason_code};
use serde_json::{Value, json};
use shared::api::OutcomesResponse;

/// The canonical URL of the report's Measure (the outcomes view as a whole).
pub const MEASURE: &str = "https://github.com/prom-collector/fhir/Measure/outcomes";
/// The code system of the groups (`<measure or instrument>/<table>.<figure>[/<band>]`).
pub const FIGURE_SYSTEM: &str = "https://github.com/prom-collector/fhir/CodeSystem/outcome-figure";
/// The code system of the dimensions.
pub const DIMENSION_SYSTEM: &str = "https://github.com/prom-collector/fhir/CodeSystem/dimension";
/// Why a figure is withheld (`small`, `secondary`, `too_few_values`).
pub const WITHHELD_EXTENSION: &str =
    "https://github.com/prom-collector/fhir/StructureDefinition/withheld-reason";
/// The query the report answers (JSON text).
pub const QUERY_EXTENSION: &str =
    "https://github.com/prom-collector/fhir/StructureDefinition/outcomes-query";
/// The disclosure control applied (text).
pub const SUPPRESSION_EXTENSION: &str =
    "https://github.com/prom-collector/fhir/StructureDefinition/suppression";
const DATA_ABSENT: &str = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
const UCUM: &str = "http://unitsofmeasure.org";

/// What the report says about itself.
pub struct Report<'a> {
    pub id: &'a str,
    pub organisation: &'a str,
    pub organisation_name: &'a str,
    /// Inclusive `YYYY-MM-DD` dates.
    pub period: (&'a str, &'a str),
    pub created: &'a str,
    pub query: &'a Value,
}

/// The MeasureReport resource.
pub fn measure_report(table: &OutcomesResponse, rows: &[FigureRow], report: &Report<'_>) -> Value {
    // Groups in first-seen order; each is the total row's figure plus the group rows' strata.
    let mut keys: Vec<String> = Vec::new();
    let mut totals: Vec<Option<&FigureRow>> = Vec::new();
    let mut strata: Vec<Vec<&FigureRow>> = Vec::new();
    for row in rows {
        let key = group_code(row);
        let at = match keys.iter().position(|k| *k == key) {
            Some(at) => at,
            None => {
                keys.push(key);
                totals.push(None);
                strata.push(Vec::new());
                keys.len() - 1
            }
        };
        if row.total {
            totals[at] = Some(row);
        } else {
            strata[at].push(row);
        }
    }
    let groups: Vec<Value> = keys
        .iter()
        .enumerate()
        .map(|(at, key)| {
            let any = totals[at].or_else(|| strata[at].first().copied());
            let mut group = json!({
                "code": {
                    "coding": [{ "system": FIGURE_SYSTEM, "code": key }],
                    "text": any.map(group_text).unwrap_or_default(),
                },
            });
            match totals[at] {
                Some(total) => score(&mut group, total),
                None => absent(&mut group, "not-applicable", None),
            }
            if !table.group_by.is_empty() {
                let stratum: Vec<Value> = strata[at]
                    .iter()
                    .map(|row| stratum(row, &table.group_by))
                    .collect();
                group["stratifier"] = json!([{
                    "code": table.group_by.iter().map(|d| json!({
                        "coding": [{ "system": DIMENSION_SYSTEM, "code": d }],
                        "text": d,
                    })).collect::<Vec<_>>(),
                    "stratum": stratum,
                }]);
            }
            group
        })
        .collect();
    json!({
        "resourceType": "MeasureReport",
        "id": report.id,
        "extension": [
            { "url": QUERY_EXTENSION, "valueString": report.query.to_string() },
            { "url": SUPPRESSION_EXTENSION, "valueString": table.suppression },
        ],
        "status": "complete",
        "type": "summary",
        "measure": MEASURE,
        "date": report.created,
        "reporter": {
            "identifier": {
                "system": "https://github.com/prom-collector/fhir/organisation-id",
                "value": report.organisation,
            },
            "display": report.organisation_name,
        },
        "period": { "start": report.period.0, "end": report.period.1 },
        "group": groups,
    })
}

/// `<measure or instrument>/<table>.<figure>[/<band>]`.
fn group_code(row: &FigureRow) -> String {
    let subject = row.measure.as_deref().unwrap_or(&row.instrument);
    match &row.band {
        Some(band) => format!("{subject}/{}/{band}", row.name()),
        None => format!("{subject}/{}", row.name()),
    }
}

fn group_text(row: &FigureRow) -> String {
    let subject = row
        .measure_label
        .as_deref()
        .or(row.instrument_label.as_deref())
        .or(row.measure.as_deref())
        .unwrap_or(&row.instrument);
    match &row.band {
        Some(band) => format!("{subject}: {} ({band})", row.name()),
        None => format!("{subject}: {}", row.name()),
    }
}

/// Sets `measureScore`, or the reasons it is absent.
fn score(element: &mut Value, row: &FigureRow) {
    match (row.status, row.value) {
        (Status::Shown, Some(value)) => {
            // Counts are whole numbers (written as such); everything else at full precision.
            let value = match row.unit {
                Unit::Count if value.fract() == 0.0 && value >= 0.0 => json!(value as u64),
                _ => json!(value),
            };
            element["measureScore"] = json!({
                "value": value,
                "unit": row.unit.code(),
                "system": UCUM,
                "code": row.unit.ucum(),
            });
        }
        (Status::Withheld, _) => absent(element, "masked", row.withheld.map(reason_code)),
        _ => absent(element, "not-applicable", None),
    }
}

fn absent(element: &mut Value, reason: &str, withheld: Option<&str>) {
    let mut extension = vec![json!({ "url": DATA_ABSENT, "valueCode": reason })];
    if let Some(withheld) = withheld {
        extension.push(json!({ "url": WITHHELD_EXTENSION, "valueCode": withheld }));
    }
    element["extension"] = Value::Array(extension);
}

fn concept(code: &str, label: Option<&str>) -> Value {
    let mut coding = json!({ "code": code });
    if let Some(label) = label {
        coding["display"] = json!(label);
    }
    json!({ "coding": [coding], "text": label.unwrap_or(code) })
}

fn stratum(row: &FigureRow, group_by: &[String]) -> Value {
    let mut stratum = if group_by.len() == 1 {
        let value = &row.group[0];
        json!({ "value": concept(&value.code, value.label.as_deref()) })
    } else {
        let component: Vec<Value> = row
            .group
            .iter()
            .map(|value| {
                json!({
                    "code": { "coding": [{ "system": DIMENSION_SYSTEM, "code": value.dimension }], "text": value.dimension },
                    "value": concept(&value.code, value.label.as_deref()),
                })
            })
            .collect();
        json!({ "component": component })
    };
    score(&mut stratum, row);
    stratum
}
