//! The one integration-test binary: the real server on a random port with a fresh database per
//! test (each module one area of the API), the sync fault tests, and the end-to-end tests in
//! headless Chromium under [`browser`]. One binary links once, which matters on two cores.
//!
//! `cargo xtask test` runs it twice: everything but `browser::` (and again on PostgreSQL), then
//! `browser::` alone, so browsers never compete with the fault tests for the machine.

mod access;
mod accounts;
mod api;
mod audit_atomicity;
mod browser;
mod contract;
mod demographics;
mod devices;
mod exports;
mod faults;
mod fhir;
mod instruments;
mod layers;
mod operability;
mod outcomes;
mod patients;
mod pull;
mod rollups;
