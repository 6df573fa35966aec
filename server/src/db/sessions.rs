//! Queries on `sessions`: a token's hash, its user, expiry and revocation.

use super::{Conn, Tx};
use crate::{on_conn, on_tx};

/// A sign-in as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Session {
    pub user_id: String,
    pub expires_at: String,
    pub revoked_at: Option<String>,
}

/// Records a sign-in: in sign-in's transaction, with its audit row (tests also plant sessions
/// straight on the pool).
pub async fn insert(
    conn: impl Into<Conn<'_>>,
    token_hash: &str,
    user_id: &str,
    now: &str,
    expires_at: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn, executor => sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(executor)
    .await?
    .rows_affected());
    Ok(())
}

pub async fn find(
    conn: impl Into<Conn<'_>>,
    token_hash: &str,
) -> Result<Option<Session>, sqlx::Error> {
    on_conn!(conn, executor => sqlx::query_as(
        "SELECT user_id, expires_at, revoked_at FROM sessions WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(executor)
    .await)
}

pub async fn revoke(tx: &mut Tx, token_hash: &str, now: &str) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(token_hash)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(())
}

/// Revokes every session of a user (when the account is disabled).
pub async fn revoke_all(tx: &mut Tx, user_id: &str, now: &str) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(())
}
