//! Queries on `professional_roles`, seeded from the reference list on first start.

use super::{Conn, Db, Tx};
use crate::{on_conn, on_tx};
use shared::catalog::{Role, default_roles};

/// A role as stored: retired ones stay (old responses keep their role) but are not offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRole {
    pub role: Role,
    pub active: bool,
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    id: String,
    name: String,
    active: i64,
}

/// Seeds the default role list when the table is empty (a fresh deployment), all at once.
pub async fn seed_defaults(db: &Db) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let n: i64 = on_tx!(&mut tx, conn => sqlx::query_scalar("SELECT COUNT(*) FROM professional_roles")
        .fetch_one(conn)
        .await?);
    if n > 0 {
        return Ok(());
    }
    for (position, role) in default_roles().iter().enumerate() {
        upsert(&mut tx, &role.id, &role.name, true, position as i64).await?;
    }
    tx.commit().await
}

pub async fn upsert(
    tx: &mut Tx,
    id: &str,
    name: &str,
    active: bool,
    position: i64,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO professional_roles (id, name, active, position) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, active = excluded.active",
    )
    .bind(id)
    .bind(name)
    .bind(i64::from(active))
    .bind(position)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(())
}

/// Every role, retired ones included, in list order.
pub async fn all(conn: impl Into<Conn<'_>>) -> Result<Vec<StoredRole>, sqlx::Error> {
    let rows: Vec<RoleRow> = on_conn!(conn, executor => sqlx::query_as(
        "SELECT id, name, active FROM professional_roles ORDER BY position, id",
    )
    .fetch_all(executor)
    .await?);
    Ok(rows
        .into_iter()
        .map(|row| StoredRole {
            role: Role {
                id: row.id,
                name: row.name,
            },
            active: row.active == 1,
        })
        .collect())
}

pub async fn next_position(conn: impl Into<Conn<'_>>) -> Result<i64, sqlx::Error> {
    let max: Option<i64> = on_conn!(conn, executor => sqlx::query_scalar("SELECT MAX(position) FROM professional_roles")
        .fetch_one(executor)
        .await?);
    Ok(max.unwrap_or(-1) + 1)
}
