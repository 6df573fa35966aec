//! FHIR R4 mapping: every instrument as a `Questionnaire`, every response as a
//! `QuestionnaireResponse`, and import of a `Questionnaire` as a new custom instrument.
//!
//! Answer weights travel as `itemWeight` extensions on `answerOption`; codes as `code`. What FHIR
//! has no element for (measures, bands, risk rules, licence kind, translations, scale labels) is
//! carried in one extension holding this product's definition fields, so export followed by import
//! gives back an identical definition and therefore identical scores. A Questionnaire from another
//! system is imported from its standard elements alone, with a total score over its weighted items.

use crate::instrument::{
    AnswerOption, Coding, Condition, EnableBehavior, InstrumentDefinition, Item, Licence,
    LicenceKind, Measure, MissingRule, Operator, ResponseFormat, ScoreMethod,
};
use crate::response::ResponseRecord;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use thiserror::Error;
use time::format_description::well_known::Rfc3339;

/// The answer weight of an option (FHIR core extension; `ordinalValue` in older releases).
pub const ITEM_WEIGHT: &str = "http://hl7.org/fhir/StructureDefinition/itemWeight";
const ORDINAL_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
const MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
const MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
/// This product's definition fields that FHIR has no element for.
pub const DEFINITION_EXTENSION: &str =
    "https://github.com/prom-collector/fhir/StructureDefinition/instrument-definition";
/// Marks a group item holding GAS goals.
pub const GOALS_EXTENSION: &str =
    "https://github.com/prom-collector/fhir/StructureDefinition/gas-goals";

/// The canonical URL of an instrument.
pub fn canonical_url(instrument_id: &str) -> String {
    format!("urn:prom-collector:questionnaire:{instrument_id}")
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FhirError {
    #[error("this is not a FHIR R4 Questionnaire: {0}")]
    NotAQuestionnaire(String),
    #[error("item {link_id:?}: {problem}")]
    Item { link_id: String, problem: String },
    #[error("the imported definition is not valid: {0}")]
    Definition(String),
}

fn coding_json(coding: &Coding) -> Value {
    let mut value = json!({ "system": coding.system, "code": coding.code });
    if !coding.display.is_empty() {
        value["display"] = json!(coding.display);
    }
    value
}

fn operator_text(operator: Operator) -> &'static str {
    match operator {
        Operator::Eq => "=",
        Operator::Ne => "!=",
        Operator::Gt => ">",
        Operator::Ge => ">=",
        Operator::Lt => "<",
        Operator::Le => "<=",
    }
}

/// Exports a definition as a FHIR R4 Questionnaire.
pub fn questionnaire(definition: &InstrumentDefinition) -> Value {
    let items: Vec<Value> = definition.items.iter().map(questionnaire_item).collect();
    let carried = json!({
        "licence": definition.licence,
        "measures": definition.measures,
        "risks": definition.risks,
        "translations": definition.translations,
        "scale_labels": definition.items.iter().filter_map(|item| match &item.response {
            ResponseFormat::Scale { min_label, max_label, .. } =>
                Some((item.id.clone(), json!([min_label, max_label]))),
            _ => None,
        }).collect::<Map<String, Value>>(),
    });
    let mut resource = json!({
        "resourceType": "Questionnaire",
        "id": format!("{}-v{}", definition.id, definition.version),
        "url": canonical_url(&definition.id),
        "version": definition.version.to_string(),
        "name": definition.id.replace('-', "_"),
        "title": definition.title,
        "status": "active",
        "language": definition.language,
        "description": definition.introduction,
        "copyright": definition.licence.notice,
        "extension": [{ "url": DEFINITION_EXTENSION, "valueString": carried.to_string() }],
        "item": items,
    });
    if let Some(code) = &definition.code {
        resource["code"] = json!([coding_json(code)]);
    }
    resource
}

