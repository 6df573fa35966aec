//! Queries on `organisations` (ICB -> PCN -> practice).

use super::Db;
use crate::on_db;
use serde::Serialize;

/// A recursive CTE naming `tree`: the organisation bound to `$1` and everything below it. Queries
/// that must stay inside an account's part of the hierarchy start with it and join on `tree.id`.
pub const SUBTREE: &str = "WITH RECURSIVE tree (id) AS (
    SELECT id FROM organisations WHERE id = $1
    UNION ALL
    SELECT o.id FROM organisations o JOIN tree ON o.parent_id = tree.id
) ";

pub struct NewOrganisation<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub parent_id: Option<&'a str>,
    pub ods_code: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<String>,
    pub ods_code: Option<String>,
}

pub async fn insert(db: &Db, new: &NewOrganisation<'_>, now: &str) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "INSERT INTO organisations (id, name, kind, parent_id, ods_code, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new.id)
    .bind(new.name)
    .bind(new.kind)
    .bind(new.parent_id)
    .bind(new.ods_code)
    .bind(now)
    .execute(pool)
    .await?
    .rows_affected());
    Ok(())
}

pub async fn get(db: &Db, id: &str) -> Result<Option<Organisation>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, name, kind, parent_id, ods_code FROM organisations WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await)
}

/// The organisation and everything below it, top first.
pub async fn subtree(db: &Db, root: &str) -> Result<Vec<Organisation>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "WITH RECURSIVE tree (id, depth) AS (
             SELECT id, 0 FROM organisations WHERE id = $1
             UNION ALL
             SELECT o.id, tree.depth + 1 FROM organisations o JOIN tree ON o.parent_id = tree.id
         )
         SELECT o.id, o.name, o.kind, o.parent_id, o.ods_code
         FROM organisations o JOIN tree ON tree.id = o.id
         ORDER BY tree.depth, o.name",
    )
    .bind(root)
    .fetch_all(pool)
    .await)
}

/// Whether `id` is `root` or lies below it.
pub async fn is_within(db: &Db, id: &str, root: &str) -> Result<bool, sqlx::Error> {
    let sql = format!("{SUBTREE}SELECT COUNT(*) FROM tree WHERE id = $2");
    let n: i64 = on_db!(db, pool => sqlx::query_scalar(&sql)
        .bind(root)
        .bind(id)
        .fetch_one(pool)
        .await?);
    Ok(n > 0)
}

/// The part of the hierarchy an account may see rows and aggregates of: a practitioner sees
/// their whole PCN (from a practice, its parent PCN); admins and evaluators their own
/// organisation and below.
pub async fn scope_root(db: &Db, user: &crate::db::users::User) -> Result<String, sqlx::Error> {
    if user.kind == "practitioner"
        && let Some(own) = get(db, &user.organisation_id).await?
        && own.kind == "practice"
        && let Some(parent) = own.parent_id
    {
        return Ok(parent);
    }
    Ok(user.organisation_id.clone())
}

/// Whether a row uploaded by `organisation` lies within what `user` may see.
pub async fn visible_to(
    db: &Db,
    user: &crate::db::users::User,
    organisation: Option<&str>,
) -> Result<bool, sqlx::Error> {
    match organisation {
        Some(organisation) => is_within(db, organisation, &scope_root(db, user).await?).await,
        None => Ok(false),
    }
}
