//! End-to-end tests in a real headless Chromium against the real server binary, one browser at a
//! time (`tests::browser::ONE_BROWSER`).

mod console;
mod demographics;
mod instruments;
mod languages;
mod offline;
mod patient_change;
mod sync;
mod taps;
mod time_points;
