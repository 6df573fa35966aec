//! The escape hatch: a device's waiting outbox exported to a passphrase-encrypted file, to be
//! imported on another tablet or on the server by an admin, where the usual per-record
//! deduplication applies.
//!
//! The records are encrypted together with AES-256-GCM under a key derived from the passphrase
//! with PBKDF2-HMAC-SHA-256. The header (format, version, device, count, time) is authenticated as
//! additional data, so it cannot be altered without the file failing to open. The tablet does the
//! cryptography with WebCrypto; the server and tests with the `native-crypto` feature here. Both
//! follow this one description.

use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "prom-collector-outbox";
pub const VERSION: u32 = 1;
pub const KDF: &str = "PBKDF2-HMAC-SHA256";
pub const CIPHER: &str = "AES-256-GCM";
/// PBKDF2 rounds written into new files; a file states its own.
pub const ITERATIONS: u32 = 600_000;
/// Fewest rounds accepted when opening a file, so a forged header cannot make it trivial.
pub const MIN_ITERATIONS: u32 = 100_000;
/// Most rounds accepted, so a forged header cannot stall the server.
pub const MAX_ITERATIONS: u32 = 10_000_000;
pub const SALT_BYTES: usize = 16;
pub const IV_BYTES: usize = 12;
/// The largest outbox file the server accepts for import, in bytes (tens of thousands of records).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// A passphrase for an export file has at least this many characters.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// The file as written: a readable header and the encrypted records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxFile {
    pub format: String,
    pub version: u32,
    /// When the file was made, RFC 3339.
    pub created_at: String,
    /// The tablet that made it, when it was enrolled.
    #[serde(default)]
    pub device_id: Option<String>,
    pub record_count: usize,
    pub kdf: String,
    /// Base64.
    pub salt: String,
    pub iterations: u32,
    pub cipher: String,
    /// Base64.
    pub iv: String,
    /// Base64 of the AES-GCM output (tag appended) over the JSON of [`OutboxContents`].
    pub ciphertext: String,
}

/// What the ciphertext holds: each record exactly as it would have been sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxContents {
    pub records: Vec<serde_json::Value>,
}

/// The binary fields of a file, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub salt: Vec<u8>,
    pub iv: Vec<u8>,
    pub ciphertext: Vec<u8>,
}

/// The header fields every file must have before anything is decrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub created_at: String,
    pub device_id: Option<String>,
    pub record_count: usize,
}

impl Header {
    /// The bytes authenticated alongside the ciphertext.
    pub fn additional_data(&self) -> Vec<u8> {
        format!(
            "{FORMAT}\n{VERSION}\n{}\n{}\n{}",
            self.created_at,
            self.device_id.as_deref().unwrap_or(""),
            self.record_count
        )
        .into_bytes()
    }
}

impl OutboxFile {
    /// The file for `header` and the encryption output, in this version's format
    /// ([`ITERATIONS`] rounds of [`KDF`], [`CIPHER`]); the byte fields are base64-encoded.
    pub fn new(header: Header, salt: &[u8], iv: &[u8], ciphertext: &[u8]) -> Self {
        use base64::Engine;
        let encode = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        OutboxFile {
            format: FORMAT.to_owned(),
            version: VERSION,
            created_at: header.created_at,
            device_id: header.device_id,
            record_count: header.record_count,
            kdf: KDF.to_owned(),
            salt: encode(salt),
            iterations: ITERATIONS,
            cipher: CIPHER.to_owned(),
            iv: encode(iv),
            ciphertext: encode(ciphertext),
        }
    }

