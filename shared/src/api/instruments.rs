//! Instruments: the list a tablet caches, recording a licensed instrument's registration, and
//! publishing a FHIR Questionnaire as a new instrument.

use crate::instrument::InstrumentDefinition;
use serde::{Deserialize, Serialize};

/// `GET /api/v1/instruments`: every instrument version a tablet may use on this server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstrumentList {
    /// Enabled versions: open instruments, and licensed ones whose registration is recorded.
    pub definitions: Vec<InstrumentDefinition>,
    /// Licensed instruments this server ships but has not enabled, with the reason.
    pub disabled: Vec<DisabledInstrument>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisabledInstrument {
    pub id: String,
    pub title: String,
    pub reason: String,
}

/// `PUT /api/v1/admin/instruments/{id}/registration`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationRequest {
    /// The licence or registration reference (e.g. Warwick's registration number).
    pub reference: String,
    /// Who records it.
    pub recorded_by: String,
}

/// `POST /api/v1/admin/instruments/fhir`: a FHIR R4 Questionnaire to publish as an instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FhirImportRequest {
    /// A FHIR R4 Questionnaire resource.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub questionnaire: serde_json::Value,
    /// Publish under this instrument id (default: derived from the Questionnaire).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Outcome domain of the total score of a Questionnaire from another system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// `true`: only check it (exactly as a publication would) and say what it would publish;
    /// nothing is stored.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub preview: bool,
}

/// What a FHIR import published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FhirImportResponse {
    pub id: String,
    pub version: u32,
    pub title: String,
    /// How many items the instrument has.
    pub items: usize,
    /// The ids of its measures.
    pub measures: Vec<String>,
}
