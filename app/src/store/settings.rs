//! Device settings kept in IndexedDB: for now the practitioner's professional role.

use super::StoreError;
use super::schema::SETTINGS;
use rexie::{Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

const ROLE_KEY: &str = "role";

#[derive(Debug, Serialize, Deserialize)]
struct Setting {
    key: String,
    value: String,
}

/// The professional role id chosen on this device, if any.
pub async fn role(db: &Rexie) -> Result<Option<String>, StoreError> {
    let tx = db.transaction(&[SETTINGS], TransactionMode::ReadOnly)?;
    let value = tx.store(SETTINGS)?.get(JsValue::from_str(ROLE_KEY)).await?;
    tx.done().await?;
    match value {
        Some(value) if !value.is_undefined() => {
            let setting: Setting = serde_wasm_bindgen::from_value(value)?;
            Ok(Some(setting.value))
        }
        _ => Ok(None),
    }
}

pub async fn set_role(db: &Rexie, role_id: &str) -> Result<(), StoreError> {
    let setting = Setting {
        key: ROLE_KEY.to_owned(),
        value: role_id.to_owned(),
    };
    let value = setting.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?;
    let tx = db.transaction(&[SETTINGS], TransactionMode::ReadWrite)?;
    tx.store(SETTINGS)?.put(&value, None).await?;
    tx.done().await?;
    Ok(())
}

const DEVICE_KEY: &str = "device";

/// This tablet's enrolment: its id, credential and organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub device_id: String,
    pub credential: String,
    pub organisation_name: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct DeviceSetting {
    key: String,
    enrolment: Enrolment,
}

/// This tablet's enrolment, if it has one.
pub async fn enrolment(db: &Rexie) -> Result<Option<Enrolment>, StoreError> {
    let tx = db.transaction(&[SETTINGS], TransactionMode::ReadOnly)?;
    let value = tx
        .store(SETTINGS)?
        .get(JsValue::from_str(DEVICE_KEY))
        .await?;
    tx.done().await?;
    match value {
        Some(value) if !value.is_undefined() => {
            let setting: DeviceSetting = serde_wasm_bindgen::from_value(value)?;
            Ok(Some(setting.enrolment))
        }
        _ => Ok(None),
    }
}

pub async fn set_enrolment(db: &Rexie, enrolment: &Enrolment) -> Result<(), StoreError> {
    let setting = DeviceSetting {
        key: DEVICE_KEY.to_owned(),
        enrolment: enrolment.clone(),
    };
    let value = setting.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?;
    let tx = db.transaction(&[SETTINGS], TransactionMode::ReadWrite)?;
    tx.store(SETTINGS)?.put(&value, None).await?;
    tx.done().await?;
    Ok(())
}
