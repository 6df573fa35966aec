//! Queries on `instrument_definitions` (versions published on this server) and
//! `instrument_registrations` (licences recorded for licensed instruments).

use super::{Conn, Tx};
use crate::{on_conn, on_tx};
use shared::instrument::InstrumentDefinition;
use std::collections::BTreeSet;

/// Every version published on this server (the built-in ones are not stored).
pub async fn published(
    conn: impl Into<Conn<'_>>,
) -> Result<Vec<InstrumentDefinition>, sqlx::Error> {
    let definitions: Vec<String> = on_conn!(conn, executor => sqlx::query_scalar(
        "SELECT definition FROM instrument_definitions ORDER BY instrument_id, version",
    )
    .fetch_all(executor)
    .await?);
    Ok(definitions
        .into_iter()
        .filter_map(|json| match serde_json::from_str(&json) {
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
    tx: &mut Tx,
    definition: &InstrumentDefinition,
    source: &str,
    published_at: &str,
) -> Result<bool, sqlx::Error> {
    let json = serde_json::to_string(definition).expect("a definition always serialises");
    let inserted = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO instrument_definitions (instrument_id, version, definition, source, published_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (instrument_id, version) DO NOTHING",
    )
    .bind(&definition.id)
    .bind(i64::from(definition.version))
    .bind(&json)
    .bind(source)
    .bind(published_at)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(inserted == 1)
}

/// Ids of licensed instruments whose registration has been recorded.
pub async fn registered(conn: impl Into<Conn<'_>>) -> Result<BTreeSet<String>, sqlx::Error> {
    let ids: Vec<String> = on_conn!(conn, executor => sqlx::query_scalar(
        "SELECT instrument_id FROM instrument_registrations",
    )
    .fetch_all(executor)
    .await?);
    Ok(ids.into_iter().collect())
}

/// Records (or replaces) the registration of a licensed instrument.
pub async fn record_registration(
    tx: &mut Tx,
    instrument_id: &str,
    reference: &str,
    recorded_by: &str,
    recorded_at: &str,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO instrument_registrations (instrument_id, reference, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (instrument_id) DO UPDATE
         SET reference = excluded.reference, recorded_by = excluded.recorded_by,
             recorded_at = excluded.recorded_at",
    )
    .bind(instrument_id)
    .bind(reference)
    .bind(recorded_by)
    .bind(recorded_at)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(())
}

/// The built-in definitions with every version published in the database.
pub async fn catalog(
    conn: impl Into<Conn<'_>>,
) -> Result<shared::catalog::InstrumentCatalog, sqlx::Error> {
    let mut catalog = shared::catalog::InstrumentCatalog::built_in();
    for definition in published(conn).await? {
        let id = definition.id.clone();
        let version = definition.version;
        if let Err(error) = catalog.insert(definition) {
            tracing::warn!(%id, version, %error, "skipping a stored instrument definition");
        }
    }
    Ok(catalog)
}
