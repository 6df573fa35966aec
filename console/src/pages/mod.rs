//! One module per console page. The shell (`app`) renders the page's heading; a page renders
//! what is under it.
//!
//! - [`sign_in`]: e-mail and password.
//! - [`alerts`]: the risk-alert inbox (open and acknowledged), acknowledgement with a note.
//! - [`outcomes`]: the evaluator dashboard: filters, headline figures, charts, exports.
//! - [`admin`]: tablets, accounts, organisations, roles, instruments, the audit log and the
//!   research export.

pub mod admin;
pub mod alerts;
pub mod outcomes;
pub mod sign_in;
