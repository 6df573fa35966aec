//! The outbox: completed responses waiting to be sent, and those the server refused.
//!
//! Each record is stored as the exact JSON text that will be sent, sealed by [`crate::vault`] and
//! bound to its id, so what the server receives is byte-for-byte what the device stored, however
//! many times it is sent, and nothing in the store is readable without the practitioner's PIN.
//! The id and the time it was queued stay in the clear: they order and deduplicate the outbox and
//! say nothing about the patient.

use super::error::StoreError;
use super::schema::{NEEDS_ATTENTION, OUTBOX, OUTBOX_BY_QUEUED};
use crate::vault;
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
    /// The record as JSON text, sealed (plain only in entries left by an older build).
    pub record: String,
    /// The same record sealed to the server's key at finish time (a `SealedRecord` as JSON), so
    /// it can be sent while the tablet is locked. Absent when the key was not known yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_server: Option<String>,
}

/// A response the server refused, kept on the device with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttentionEntry {
    pub id: String,
    pub queued_at: String,
    pub record: String,
    pub reason: String,
    /// The id of the new response that corrects this one, once the practitioner made it. The
    /// refused record is kept, marked, rather than deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected_by: Option<String>,
}

impl OutboxEntry {
    /// Seals a finished record for the outbox (the app must be unlocked).
    pub async fn seal(record: &ResponseRecord, queued_at: String) -> Result<Self, StoreError> {
        let text = serde_json::to_string(record).expect("a record always serialises");
        Self::seal_text(record.id.to_string(), &text, queued_at).await
    }

    /// Seals a record's JSON text exactly as given (an imported record keeps its bytes).
    pub async fn seal_text(id: String, text: &str, queued_at: String) -> Result<Self, StoreError> {
        Ok(Self {
            record: vault::seal(&id, text).await?,
            id,
            queued_at,
            for_server: None,
        })
    }

    /// The record's JSON text, as it will be sent.
    pub async fn open(&self) -> Result<String, StoreError> {
        open_text(&self.id, &self.record).await
    }

    /// Also seals the record (its JSON `text`) to the server's `key`, for sync while locked.
    pub async fn seal_for_server(
        mut self,
        key: &shared::api::SealingKey,
        text: &str,
    ) -> Result<Self, StoreError> {
        let sealed = vault::seal_for_server(key, &self.id, text).await?;
        self.for_server = Some(serde_json::to_string(&sealed).expect("a sealed record serialises"));
        Ok(self)
    }

    /// The record sealed to the server, if it was.
    pub fn sealed_for_server(&self) -> Option<shared::api::SealedRecord> {
        serde_json::from_str(self.for_server.as_deref()?).ok()
    }
}

impl AttentionEntry {
    /// The record's JSON text.
    pub async fn open(&self) -> Result<String, StoreError> {
        open_text(&self.id, &self.record).await
    }
}

async fn open_text(id: &str, text: &str) -> Result<String, StoreError> {
    if vault::is_sealed(text) {
        Ok(vault::open(id, text).await?)
    } else {
        Ok(text.to_owned())
    }
}

pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

/// Adds a finished response. Adding the same id twice fails rather than overwriting.
pub async fn add(db: &Rexie, entry: &OutboxEntry) -> Result<(), StoreError> {
    let tx = db.transaction(&[OUTBOX], TransactionMode::ReadWrite)?;
    tx.store(OUTBOX)?.add(&to_js(entry)?, None).await?;
    tx.done().await?;
    Ok(())
}

