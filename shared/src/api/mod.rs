//! HTTP wire types shared by the app and the server, one module per area. They change additively
//! only (new fields get `#[serde(default)]`), because tablets run older builds for weeks.
//!
//! With the `openapi` feature (the server and the tests; never the tablet) every type also
//! derives its OpenAPI schema, so the server's document is generated from these definitions.
//!
//! - [`sync`]: sync batches and per-record results, the change feed, patient keys, outbox import.
//! - [`aggregates`]: suppressed figures by group.
//! - [`outcomes`]: evaluator outcomes by group, measure and period, suppressed.
//! - [`exports`]: options of the outcome files and the query of the research row export.
//! - [`instruments`]: the instrument list, licence registration, FHIR Questionnaire import.
//! - [`alerts`]: risk alerts listed to staff.
//! - [`accounts`]: sign-in, accounts and organisations.
//! - [`devices`]: enrolment codes, enrolling a tablet, the device list.
//! - [`roles`]: the professional role list.
//! - [`audit`]: the audit log.
//! - [`lookups`]: the IMD lookup import.
//! - [`health`]: the readiness answer.

pub mod accounts;
pub mod aggregates;
pub mod alerts;
pub mod audit;
pub mod devices;
pub mod exports;
pub mod health;
pub mod instruments;
pub mod lookups;
pub mod outcomes;
pub mod roles;
pub mod sync;

pub use accounts::*;
pub use aggregates::*;
pub use alerts::*;
pub use audit::*;
pub use devices::*;
pub use exports::*;
pub use health::*;
pub use instruments::*;
pub use lookups::*;
pub use outcomes::*;
pub use roles::*;
pub use sync::*;

use serde::{Deserialize, Serialize};

/// Version of the sync protocol spoken by this build.
pub const PROTOCOL_VERSION: u32 = 1;
/// The most records one sync request may carry.
pub const MAX_BATCH_RECORDS: usize = 500;
/// The largest sync request body the server reads, in bytes.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The body of every error answer that is not a per-record result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// A stable machine-readable code, e.g. `malformed_json`.
    pub error: String,
    /// What went wrong and what to do, for a person.
    pub message: String,
}
