//! Device settings kept in IndexedDB, one record per key: the practitioner's professional role,
//! the tablet's enrolment, the wrapped data key (see [`crate::vault`]), wrong-PIN attempts, the
//! inactivity lock delay, the app and patient languages, and whether the tablet is handed to a patient (kiosk). The vault keeps
//! its wrapped key here through [`KeyStore`], implemented for the database handle.

use super::error::StoreError;
use super::schema::SETTINGS;
use crate::vault::{KeyStore, VaultError, VaultRecord};
use rexie::{Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// Writes one setting record (each carries its own `key`).
async fn put<T: Serialize>(db: &Rexie, value: &T) -> Result<(), StoreError> {
    let value = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?;
    let tx = db.transaction(&[SETTINGS], TransactionMode::ReadWrite)?;
    tx.store(SETTINGS)?.put(&value, None).await?;
    tx.done().await?;
    Ok(())
}

/// Reads the setting record stored under `key`, if any.
async fn get<T: for<'de> Deserialize<'de>>(db: &Rexie, key: &str) -> Result<Option<T>, StoreError> {
    let tx = db.transaction(&[SETTINGS], TransactionMode::ReadOnly)?;
    let value = tx.store(SETTINGS)?.get(JsValue::from_str(key)).await?;
    tx.done().await?;
    match value {
        Some(value) if !value.is_undefined() => Ok(Some(serde_wasm_bindgen::from_value(value)?)),
        _ => Ok(None),
    }
}

/// Removes the setting record stored under `key`.
async fn delete(db: &Rexie, key: &str) -> Result<(), StoreError> {
    let tx = db.transaction(&[SETTINGS], TransactionMode::ReadWrite)?;
    tx.store(SETTINGS)?.delete(JsValue::from_str(key)).await?;
    tx.done().await?;
    Ok(())
}

const ROLE_KEY: &str = "role";

#[derive(Debug, Serialize, Deserialize)]
struct Setting {
    key: String,
    value: String,
}

/// The professional role id chosen on this device, if any.
pub async fn role(db: &Rexie) -> Result<Option<String>, StoreError> {
    Ok(get::<Setting>(db, ROLE_KEY)
        .await?
        .map(|setting| setting.value))
}

pub async fn set_role(db: &Rexie, role_id: &str) -> Result<(), StoreError> {
    let setting = Setting {
        key: ROLE_KEY.to_owned(),
        value: role_id.to_owned(),
    };
    put(db, &setting).await
}

const APP_LANGUAGE_KEY: &str = "app_language";
const PATIENT_LANGUAGE_KEY: &str = "patient_language";

/// The practitioner's app language (a tag), if one was chosen.
pub async fn app_language(db: &Rexie) -> Result<Option<String>, StoreError> {
    Ok(get::<Setting>(db, APP_LANGUAGE_KEY).await?.map(|s| s.value))
}

pub async fn set_app_language(db: &Rexie, tag: &str) -> Result<(), StoreError> {
    put(
        db,
        &Setting {
            key: APP_LANGUAGE_KEY.to_owned(),
            value: tag.to_owned(),
        },
    )
    .await
}

/// The language last chosen for a patient on a questionnaire (a tag): the next one starts in it.
/// A device preference: it is kept with no patient.
pub async fn patient_language(db: &Rexie) -> Result<Option<String>, StoreError> {
    Ok(get::<Setting>(db, PATIENT_LANGUAGE_KEY)
        .await?
        .map(|s| s.value))
}

pub async fn set_patient_language(db: &Rexie, tag: &str) -> Result<(), StoreError> {
    put(
        db,
        &Setting {
            key: PATIENT_LANGUAGE_KEY.to_owned(),
            value: tag.to_owned(),
        },
    )
    .await
}

const SEALING_KEY: &str = "sealing_key";

#[derive(Debug, Serialize, Deserialize)]
struct SealingKeySetting {
    key: String,
    sealing: shared::api::SealingKey,
}

/// The server's public sealing key (public: kept in the clear), once fetched.
pub async fn sealing_key(db: &Rexie) -> Result<Option<shared::api::SealingKey>, StoreError> {
    Ok(get::<SealingKeySetting>(db, SEALING_KEY)
        .await?
        .map(|s| s.sealing))
}

pub async fn set_sealing_key(
    db: &Rexie,
    sealing: &shared::api::SealingKey,
) -> Result<(), StoreError> {
    put(
        db,
        &SealingKeySetting {
            key: SEALING_KEY.to_owned(),
            sealing: sealing.clone(),
        },
    )
    .await
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
    Ok(get::<DeviceSetting>(db, DEVICE_KEY)
        .await?
        .map(|setting| setting.enrolment))
}

pub async fn set_enrolment(db: &Rexie, enrolment: &Enrolment) -> Result<(), StoreError> {
    let setting = DeviceSetting {
        key: DEVICE_KEY.to_owned(),
        enrolment: enrolment.clone(),
    };
    put(db, &setting).await
}

const VAULT_KEY: &str = "vault";
const KIOSK_KEY: &str = "kiosk";
const LOCK_MINUTES_KEY: &str = "lock_minutes";
/// Inactivity before the app locks itself, unless changed in Settings.
pub const DEFAULT_LOCK_MINUTES: u32 = 10;

#[derive(Debug, Serialize, Deserialize)]
struct VaultSetting {
    key: String,
    vault: VaultRecord,
}

#[derive(Debug, Serialize, Deserialize)]
struct KioskSetting {
    key: String,
    instrument_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct LockMinutes {
    key: String,
    minutes: u32,
}

const LEGACY_SEALED_KEY: &str = "legacy_sealed";

/// True once everything stored in the clear by an older build has been sealed.
pub async fn legacy_sealed(db: &Rexie) -> Result<bool, StoreError> {
    Ok(get::<Setting>(db, LEGACY_SEALED_KEY).await?.is_some())
}

pub async fn set_legacy_sealed(db: &Rexie) -> Result<(), StoreError> {
    let setting = Setting {
        key: LEGACY_SEALED_KEY.to_owned(),
        value: "yes".to_owned(),
    };
    put(db, &setting).await
}

/// The wrapped data key, once a PIN or passphrase protects the tablet.
pub async fn vault(db: &Rexie) -> Result<Option<VaultRecord>, StoreError> {
    Ok(get::<VaultSetting>(db, VAULT_KEY).await?.map(|v| v.vault))
}

pub async fn set_vault(db: &Rexie, vault: &VaultRecord) -> Result<(), StoreError> {
    put(
        db,
        &VaultSetting {
            key: VAULT_KEY.to_owned(),
            vault: vault.clone(),
        },
    )
    .await?;
    // A PIN hash left by an older build is no longer used.
    delete(db, "pin").await
}

/// The vault's wrapped key lives in the settings store of this database.
impl KeyStore for Rexie {
    async fn load_key(&self) -> Result<Option<VaultRecord>, VaultError> {
        vault(self).await.map_err(|e| VaultError(e.0))
    }

    async fn save_key(&self, record: &VaultRecord) -> Result<(), VaultError> {
        set_vault(self, record).await.map_err(|e| VaultError(e.0))
    }
}

/// Minutes of inactivity after which the app locks itself.
pub async fn lock_minutes(db: &Rexie) -> Result<u32, StoreError> {
    Ok(get::<LockMinutes>(db, LOCK_MINUTES_KEY)
        .await?
        .map_or(DEFAULT_LOCK_MINUTES, |l| l.minutes))
}

/// Sets the inactivity lock, 1 to 60 minutes.
pub async fn set_lock_minutes(db: &Rexie, minutes: u32) -> Result<(), StoreError> {
    if !(1..=60).contains(&minutes) {
        return Err(StoreError(
            "The lock delay must be between 1 and 60 minutes.".to_owned(),
        ));
    }
    put(
        db,
        &LockMinutes {
            key: LOCK_MINUTES_KEY.to_owned(),
            minutes,
        },
    )
    .await
}

/// The instrument a patient is completing in kiosk mode, if the tablet is handed over.
pub async fn kiosk(db: &Rexie) -> Result<Option<String>, StoreError> {
    Ok(get::<KioskSetting>(db, KIOSK_KEY)
        .await?
        .map(|k| k.instrument_id))
}

pub async fn set_kiosk(db: &Rexie, instrument_id: Option<&str>) -> Result<(), StoreError> {
    match instrument_id {
        Some(id) => {
            put(
                db,
                &KioskSetting {
                    key: KIOSK_KEY.to_owned(),
                    instrument_id: id.to_owned(),
                },
            )
            .await
        }
        None => delete(db, KIOSK_KEY).await,
    }
}

const PIN_FAILURES_KEY: &str = "pin_failures";
/// Wrong PINs allowed before a wait is imposed.
const FREE_PIN_TRIES: u32 = 3;

#[derive(Debug, Serialize, Deserialize)]
struct PinFailures {
    key: String,
    count: u32,
    /// When the last wrong PIN was entered, in milliseconds since 1970.
    last_ms: f64,
}

/// Seconds to wait before the next PIN attempt: none for the first three wrong PINs, then 30 s
/// doubling with each further one, up to 15 minutes.
pub fn pin_wait_after(count: u32) -> u64 {
    if count < FREE_PIN_TRIES {
        0
    } else {
        (30u64 << (count - FREE_PIN_TRIES).min(5)).min(15 * 60)
    }
}

/// Seconds left before another PIN may be tried (kept across reloads).
pub async fn pin_wait_seconds(db: &Rexie) -> Result<u64, StoreError> {
    let Some(failures) = get::<PinFailures>(db, PIN_FAILURES_KEY).await? else {
        return Ok(0);
    };
    let elapsed = ((js_sys::Date::now() - failures.last_ms) / 1000.0).max(0.0) as u64;
    Ok(pin_wait_after(failures.count).saturating_sub(elapsed))
}

pub async fn record_pin_failure(db: &Rexie) -> Result<(), StoreError> {
    let count = get::<PinFailures>(db, PIN_FAILURES_KEY)
        .await?
        .map_or(0, |f| f.count)
        + 1;
    put(
        db,
        &PinFailures {
            key: PIN_FAILURES_KEY.to_owned(),
            count,
            last_ms: js_sys::Date::now(),
        },
    )
    .await
}

pub async fn reset_pin_failures(db: &Rexie) -> Result<(), StoreError> {
    delete(db, PIN_FAILURES_KEY).await
}
