//! The pseudonymised row export for approved research: the per-export pseudonyms, the columns of
//! an instrument's rows, and each response as a CSV record or an NDJSON QuestionnaireResponse.
//!
//! A stored patient pseudonym (which for a patient named by NHS number is the deployment's keyed
//! hash of it) never leaves: each export draws a random key, used only in memory and never
//! stored, and every patient and response id in the file is an HMAC under it. Two exports of the
//! same rows therefore share no identifier.

use super::tabular::Column;
use crate::db::research::ResearchRow;
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use serde_json::{Value, json};
use sha2::Sha256;
use shared::catalog::InstrumentCatalog;
use shared::fhir::questionnaire_response;
use shared::instrument::ResponseFormat;
use shared::response::ResponseRecord;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The identifier system of the pseudonyms of one export (the export id follows).
pub const PSEUDONYM_SYSTEM: &str = "urn:prom-collector:research-export:";
/// The time point a response was taken at (`baseline`, `review`, `final`).
pub const TIME_POINT_EXTENSION: &str =
    "https://github.com/prom-collector/fhir/StructureDefinition/time-point";

/// The keyed hash of one export (its key is random and never stored).
pub struct ExportPseudonyms {
    /// HMAC-SHA256 already keyed (the key's pads hashed once, not once per identifier).
    keyed: Hmac<Sha256>,
}

impl std::fmt::Debug for ExportPseudonyms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ExportPseudonyms(<key>)")
    }
}

impl ExportPseudonyms {
    pub fn random() -> Self {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        let keyed = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes any key length");
        Self { keyed }
    }

    fn hash(&self, kind: &[u8], value: &str) -> String {
        let mut mac = self.keyed.clone();
        mac.update(kind);
        mac.update(value.as_bytes());
        // 128 bits: no collision in any realistic export, and visibly not a stored hash.
        hex::encode(&mac.finalize().into_bytes()[..16])
    }

    /// The patient's pseudonym in this export.
    pub fn patient(&self, stored: &str) -> String {
        self.hash(b"patient:", stored)
    }

    /// The response's id in this export.
    pub fn response(&self, id: &str) -> String {
        self.hash(b"response:", id)
    }
}

/// The item and score columns of an instrument: every version's items that take a number
/// (free text and GAS goal descriptions are left out), and every measure.
#[derive(Debug, Clone)]
pub struct Layout {
    pub instrument: String,
    pub items: Vec<(String, String)>,
    /// `(<instrument>.<measure>, label, has bands)`.
    pub measures: Vec<(String, String, bool)>,
}

impl Layout {
    /// `None` when the catalog does not know the instrument.
    pub fn of(catalog: &InstrumentCatalog, instrument: &str) -> Option<Self> {
        let mut versions: Vec<_> = catalog
            .all_versions()
            .filter(|d| d.id == instrument)
            .collect();
        if versions.is_empty() {
            return None;
        }
        versions.sort_by_key(|d| std::cmp::Reverse(d.version));
        let mut layout = Layout {
            instrument: instrument.to_owned(),
            items: Vec::new(),
            measures: Vec::new(),
        };
        for definition in versions {
            for item in &definition.items {
                let numeric = matches!(
                    item.response,
                    ResponseFormat::Scale { .. } | ResponseFormat::Choice { .. }
                );
                if numeric && !layout.items.iter().any(|(id, _)| *id == item.id) {
                    layout.items.push((item.id.clone(), item.text.clone()));
                }
            }
            for measure in &definition.measures {
                let key = format!("{instrument}.{}", measure.id);
                if !layout.measures.iter().any(|(k, _, _)| *k == key) {
                    let banded = !measure.bands.is_empty();
                    layout.measures.push((key, measure.label.clone(), banded));
                }
            }
        }
        Some(layout)
    }

