//! The one error type of device storage, and the message shown when the browser refuses to store
//! more.

use crate::vault::VaultError;

/// A storage failure, with a message that tells the user what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the user is told when the browser refuses to store more.
pub const STORAGE_FULL: &str = "This tablet's storage is full. Nothing already saved was lost. \
     Connect to the network so waiting responses can be sent, or export them to a file in \
     Settings, then try again.";

impl From<rexie::Error> for StoreError {
    fn from(error: rexie::Error) -> Self {
        let text = format!("{error:?}");
        if text.contains("QuotaExceeded") {
            StoreError(STORAGE_FULL.to_owned())
        } else {
            StoreError(format!("device storage failed: {error}"))
        }
    }
}

impl From<serde_wasm_bindgen::Error> for StoreError {
    fn from(error: serde_wasm_bindgen::Error) -> Self {
        StoreError(format!("device storage held unreadable data: {error}"))
    }
}

/// Sealing or opening a value failed (most often: the tablet is locked).
impl From<VaultError> for StoreError {
    fn from(error: VaultError) -> Self {
        StoreError(error.0)
    }
}