    /// The salt, nonce and ciphertext, decoded, with a message a person can act on.
    pub fn decoded(&self) -> Result<Sealed, String> {
        use base64::Engine;
        let decode = |field: &str, text: &str| {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|e| format!("the file is damaged: its {field} is not base64 ({e})"))
        };
        let iv = decode("iv", &self.iv)?;
        if iv.len() != IV_BYTES {
            return Err(format!(
                "the file is damaged: its iv must be {IV_BYTES} bytes"
            ));
        }
        Ok(Sealed {
            salt: decode("salt", &self.salt)?,
            iv,
            ciphertext: decode("ciphertext", &self.ciphertext)?,
        })
    }

    /// Checks the header, with a message a person can act on.
    pub fn check(&self) -> Result<Header, String> {
        if self.format != FORMAT {
            return Err(format!(
                "this is not a prom-collector outbox file (format {:?})",
                self.format
            ));
        }
        if self.version != VERSION {
            return Err(format!(
                "outbox file version {} is not supported; this build reads version {VERSION}",
                self.version
            ));
        }
        if self.kdf != KDF || self.cipher != CIPHER {
            return Err(format!(
                "unsupported encryption {} / {}: expected {KDF} / {CIPHER}",
                self.kdf, self.cipher
            ));
        }
        if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&self.iterations) {
            return Err(format!(
                "the file's key derivation uses {} rounds, outside {MIN_ITERATIONS}..={MAX_ITERATIONS}",
                self.iterations
            ));
        }
        Ok(Header {
            created_at: self.created_at.clone(),
            device_id: self.device_id.clone(),
            record_count: self.record_count,
        })
    }

    /// Reads the decrypted contents and checks they match the header's count.
    pub fn contents(header: &Header, plaintext: &[u8]) -> Result<OutboxContents, String> {
        let contents: OutboxContents = serde_json::from_slice(plaintext)
            .map_err(|e| format!("the decrypted file is not readable: {e}"))?;
        if contents.records.len() != header.record_count {
            return Err(format!(
                "the file says it holds {} records but holds {}",
                header.record_count,
                contents.records.len()
            ));
        }
        Ok(contents)
    }
}

/// A passphrase for an export file: long enough to resist guessing of a file that leaves the
/// tablet.
pub fn check_passphrase(passphrase: &str) -> Result<(), String> {
    if passphrase.chars().count() >= MIN_PASSPHRASE_CHARS {
        Ok(())
    } else {
        Err(format!(
            "the file's passphrase must have at least {MIN_PASSPHRASE_CHARS} characters"
        ))
    }
}

/// Encrypting and decrypting files natively (server, tests), matching WebCrypto on the tablet.
#[cfg(feature = "native-crypto")]
pub mod native {
    use super::*;
    use aes_gcm::aead::{Aead, KeyInit, Payload};
    use aes_gcm::{Aes256Gcm, Nonce};

    fn key(passphrase: &str, salt: &[u8], iterations: u32) -> Aes256Gcm {
        let mut key = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(passphrase.as_bytes(), salt, iterations, &mut key);
        Aes256Gcm::new(&key.into())
    }

    /// Writes a file. `salt` and `iv` must be fresh random bytes from the caller.
    pub fn seal(
        contents: &OutboxContents,
        header: &Header,
        passphrase: &str,
        salt: [u8; SALT_BYTES],
        iv: [u8; IV_BYTES],
    ) -> Result<OutboxFile, String> {
        check_passphrase(passphrase)?;
        let plaintext = serde_json::to_vec(contents).map_err(|e| e.to_string())?;
        let aad = header.additional_data();
        let ciphertext = key(passphrase, &salt, ITERATIONS)
            .encrypt(
                Nonce::from_slice(&iv),
                Payload {
                    msg: &plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| "encryption failed".to_owned())?;
        Ok(OutboxFile::new(header.clone(), &salt, &iv, &ciphertext))
    }

    /// Opens a file with its passphrase.
    pub fn open(file: &OutboxFile, passphrase: &str) -> Result<(Header, OutboxContents), String> {
        let header = file.check()?;
        let Sealed {
            salt,
            iv,
            ciphertext,
        } = file.decoded()?;
        let aad = header.additional_data();
        let plaintext = key(passphrase, &salt, file.iterations)
            .decrypt(
                Nonce::from_slice(&iv),
                Payload {
                    msg: &ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| {
                "the file cannot be opened: the passphrase is wrong or the file was changed"
                    .to_owned()
            })?;
        let contents = OutboxFile::contents(&header, &plaintext)?;
        Ok((header, contents))
    }
}