    /// The CSV columns, in file order.
    pub fn columns(&self) -> Vec<Column> {
        let c = |name: &str, kind: &'static str, description: &str| Column {
            name: name.to_owned(),
            kind,
            description: description.to_owned(),
        };
        let mut columns = vec![
            c(
                "response",
                "string",
                "the response's pseudonymous id, for this export only",
            ),
            c(
                "patient",
                "string",
                "the patient's pseudonym for this export only (empty: no patient, e.g. anonymous \
                 feedback); the same patient has the same pseudonym throughout one export",
            ),
            c("instrument", "string", "instrument id"),
            c(
                "instrument_version",
                "integer",
                "the definition version shown",
            ),
            c("recorded_on", "date", "the UTC date the patient finished"),
            c(
                "time_point",
                "string",
                "`baseline`, `review` or `final` as chosen on the tablet; empty: not chosen",
            ),
            c("role", "string", "the practitioner's professional role id"),
            c("organisation", "string", "the uploading organisation's id"),
            c(
                "age_band",
                "string",
                "age band at the response (`not_stated` when unknown)",
            ),
            c(
                "stated_sex",
                "string",
                "stated sex, NHS Data Dictionary code (`not_stated` when unknown)",
            ),
            c(
                "gender_identity",
                "string",
                "gender identity, NHS Data Dictionary code (`not_stated` when unknown)",
            ),
            c(
                "ethnic_category",
                "string",
                "NHS ethnic category code (`not_stated` when unknown)",
            ),
            c(
                "imd",
                "string",
                "IMD edition and decile, e.g. `2019-03` (`not_known` when unknown)",
            ),
        ];
        for (id, text) in &self.items {
            columns.push(Column {
                name: format!("item_{id}"),
                kind: "integer",
                description: format!("answer value to: {text} (empty: not answered or not shown)"),
            });
        }
        for (key, label, banded) in &self.measures {
            columns.push(Column {
                name: format!("score_{key}"),
                kind: "number",
                description: format!("{label}: the score, full precision (empty: not scored)"),
            });
            if *banded {
                columns.push(Column {
                    name: format!("band_{key}"),
                    kind: "string",
                    description: format!("{label}: the band the score falls in"),
                });
            }
        }
        columns
    }
}

/// The UTC date of an RFC 3339 time (the text's date if it does not parse). A time in UTC
/// (`...Z`, as ingest stores a UTC time) is its own first ten characters.
fn utc_date(recorded_at: &str) -> std::borrow::Cow<'_, str> {
    let bytes = recorded_at.as_bytes();
    let utc_date_shape = bytes.len() > 10
        && recorded_at.ends_with('Z')
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if utc_date_shape {
        return std::borrow::Cow::Borrowed(&recorded_at[..10]);
    }
    std::borrow::Cow::Owned(
        OffsetDateTime::parse(recorded_at, &Rfc3339)
            .map(|t| t.to_offset(time::UtcOffset::UTC).date().to_string())
            .unwrap_or_else(|_| recorded_at.chars().take(10).collect()),
    )
}

/// A response's stored answers (a JSON object of item id -> answer), read without building a
/// tree of values: each answer stays the JSON text it was stored as.
enum Answers<'a> {
    Raw(std::collections::HashMap<&'a str, &'a serde_json::value::RawValue>),
    /// Answers whose item ids hold escapes (never written by ingest, but readable).
    Parsed(Value),
}

impl<'a> Answers<'a> {
    fn parse(stored: &'a str) -> Self {
        match serde_json::from_str(stored) {
            Ok(raw) => Answers::Raw(raw),
            Err(_) => Answers::Parsed(serde_json::from_str(stored).unwrap_or(Value::Null)),
        }
    }

    /// The answer to `item` as number text, when it is a number.
    fn number(&self, item: &str) -> Option<std::borrow::Cow<'a, str>> {
        match self {
            Answers::Raw(raw) => {
                let text = raw.get(item)?.get();
                // An integer (that fits i64, not minus zero) stays the text it was stored as;
                // any other number is written as serde_json writes it (as the value tree did).
                let digits = text.strip_prefix('-').unwrap_or(text);
                let integer = !digits.is_empty()
                    && digits.len() <= 18
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && !(text.starts_with('-') && digits.bytes().all(|b| b == b'0'));
                if integer {
                    Some(std::borrow::Cow::Borrowed(text))
                } else {
                    match serde_json::from_str::<Value>(text) {
                        Ok(Value::Number(n)) => Some(std::borrow::Cow::Owned(n.to_string())),
                        _ => None,
                    }
                }
            }
            Answers::Parsed(value) => match value.get(item) {
                Some(Value::Number(n)) => Some(std::borrow::Cow::Owned(n.to_string())),
                _ => None,
            },
        }
    }
}

