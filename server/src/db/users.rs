//! Queries on `users`.

use super::organisations::SUBTREE;
use super::{Conn, Tx, undecodable};
use crate::{on_conn, on_tx};
use shared::accounts::{DisplayName, EmailAddress, UserKind};

pub struct NewUser<'a> {
    pub id: &'a str,
    pub organisation_id: &'a str,
    pub email: &'a EmailAddress,
    pub display_name: &'a DisplayName,
    pub kind: UserKind,
    pub professional_role: Option<&'a str>,
    pub password_hash: &'a str,
}

/// An account (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub organisation_id: String,
    pub email: EmailAddress,
    pub display_name: DisplayName,
    pub kind: UserKind,
    pub professional_role: Option<String>,
    pub disabled: bool,
}

/// The columns of [`User`] as stored.
#[derive(sqlx::FromRow)]
struct UserRow {
    id: String,
    organisation_id: String,
    email: String,
    display_name: String,
    kind: String,
    professional_role: Option<String>,
    disabled: i64,
}

impl TryFrom<UserRow> for User {
    type Error = sqlx::Error;
    fn try_from(row: UserRow) -> Result<Self, sqlx::Error> {
        Ok(User {
            email: EmailAddress::parse(&row.email).map_err(undecodable)?,
            display_name: DisplayName::parse(&row.display_name).map_err(undecodable)?,
            kind: UserKind::parse(&row.kind).map_err(undecodable)?,
            id: row.id,
            organisation_id: row.organisation_id,
            professional_role: row.professional_role,
            disabled: row.disabled != 0,
        })
    }
}

/// An account with its password hash, as read for sign-in.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

#[derive(sqlx::FromRow)]
struct CredentialsRow {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: String,
}

const COLUMNS: &str =
    "u.id, u.organisation_id, u.email, u.display_name, u.kind, u.professional_role, u.disabled";

/// Inserts a user; `Ok(false)` when the email is already taken.
pub async fn insert(tx: &mut Tx, new: &NewUser<'_>, now: &str) -> Result<bool, sqlx::Error> {
    let inserted = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO users (id, organisation_id, email, display_name, kind, professional_role,
                            password_hash, disabled, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8)
         ON CONFLICT (email) DO NOTHING",
    )
    .bind(new.id)
    .bind(new.organisation_id)
    .bind(new.email.as_str())
    .bind(new.display_name.as_str())
    .bind(new.kind.as_str())
    .bind(new.professional_role)
    .bind(new.password_hash)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(inserted == 1)
}

pub async fn admin_exists(conn: impl Into<Conn<'_>>) -> Result<bool, sqlx::Error> {
    let n: i64 = on_conn!(conn, executor => sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE kind = $1")
        .bind(UserKind::Admin.as_str())
        .fetch_one(executor)
        .await?);
    Ok(n > 0)
}

/// The account with this email, with its password hash.
pub async fn by_email(
    conn: impl Into<Conn<'_>>,
    email: &EmailAddress,
) -> Result<Option<Credentials>, sqlx::Error> {
    let row: Option<CredentialsRow> = on_conn!(conn, executor => sqlx::query_as(&format!(
            "SELECT {COLUMNS}, u.password_hash FROM users u WHERE u.email = $1"
        ))
        .bind(email.as_str())
        .fetch_optional(executor)
        .await?);
    row.map(|row| {
        Ok(Credentials {
            user: User::try_from(row.user)?,
            password_hash: row.password_hash,
        })
    })
    .transpose()
}

pub async fn get(conn: impl Into<Conn<'_>>, id: &str) -> Result<Option<User>, sqlx::Error> {
    let row: Option<UserRow> = on_conn!(conn, executor => sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM users u WHERE u.id = $1"
    ))
    .bind(id)
    .fetch_optional(executor)
    .await?);
    row.map(User::try_from).transpose()
}

/// Users of the organisation `root` and everything below it.
pub async fn within(conn: impl Into<Conn<'_>>, root: &str) -> Result<Vec<User>, sqlx::Error> {
    let rows: Vec<UserRow> = on_conn!(conn, executor => sqlx::query_as(&format!(
        "{SUBTREE}SELECT {COLUMNS}
         FROM users u JOIN tree ON tree.id = u.organisation_id
         ORDER BY u.email"
    ))
    .bind(root)
    .fetch_all(executor)
    .await?);
    rows.into_iter().map(User::try_from).collect()
}

pub async fn set_disabled(tx: &mut Tx, id: &str, disabled: bool) -> Result<bool, sqlx::Error> {
    let updated = on_tx!(tx, conn => sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
        .bind(i64::from(disabled))
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected());
    Ok(updated == 1)
}
