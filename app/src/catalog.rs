//! Which instruments this tablet offers: the open built-in ones always (so a new tablet works
//! offline at once), plus whatever the server enabled (licensed ones once registered, imported
//! ones), from the cached server list. The list is fetched by the sync layer and handed to
//! [`show`]; the catalog on screen changes only when the list does.

use crate::store::instruments;
use leptos::prelude::*;
use rexie::Rexie;
use shared::api::InstrumentList;
use shared::catalog::InstrumentCatalog;
use std::cell::{Cell, RefCell};
use std::sync::Arc;

thread_local! {
    /// The catalog the pages show, registered by [`register`], so a later refresh updates it.
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

/// The catalog from the cached server list, or the built-in one when there is none.
pub async fn cached(db: &Rexie) -> InstrumentCatalog {
    match instruments::load(db).await {
        Ok(Some(list)) => from_list(&list),
        _ => offline_default(),
    }
}

/// Registers the catalog the pages show, for [`show`] to update.
pub fn register(catalog: RwSignal<Arc<InstrumentCatalog>>) {
    SHOWN.with(|shown| *shown.borrow_mut() = Some(catalog));
}

/// Caches a list just fetched from the server and shows it, if it changes what is offered.
pub async fn show(db: &Rexie, list: &InstrumentList) {
    let _ = instruments::save(db, list).await;
    FETCHED_MS.with(|at| at.set(Some(js_sys::Date::now())));
    let fresh = from_list(list);
    if let Some(catalog) = SHOWN.with(|shown| *shown.borrow()) {
        // A published (instrument, version) is never edited, so the same versions offer the same.
        let versions = |c: &InstrumentCatalog| {
            c.all_versions()
                .map(|d| (d.id.clone(), d.version))
                .collect::<Vec<_>>()
        };
        if catalog.with_untracked(|shown| versions(shown) != versions(&fresh)) {
            catalog.set(Arc::new(fresh));
        }
    }
}

/// When the server's list was last fetched by this page.
pub fn fetched_ms() -> Option<u64> {
    FETCHED_MS.with(Cell::get).map(|ms| ms as u64)
}
