//! Multi-step work with no user interface, called by the pages and by the wasm tests: protecting
//! and unlocking the tablet ([`access`]), which questions are shown ([`answers`]), and finishing
//! a questionnaire ([`finish`]) with the caseload patient's [`demographics`], and
//! the time point the patient's history suggests ([`time_points`]). These sit above the stores and the vault and below the pages.

pub mod access;
pub mod answers;
pub mod demographics;
pub mod finish;
pub mod time_points;
