//! Device storage in IndexedDB, through `rexie`. Unsent responses live in their own `outbox`
//! store, apart from settings and any cache, so no clean-up of disposable data can touch them.

pub mod goal_sets;
pub mod instruments;
pub mod outbox;
pub mod schema;
pub mod settings;

/// A storage failure, with a message that tells the user what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<rexie::Error> for StoreError {
    fn from(error: rexie::Error) -> Self {
        StoreError(format!("device storage failed: {error}"))
    }
}

impl From<serde_wasm_bindgen::Error> for StoreError {
    fn from(error: serde_wasm_bindgen::Error) -> Self {
        StoreError(format!("device storage held unreadable data: {error}"))
    }
}
