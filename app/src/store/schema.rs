//! The one place that knows the IndexedDB database name, version, stores and indexes.
//! Bump [`VERSION`] on every change here.

use super::error::StoreError;
use rexie::{Index, ObjectStore, Rexie};

pub const DB_NAME: &str = "prom-collector";
pub const VERSION: u32 = 3;

/// Responses waiting to be sent, keyed by response id, indexed by the time they were queued.
pub const OUTBOX: &str = "outbox";
pub const OUTBOX_BY_QUEUED: &str = "by_queued_at";
/// Responses the server refused, kept with the reason until someone deals with them.
pub const NEEDS_ATTENTION: &str = "needs_attention";
/// Device settings, one record per key.
pub const SETTINGS: &str = "settings";
/// The server's instrument list, cached for offline use (disposable: refetched when online).
pub const INSTRUMENTS: &str = "instruments";
/// GAS goal sets agreed on this device, so they can be reviewed later (version 2).
pub const GOAL_SETS: &str = "goal_sets";
/// Questionnaires started and not yet finished, sealed (version 3).
pub const DRAFTS: &str = "drafts";
/// The practitioner's caseload, sealed (version 3).
pub const CASELOAD: &str = "caseload";
/// Earlier responses pulled from the server, sealed, with the feed cursor (version 3; a cache).
pub const HISTORY: &str = "history";

/// Opens the database, creating or upgrading its stores.
pub async fn open() -> Result<Rexie, StoreError> {
    open_named(DB_NAME).await
}

/// Opens a database of this schema under another name (tests use a fresh one each).
pub async fn open_named(name: &str) -> Result<Rexie, StoreError> {
    Rexie::builder(name)
        .version(VERSION)
        .add_object_store(
            ObjectStore::new(OUTBOX)
                .key_path("id")
                .add_index(Index::new(OUTBOX_BY_QUEUED, "queued_at")),
        )
        .add_object_store(ObjectStore::new(NEEDS_ATTENTION).key_path("id"))
        .add_object_store(ObjectStore::new(SETTINGS).key_path("key"))
        .add_object_store(ObjectStore::new(INSTRUMENTS).key_path("key"))
        .add_object_store(ObjectStore::new(GOAL_SETS).key_path("id"))
        .add_object_store(ObjectStore::new(DRAFTS).key_path("id"))
        .add_object_store(ObjectStore::new(CASELOAD).key_path("id"))
        .add_object_store(ObjectStore::new(HISTORY).key_path("key"))
        .build()
        .await
        .map_err(|e| StoreError(format!("could not open device storage: {e}")))
}
