//! Device storage in IndexedDB, through `rexie`. Unsent responses live in their own `outbox`
//! store, apart from settings and any cache, so no clean-up of disposable data can touch them.
//! The database is opened once at start ([`schema::open`]) and every function here takes that
//! handle. Values about a patient are sealed through [`crate::vault`], which is below this layer.

pub mod caseload;
pub mod drafts;
pub mod error;
pub mod goal_sets;
pub mod instruments;
pub mod outbox;
pub mod schema;
pub mod settings;

pub use error::{STORAGE_FULL, StoreError};

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
