//! The escape hatch on the tablet: the waiting outbox exported to a passphrase-encrypted file
//! (format in [`shared::outbox_file`]), and such a file imported into this tablet's outbox. An
//! import adds only records this tablet does not already hold; the server deduplicates the rest.

use crate::platform;
use crate::store::outbox::{self, OutboxEntry};
use crate::store::{StoreError, settings};
use crate::vault::webcrypto;
use rexie::Rexie;
use shared::outbox_file::{
    self, Header, ITERATIONS, IV_BYTES, OutboxContents, OutboxFile, SALT_BYTES, Sealed,
};
use shared::response::ResponseRecord;

fn crypto(e: webcrypto::CryptoError) -> String {
    format!("encryption failed: {}", e.0)
}

/// Builds the export file of every waiting response (the app must be unlocked).
pub async fn export(db: &Rexie, passphrase: &str) -> Result<(OutboxFile, usize), String> {
    outbox_file::check_passphrase(passphrase)?;
    let entries = outbox::all_waiting(db).await.map_err(|e| e.to_string())?;
    let mut records = Vec::with_capacity(entries.len());
    for entry in &entries {
        let text = entry.open().await.map_err(|e| e.to_string())?;
        records.push(
            serde_json::from_str::<serde_json::Value>(&text)
                .map_err(|e| format!("a waiting record is unreadable: {e}"))?,
        );
    }
    let device_id = settings::enrolment(db)
        .await
        .map_err(|e| e.to_string())?
        .map(|e| e.device_id);
    let header = Header {
        created_at: platform::now_text(),
        device_id,
        record_count: records.len(),
    };
    let plaintext = serde_json::to_vec(&OutboxContents { records }).map_err(|e| e.to_string())?;
    let salt = webcrypto::random_bytes(SALT_BYTES).map_err(crypto)?;
    let iv = webcrypto::random_bytes(IV_BYTES).map_err(crypto)?;
    let key = webcrypto::derive_key(passphrase, &salt, ITERATIONS, &["encrypt", "decrypt"])
        .await
        .map_err(crypto)?;
    let ciphertext = webcrypto::encrypt(&key, &iv, &header.additional_data(), &plaintext)
        .await
        .map_err(crypto)?;
    let count = header.record_count;
    Ok((OutboxFile::new(header, &salt, &iv, &ciphertext), count))
}

/// Decrypts an export file with its passphrase.
pub async fn open(file_text: &str, passphrase: &str) -> Result<OutboxContents, String> {
    let file: OutboxFile = serde_json::from_str(file_text)
        .map_err(|e| format!("this is not a prom-collector outbox file: {e}"))?;
    let header = file.check()?;
    let Sealed {
        salt,
        iv,
        ciphertext,
    } = file.decoded()?;
    let key = webcrypto::derive_key(passphrase, &salt, file.iterations, &["encrypt", "decrypt"])
        .await
        .map_err(crypto)?;
    let plaintext = webcrypto::decrypt(&key, &iv, &header.additional_data(), &ciphertext)
        .await
        .map_err(|_| {
            "The file cannot be opened: the passphrase is wrong or the file was changed.".to_owned()
        })?;
    OutboxFile::contents(&header, &plaintext)
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    pub already_here: usize,
}

/// Adds the file's records to this tablet's outbox (sealed), skipping ids it already holds.
/// A record that is not readable as a response stops the import before anything is added.
pub async fn import(db: &Rexie, contents: &OutboxContents) -> Result<Imported, String> {
    let mut parsed = Vec::with_capacity(contents.records.len());
    for (index, value) in contents.records.iter().enumerate() {
        let record = ResponseRecord::from_json_value(value)
            .map_err(|e| format!("record {} of the file: {e}", index + 1))?;
        parsed.push((record, value.to_string()));
    }
    let mut imported = Imported {
        added: 0,
        already_here: 0,
    };
    let queued_at = platform::now_text();
    let mut batch = Vec::new();
    for (record, text) in parsed {
        let entry = OutboxEntry::seal_text(record.id.to_string(), &text, queued_at.clone())
            .await
            .map_err(|e| e.to_string())?;
        batch.push(entry);
        if batch.len() == 500 {
            tally(&mut imported, outbox::add_new(db, &batch).await)?;
            batch.clear();
        }
    }
    tally(&mut imported, outbox::add_new(db, &batch).await)?;
    Ok(imported)
}

fn tally(
    imported: &mut Imported,
    result: Result<(usize, usize), StoreError>,
) -> Result<(), String> {
    let (added, already_here) = result.map_err(|e| e.to_string())?;
    imported.added += added;
    imported.already_here += already_here;
    Ok(())
}
