//! The prom-collector tablet app: a Leptos client-side rendered PWA that keeps working offline.
//!
//! - [`pages`]: one module per screen (home, settings, questionnaire, goal review picker).
//! - [`catalog`]: which instruments the tablet offers, cached from the server for offline use.
//! - [`store`]: IndexedDB through `rexie`: the outbox of unsent responses and device settings.
//! - [`vault`]: encryption at rest (AES-GCM through WebCrypto under a PIN-wrapped data key).
//! - [`session`]: unlocking, locking, and the inactivity lock.
//! - [`storage`]: persistent storage and the quota.
//! - [`escape`]: the waiting outbox exported to, and imported from, an encrypted file.
//! - [`sync`]: pushes the outbox to the server with `reqwest`, on start, reconnect and a timer.
//! - [`platform`]: the few browser facilities used directly (clock, UUIDs, timers).
//!
//! `index.html` loads `boot.js`, which initialises the module and calls [`start`]. (A
//! `#[wasm_bindgen(start)]` would also run inside wasm tests and mount the app there.)

pub mod app;
pub mod catalog;
pub mod escape;
pub mod pages;
pub mod platform;
pub mod session;
pub mod storage;
pub mod store;
pub mod sync;
pub mod vault;

use wasm_bindgen::prelude::wasm_bindgen;

/// Mounts the app on the page's body.
#[wasm_bindgen]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
