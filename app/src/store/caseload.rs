//! The practitioner's caseload on this tablet, and the earlier responses pulled from the server
//! for offline work. Both are sealed by [`crate::vault`]. A caseload entry holds the name or
//! initials the practitioner chose, the NHS number, and once known the server's pseudonymous key
//! for the patient, which matches pulled responses to the entry. The pulled history is one sealed
//! value with the feed cursor beside it; it is a cache, rebuilt from the server if lost.

use super::error::StoreError;
use super::outbox::to_js;
use super::schema::{CASELOAD, HISTORY};
use crate::vault;
use rexie::{Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use shared::demographics::PatientDemographics;
use shared::sync::{Cursor, History};
use wasm_bindgen::JsValue;

/// A patient on the caseload, unsealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Patient {
    pub id: String,
    pub label: String,
    pub nhs_number: String,
    /// The server's key for the patient, once looked up.
    pub patient_key: Option<String>,
    /// What the patient chose to state (each optional), the postcode included: it stays here,
    /// sealed, and goes to the server once (see [`Patient::demographics_to_send`]).
    #[serde(default)]
    pub demographics: PatientDemographics,
    /// The postcode went out with a queued response; later responses do not carry it.
    #[serde(default)]
    pub postcode_sent: bool,
}

impl Patient {
    /// The demographics a new response about this patient carries: everything stated, and the
    /// postcode only until it has been sent once. `None` when nothing is stated.
    pub fn demographics_to_send(&self) -> Option<PatientDemographics> {
        let mut sent = self.demographics.clone();
        if self.postcode_sent {
            sent.postcode = None;
        }
        (!sent.is_empty()).then_some(sent)
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredPatient {
    id: String,
    added_at: String,
    /// [`Patient`] as JSON, sealed.
    content: String,
}

/// Every patient on the caseload, in the order they were added.
pub async fn all(db: &Rexie) -> Result<Vec<Patient>, StoreError> {
    let tx = db.transaction(&[CASELOAD], TransactionMode::ReadOnly)?;
    let values = tx.store(CASELOAD)?.get_all(None, None).await?;
    tx.done().await?;
    let mut stored = values
        .into_iter()
        .map(|v| Ok(serde_wasm_bindgen::from_value::<StoredPatient>(v)?))
        .collect::<Result<Vec<_>, StoreError>>()?;
    stored.sort_by(|a, b| a.added_at.cmp(&b.added_at));
    let mut patients = Vec::with_capacity(stored.len());
    for entry in stored {
        let text = vault::open(&entry.id, &entry.content).await?;
        patients.push(
            serde_json::from_str(&text)
                .map_err(|e| StoreError(format!("a caseload entry is unreadable: {e}")))?,
        );
    }
    Ok(patients)
}

/// Adds or updates a patient (sealed). `added_at` orders the list.
pub async fn put(db: &Rexie, patient: &Patient, added_at: &str) -> Result<(), StoreError> {
    let text = serde_json::to_string(patient).expect("a patient always serialises");
    let stored = StoredPatient {
        id: patient.id.clone(),
        added_at: added_at.to_owned(),
        content: vault::seal(&patient.id, &text).await?,
    };
    let tx = db.transaction(&[CASELOAD], TransactionMode::ReadWrite)?;
    tx.store(CASELOAD)?.put(&to_js(&stored)?, None).await?;
    tx.done().await?;
    Ok(())
}

/// When a patient was added, to keep its place when it is updated.
pub async fn added_at(db: &Rexie, id: &str) -> Result<Option<String>, StoreError> {
    let tx = db.transaction(&[CASELOAD], TransactionMode::ReadOnly)?;
    let value = tx.store(CASELOAD)?.get(JsValue::from_str(id)).await?;
    tx.done().await?;
    match value.filter(|v| !v.is_undefined()) {
        Some(v) => Ok(Some(
            serde_wasm_bindgen::from_value::<StoredPatient>(v)?.added_at,
        )),
        None => Ok(None),
    }
}

/// Takes a patient off the caseload (their responses stay on the server).
pub async fn remove(db: &Rexie, id: &str) -> Result<(), StoreError> {
    let tx = db.transaction(&[CASELOAD], TransactionMode::ReadWrite)?;
    tx.store(CASELOAD)?.delete(JsValue::from_str(id)).await?;
    tx.done().await?;
    Ok(())
}

const HISTORY_KEY: &str = "history";

#[derive(Debug, Serialize, Deserialize)]
struct StoredHistory {
    key: String,
    cursor: String,
    pulled_at_ms: f64,
    /// [`History`] as JSON, sealed.
    content: String,
}

/// The pulled history, its cursor, and when it was last pulled.
pub async fn history(db: &Rexie) -> Result<(History, Option<Cursor>, Option<u64>), StoreError> {
    let tx = db.transaction(&[HISTORY], TransactionMode::ReadOnly)?;
    let value = tx
        .store(HISTORY)?
        .get(JsValue::from_str(HISTORY_KEY))
        .await?;
    tx.done().await?;
    let Some(value) = value.filter(|v| !v.is_undefined()) else {
        return Ok((History::new(), None, None));
    };
    let stored: StoredHistory = serde_wasm_bindgen::from_value(value)?;
    let text = vault::open(HISTORY_KEY, &stored.content).await?;
    let history = serde_json::from_str(&text)
        .map_err(|e| StoreError(format!("the cached history is unreadable: {e}")))?;
    Ok((
        history,
        Cursor::parse(&stored.cursor).ok(),
        Some(stored.pulled_at_ms as u64),
    ))
}

/// Saves the history with the cursor it is complete up to.
pub async fn save_history(
    db: &Rexie,
    history: &History,
    cursor: &Cursor,
    pulled_at_ms: f64,
) -> Result<(), StoreError> {
    let text = serde_json::to_string(history).expect("history always serialises");
    let stored = StoredHistory {
        key: HISTORY_KEY.to_owned(),
        cursor: cursor.to_string(),
        pulled_at_ms,
        content: vault::seal(HISTORY_KEY, &text).await?,
    };
    let tx = db.transaction(&[HISTORY], TransactionMode::ReadWrite)?;
    tx.store(HISTORY)?.put(&to_js(&stored)?, None).await?;
    tx.done().await?;
    Ok(())
}
