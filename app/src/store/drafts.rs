//! Questionnaires started and not finished, so that a reload, a lock or a closed tab loses no
//! answer. The content is sealed by [`crate::vault`]; the id, the instrument and the time of the
//! last change stay in the clear to list them. Finishing moves the response to the outbox and
//! removes the draft in one transaction. Only one tab at a time writes a draft (see
//! [`crate::platform::try_lock`]).

use super::error::StoreError;
use super::outbox::{OutboxEntry, to_js};
use super::schema::{DRAFTS, OUTBOX};
use crate::vault;
use rexie::{Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::outcomes::pairing::TimePoint;
use std::collections::BTreeMap;
use wasm_bindgen::JsValue;

/// A draft as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub id: String,
    pub instrument_id: String,
    /// RFC 3339.
    pub updated_at: String,
    /// [`DraftContent`] as JSON, sealed.
    pub content: String,
}

/// What a draft holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DraftContent {
    pub answers: BTreeMap<String, Value>,
    /// The item on screen, if past the introduction.
    pub item: Option<usize>,
    pub nhs_number: Option<String>,
    pub language: Option<String>,
    pub review_of: Option<String>,
    /// The refused response this one corrects, if it is a correction.
    #[serde(default)]
    pub supersedes: Option<String>,
    /// The time point the practitioner chose, if not automatic.
    #[serde(default)]
    pub time_point: Option<TimePoint>,
}

/// Seals a draft's content for [`put`].
pub async fn seal(id: &str, content: &DraftContent) -> Result<String, StoreError> {
    let text = serde_json::to_string(content).expect("a draft always serialises");
    Ok(vault::seal(id, &text).await?)
}

/// Saves (replaces) a draft whose content was sealed with [`seal`].
pub async fn put(db: &Rexie, draft: &Draft) -> Result<(), StoreError> {
    let tx = db.transaction(&[DRAFTS], TransactionMode::ReadWrite)?;
    tx.store(DRAFTS)?.put(&to_js(draft)?, None).await?;
    tx.done().await?;
    Ok(())
}

/// Makes a new draft holding `content` (a questionnaire started for a patient, or a correction)
/// and returns its id, for the questionnaire page to open.
pub async fn create(
    db: &Rexie,
    instrument_id: &str,
    content: &DraftContent,
) -> Result<String, StoreError> {
    let id = crate::platform::new_uuid().to_string();
    let draft = Draft {
        id: id.clone(),
        instrument_id: instrument_id.to_owned(),
        updated_at: crate::platform::now_text(),
        content: seal(&id, content).await?,
    };
    put(db, &draft).await?;
    Ok(id)
}

/// Every draft, newest first (content still sealed).
pub async fn all(db: &Rexie) -> Result<Vec<Draft>, StoreError> {
    let tx = db.transaction(&[DRAFTS], TransactionMode::ReadOnly)?;
    let values = tx.store(DRAFTS)?.get_all(None, None).await?;
    tx.done().await?;
    let mut drafts = values
        .into_iter()
        .map(|v| Ok(serde_wasm_bindgen::from_value::<Draft>(v)?))
        .collect::<Result<Vec<_>, StoreError>>()?;
    drafts.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
    Ok(drafts)
}

/// A draft's content, unsealed.
pub async fn load(db: &Rexie, id: &str) -> Result<Option<(Draft, DraftContent)>, StoreError> {
    let tx = db.transaction(&[DRAFTS], TransactionMode::ReadOnly)?;
    let value = tx.store(DRAFTS)?.get(JsValue::from_str(id)).await?;
    tx.done().await?;
    let Some(value) = value.filter(|v| !v.is_undefined()) else {
        return Ok(None);
    };
    let draft: Draft = serde_wasm_bindgen::from_value(value)?;
    let text = vault::open(&draft.id, &draft.content).await?;
    let content = serde_json::from_str(&text)
        .map_err(|e| StoreError(format!("a saved draft is unreadable: {e}")))?;
    Ok(Some((draft, content)))
}

/// Queues the finished response and removes its draft, in one transaction: either both happen
/// or neither does.
pub async fn finish(db: &Rexie, entry: &OutboxEntry, draft_id: &str) -> Result<(), StoreError> {
    let tx = db.transaction(&[OUTBOX, DRAFTS], TransactionMode::ReadWrite)?;
    tx.store(OUTBOX)?.add(&to_js(entry)?, None).await?;
    tx.store(DRAFTS)?
        .delete(JsValue::from_str(draft_id))
        .await?;
    tx.done().await?;
    Ok(())
}

/// Removes a draft the practitioner chose to discard.
pub async fn discard(db: &Rexie, id: &str) -> Result<(), StoreError> {
    let tx = db.transaction(&[DRAFTS], TransactionMode::ReadWrite)?;
    tx.store(DRAFTS)?.delete(JsValue::from_str(id)).await?;
    tx.done().await?;
    Ok(())
}
