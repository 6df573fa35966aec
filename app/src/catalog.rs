//! Which instruments this tablet offers: the open built-in ones always (so a new tablet works
//! offline at once), plus whatever the server enabled (licensed ones once registered, imported
//! ones), from the cached server list.

use crate::platform;
use crate::store::{instruments, schema};
use crate::sync::client;
use leptos::prelude::*;
use shared::api::InstrumentList;
use shared::catalog::InstrumentCatalog;
use std::cell::{Cell, RefCell};
use std::sync::Arc;

thread_local! {
    /// The catalog the pages show, registered by [`load`], so a later refresh updates it.
    static SHOWN: RefCell<Option<RwSignal<Arc<InstrumentCatalog>>>> = const { RefCell::new(None) };
    /// When the server's list was last fetched, in milliseconds since 1970.
    static FETCHED_MS: Cell<Option<f64>> = const { Cell::new(None) };
}

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

/// Loads the cached list at once, then refreshes it from the server when reachable. Later
/// refreshes come from the sync loop when [`shared::sync::plan_pull`] says the list is due.
pub fn load(catalog: RwSignal<Arc<InstrumentCatalog>>) {
    SHOWN.with(|shown| *shown.borrow_mut() = Some(catalog));
    leptos::task::spawn_local(async move {
        let Ok(db) = schema::open().await else {
            return;
        };
        if let Ok(Some(list)) = instruments::load(&db).await {
            catalog.set(Arc::new(from_list(&list)));
        }
        refresh().await;
    });
}

/// Fetches the server's list, caches it and shows it. False when the server was not reached.
pub async fn refresh() -> bool {
    let Ok(list) = client::fetch_instruments(&platform::origin()).await else {
        return false;
    };
    if let Ok(db) = schema::open().await {
        let _ = instruments::save(&db, &list).await;
    }
    if let Some(catalog) = SHOWN.with(|shown| *shown.borrow()) {
        catalog.set(Arc::new(from_list(&list)));
    }
    FETCHED_MS.with(|at| at.set(Some(js_sys::Date::now())));
    true
}

/// When the server's list was last fetched by this page.
pub fn fetched_ms() -> Option<u64> {
    FETCHED_MS.with(Cell::get).map(|ms| ms as u64)
}
