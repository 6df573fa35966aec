//! Queries on `organisations` (ICB -> PCN -> practice). Which of them a caller may see is
//! decided in [`crate::policy`], with [`is_within`] and [`SUBTREE`] from here.

use super::{Conn, Tx, undecodable};
use crate::{on_conn, on_tx};
use shared::accounts::{DisplayName, OrganisationKind};

/// A recursive CTE naming `tree`: the organisation bound to `$1` and everything below it. Queries
/// that must stay inside an account's part of the hierarchy start with it and join on `tree.id`.
pub const SUBTREE: &str = "WITH RECURSIVE tree (id) AS (
    SELECT id FROM organisations WHERE id = $1
    UNION ALL
    SELECT o.id FROM organisations o JOIN tree ON o.parent_id = tree.id
) ";

pub struct NewOrganisation<'a> {
    pub id: &'a str,
    pub name: &'a DisplayName,
    pub kind: OrganisationKind,
    pub parent_id: Option<&'a str>,
    pub ods_code: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: String,
    pub name: DisplayName,
    pub kind: OrganisationKind,
    pub parent_id: Option<String>,
    pub ods_code: Option<String>,
}

/// The columns of [`Organisation`] as stored.
#[derive(sqlx::FromRow)]
struct OrganisationRow {
    id: String,
    name: String,
    kind: String,
    parent_id: Option<String>,
    ods_code: Option<String>,
}

impl TryFrom<OrganisationRow> for Organisation {
    type Error = sqlx::Error;
    fn try_from(row: OrganisationRow) -> Result<Self, sqlx::Error> {
        Ok(Organisation {
            name: DisplayName::parse(&row.name).map_err(undecodable)?,
            kind: OrganisationKind::parse(&row.kind).map_err(undecodable)?,
            id: row.id,
            parent_id: row.parent_id,
            ods_code: row.ods_code,
        })
    }
}

pub async fn insert(tx: &mut Tx, new: &NewOrganisation<'_>, now: &str) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO organisations (id, name, kind, parent_id, ods_code, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new.id)
    .bind(new.name.as_str())
    .bind(new.kind.as_str())
    .bind(new.parent_id)
    .bind(new.ods_code)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(())
}

pub async fn get(conn: impl Into<Conn<'_>>, id: &str) -> Result<Option<Organisation>, sqlx::Error> {
    let row: Option<OrganisationRow> = on_conn!(conn, executor => sqlx::query_as(
        "SELECT id, name, kind, parent_id, ods_code FROM organisations WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(executor)
    .await?);
    row.map(Organisation::try_from).transpose()
}

/// The organisation and everything below it, top first.
pub async fn subtree(
    conn: impl Into<Conn<'_>>,
    root: &str,
) -> Result<Vec<Organisation>, sqlx::Error> {
    let rows: Vec<OrganisationRow> = on_conn!(conn, executor => sqlx::query_as(
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
    .fetch_all(executor)
    .await?);
    rows.into_iter().map(Organisation::try_from).collect()
}

/// Whether `id` is `root` or lies below it.
pub async fn is_within(
    conn: impl Into<Conn<'_>>,
    id: &str,
    root: &str,
) -> Result<bool, sqlx::Error> {
    let sql = format!("{SUBTREE}SELECT COUNT(*) FROM tree WHERE id = $2");
    let n: i64 = on_conn!(conn, executor => sqlx::query_scalar(&sql)
        .bind(root)
        .bind(id)
        .fetch_one(executor)
        .await?);
    Ok(n > 0)
}
