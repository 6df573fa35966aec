//! Device storage in IndexedDB, through `rexie`. Unsent responses live in their own `outbox`
//! store, apart from settings and any cache, so no clean-up of disposable data can touch them.

pub mod caseload;
pub mod drafts;
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

/// Seals everything an older build stored in the clear. Called at every unlock, it does the work
/// once: this build stores nothing unsealed, so after one complete pass a flag skips it.
pub async fn seal_legacy(db: &rexie::Rexie) -> Result<(), StoreError> {
    if settings::legacy_sealed(db).await? {
        return Ok(());
    }
    outbox::seal_legacy(db).await?;
    goal_sets::seal_legacy(db).await?;
    settings::set_legacy_sealed(db).await
}

impl From<serde_wasm_bindgen::Error> for StoreError {
    fn from(error: serde_wasm_bindgen::Error) -> Self {
        StoreError(format!("device storage held unreadable data: {error}"))
    }
}
