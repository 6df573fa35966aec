//! The append-only audit log: sign-ins, failed sign-ins, row-level reads, exports and admin
//! changes. Rows are only ever inserted.

use super::Db;
use super::organisations::SUBTREE;
use crate::on_db;
use serde::Serialize;

pub struct Entry<'a> {
    pub organisation_id: Option<&'a str>,
    pub actor: &'a str,
    pub action: &'a str,
    pub subject: Option<&'a str>,
    pub detail: Option<&'a str>,
    pub address: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Record {
    pub id: String,
    pub occurred_at: String,
    pub organisation_id: Option<String>,
    pub actor: String,
    pub action: String,
    pub subject: Option<String>,
    pub detail: Option<String>,
    pub address: Option<String>,
}

pub async fn record(db: &Db, entry: &Entry<'_>) -> Result<(), sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    let now = crate::accounts::now_text();
    on_db!(db, pool => sqlx::query(
        "INSERT INTO audit_log (id, occurred_at, organisation_id, actor, action, subject, detail, address)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(&now)
    .bind(entry.organisation_id)
    .bind(entry.actor)
    .bind(entry.action)
    .bind(entry.subject)
    .bind(entry.detail)
    .bind(entry.address)
    .execute(pool)
    .await?
    .rows_affected());
    Ok(())
}

/// Entries of the organisation `root` and everything below it, newest first, at most `limit`.
pub async fn within(db: &Db, root: &str, limit: i64) -> Result<Vec<Record>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(&format!(
        "{SUBTREE}SELECT a.id, a.occurred_at, a.organisation_id, a.actor, a.action, a.subject, a.detail, a.address
         FROM audit_log a JOIN tree ON tree.id = a.organisation_id
         ORDER BY a.occurred_at DESC, a.id
         LIMIT $2"
    ))
    .bind(root)
    .bind(limit)
    .fetch_all(pool)
    .await)
}
