//! Encryption at rest. Everything about a patient that the tablet stores (waiting and refused
//! responses, drafts, goal sets, cached caseload and earlier scores) is sealed with AES-256-GCM
//! under one random data key. The data key is stored only wrapped, under a key derived from the
//! practitioner's PIN or passphrase (PBKDF2-SHA-256, random salt, [`ITERATIONS`] rounds), and held
//! unwrapped, non-extractable, in memory while the app is unlocked. Locking forgets it.
//!
//! The vault is below the device storage: the stores seal and open their values through it, and
//! it keeps its own wrapped key through the narrow [`KeyStore`] trait (which the settings store
//! implements), so it knows nothing else about storage.

pub mod webcrypto;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::future::Future;
use web_sys::CryptoKey;
use webcrypto::IV_BYTES;

/// PBKDF2 rounds for new vaults (OWASP's 2023 figure for PBKDF2-HMAC-SHA-256). Stored with the
/// vault, so raising it later does not lock anyone out.
pub const ITERATIONS: u32 = 600_000;
const SALT_BYTES: usize = 16;
/// Marks sealed text, and the format version of what follows.
const SEALED_PREFIX: &str = "v1:";

thread_local! {
    static DATA_KEY: RefCell<Option<CryptoKey>> = const { RefCell::new(None) };
}

/// The wrapped data key and how to unwrap it, stored in the settings store.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VaultRecord {
    pub salt: String,
    pub iterations: u32,
    pub iv: String,
    pub wrapped: String,
}

/// A vault failure, with a message that tells the user what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultError(pub String);

impl std::fmt::Display for VaultError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where the wrapped data key is kept between sessions (the settings store, on the tablet).
pub trait KeyStore {
    /// The stored [`VaultRecord`], once a PIN or passphrase protects the tablet.
    fn load_key(&self) -> impl Future<Output = Result<Option<VaultRecord>, VaultError>>;
    /// Replaces the stored [`VaultRecord`].
    fn save_key(&self, record: &VaultRecord) -> impl Future<Output = Result<(), VaultError>>;
}

/// A PIN is 4 or more digits; anything else is a passphrase of at least 8 characters.
pub fn check_secret_format(secret: &str) -> Result<(), String> {
    let digits = !secret.is_empty() && secret.chars().all(|c| c.is_ascii_digit());
    if (digits && secret.len() >= 4) || (!digits && secret.chars().count() >= 8) {
        Ok(())
    } else {
        Err("Use a PIN of at least 4 digits, or a passphrase of at least 8 characters.".to_owned())
    }
}

fn crypto_error(what: &str) -> impl Fn(webcrypto::CryptoError) -> VaultError + '_ {
    move |e| VaultError(format!("{what}: {}", e.0))
}

fn decode(text: &str) -> Result<Vec<u8>, VaultError> {
    BASE64
        .decode(text)
        .map_err(|e| VaultError(format!("device storage held unreadable data: {e}")))
}

/// True once a PIN or passphrase protects this tablet.
pub async fn exists(keys: &impl KeyStore) -> Result<bool, VaultError> {
    Ok(keys.load_key().await?.is_some())
}

/// True while the data key is in memory.
pub fn is_unlocked() -> bool {
    DATA_KEY.with(|key| key.borrow().is_some())
}

/// Forgets the data key: nothing sealed can be read until the next unlock.
pub fn lock() {
    DATA_KEY.with(|key| key.borrow_mut().take());
}

async fn wrap_under(secret: &str, data_key: &CryptoKey) -> Result<VaultRecord, VaultError> {
    let salt = webcrypto::random_bytes(SALT_BYTES).map_err(crypto_error("no random numbers"))?;
    let iv = webcrypto::random_bytes(IV_BYTES).map_err(crypto_error("no random numbers"))?;
    let kek = webcrypto::derive_key(secret, &salt, ITERATIONS, &["wrapKey", "unwrapKey"])
        .await
        .map_err(crypto_error("could not derive a key from the PIN"))?;
    let wrapped = webcrypto::wrap_key(data_key, &kek, &iv)
        .await
        .map_err(crypto_error("could not protect the data key"))?;
    Ok(VaultRecord {
        salt: BASE64.encode(salt),
        iterations: ITERATIONS,
        iv: BASE64.encode(iv),
        wrapped: BASE64.encode(wrapped),
    })
}

/// Unwraps the stored data key with `secret`; `None` when the secret is wrong.
async fn unwrap_with(
    record: &VaultRecord,
    secret: &str,
    extractable: bool,
) -> Result<Option<CryptoKey>, VaultError> {
    let salt = decode(&record.salt)?;
    let iv = decode(&record.iv)?;
    let wrapped = decode(&record.wrapped)?;
    let kek = webcrypto::derive_key(secret, &salt, record.iterations, &["wrapKey", "unwrapKey"])
        .await
        .map_err(crypto_error("could not derive a key from the PIN"))?;
    Ok(webcrypto::unwrap_key(&wrapped, &kek, &iv, extractable)
        .await
        .ok())
}