fn questionnaire_item(item: &Item) -> Value {
    let mut value = json!({
        "linkId": item.id,
        "text": item.text,
        "required": item.required,
    });
    match &item.response {
        ResponseFormat::Scale { min, max, .. } => {
            value["type"] = json!("integer");
            value["extension"] = json!([
                { "url": MIN_VALUE, "valueInteger": min },
                { "url": MAX_VALUE, "valueInteger": max },
            ]);
        }
        ResponseFormat::Choice { options } => {
            value["type"] = json!("choice");
            value["answerOption"] = options
                .iter()
                .map(|option| {
                    let coding = match &option.code {
                        Some(code) => json!({ "system": code.system, "code": code.code, "display": option.label }),
                        None => json!({ "code": option.value.to_string(), "display": option.label }),
                    };
                    json!({
                        "valueCoding": coding,
                        "extension": [{ "url": ITEM_WEIGHT, "valueDecimal": option.value }],
                    })
                })
                .collect();
        }
        ResponseFormat::Text { max_length } => {
            value["type"] = json!("text");
            value["maxLength"] = json!(max_length);
        }
        ResponseFormat::Goals { max_goals } => {
            value["type"] = json!("group");
            value["repeats"] = json!(true);
            value["extension"] = json!([{ "url": GOALS_EXTENSION, "valueInteger": max_goals }]);
        }
    }
    if let Some(code) = &item.code {
        value["code"] = json!([coding_json(code)]);
    }
    if !item.enable_when.is_empty() {
        value["enableWhen"] = item
            .enable_when
            .iter()
            .map(|c| json!({ "question": c.item, "operator": operator_text(c.operator), "answerInteger": c.value }))
            .collect();
        value["enableBehavior"] = json!(match item.enable_behavior {
            EnableBehavior::All => "all",
            EnableBehavior::Any => "any",
        });
    }
    value
}

/// What an admin supplies with a Questionnaire from another system.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The instrument id to publish under; defaults to one derived from the Questionnaire.
    pub id: Option<String>,
    /// The outcome domain of the total score computed for a foreign Questionnaire.
    pub domain: Option<String>,
}

/// Imports a FHIR R4 Questionnaire as an instrument definition (checked before it is returned).
pub fn import_questionnaire(
    resource: &Value,
    options: &ImportOptions,
) -> Result<InstrumentDefinition, FhirError> {
    if resource.get("resourceType").and_then(Value::as_str) != Some("Questionnaire") {
        return Err(FhirError::NotAQuestionnaire(
            "resourceType must be \"Questionnaire\"".to_owned(),
        ));
    }
    let text = |key: &str| resource.get(key).and_then(Value::as_str).map(str::to_owned);
    let carried: Option<Value> = resource
        .get("extension")
        .and_then(Value::as_array)
        .and_then(|exts| exts.iter().find(|e| e["url"] == DEFINITION_EXTENSION))
        .and_then(|e| e["valueString"].as_str())
        .and_then(|s| serde_json::from_str(s).ok());

    let id = match &options.id {
        Some(id) => id.clone(),
        None => derive_id(
            &text("url")
                .and_then(|url| {
                    url.strip_prefix("urn:prom-collector:questionnaire:")
                        .map(str::to_owned)
                })
                .or_else(|| text("name"))
                .or_else(|| text("id"))
                .unwrap_or_default(),
        ),
    };
    let version = text("version")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1);
    let title = text("title")
        .or_else(|| text("name"))
        .ok_or_else(|| FhirError::NotAQuestionnaire("it has no title or name".to_owned()))?;
    let raw_items = resource
        .get("item")
        .and_then(Value::as_array)
        .ok_or_else(|| FhirError::NotAQuestionnaire("it has no items".to_owned()))?;
    let scale_labels = carried.as_ref().and_then(|c| c.get("scale_labels"));
    let mut items = Vec::new();
    flatten_items(raw_items, scale_labels, &mut items)?;

    let code = resource
        .get("code")
        .and_then(Value::as_array)
        .and_then(|codes| codes.first())
        .and_then(coding_from_json);
    let mut definition = InstrumentDefinition {
        id,
        version,
        title,
        licence: Licence {
            kind: LicenceKind::Open,
            holder: text("publisher").unwrap_or_default(),
            notice: text("copyright").unwrap_or_default(),
        },
        introduction: text("description").unwrap_or_default(),
        language: text("language").unwrap_or_else(|| "en".to_owned()),
        code,
        items,
        measures: Vec::new(),
        risks: Vec::new(),
        translations: BTreeMap::new(),
    };
    match carried {
        Some(carried) => {
            let field = |key: &str| carried.get(key).cloned().unwrap_or(Value::Null);
            let bad = |e: serde_json::Error| FhirError::Definition(e.to_string());
            definition.licence = serde_json::from_value(field("licence")).map_err(bad)?;
            definition.measures = serde_json::from_value(field("measures")).map_err(bad)?;
            definition.risks = serde_json::from_value(field("risks")).map_err(bad)?;
            definition.translations = serde_json::from_value(field("translations")).map_err(bad)?;
        }
        None => definition.measures = default_total(&definition, options),
    }
    definition
        .check()
        .map_err(|e| FhirError::Definition(e.to_string()))?;
    Ok(definition)
}

