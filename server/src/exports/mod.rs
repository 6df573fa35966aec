//! Exports evaluators and researchers open anywhere: the outcomes view as CSV (tidy long form),
//! XLSX, JSON and a FHIR R4 MeasureReport, each with a Frictionless data dictionary, all written
//! from the one suppressed table of `GET /api/v1/outcomes` ([`figures::long_rows`]); and
//! pseudonymised rows for approved research ([`research`]).
//!
//! Formatting only: no query and no HTTP (the routes in `routes::exports` and
//! `routes::research` do those).

pub mod dictionary;
pub mod figures;
pub mod measure_report;
pub mod naming;
pub mod research;
pub mod tabular;
pub mod workbook;

/// The media type of an XLSX workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The media type of the CSV files.
pub const CSV: &str = "text/csv; charset=utf-8";
/// The media type of a FHIR resource.
pub const FHIR_JSON: &str = "application/fhir+json";
/// The media type of FHIR Bulk Data files (one resource per line).
pub const FHIR_NDJSON: &str = "application/fhir+ndjson";