/// Protects the tablet for the first time: a new data key, wrapped under `secret`, and the app
/// unlocked with it.
pub async fn create(keys: &impl KeyStore, secret: &str) -> Result<(), VaultError> {
    check_secret_format(secret).map_err(VaultError)?;
    if exists(keys).await? {
        return Err(VaultError(
            "This tablet is already protected by a PIN.".to_owned(),
        ));
    }
    let data_key = webcrypto::generate_data_key()
        .await
        .map_err(crypto_error("could not make a data key"))?;
    let record = wrap_under(secret, &data_key).await?;
    keys.save_key(&record).await?;
    // Hold a non-extractable copy, as every later unlock does.
    let held = unwrap_with(&record, secret, false)
        .await?
        .ok_or_else(|| VaultError("the new data key could not be unwrapped".to_owned()))?;
    DATA_KEY.with(|key| *key.borrow_mut() = Some(held));
    Ok(())
}

/// Unlocks with `secret`. Returns false (and stays locked) when it is wrong.
pub async fn unlock(keys: &impl KeyStore, secret: &str) -> Result<bool, VaultError> {
    let Some(record) = keys.load_key().await? else {
        return Ok(false);
    };
    match unwrap_with(&record, secret, false).await? {
        Some(key) => {
            DATA_KEY.with(|held| *held.borrow_mut() = Some(key));
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Replaces the PIN or passphrase: the same data key, wrapped under the new secret. Returns
/// false when `current` is wrong.
pub async fn change_secret(
    keys: &impl KeyStore,
    current: &str,
    new: &str,
) -> Result<bool, VaultError> {
    check_secret_format(new).map_err(VaultError)?;
    let Some(record) = keys.load_key().await? else {
        return Ok(false);
    };
    let Some(data_key) = unwrap_with(&record, current, true).await? else {
        return Ok(false);
    };
    let rewrapped = wrap_under(new, &data_key).await?;
    keys.save_key(&rewrapped).await?;
    Ok(true)
}

fn held_key() -> Result<CryptoKey, VaultError> {
    DATA_KEY.with(|key| key.borrow().clone()).ok_or_else(|| {
        VaultError("The tablet is locked: unlock it with your PIN to continue.".to_owned())
    })
}

/// True when `text` is sealed (rather than plain text left by an older build).
pub fn is_sealed(text: &str) -> bool {
    text.starts_with(SEALED_PREFIX)
}

/// Encrypts `plaintext`, binding it to `context` (the record's key), so that sealed values cannot
/// be swapped between records unnoticed.
pub async fn seal(context: &str, plaintext: &str) -> Result<String, VaultError> {
    let key = held_key()?;
    let iv = webcrypto::random_bytes(IV_BYTES).map_err(crypto_error("no random numbers"))?;
    let ciphertext = webcrypto::encrypt(&key, &iv, context.as_bytes(), plaintext.as_bytes())
        .await
        .map_err(crypto_error("could not encrypt"))?;
    let mut bytes = iv;
    bytes.extend_from_slice(&ciphertext);
    Ok(format!("{SEALED_PREFIX}{}", BASE64.encode(bytes)))
}

/// Decrypts what [`seal`] produced for the same `context`.
pub async fn open(context: &str, sealed: &str) -> Result<String, VaultError> {
    let Some(body) = sealed.strip_prefix(SEALED_PREFIX) else {
        return Err(VaultError("device storage held unsealed data".to_owned()));
    };
    let bytes = decode(body)?;
    if bytes.len() < IV_BYTES {
        return Err(VaultError(
            "device storage held a truncated record".to_owned(),
        ));
    }
    let key = held_key()?;
    let (iv, ciphertext) = bytes.split_at(IV_BYTES);
    let plaintext = webcrypto::decrypt(&key, iv, context.as_bytes(), ciphertext)
        .await
        .map_err(|_| VaultError("a stored record failed its integrity check".to_owned()))?;
    String::from_utf8(plaintext).map_err(|_| VaultError("a stored record is not text".to_owned()))
}

/// Seals a record's JSON text for `id` to the server's public key (sync while locked): only the
/// server can open it, and it needs no data key, so it works locked and is sent as it is.
pub async fn seal_for_server(
    key: &shared::api::SealingKey,
    id: &str,
    plaintext: &str,
) -> Result<shared::api::SealedRecord, VaultError> {
    if key.algorithm != shared::api::SEALING_ALGORITHM {
        return Err(VaultError(format!(
            "unknown sealing algorithm {}",
            key.algorithm
        )));
    }
    let public = decode(&key.public_key)?;
    let (ephemeral, iv, ciphertext) = webcrypto::seal_to_public_key(
        &public,
        shared::api::SEALING_INFO,
        id.as_bytes(),
        plaintext.as_bytes(),
    )
    .await
    .map_err(crypto_error("could not seal for the server"))?;
    Ok(shared::api::SealedRecord {
        id: id.to_owned(),
        key_id: key.key_id.clone(),
        ephemeral_key: BASE64.encode(ephemeral),
        iv: BASE64.encode(iv),
        ciphertext: BASE64.encode(ciphertext),
    })
}
