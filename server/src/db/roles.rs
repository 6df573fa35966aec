//! Queries on `professional_roles`, seeded from the reference list on first start.

use super::Db;
use crate::on_db;
use shared::catalog::{Role, default_roles};

/// Seeds the default role list when the table is empty (a fresh deployment).
pub async fn seed_defaults(db: &Db) -> Result<(), sqlx::Error> {
    let n: i64 = on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM professional_roles")
        .fetch_one(pool)
        .await?);
    if n > 0 {
        return Ok(());
    }
    for (position, role) in default_roles().iter().enumerate() {
        upsert(db, &role.id, &role.name, true, position as i64).await?;
    }
    Ok(())
}

pub async fn upsert(
    db: &Db,
    id: &str,
    name: &str,
    active: bool,
    position: i64,
) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "INSERT INTO professional_roles (id, name, active, position) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, active = excluded.active",
    )
    .bind(id)
    .bind(name)
    .bind(i64::from(active))
    .bind(position)
    .execute(pool)
    .await?
    .rows_affected());
    Ok(())
}

/// Every role, retired ones included (old responses keep their role): (role, active).
pub async fn all(db: &Db) -> Result<Vec<(Role, bool)>, sqlx::Error> {
    let rows: Vec<(String, String, i64)> = on_db!(db, pool => sqlx::query_as(
        "SELECT id, name, active FROM professional_roles ORDER BY position, id",
    )
    .fetch_all(pool)
    .await?);
    Ok(rows
        .into_iter()
        .map(|(id, name, active)| (Role { id, name }, active == 1))
        .collect())
}

pub async fn next_position(db: &Db) -> Result<i64, sqlx::Error> {
    let max: Option<i64> = on_db!(db, pool => sqlx::query_scalar("SELECT MAX(position) FROM professional_roles")
        .fetch_one(pool)
        .await?);
    Ok(max.unwrap_or(-1) + 1)
}
