//! The administration pages (admins only; every change is audited by the server).
//!
//! - [`tablets`]: enrolment codes with their expiry, the tablet list, revoking a tablet.
//! - [`accounts`]: the accounts of the admin's organisations; creating and disabling one.
//! - [`organisations`]: the hierarchy as a tree; adding a PCN or a practice.
//! - [`roles`]: the professional role list: add, rename, retire.
//! - [`instruments`]: versions, licence registrations, FHIR Questionnaire import.
//! - [`audit`]: the audit log, filtered, a page at a time.
//! - [`research`]: the pseudonymised row export with its purpose and approval.
//! - [`lookups`]: the IMD lookup import (the deprivation decile of each LSOA).

pub mod accounts;
pub mod audit;
pub mod instruments;
pub mod lookups;
pub mod organisations;
pub mod research;
pub mod roles;
pub mod tablets;
