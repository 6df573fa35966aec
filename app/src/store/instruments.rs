//! The server's instrument list, cached so the tablet can offer every enabled instrument
//! (licensed ones once registered, imported ones) with no connection.

use super::error::StoreError;
use super::schema::INSTRUMENTS;
use rexie::{Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use shared::api::InstrumentList;
use wasm_bindgen::JsValue;

const KEY: &str = "list";

#[derive(Debug, Serialize, Deserialize)]
struct Cached {
    key: String,
    /// The list as JSON text.
    list: String,
}

pub async fn save(db: &Rexie, list: &InstrumentList) -> Result<(), StoreError> {
    let cached = Cached {
        key: KEY.to_owned(),
        list: serde_json::to_string(list).expect("a list always serialises"),
    };
    let value = cached.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?;
    let tx = db.transaction(&[INSTRUMENTS], TransactionMode::ReadWrite)?;
    tx.store(INSTRUMENTS)?.put(&value, None).await?;
    tx.done().await?;
    Ok(())
}

/// The cached list, if one was ever fetched and is still readable.
pub async fn load(db: &Rexie) -> Result<Option<InstrumentList>, StoreError> {
    let tx = db.transaction(&[INSTRUMENTS], TransactionMode::ReadOnly)?;
    let value = tx.store(INSTRUMENTS)?.get(JsValue::from_str(KEY)).await?;
    tx.done().await?;
    let Some(value) = value.filter(|v| !v.is_undefined()) else {
        return Ok(None);
    };
    let cached: Cached = serde_wasm_bindgen::from_value(value)?;
    Ok(serde_json::from_str(&cached.list).ok())
}