/// A lowercase id of letters, digits and '-' from any text.
fn derive_id(source: &str) -> String {
    let mut id: String = source
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while id.contains("--") {
        id = id.replace("--", "-");
    }
    id.trim_matches('-').chars().take(64).collect()
}

/// For a foreign Questionnaire: the sum of every numeric item, when there is one.
fn default_total(definition: &InstrumentDefinition, options: &ImportOptions) -> Vec<Measure> {
    let numeric: Vec<String> = definition
        .items
        .iter()
        .filter(|i| i.response.numeric_range().is_some())
        .map(|i| i.id.clone())
        .collect();
    if numeric.is_empty() {
        return Vec::new();
    }
    vec![Measure {
        id: "total".to_owned(),
        label: format!("{} total", definition.title),
        domain: options
            .domain
            .clone()
            .unwrap_or_else(|| "wellbeing".to_owned()),
        method: ScoreMethod::Sum {
            items: numeric,
            missing: MissingRule::Complete,
        },
        higher_is_better: true,
        bands: Vec::new(),
        reliable_change: None,
        caseness: None,
        summarise_mean: true,
        code: None,
    }]
}

fn coding_from_json(value: &Value) -> Option<Coding> {
    Some(Coding {
        system: value
            .get("system")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        code: value.get("code").and_then(Value::as_str)?.to_owned(),
        display: value
            .get("display")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
    })
}

fn extension_value<'a>(value: &'a Value, urls: &[&str]) -> Option<&'a Value> {
    value
        .get("extension")
        .and_then(Value::as_array)?
        .iter()
        .find(|e| e["url"].as_str().is_some_and(|u| urls.contains(&u)))
}

/// Turns FHIR items (groups flattened, display items dropped) into definition items.
fn flatten_items(
    raw: &[Value],
    scale_labels: Option<&Value>,
    out: &mut Vec<Item>,
) -> Result<(), FhirError> {
    for value in raw {
        let link_id = value
            .get("linkId")
            .and_then(Value::as_str)
            .ok_or_else(|| FhirError::NotAQuestionnaire("an item has no linkId".to_owned()))?
            .to_owned();
        let problem = |problem: &str| FhirError::Item {
            link_id: link_id.clone(),
            problem: problem.to_owned(),
        };
        let kind = value.get("type").and_then(Value::as_str).unwrap_or("");
        let text = value
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let response = match kind {
            "display" => continue,
            "group" => match extension_value(value, &[GOALS_EXTENSION]) {
                Some(ext) => ResponseFormat::Goals {
                    max_goals: ext["valueInteger"].as_u64().unwrap_or(5) as u32,
                },
                None => {
                    let children = value
                        .get("item")
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default();
                    flatten_items(&children, scale_labels, out)?;
                    continue;
                }
            },
            "choice" | "coding" => {
                let options = value
                    .get("answerOption")
                    .and_then(Value::as_array)
                    .ok_or_else(|| {
                        problem(
                            "a choice item needs answerOption (answerValueSet is not supported)",
                        )
                    })?;
                let options = options
                    .iter()
                    .map(|option| answer_option(option).ok_or_else(|| problem("every answer option needs an integer itemWeight (or ordinalValue) and a display")))
                    .collect::<Result<Vec<_>, _>>()?;
                ResponseFormat::Choice { options }
            }
            "integer" => {
                let bound =
                    |url| extension_value(value, &[url]).and_then(|e| e["valueInteger"].as_i64());
                let (Some(min), Some(max)) = (bound(MIN_VALUE), bound(MAX_VALUE)) else {
                    return Err(problem(
                        "an integer item needs minValue and maxValue extensions",
                    ));
                };
                let labels = scale_labels.and_then(|l| l.get(&link_id));
                let label = |i: usize| {
                    labels
                        .and_then(|l| l.get(i))
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                        .unwrap_or_else(|| {
                            if i == 0 {
                                min.to_string()
                            } else {
                                max.to_string()
                            }
                        })
                };
                ResponseFormat::Scale {
                    min,
                    max,
                    min_label: label(0),
                    max_label: label(1),
                }
            }
            "string" | "text" => ResponseFormat::Text {
                max_length: value
                    .get("maxLength")
                    .and_then(Value::as_u64)
                    .unwrap_or(2000)
                    .min(10_000) as u32,
            },
            other => {
                return Err(problem(&format!(
                    "items of type {other:?} are not supported"
                )));
            }
        };
        let enable_when = value
            .get("enableWhen")
            .and_then(Value::as_array)
            .map(|conditions| conditions.iter().map(|c| condition(c).ok_or_else(|| problem("enableWhen must compare an earlier item with answerInteger or a weighted answerCoding"))).collect::<Result<Vec<_>, _>>())
            .transpose()?
            .unwrap_or_default();
        let enable_behavior = match value.get("enableBehavior").and_then(Value::as_str) {
            Some("any") => EnableBehavior::Any,
            _ => EnableBehavior::All,
        };
        out.push(Item {
            id: link_id.clone(),
            text,
            response,
            required: value
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            enable_when,
            enable_behavior,
            code: value
                .get("code")
                .and_then(Value::as_array)
                .and_then(|c| c.first())
                .and_then(coding_from_json),
        });
    }
    Ok(())
}

