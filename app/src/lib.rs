//! The prom-collector tablet app: a Leptos client-side rendered PWA that keeps working offline.
//!
//! Layers, each using only those below it:
//! - [`app`]: the root; it composes the sync bar and the screen on show, nothing else.
//! - [`pages`]: one module per screen (home, settings, questionnaire, goal review picker...).
//! - [`components`]: widgets several screens share (sync bar, PIN prompt, secret field, answer
//!   buttons).
//! - [`state`]: the screen state, the context the pages share (with the one database handle),
//!   navigation, and whether the screen has settled; [`startup`]: what is read before the first
//!   screen; [`session`]: unlocking, locking, and the inactivity lock.
//! - [`workflow`]: multi-step work without a user interface (finishing a questionnaire,
//!   protecting and unlocking the tablet).
//! - [`sync`]: pushes the outbox to the server with `reqwest`, on start, reconnect and a timer,
//!   and pulls what offline work needs; [`catalog`]: which instruments the tablet offers;
//!   [`escape`]: the waiting outbox exported to, and imported from, an encrypted file.
//! - [`store`]: IndexedDB through `rexie`: the outbox, drafts, caseload, settings...
//! - [`vault`]: encryption at rest (AES-GCM through WebCrypto under a PIN-wrapped data key).
//! - [`platform`], [`storage`], [`format`]: the few browser facilities used directly (clock,
//!   UUIDs, timers, locks, files), persistent storage and the quota, and times for people.
//! - [`speech`]: reading a question aloud through the browser's speech synthesis.
//! - [`reactive`]: setting a signal only when its value changes; [`i18n`]: the app's own text in
//!   each language it speaks (Fluent).
//!
//! `index.html` loads `boot.js`, which initialises the module and calls [`start`]. (A
//! `#[wasm_bindgen(start)]` would also run inside wasm tests and mount the app there.)

pub mod app;
pub mod catalog;
pub mod components;
pub mod escape;
pub mod format;
pub mod i18n;
pub mod pages;
pub mod platform;
pub mod reactive;
pub mod session;
pub mod speech;
pub mod startup;
pub mod state;
pub mod storage;
pub mod store;
pub mod sync;
pub mod vault;
pub mod workflow;

use wasm_bindgen::prelude::wasm_bindgen;

/// Mounts the app on the page's body.
#[wasm_bindgen]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
