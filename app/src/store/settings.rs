//! Device settings kept in IndexedDB, one record per key: the practitioner's professional role,
//! the tablet's enrolment, the practitioner PIN (as a salted, iterated hash), wrong-PIN attempts,
//! and whether the tablet is handed to a patient (kiosk).

use super::StoreError;
use super::schema::SETTINGS;
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

const PIN_KEY: &str = "pin";
const KIOSK_KEY: &str = "kiosk";
/// Rounds of SHA-256 over the salted PIN: slows guessing on a lost tablet. (Issue 5 moves device
/// secrets to WebCrypto key derivation.)
const PIN_ROUNDS: u32 = 100_000;

#[derive(Debug, Serialize, Deserialize)]
struct PinSetting {
    key: String,
    salt: String,
    hash: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct KioskSetting {
    key: String,
    instrument_id: String,
}

fn pin_hash(salt: &str, pin: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut digest = Sha256::digest(format!("{salt}:{pin}").as_bytes());
    for _ in 1..PIN_ROUNDS {
        digest = Sha256::digest(digest);
    }
    hex::encode(digest)
}

/// A PIN is 4 to 8 digits.
pub fn check_pin_format(pin: &str) -> Result<(), String> {
    if (4..=8).contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err("A PIN is 4 to 8 digits.".to_owned())
    }
}

/// Sets the practitioner's PIN (kept only as a salted, iterated hash).
pub async fn set_pin(db: &Rexie, pin: &str) -> Result<(), StoreError> {
    check_pin_format(pin).map_err(StoreError)?;
    let salt = crate::platform::new_uuid().simple().to_string();
    let hash = pin_hash(&salt, pin);
    put(
        db,
        &PinSetting {
            key: PIN_KEY.to_owned(),
            salt,
            hash,
        },
    )
    .await
}

pub async fn has_pin(db: &Rexie) -> Result<bool, StoreError> {
    Ok(get::<PinSetting>(db, PIN_KEY).await?.is_some())
}

pub async fn verify_pin(db: &Rexie, pin: &str) -> Result<bool, StoreError> {
    Ok(get::<PinSetting>(db, PIN_KEY)
        .await?
        .is_some_and(|stored| pin_hash(&stored.salt, pin) == stored.hash))
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
