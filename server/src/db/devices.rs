//! Queries on `devices` and `enrolment_codes`.

use super::organisations::SUBTREE;
use super::{Conn, Tx};
use crate::{on_conn, on_tx};

/// An enrolled tablet (never its credential hash).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Device {
    pub id: String,
    pub organisation_id: String,
    pub name: String,
    pub enrolled_at: String,
    pub revoked_at: Option<String>,
}

/// A claimed enrolment code: where the tablet enrols, and who issued the code.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClaimedCode {
    pub organisation_id: String,
    pub created_by: String,
}

pub async fn insert_code(
    tx: &mut Tx,
    code_hash: &str,
    organisation_id: &str,
    created_by: &str,
    now: &str,
    expires_at: &str,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO enrolment_codes (code_hash, organisation_id, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(code_hash)
    .bind(organisation_id)
    .bind(created_by)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(())
}

/// Uses a code once: returns where it enrols and who issued it, if it was unused and unexpired.
/// The update is the claim, so two tablets racing with one code cannot both enrol.
pub async fn claim_code(
    tx: &mut Tx,
    code_hash: &str,
    device_id: &str,
    now: &str,
) -> Result<Option<ClaimedCode>, sqlx::Error> {
    let claimed = on_tx!(tx, conn => sqlx::query(
        "UPDATE enrolment_codes SET used_at = $1, device_id = $2
         WHERE code_hash = $3 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(device_id)
    .bind(code_hash)
    .execute(conn)
    .await?
    .rows_affected());
    if claimed != 1 {
        return Ok(None);
    }
    on_tx!(tx, conn => sqlx::query_as(
        "SELECT organisation_id, created_by FROM enrolment_codes WHERE code_hash = $1",
    )
    .bind(code_hash)
    .fetch_optional(conn)
    .await)
}

pub async fn insert(
    tx: &mut Tx,
    id: &str,
    organisation_id: &str,
    name: &str,
    credential_hash: &str,
    enrolled_by: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO devices (id, organisation_id, name, credential_hash, enrolled_at, enrolled_by)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(organisation_id)
    .bind(name)
    .bind(credential_hash)
    .bind(now)
    .bind(enrolled_by)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(())
}

pub async fn by_credential(
    conn: impl Into<Conn<'_>>,
    credential_hash: &str,
) -> Result<Option<Device>, sqlx::Error> {
    on_conn!(conn, executor => sqlx::query_as(
        "SELECT id, organisation_id, name, enrolled_at, revoked_at FROM devices WHERE credential_hash = $1",
    )
    .bind(credential_hash)
    .fetch_optional(executor)
    .await)
}

pub async fn get(conn: impl Into<Conn<'_>>, id: &str) -> Result<Option<Device>, sqlx::Error> {
    on_conn!(conn, executor => sqlx::query_as(
        "SELECT id, organisation_id, name, enrolled_at, revoked_at FROM devices WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(executor)
    .await)
}

/// Devices of the organisation `root` and everything below it.
pub async fn within(conn: impl Into<Conn<'_>>, root: &str) -> Result<Vec<Device>, sqlx::Error> {
    on_conn!(conn, executor => sqlx::query_as(&format!(
        "{SUBTREE}SELECT d.id, d.organisation_id, d.name, d.enrolled_at, d.revoked_at
         FROM devices d JOIN tree ON tree.id = d.organisation_id
         ORDER BY d.enrolled_at, d.id"
    ))
    .bind(root)
    .fetch_all(executor)
    .await)
}

pub async fn revoke(tx: &mut Tx, id: &str, by: &str, now: &str) -> Result<bool, sqlx::Error> {
    let updated = on_tx!(tx, conn => sqlx::query(
        "UPDATE devices SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(id)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(updated == 1)
}
