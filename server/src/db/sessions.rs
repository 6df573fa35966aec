//! Queries on `sessions`: a token's hash, its user, expiry and revocation.

use super::Db;
use crate::on_db;

pub async fn insert(
    db: &Db,
    token_hash: &str,
    user_id: &str,
    now: &str,
    expires_at: &str,
) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(pool)
    .await?
    .rows_affected());
    Ok(())
}

/// (user id, expires_at, revoked_at) of a token hash.
pub async fn find(
    db: &Db,
    token_hash: &str,
) -> Result<Option<(String, String, Option<String>)>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT user_id, expires_at, revoked_at FROM sessions WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await)
}

pub async fn revoke(db: &Db, token_hash: &str, now: &str) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(token_hash)
    .execute(pool)
    .await?
    .rows_affected());
    Ok(())
}

/// Revokes every session of a user (when the account is disabled).
pub async fn revoke_all(db: &Db, user_id: &str, now: &str) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .execute(pool)
    .await?
    .rows_affected());
    Ok(())
}
