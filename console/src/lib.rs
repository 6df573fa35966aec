//! The prom-collector staff console: a second browser bundle, served at `/console`, for the
//! people who never hold a tablet: practitioners acknowledging risk alerts, evaluators reading
//! outcomes, admins enrolling tablets and keeping the lists. It is online only (no service
//! worker, nothing stored but the sign-in in `sessionStorage`), and the tablet never loads it.
//!
//! Layers, each using only those below it:
//! - [`app`]: the root: the sign-in page, or the shell (banner, navigation with the open-alert
//!   count, the page on show).
//! - [`pages`]: one module per page (sign-in, alerts, outcomes, the administration pages).
//! - [`components`]: widgets several pages share (charts with their table view, figures,
//!   messages, the organisation picker).
//! - [`alerts`]: the open-alert count every page shows.
//! - [`route`]: the page on show, its address under `/console`, history navigation;
//!   [`session`]: the signed-in account and its token, sign-out and expiry, and every API call
//!   made on its behalf.
//! - [`busy`]: whether the page has settled (`data-settled` on `<main>`, what browser tests wait
//!   for).
//! - [`api`]: HTTP to `/api/v1` with the wire types of `shared::api`; [`instruments`]: what the
//!   console reads of the instrument list; [`format`]: figures for people; [`browser`]: the few
//!   browser facilities used directly (timers, storage, history, downloads, files).
//!
//! `index.html` loads `boot.js`, which initialises the module and calls [`start`].

pub mod alerts;
pub mod api;
pub mod app;
pub mod browser;
pub mod busy;
pub mod components;
pub mod format;
pub mod instruments;
pub mod pages;
pub mod route;
pub mod session;

use wasm_bindgen::prelude::wasm_bindgen;

/// Mounts the console on the page's body.
#[wasm_bindgen]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
