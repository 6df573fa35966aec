//! Identifier newtypes. Identifiers are minted once, on the device, when a record is created.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// The client-generated identifier of one completed questionnaire. It never changes, so the
/// server can recognise a re-sent record as the same record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(value_type = String, format = "uuid")
)]
#[serde(transparent)]
pub struct ResponseId(Uuid);

impl ResponseId {
    /// Wraps an already generated UUID (the app uses `crypto.randomUUID()`, tests use fixed ones).
    pub fn from_uuid(uuid: Uuid) -> Self {
        Self(uuid)
    }

    /// Parses the canonical hyphenated text form.
    pub fn parse(text: &str) -> Result<Self, uuid::Error> {
        Uuid::parse_str(text).map(Self)
    }
}

impl fmt::Display for ResponseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}
