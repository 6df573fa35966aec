//! What the console reads of `GET /api/v1/instruments`: each published version's id, title,
//! licence and questions (the text of an alert's question and the label of its answer). Only
//! these fields are deserialised, so the bundle carries no code for the rest of a definition.

use serde::Deserialize;
use shared::api::DisabledInstrument;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Listed {
    pub definitions: Vec<Definition>,
    pub disabled: Vec<DisabledInstrument>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Definition {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub licence: Licence,
    #[serde(default)]
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Licence {
    /// `open` or `licensed`.
    pub kind: String,
    pub holder: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Item {
    pub id: String,
    pub text: String,
    pub response: Response,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Response {
    /// The labelled options of a choice item (empty for other formats).
    #[serde(default)]
    pub options: Vec<AnswerOption>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AnswerOption {
    pub value: i64,
    pub label: String,
}

/// The latest version of each instrument, as (id, title), in list order.
pub fn titles(list: &[Definition]) -> Vec<(String, String)> {
    let mut seen = Vec::<(String, String)>::new();
    for definition in list {
        if !seen.iter().any(|(id, _)| *id == definition.id) {
            seen.push((definition.id.clone(), definition.title.clone()));
        }
    }
    seen
}
