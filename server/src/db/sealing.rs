//! Queries on `sealing_keys`, the server's key pairs for records sealed on a locked tablet
//! (see `crate::sealing`).

use super::Conn;
use crate::on_conn;

/// One stored key: its id and public half (the private half is derived, never stored).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeyRow {
    pub id: String,
    pub public_key: String,
}

/// Every key, oldest first (the last is the current one).
pub async fn all(conn: impl Into<Conn<'_>>) -> Result<Vec<KeyRow>, sqlx::Error> {
    on_conn!(conn, executor => sqlx::query_as(
        "SELECT id, public_key FROM sealing_keys ORDER BY created_at, id",
    )
    .fetch_all(executor)
    .await)
}

/// Stores a new key unless one with its id exists (servers starting at once on a fresh
/// database race on the same id; one insert wins).
pub async fn insert(
    conn: impl Into<Conn<'_>>,
    id: &str,
    public_key: &str,
    created_at: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn, executor => sqlx::query(
        "INSERT INTO sealing_keys (id, public_key, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(public_key)
    .bind(created_at)
    .execute(executor)
    .await
    .map(|_| ()))
}
