//! Which instruments this tablet offers: the open built-in ones always (so a new tablet works
//! offline at once), plus whatever the server enabled (licensed ones once registered, imported
//! ones), from the cached server list.

use crate::platform;
use crate::store::{instruments, schema};
use crate::sync::client;
use leptos::prelude::*;
use shared::api::InstrumentList;
use shared::catalog::InstrumentCatalog;
use std::sync::Arc;

/// The open built-in instruments.
pub fn offline_default() -> InstrumentCatalog {
    let mut catalog = InstrumentCatalog::default();
    for definition in InstrumentCatalog::built_in().all_versions() {
        if !definition.is_licensed() {
            let _ = catalog.insert(definition.clone());
        }
    }
    catalog
}

/// The built-in open instruments plus every version in the server's list.
pub fn from_list(list: &InstrumentList) -> InstrumentCatalog {
    let mut catalog = offline_default();
    for definition in &list.definitions {
        if catalog.get(&definition.id, definition.version).is_none() && definition.check().is_ok() {
            let _ = catalog.insert(definition.clone());
        }
    }
    catalog
}

/// Loads the cached list at once, then refreshes it from the server when reachable.
pub fn load(catalog: RwSignal<Arc<InstrumentCatalog>>) {
    leptos::task::spawn_local(async move {
        let Ok(db) = schema::open().await else {
            return;
        };
        if let Ok(Some(list)) = instruments::load(&db).await {
            catalog.set(Arc::new(from_list(&list)));
        }
        if let Ok(list) = client::fetch_instruments(&platform::origin()).await {
            let _ = instruments::save(&db, &list).await;
            catalog.set(Arc::new(from_list(&list)));
        }
    });
}
