//! The outbox: completed responses waiting to be sent, and those the server refused.
//!
//! Each record is stored as the exact JSON text that will be sent, so what the server receives
//! is byte-for-byte what the device stored, however many times it is sent.

use super::StoreError;
use super::schema::{NEEDS_ATTENTION, OUTBOX, OUTBOX_BY_QUEUED};
use rexie::{Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use shared::ResponseId;
use shared::response::ResponseRecord;
use wasm_bindgen::JsValue;

/// A response waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// The response id (the store's key).
    pub id: String,
    /// When it was queued, RFC 3339: the outbox is sent oldest first.
    pub queued_at: String,
    /// The record as JSON text.
    pub record: String,
}

/// A response the server refused, kept on the device with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttentionEntry {
    pub id: String,
    pub queued_at: String,
    pub record: String,
    pub reason: String,
}

impl OutboxEntry {
    pub fn new(record: &ResponseRecord, queued_at: String) -> Self {
        Self {
            id: record.id.to_string(),
            queued_at,
            record: serde_json::to_string(record).expect("a record always serialises"),
        }
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

/// Adds a finished response. Adding the same id twice fails rather than overwriting.
pub async fn add(db: &Rexie, entry: &OutboxEntry) -> Result<(), StoreError> {
    let tx = db.transaction(&[OUTBOX], TransactionMode::ReadWrite)?;
    tx.store(OUTBOX)?.add(&to_js(entry)?, None).await?;
    tx.done().await?;
    Ok(())
}

/// Up to `limit` waiting entries, oldest first.
pub async fn oldest(db: &Rexie, limit: u32) -> Result<Vec<OutboxEntry>, StoreError> {
    let tx = db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
    let values = tx
        .store(OUTBOX)?
        .index(OUTBOX_BY_QUEUED)?
        .get_all(None, Some(limit))
        .await?;
    tx.done().await?;
    values
        .into_iter()
        .map(|value| Ok(serde_wasm_bindgen::from_value(value)?))
        .collect()
}

/// Number of entries waiting to be sent.
pub async fn waiting_count(db: &Rexie) -> Result<u32, StoreError> {
    count(db, OUTBOX).await
}

/// Number of entries the server refused.
pub async fn attention_count(db: &Rexie) -> Result<u32, StoreError> {
    count(db, NEEDS_ATTENTION).await
}

async fn count(db: &Rexie, store: &str) -> Result<u32, StoreError> {
    let tx = db.transaction(&[store], TransactionMode::ReadOnly)?;
    let n = tx.store(store)?.count(None).await?;
    tx.done().await?;
    Ok(n)
}

/// Every entry the server refused.
pub async fn needing_attention(db: &Rexie) -> Result<Vec<AttentionEntry>, StoreError> {
    let tx = db.transaction(&[NEEDS_ATTENTION], TransactionMode::ReadOnly)?;
    let values = tx.store(NEEDS_ATTENTION)?.get_all(None, None).await?;
    tx.done().await?;
    values
        .into_iter()
        .map(|value| Ok(serde_wasm_bindgen::from_value(value)?))
        .collect()
}

/// Applies the server's acknowledgements in one transaction: acknowledged entries leave the
/// outbox; refused ones move, with their reason, to the needs-attention store.
pub async fn apply_acks(
    db: &Rexie,
    sent: &[OutboxEntry],
    remove: &[ResponseId],
    refused: &[(ResponseId, String)],
) -> Result<(), StoreError> {
    let tx = db.transaction(&[OUTBOX, NEEDS_ATTENTION], TransactionMode::ReadWrite)?;
    let outbox = tx.store(OUTBOX)?;
    let attention = tx.store(NEEDS_ATTENTION)?;
    for id in remove {
        outbox.delete(JsValue::from_str(&id.to_string())).await?;
    }
    for (id, reason) in refused {
        let key = id.to_string();
        if let Some(entry) = sent.iter().find(|e| e.id == key) {
            let moved = AttentionEntry {
                id: entry.id.clone(),
                queued_at: entry.queued_at.clone(),
                record: entry.record.clone(),
                reason: reason.clone(),
            };
            attention.put(&to_js(&moved)?, None).await?;
            outbox.delete(JsValue::from_str(&key)).await?;
        }
    }
    tx.done().await?;
    Ok(())
}
