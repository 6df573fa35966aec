//! GAS goal sets agreed on this device, kept so the goals can be reviewed at follow-up. The goals
//! are sealed by [`crate::vault`]; callers see them in the clear.

use super::error::StoreError;
use super::schema::GOAL_SETS;
use crate::vault;
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
    let sealed = GoalSet {
        goals: vault::seal(&set.id, &set.goals).await?,
        ..set.clone()
    };
    let value = sealed.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?;
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
    let mut sets = Vec::with_capacity(values.len());
    for value in values {
        sets.push(unseal(serde_wasm_bindgen::from_value::<GoalSet>(value)?).await?);
    }
    sets.sort_by(|a, b| b.recorded_at.cmp(&a.recorded_at));
    Ok(sets)
}

pub async fn get(db: &Rexie, id: &str) -> Result<Option<GoalSet>, StoreError> {
    let tx = db.transaction(&[GOAL_SETS], TransactionMode::ReadOnly)?;
    let value = tx.store(GOAL_SETS)?.get(JsValue::from_str(id)).await?;
    tx.done().await?;
    match value.filter(|v| !v.is_undefined()) {
        Some(value) => Ok(Some(unseal(serde_wasm_bindgen::from_value(value)?).await?)),
        None => Ok(None),
    }
}

async fn unseal(set: GoalSet) -> Result<GoalSet, StoreError> {
    if vault::is_sealed(&set.goals) {
        Ok(GoalSet {
            goals: vault::open(&set.id, &set.goals).await?,
            ..set
        })
    } else {
        Ok(set)
    }
}

/// Seals goal sets stored in the clear by a build from before encryption at rest.
pub async fn seal_legacy(db: &Rexie) -> Result<(), StoreError> {
    let tx = db.transaction(&[GOAL_SETS], TransactionMode::ReadOnly)?;
    let values = tx.store(GOAL_SETS)?.get_all(None, None).await?;
    tx.done().await?;
    for value in values {
        let set: GoalSet = serde_wasm_bindgen::from_value(value)?;
        if !vault::is_sealed(&set.goals) {
            save(db, &set).await?;
        }
    }
    Ok(())
}