/// Writes one response as a CSV record, its cells in the order of [`Layout::columns`].
pub fn write_csv_record<W: std::io::Write>(
    writer: &mut csv::Writer<W>,
    response: &ResearchRow,
    layout: &Layout,
    pseudonyms: &ExportPseudonyms,
) -> csv::Result<()> {
    let row = response;
    let answers = Answers::parse(row.answers);
    writer.write_field(pseudonyms.response(row.id))?;
    match row.patient_pseudonym {
        Some(patient) => writer.write_field(pseudonyms.patient(patient))?,
        None => writer.write_field("")?,
    }
    writer.write_field(row.instrument_id)?;
    writer.write_field(row.instrument_version.to_string())?;
    writer.write_field(utc_date(row.recorded_at).as_ref())?;
    writer.write_field(row.time_point.unwrap_or_default())?;
    writer.write_field(row.role)?;
    writer.write_field(row.organisation_id.unwrap_or_default())?;
    for field in [
        row.age_band,
        row.stated_sex,
        row.gender_identity,
        row.ethnic_category,
        row.imd,
    ] {
        writer.write_field(field)?;
    }
    for (id, _) in &layout.items {
        match answers.number(id) {
            Some(number) => writer.write_field(number.as_ref())?,
            None => writer.write_field("")?,
        }
    }
    // One buffer for every score's text (Rust's shortest form that reads back exactly).
    let mut number = String::with_capacity(32);
    for (key, _, banded) in &layout.measures {
        let score = response.scores.iter().find(|(k, _, _)| k == key);
        number.clear();
        if let Some((_, value, _)) = score {
            use std::fmt::Write;
            write!(number, "{value}").expect("writes to memory");
        }
        writer.write_field(&number)?;
        if *banded {
            writer.write_field(score.and_then(|(_, _, b)| b.as_deref()).unwrap_or_default())?;
        }
    }
    writer.write_record(None::<&[u8]>)
}

/// One response as a FHIR R4 QuestionnaireResponse (one NDJSON line, without the newline):
/// the shared export, with the export's pseudonyms for its id and subject, the date only, and
/// no free-text answers. `None` when the definition is unknown or the row does not parse.
pub fn questionnaire_response_line(
    response: &ResearchRow,
    catalog: &InstrumentCatalog,
    pseudonyms: &ExportPseudonyms,
    export_id: &str,
) -> Option<Value> {
    let row = response;
    let version = u32::try_from(row.instrument_version).ok()?;
    let definition = catalog.get(row.instrument_id, version)?;
    let answers: Value = serde_json::from_str(row.answers).ok()?;
    let record: ResponseRecord = serde_json::from_value(json!({
        "id": row.id,
        "instrument_id": row.instrument_id,
        "instrument_version": version,
        "recorded_at": row.recorded_at,
        "role": row.role,
        "answers": answers,
    }))
    .ok()?;
    let mut resource = questionnaire_response(&record, definition);
    resource["id"] = json!(pseudonyms.response(row.id));
    resource["authored"] = json!(utc_date(row.recorded_at));
    if let Some(items) = resource["item"].as_array_mut() {
        items.retain(|item| {
            !item["answer"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|a| a.get("valueString").is_some())
        });
    }
    if let Some(patient) = &row.patient_pseudonym {
        resource["subject"] = json!({
            "identifier": {
                "system": format!("{PSEUDONYM_SYSTEM}{export_id}"),
                "value": pseudonyms.patient(patient),
            }
        });
    }
    if let Some(time_point) = &row.time_point {
        resource["extension"] = json!([{ "url": TIME_POINT_EXTENSION, "valueCode": time_point }]);
    }
    Some(resource)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_utc_date_of_a_time_in_any_offset() {
        assert_eq!(utc_date("2026-04-14T10:00:00Z"), "2026-04-14");
        assert_eq!(utc_date("2026-04-14T10:00:00.123Z"), "2026-04-14");
        assert_eq!(utc_date("2026-04-14T23:30:00-01:00"), "2026-04-15");
        assert_eq!(utc_date("2026-04-14T00:30:00+01:00"), "2026-04-13");
        assert_eq!(utc_date("not a time"), "not a time");
    }

    #[test]
    fn answers_give_number_text_as_the_value_tree_did() {
        let stored = r#"{"q1": 3, "q2": -1, "q3": 2.50, "q4": "text", "q5": null, "q6": {"a": 1}, "q7": 1e2, "q8": -0}"#;
        let tree: Value = serde_json::from_str(stored).unwrap();
        for answers in [Answers::parse(stored), Answers::Parsed(tree.clone())] {
            for item in ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "missing"] {
                let expected = match tree.get(item) {
                    Some(Value::Number(n)) => Some(n.to_string()),
                    _ => None,
                };
                assert_eq!(
                    answers.number(item).map(|t| t.into_owned()),
                    expected,
                    "{item}"
                );
            }
        }
        assert!(matches!(Answers::parse(stored), Answers::Raw(_)));
        assert!(matches!(Answers::parse("[1, 2]"), Answers::Parsed(_)));
    }

    #[test]
    fn two_exports_give_unrelated_pseudonyms_and_one_export_keeps_a_patient() {
        let (a, b) = (ExportPseudonyms::random(), ExportPseudonyms::random());
        assert_eq!(a.patient("p1"), a.patient("p1"));
        assert_ne!(a.patient("p1"), a.patient("p2"));
        assert_ne!(a.patient("p1"), b.patient("p1"));
        assert_ne!(a.patient("p1"), a.response("p1"));
        assert_eq!(a.patient("p1").len(), 32);
    }
}
