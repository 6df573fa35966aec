//! The WebCrypto calls the vault needs: PBKDF2 key derivation, AES-GCM data keys, key wrapping,
//! and authenticated encryption. Keys never leave WebCrypto: the data key held in memory is
//! non-extractable.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// Length of an AES-GCM nonce in bytes.
pub const IV_BYTES: usize = 12;

/// A WebCrypto failure, described for the log; callers turn it into a user-facing message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CryptoError(pub String);

impl From<JsValue> for CryptoError {
    fn from(value: JsValue) -> Self {
        let name = Reflect::get(&value, &JsValue::from_str("name"))
            .ok()
            .and_then(|name| name.as_string())
            .unwrap_or_else(|| format!("{value:?}"));
        CryptoError(name)
    }
}

fn crypto() -> Result<web_sys::Crypto, CryptoError> {
    web_sys::window()
        .and_then(|window| window.crypto().ok())
        .ok_or_else(|| CryptoError("WebCrypto is not available".to_owned()))
}

fn subtle() -> Result<SubtleCrypto, CryptoError> {
    Ok(crypto()?.subtle())
}

/// `count` bytes from the browser's cryptographic random generator.
pub fn random_bytes(count: usize) -> Result<Vec<u8>, CryptoError> {
    let mut bytes = vec![0u8; count];
    crypto()?.get_random_values_with_u8_array(&mut bytes)?;
    Ok(bytes)
}

fn object(entries: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in entries {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object
}

fn usages(names: &[&str]) -> JsValue {
    names
        .iter()
        .map(|name| JsValue::from_str(name))
        .collect::<Array>()
        .into()
}

fn aes_gcm(iv: &[u8], additional_data: &[u8]) -> Object {
    object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
        ("additionalData", Uint8Array::from(additional_data).into()),
    ])
}

fn aes_256() -> Object {
    object(&[("name", "AES-GCM".into()), ("length", 256.into())])
}

async fn resolve(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, CryptoError> {
    Ok(JsFuture::from(promise?).await?)
}

async fn resolve_key(promise: Result<js_sys::Promise, JsValue>) -> Result<CryptoKey, CryptoError> {
    resolve(promise)
        .await?
        .dyn_into::<CryptoKey>()
        .map_err(|_| CryptoError("WebCrypto returned something other than a key".to_owned()))
}

async fn resolve_bytes(promise: Result<js_sys::Promise, JsValue>) -> Result<Vec<u8>, CryptoError> {
    Ok(Uint8Array::new(&resolve(promise).await?).to_vec())
}

/// Derives an AES-256-GCM key from a secret with PBKDF2-HMAC-SHA-256. `usages` say what the
/// derived key may do (`wrapKey`/`unwrapKey` for the vault, `encrypt`/`decrypt` for files).
pub async fn derive_key(
    secret: &str,
    salt: &[u8],
    iterations: u32,
    key_usages: &[&str],
) -> Result<CryptoKey, CryptoError> {
    let subtle = subtle()?;
    let material = resolve_key(subtle.import_key_with_object(
        "raw",
        &Uint8Array::from(secret.as_bytes()),
        &object(&[("name", "PBKDF2".into())]),
        false,
        &usages(&["deriveKey"]),
    ))
    .await?;
    let params = object(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
    ]);
    resolve_key(subtle.derive_key_with_object_and_object(
        &params,
        &material,
        &aes_256(),
        false,
        &usages(key_usages),
    ))
    .await
}

/// A fresh random AES-256-GCM key that can be wrapped once (extractable).
pub async fn generate_data_key() -> Result<CryptoKey, CryptoError> {
    resolve_key(subtle()?.generate_key_with_object(
        &aes_256(),
        true,
        &usages(&["encrypt", "decrypt"]),
    ))
    .await
}

/// Wraps `key` under `wrapping_key` with AES-GCM; returns the wrapped bytes (tag included).
pub async fn wrap_key(
    key: &CryptoKey,
    wrapping_key: &CryptoKey,
    iv: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    resolve_bytes(subtle()?.wrap_key_with_object("raw", key, wrapping_key, &aes_gcm(iv, &[]))).await
}

