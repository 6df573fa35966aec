//! Queries on `instrument_definitions` (versions published on this server) and
//! `instrument_registrations` (licences recorded for licensed instruments).

use shared::instrument::InstrumentDefinition;
use sqlx::SqlitePool;
use std::collections::BTreeSet;

/// Every version published on this server (the built-in ones are not stored).
pub async fn published(pool: &SqlitePool) -> Result<Vec<InstrumentDefinition>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT definition FROM instrument_definitions ORDER BY instrument_id, version",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(json,)| match serde_json::from_str(&json) {
            Ok(definition) => Some(definition),
            Err(error) => {
                tracing::error!(%error, "an instrument definition in the database is unreadable");
                None
            }
        })
        .collect())
}

/// Publishes a checked definition. Returns false when that `(id, version)` already exists.
pub async fn publish(
    pool: &SqlitePool,
    definition: &InstrumentDefinition,
    source: &str,
    published_at: &str,
) -> Result<bool, sqlx::Error> {
    let json = serde_json::to_string(definition).expect("a definition always serialises");
    let inserted = sqlx::query(
        "INSERT INTO instrument_definitions (instrument_id, version, definition, source, published_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (instrument_id, version) DO NOTHING",
    )
    .bind(&definition.id)
    .bind(i64::from(definition.version))
    .bind(json)
    .bind(source)
    .bind(published_at)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// Ids of licensed instruments whose registration has been recorded.
pub async fn registered(pool: &SqlitePool) -> Result<BTreeSet<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT instrument_id FROM instrument_registrations")
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Records (or replaces) the registration of a licensed instrument.
pub async fn record_registration(
    pool: &SqlitePool,
    instrument_id: &str,
    reference: &str,
    recorded_by: &str,
    recorded_at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO instrument_registrations (instrument_id, reference, recorded_by, recorded_at)
         VALUES (?, ?, ?, ?)
         ON CONFLICT (instrument_id) DO UPDATE
         SET reference = excluded.reference, recorded_by = excluded.recorded_by,
             recorded_at = excluded.recorded_at",
    )
    .bind(instrument_id)
    .bind(reference)
    .bind(recorded_by)
    .bind(recorded_at)
    .execute(pool)
    .await?;
    Ok(())
}
