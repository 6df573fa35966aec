//! GAS goal sets agreed on this device, kept so the goals can be reviewed at follow-up.

use super::StoreError;
use super::schema::GOAL_SETS;
use rexie::{Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalSet {
    /// The id of the goal-setting response.
    pub id: String,
    pub instrument_id: String,
    pub recorded_at: String,
    /// The goals as JSON text (a list of `shared::goals::Goal`).
    pub goals: String,
}

pub async fn save(db: &Rexie, set: &GoalSet) -> Result<(), StoreError> {
    let value = set.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?;
    let tx = db.transaction(&[GOAL_SETS], TransactionMode::ReadWrite)?;
    tx.store(GOAL_SETS)?.put(&value, None).await?;
    tx.done().await?;
    Ok(())
}

/// Every goal set on this device, newest first.
pub async fn all(db: &Rexie) -> Result<Vec<GoalSet>, StoreError> {
    let tx = db.transaction(&[GOAL_SETS], TransactionMode::ReadOnly)?;
    let values = tx.store(GOAL_SETS)?.get_all(None, None).await?;
    tx.done().await?;
    let mut sets = values
        .into_iter()
        .map(|value| Ok(serde_wasm_bindgen::from_value::<GoalSet>(value)?))
        .collect::<Result<Vec<_>, StoreError>>()?;
    sets.sort_by(|a, b| b.recorded_at.cmp(&a.recorded_at));
    Ok(sets)
}

pub async fn get(db: &Rexie, id: &str) -> Result<Option<GoalSet>, StoreError> {
    let tx = db.transaction(&[GOAL_SETS], TransactionMode::ReadOnly)?;
    let value = tx.store(GOAL_SETS)?.get(JsValue::from_str(id)).await?;
    tx.done().await?;
    match value.filter(|v| !v.is_undefined()) {
        Some(value) => Ok(Some(serde_wasm_bindgen::from_value(value)?)),
        None => Ok(None),
    }
}
