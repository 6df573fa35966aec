//! Pure domain code that the tablet app and the server share, so both always give the same answer.
//!
//! Nothing here does IO, reads a clock or draws random numbers: callers pass `now` and identifiers
//! in. The crate compiles for the host and for `wasm32-unknown-unknown`, and its tests run on both.
//!
//! - [`catalog`]: the reference data (roles, outcome domains, built-in instruments), kept as data.
//! - [`instrument`]: the declarative, versioned instrument definition and its own checks.
//! - [`response`]: a completed questionnaire as it travels from tablet to server.
//! - [`validate`]: turns an untrusted response into a [`validate::ValidResponse`] or field issues.
//! - [`scoring`]: scores a valid response with the definition it was collected on.
//! - [`stats`]: small-number suppression and the summaries used by aggregates.
//! - [`api`]: the HTTP wire types (sync batches, acknowledgements, aggregates, error bodies).
//! - [`sync`]: the pure planner the tablet uses to batch its outbox and apply acknowledgements.

pub mod api;
pub mod catalog;
pub mod ids;
pub mod instrument;
pub mod response;
pub mod scoring;
pub mod stats;
pub mod sync;
pub mod validate;

pub use ids::ResponseId;
