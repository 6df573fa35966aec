//! Pseudonymisation: an NHS number becomes an HMAC-SHA256 under a per-deployment secret, so the
//! server can link a patient's responses without ever holding the number. The secret lives in a
//! file outside the database (created on first start with owner-only permissions), so a copy of
//! the database alone cannot be searched for a known NHS number.

use anyhow::Context;
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use sha2::Sha256;
use shared::response::{PatientRef, ResponseRecord};
use std::path::Path;

#[derive(Clone)]
pub struct Pseudonymiser {
    key: [u8; 32],
}

impl std::fmt::Debug for Pseudonymiser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonymiser(<secret>)")
    }
}

impl Pseudonymiser {
    /// Reads the secret file, creating it (32 random bytes, hex, mode 0600) when missing.
    pub fn from_file(path: &Path) -> anyhow::Result<Self> {
        if !path.exists() {
            let mut key = [0u8; 32];
            OsRng.fill_bytes(&mut key);
            write_private(path, &hex::encode(key))
                .with_context(|| format!("could not create the secret file {}", path.display()))?;
        }
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("could not read the secret file {}", path.display()))?;
        let bytes = hex::decode(text.trim())
            .ok()
            .filter(|b| b.len() == 32)
            .with_context(|| format!("{} must hold 64 hex characters", path.display()))?;
        let mut key = [0u8; 32];
        key.copy_from_slice(&bytes);
        Ok(Self { key })
    }

    /// A 32-byte key for `purpose`, derived from the deployment secret (HMAC-SHA256 of the
    /// purpose; a different purpose text gives an unrelated key). Used for keys that must never
    /// be stored, such as the sealing keys of `crate::sealing`.
    pub fn derive_key(&self, purpose: &[u8]) -> [u8; 32] {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(b"derived-key:");
        mac.update(purpose);
        mac.finalize().into_bytes().into()
    }

    /// A pseudonymiser with a given secret (unit tests elsewhere in the crate).
    #[cfg(test)]
    pub fn with_secret(key: [u8; 32]) -> Self {
        Self { key }
    }

    /// The keyed hash of an NHS number's digits.
    pub fn nhs_number_hash(&self, digits: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(b"nhs-number:");
        mac.update(digits.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The record as it may be kept: an NHS number replaced by its keyed hash, and a postcode
    /// dropped (only the IMD decile derived from it is kept, on the response row). Content hashes
    /// are computed over this form too, so no stored value can be brute-forced back to a number
    /// or a postcode.
    pub fn redact(&self, record: &ResponseRecord) -> (ResponseRecord, Option<String>) {
        let mut kept = record.clone();
        if let Some(patient) = kept.patient.as_mut() {
            if let Some(demographics) = patient.demographics.as_mut() {
                demographics.postcode = None;
            }
            patient.demographics.take_if(|d| d.is_empty());
        }
        let mut hash = None;
        if let Some(PatientRef {
            nhs_number: Some(number),
            ..
        }) = &record.patient
        {
            let digits = shared::nhs_number::NhsNumber::parse(number)
                .map(|n| n.digits().to_owned())
                .unwrap_or_else(|_| number.clone());
            let keyed = self.nhs_number_hash(&digits);
            if let Some(patient) = kept.patient.as_mut() {
                patient.nhs_number = Some(keyed.clone());
            }
            hash = Some(keyed);
        }
        (kept, hash)
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(patient: serde_json::Value) -> ResponseRecord {
        ResponseRecord::from_json_value(&serde_json::json!({
            "id": "6f1c1f0e-8d4b-4c2a-9b7e-1a2b3c4d5e6f", "instrument_id": "ons4",
            "instrument_version": 1, "recorded_at": "2026-11-21T09:30:00Z", "role": "dietitian",
            "answers": {"life_satisfaction": 7}, "patient": patient,
        }))
        .unwrap()
    }

    #[test]
    fn the_kept_record_has_no_nhs_number_and_no_postcode() {
        let pseudonymiser = Pseudonymiser { key: [7; 32] };
        let given = record(serde_json::json!({
            "pseudonym": "0b7f2a3e-1c55-4b8e-9a7e-2f4d6c1b9a01", "nhs_number": "9434765919",
            "demographics": { "stated_sex": "1", "postcode": "ZX1 2AB" }
        }));
        let (kept, hash) = pseudonymiser.redact(&given);
        let text = serde_json::to_string(&kept).unwrap();
        assert!(
            !text.contains("9434765919") && !text.contains("ZX1"),
            "{text}"
        );
        assert_eq!(kept.patient.as_ref().unwrap().nhs_number, hash);
        let demographics = kept.patient.unwrap().demographics.unwrap();
        assert_eq!(
            demographics.stated_sex,
            given
                .patient
                .as_ref()
                .unwrap()
                .demographics
                .as_ref()
                .unwrap()
                .stated_sex
        );
        assert_eq!(demographics.postcode, None);

        // A postcode alone leaves no demographics at all, so the hash equals the record's
        // without any.
        let only_postcode = record(serde_json::json!({
            "pseudonym": "0b7f2a3e-1c55-4b8e-9a7e-2f4d6c1b9a01",
            "demographics": { "postcode": "ZX1 2AB" }
        }));
        let none =
            record(serde_json::json!({ "pseudonym": "0b7f2a3e-1c55-4b8e-9a7e-2f4d6c1b9a01" }));
        assert_eq!(
            pseudonymiser.redact(&only_postcode).0.content_hash(),
            pseudonymiser.redact(&none).0.content_hash()
        );
    }
}