/// Unwraps a data key. Fails (the GCM tag does not verify) when the wrapping key was derived
/// from a different secret. `extractable` is true only to re-wrap it under a new secret.
pub async fn unwrap_key(
    wrapped: &[u8],
    wrapping_key: &CryptoKey,
    iv: &[u8],
    extractable: bool,
) -> Result<CryptoKey, CryptoError> {
    resolve_key(subtle()?.unwrap_key_with_u8_array_and_object_and_object(
        "raw",
        wrapped,
        wrapping_key,
        &aes_gcm(iv, &[]),
        &aes_256(),
        extractable,
        &usages(&["encrypt", "decrypt"]),
    ))
    .await
}

/// AES-GCM encryption; `additional_data` is authenticated but not encrypted.
pub async fn encrypt(
    key: &CryptoKey,
    iv: &[u8],
    additional_data: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    resolve_bytes(subtle()?.encrypt_with_object_and_u8_array(
        &aes_gcm(iv, additional_data),
        key,
        plaintext,
    ))
    .await
}

/// AES-GCM decryption; fails if the ciphertext, the nonce or `additional_data` were changed.
pub async fn decrypt(
    key: &CryptoKey,
    iv: &[u8],
    additional_data: &[u8],
    ciphertext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    resolve_bytes(subtle()?.decrypt_with_object_and_u8_array(
        &aes_gcm(iv, additional_data),
        key,
        ciphertext,
    ))
    .await
}

/// Seals `plaintext` to a P-256 public key (uncompressed SEC1 bytes) for the server, as
/// `shared::api::SEALING_ALGORITHM` says: an ephemeral ECDH key pair, HKDF-SHA-256 (salt: the
/// ephemeral public key, `info`), AES-256-GCM with `additional_data`. Returns the ephemeral
/// public key, the nonce and the ciphertext. Nothing made here can be opened on the tablet.
pub async fn seal_to_public_key(
    public_key: &[u8],
    info: &[u8],
    additional_data: &[u8],
    plaintext: &[u8],
) -> Result<(Vec<u8>, Vec<u8>, Vec<u8>), CryptoError> {
    let subtle = subtle()?;
    let curve = object(&[("name", "ECDH".into()), ("namedCurve", "P-256".into())]);
    let server = resolve_key(subtle.import_key_with_object(
        "raw",
        &Uint8Array::from(public_key),
        &curve,
        false,
        &usages(&[]),
    ))
    .await?;
    let pair =
        resolve(subtle.generate_key_with_object(&curve, true, &usages(&["deriveBits"]))).await?;
    let private = Reflect::get(&pair, &JsValue::from_str("privateKey"))?.dyn_into::<CryptoKey>()?;
    let public = Reflect::get(&pair, &JsValue::from_str("publicKey"))?.dyn_into::<CryptoKey>()?;
    let ephemeral = resolve_bytes(subtle.export_key("raw", &public)).await?;
    let agreement = object(&[("name", "ECDH".into()), ("public", server.into())]);
    let shared = resolve(subtle.derive_bits_with_object(&agreement, &private, 256)).await?;
    let material = resolve_key(subtle.import_key_with_object(
        "raw",
        &Uint8Array::new(&shared),
        &object(&[("name", "HKDF".into())]),
        false,
        &usages(&["deriveKey"]),
    ))
    .await?;
    let params = object(&[
        ("name", "HKDF".into()),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(ephemeral.as_slice()).into()),
        ("info", Uint8Array::from(info).into()),
    ]);
    let key = resolve_key(subtle.derive_key_with_object_and_object(
        &params,
        &material,
        &aes_256(),
        false,
        &usages(&["encrypt"]),
    ))
    .await?;
    let iv = random_bytes(IV_BYTES)?;
    let ciphertext = encrypt(&key, &iv, additional_data, plaintext).await?;
    Ok((ephemeral, iv, ciphertext))
}
