//! Pure domain code that the tablet app and the server share, so both always give the same answer.
//!
//! Nothing here does IO, reads a clock or draws random numbers: callers pass `now` and identifiers
//! in. The crate compiles for the host and for `wasm32-unknown-unknown`, and its tests run on both.
//!
//! - [`catalog`]: the reference data (roles, outcome domains, built-in instruments), kept as data.
//! - [`instrument`]: the declarative, versioned instrument definition and its own checks.
//! - [`nhs_number`]: the NHS number Modulus 11 check, the same on tablet and server.
//! - [`response`]: a completed questionnaire as it travels from tablet to server.
//! - [`demographics`]: NHS Data Dictionary codes for stated sex, gender identity and ethnic
//!   category, age bands, IMD deciles with their edition, and the snapshot codes of a response.
//! - [`validate`]: turns an untrusted response into a [`validate::ValidResponse`] or field issues.
//! - [`scoring`]: scores a valid response with the definition it was collected on, and the
//!   `<instrument>.<measure>` key of each score.
//! - [`goals`]: Goal Attainment Scaling goals and the Kiresuk-Sherman T-score.
//! - [`risk`]: risk rules (PHQ-9 item 9) evaluated identically on tablet and server.
//! - [`outcomes`]: time points, baseline/follow-up pairing and the evaluator figures (paired
//!   change, CIs, d_z, reliable change, recovery) from mergeable sufficient statistics.
//! - [`stats`]: small-number suppression and the summaries used by aggregates.
//! - [`fhir`]: FHIR R4 Questionnaire and QuestionnaireResponse export, and Questionnaire import.
//! - [`accounts`]: kinds of account and organisation, e-mail addresses and display names.
//! - [`api`]: the HTTP wire types (sync batches, acknowledgements, aggregates, error bodies).
//! - [`outbox_file`]: the encrypted file a tablet's waiting outbox is exported to (escape hatch).
//! - [`sync`]: the pure planner the tablet uses to batch its outbox and apply acknowledgements.

pub mod accounts;
pub mod api;
pub mod catalog;
pub mod demographics;
pub mod fhir;
pub mod goals;
pub mod ids;
pub mod instrument;
pub mod nhs_number;
pub mod outbox_file;
pub mod outcomes;
pub mod response;
pub mod risk;
pub mod scoring;
pub mod stats;
pub mod sync;
pub mod validate;

pub use ids::ResponseId;
