//! Sync while locked: the server's sealing key pairs (public halves kept in `sealing_keys`,
//! created on first start; private halves derived from the deployment secret, never stored)
//! and opening a record a tablet sealed to one of them (`shared::api::SEALING_ALGORITHM`:
//! ECDH P-256, HKDF-SHA-256, AES-256-GCM bound to the record id).

use crate::accounts::pseudonyms::Pseudonymiser;
use crate::db::Db;
use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hkdf::Hkdf;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use sha2::Sha256;
use shared::api::{SEALING_ALGORITHM, SEALING_INFO, SealedRecord, SealingKey};
use std::collections::BTreeMap;

/// The key pairs this server opens sealed records with; the newest is handed out.
#[derive(Clone)]
pub struct SealingKeys {
    current: SealingKey,
    secrets: BTreeMap<String, SecretKey>,
}

impl std::fmt::Debug for SealingKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealingKeys")
            .field("current", &self.current.key_id)
            .finish_non_exhaustive()
    }
}

/// The private half of sealing key `id`, derived from the deployment secret (a scalar out of
/// range, about one chance in 2^32, moves on to the next counter).
fn derive(secret: &Pseudonymiser, id: &str) -> SecretKey {
    (0u32..)
        .find_map(|counter| {
            let bytes = secret.derive_key(format!("sealing-key:{id}:{counter}").as_bytes());
            SecretKey::from_slice(&bytes).ok()
        })
        .expect("some counter gives a valid scalar")
}

fn public_text(secret: &SecretKey) -> String {
    STANDARD.encode(secret.public_key().to_encoded_point(false).as_bytes())
}

impl SealingKeys {
    /// Reads the keys, creating the first one on a fresh database. Each private half is
    /// derived from the deployment secret and the key's id; a stored key whose public half does
    /// not match (the secret file was replaced) cannot open anything and stops the start, since
    /// the NHS-number pseudonyms of that database would not match either.
    pub async fn load_or_create(db: &Db, secret: &Pseudonymiser) -> anyhow::Result<Self> {
        let mut rows = crate::db::sealing::all(db).await?;
        if rows.is_empty() {
            // A fixed id for the first key: servers starting at once on a fresh database derive
            // the same key, insert the same row, and one insert wins.
            let id = "1";
            let public = public_text(&derive(secret, id));
            crate::db::sealing::insert(db, id, &public, &crate::clock::now_text()).await?;
            rows = crate::db::sealing::all(db).await?;
        }
        let mut secrets = BTreeMap::new();
        let mut current = None;
        for row in rows {
            let private = derive(secret, &row.id);
            anyhow::ensure!(
                public_text(&private) == row.public_key,
                "the sealing key {} in the database was not made with this deployment's secret \
                 file: start the server with the secret file this database was used with",
                row.id
            );
            current = Some(SealingKey {
                key_id: row.id.clone(),
                algorithm: SEALING_ALGORITHM.to_owned(),
                public_key: row.public_key,
            });
            secrets.insert(row.id, private);
        }
        Ok(Self {
            current: current.expect("at least one key exists"),
            secrets,
        })
    }

    /// The public key tablets seal to.
    pub fn current(&self) -> &SealingKey {
        &self.current
    }

    /// Opens a sealed record into its JSON, checking it was sealed for its id and carries it.
    pub fn open(&self, sealed: &SealedRecord) -> Result<serde_json::Value, String> {
        let secret = self
            .secrets
            .get(&sealed.key_id)
            .ok_or_else(|| format!("sealed to an unknown key {}", sealed.key_id))?;
        let decode = |field: &str, text: &str| {
            STANDARD
                .decode(text)
                .map_err(|_| format!("the sealed record's {field} is not base64"))
        };
        let ephemeral = decode("ephemeral_key", &sealed.ephemeral_key)?;
        let iv = decode("iv", &sealed.iv)?;
        let ciphertext = decode("ciphertext", &sealed.ciphertext)?;
        if iv.len() != 12 {
            return Err("the sealed record's iv is not 12 bytes".to_owned());
        }
        let public = PublicKey::from_sec1_bytes(&ephemeral)
            .map_err(|_| "the sealed record's ephemeral key is not a P-256 point".to_owned())?;
        let shared = p256::ecdh::diffie_hellman(secret.to_nonzero_scalar(), public.as_affine());
        let hkdf = Hkdf::<Sha256>::new(Some(&ephemeral), shared.raw_secret_bytes());
        let mut key = [0u8; 32];
        hkdf.expand(SEALING_INFO, &mut key)
            .map_err(|_| "key derivation failed".to_owned())?;
        let cipher = Aes256Gcm::new_from_slice(&key).map_err(|_| "bad key".to_owned())?;
        let plain = cipher
            .decrypt(
                Nonce::from_slice(&iv),
                Payload {
                    msg: &ciphertext,
                    aad: sealed.id.as_bytes(),
                },
            )
            .map_err(|_| {
                "the sealed record does not open (damaged, or sealed for another id or key)"
                    .to_owned()
            })?;
        let value: serde_json::Value = serde_json::from_slice(&plain)
            .map_err(|_| "the sealed record is not JSON".to_owned())?;
        if value.get("id").and_then(serde_json::Value::as_str) != Some(sealed.id.as_str()) {
            return Err("the sealed record carries another id".to_owned());
        }
        Ok(value)
    }