/// Adds entries in one transaction, skipping ids already waiting or needing attention. Returns
/// how many were added and how many were already here.
pub async fn add_new(db: &Rexie, entries: &[OutboxEntry]) -> Result<(usize, usize), StoreError> {
    let tx = db.transaction(&[OUTBOX, NEEDS_ATTENTION], TransactionMode::ReadWrite)?;
    let outbox = tx.store(OUTBOX)?;
    let attention = tx.store(NEEDS_ATTENTION)?;
    let (mut added, mut present) = (0, 0);
    for entry in entries {
        let key = JsValue::from_str(&entry.id);
        let waiting = outbox
            .get(key.clone())
            .await?
            .is_some_and(|v| !v.is_undefined());
        let refused = attention.get(key).await?.is_some_and(|v| !v.is_undefined());
        if waiting || refused {
            present += 1;
        } else {
            outbox.add(&to_js(entry)?, None).await?;
            added += 1;
        }
    }
    tx.done().await?;
    Ok((added, present))
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
/// Number of refused entries not yet corrected.
pub async fn attention_count(db: &Rexie) -> Result<u32, StoreError> {
    let open = needing_attention(db)
        .await?
        .into_iter()
        .filter(|e| e.corrected_by.is_none())
        .count();
    Ok(u32::try_from(open).unwrap_or(u32::MAX))
}

/// Marks a refused entry as corrected by the response `by` (which supersedes it).
pub async fn mark_corrected(db: &Rexie, id: &str, by: &str) -> Result<(), StoreError> {
    let tx = db.transaction(&[NEEDS_ATTENTION], TransactionMode::ReadWrite)?;
    let attention = tx.store(NEEDS_ATTENTION)?;
    if let Some(value) = attention
        .get(JsValue::from_str(id))
        .await?
        .filter(|v| !v.is_undefined())
    {
        let mut entry: AttentionEntry = serde_wasm_bindgen::from_value(value)?;
        entry.corrected_by = Some(by.to_owned());
        attention.put(&to_js(&entry)?, None).await?;
    }
    tx.done().await?;
    Ok(())
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
                corrected_by: None,
            };
            attention.put(&to_js(&moved)?, None).await?;
            outbox.delete(JsValue::from_str(&key)).await?;
        }
    }
    tx.done().await?;
    Ok(())
}

/// Moves a refused entry back to the outbox, to be sent again (after the server's configuration
/// was fixed, for example).
pub async fn send_again(db: &Rexie, id: &str) -> Result<(), StoreError> {
    let tx = db.transaction(&[OUTBOX, NEEDS_ATTENTION], TransactionMode::ReadWrite)?;
    let attention = tx.store(NEEDS_ATTENTION)?;
    let Some(value) = attention
        .get(JsValue::from_str(id))
        .await?
        .filter(|v| !v.is_undefined())
    else {
        tx.abort().await?;
        return Ok(());
    };
    let entry: AttentionEntry = serde_wasm_bindgen::from_value(value)?;
    let back = OutboxEntry {
        id: entry.id,
        queued_at: entry.queued_at,
        record: entry.record,
        for_server: None,
    };
    tx.store(OUTBOX)?.put(&to_js(&back)?, None).await?;
    attention.delete(JsValue::from_str(id)).await?;
    tx.done().await?;
    Ok(())
}

/// Every waiting entry, oldest first (for the export file).
pub async fn all_waiting(db: &Rexie) -> Result<Vec<OutboxEntry>, StoreError> {
    oldest(db, u32::MAX).await
}

/// The time the oldest waiting entry was queued, if any.
pub async fn oldest_queued_at(db: &Rexie) -> Result<Option<String>, StoreError> {
    Ok(oldest(db, 1).await?.into_iter().next().map(|e| e.queued_at))
}

/// Seals entries stored in the clear by a build from before encryption at rest.
pub async fn seal_legacy(db: &Rexie) -> Result<(), StoreError> {
    for entry in oldest(db, u32::MAX).await? {
        if !vault::is_sealed(&entry.record) {
            let sealed = OutboxEntry {
                record: vault::seal(&entry.id, &entry.record).await?,
                ..entry
            };
            put(db, OUTBOX, &to_js(&sealed)?).await?;
        }
    }
    for entry in needing_attention(db).await? {
        if !vault::is_sealed(&entry.record) {
            let sealed = AttentionEntry {
                record: vault::seal(&entry.id, &entry.record).await?,
                ..entry
            };
            put(db, NEEDS_ATTENTION, &to_js(&sealed)?).await?;
        }
    }
    Ok(())
}

async fn put(db: &Rexie, store: &str, value: &JsValue) -> Result<(), StoreError> {
    let tx = db.transaction(&[store], TransactionMode::ReadWrite)?;
    tx.store(store)?.put(value, None).await?;
    tx.done().await?;
    Ok(())
}