fn answer_option(option: &Value) -> Option<AnswerOption> {
    let weight = extension_value(option, &[ITEM_WEIGHT, ORDINAL_VALUE])
        .and_then(|e| e.get("valueDecimal").or_else(|| e.get("valueInteger")))
        .and_then(Value::as_f64)
        .filter(|w| w.fract() == 0.0)? as i64;
    let coding = option.get("valueCoding");
    let label = coding
        .and_then(|c| c.get("display"))
        .or_else(|| option.get("valueString"))
        .and_then(Value::as_str)?
        .to_owned();
    let code = coding
        .filter(|c| c.get("system").is_some())
        .and_then(coding_from_json);
    Some(AnswerOption {
        value: weight,
        label,
        code,
    })
}

fn condition(value: &Value) -> Option<Condition> {
    let operator = match value.get("operator").and_then(Value::as_str)? {
        "=" => Operator::Eq,
        "!=" => Operator::Ne,
        ">" => Operator::Gt,
        ">=" => Operator::Ge,
        "<" => Operator::Lt,
        "<=" => Operator::Le,
        _ => return None,
    };
    let answer = value
        .get("answerInteger")
        .and_then(Value::as_i64)
        .or_else(|| {
            value
                .get("answerCoding")
                .and_then(|c| c.get("code"))
                .and_then(Value::as_str)
                .and_then(|c| c.parse().ok())
        })?;
    Some(Condition {
        item: value.get("question").and_then(Value::as_str)?.to_owned(),
        operator,
        value: answer,
    })
}

/// Exports a stored response as a FHIR R4 QuestionnaireResponse (GAS goals as JSON text).
pub fn questionnaire_response(record: &ResponseRecord, definition: &InstrumentDefinition) -> Value {
    let items: Vec<Value> = definition
        .items
        .iter()
        .filter_map(|item| {
            let answer = record.answers.get(&item.id)?;
            let value = match (&item.response, answer) {
                (ResponseFormat::Choice { options }, Value::Number(n)) => {
                    let option = options.iter().find(|o| Some(o.value) == n.as_i64())?;
                    let coding = match &option.code {
                        Some(code) => json!({ "system": code.system, "code": code.code, "display": option.label }),
                        None => json!({ "code": option.value.to_string(), "display": option.label }),
                    };
                    json!({ "valueCoding": coding })
                }
                (ResponseFormat::Scale { .. }, Value::Number(n)) => json!({ "valueInteger": n }),
                (ResponseFormat::Text { .. }, Value::String(s)) => json!({ "valueString": s }),
                (ResponseFormat::Goals { .. }, goals) => json!({ "valueString": goals.to_string() }),
                _ => return None,
            };
            Some(json!({ "linkId": item.id, "text": item.text, "answer": [value] }))
        })
        .collect();
    json!({
        "resourceType": "QuestionnaireResponse",
        "id": record.id.to_string(),
        "questionnaire": format!("{}|{}", canonical_url(&definition.id), definition.version),
        "status": "completed",
        "authored": record.recorded_at.format(&Rfc3339).unwrap_or_default(),
        "item": items,
    })
}