    /// Seals `record` (JSON text) for `id` to the current key, as a tablet does: for tests.
    pub fn seal_for_test(&self, id: &str, record: &str) -> SealedRecord {
        let ephemeral = SecretKey::random(&mut rand_core::OsRng);
        let ephemeral_public = ephemeral.public_key().to_encoded_point(false);
        let server_public = self.secrets[&self.current.key_id].public_key();
        let shared =
            p256::ecdh::diffie_hellman(ephemeral.to_nonzero_scalar(), server_public.as_affine());
        let hkdf =
            Hkdf::<Sha256>::new(Some(ephemeral_public.as_bytes()), shared.raw_secret_bytes());
        let mut key = [0u8; 32];
        hkdf.expand(SEALING_INFO, &mut key).expect("32 bytes");
        let mut iv = [0u8; 12];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut iv);
        let ciphertext = Aes256Gcm::new_from_slice(&key)
            .expect("a 32-byte key")
            .encrypt(
                Nonce::from_slice(&iv),
                Payload {
                    msg: record.as_bytes(),
                    aad: id.as_bytes(),
                },
            )
            .expect("encrypts");
        SealedRecord {
            id: id.to_owned(),
            key_id: self.current.key_id.clone(),
            ephemeral_key: STANDARD.encode(ephemeral_public.as_bytes()),
            iv: STANDARD.encode(iv),
            ciphertext: STANDARD.encode(ciphertext),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_keys() -> SealingKeys {
        let secret = SecretKey::random(&mut rand_core::OsRng);
        SealingKeys {
            current: SealingKey {
                key_id: "k1".to_owned(),
                algorithm: SEALING_ALGORITHM.to_owned(),
                public_key: public_text(&secret),
            },
            secrets: BTreeMap::from([("k1".to_owned(), secret)]),
        }
    }

    #[test]
    fn a_private_key_is_derived_from_the_secret_and_the_id_only() {
        let secret = Pseudonymiser::with_secret([7; 32]);
        let same = public_text(&derive(&secret, "1"));
        assert_eq!(
            same,
            public_text(&derive(&secret, "1")),
            "derived again alike"
        );
        assert_ne!(same, public_text(&derive(&secret, "2")), "another id");
        let other = Pseudonymiser::with_secret([8; 32]);
        assert_ne!(same, public_text(&derive(&other, "1")), "another secret");
    }

    #[test]
    fn a_sealed_record_opens_only_for_its_id_and_key() {
        let keys = new_keys();
        let record = r#"{"id":"r1","answers":{"a":1}}"#;
        let sealed = keys.seal_for_test("r1", record);
        assert_eq!(
            keys.open(&sealed).unwrap(),
            serde_json::json!({"id": "r1", "answers": {"a": 1}})
        );
        // Moved to another id: the additional data no longer matches.
        let moved = SealedRecord {
            id: "r2".to_owned(),
            ..sealed.clone()
        };
        assert!(keys.open(&moved).unwrap_err().contains("does not open"));
        // Another server's key does not open it.
        assert!(new_keys().open(&sealed).is_err());
        // Sealed for its id, but carrying another one inside.
        let lying = keys.seal_for_test("r3", record);
        assert!(keys.open(&lying).unwrap_err().contains("another id"));
        let unknown = SealedRecord {
            key_id: "k9".to_owned(),
            ..sealed
        };
        assert!(keys.open(&unknown).unwrap_err().contains("unknown key"));
    }
}
