//! Queries on `users`.

use super::Db;
use super::organisations::SUBTREE;
use crate::on_db;
use serde::Serialize;

pub struct NewUser<'a> {
    pub id: &'a str,
    pub organisation_id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub kind: &'a str,
    pub professional_role: Option<&'a str>,
    pub password_hash: &'a str,
}

/// A user as shown to admins (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: String,
    pub organisation_id: String,
    pub email: String,
    pub display_name: String,
    pub kind: String,
    pub professional_role: Option<String>,
    pub disabled: i64,
}

/// Inserts a user; `Ok(false)` when the email is already taken.
pub async fn insert(db: &Db, new: &NewUser<'_>, now: &str) -> Result<bool, sqlx::Error> {
    let inserted = on_db!(db, pool => sqlx::query(
        "INSERT INTO users (id, organisation_id, email, display_name, kind, professional_role,
                            password_hash, disabled, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8)
         ON CONFLICT (email) DO NOTHING",
    )
    .bind(new.id)
    .bind(new.organisation_id)
    .bind(new.email)
    .bind(new.display_name)
    .bind(new.kind)
    .bind(new.professional_role)
    .bind(new.password_hash)
    .bind(now)
    .execute(pool)
    .await?
    .rows_affected());
    Ok(inserted == 1)
}

pub async fn admin_exists(db: &Db) -> Result<bool, sqlx::Error> {
    let n: i64 = on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE kind = 'admin'")
        .fetch_one(pool)
        .await?);
    Ok(n > 0)
}

/// A user row with its password hash, as read for sign-in.
type UserRow = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    String,
);

/// The user with this email and their password hash.
pub async fn by_email(db: &Db, email: &str) -> Result<Option<(User, String)>, sqlx::Error> {
    let row: Option<UserRow> = on_db!(db, pool => sqlx::query_as(
            "SELECT id, organisation_id, email, display_name, kind, professional_role, disabled,
                    password_hash
             FROM users WHERE email = $1",
        )
        .bind(email)
        .fetch_optional(pool)
        .await?);
    Ok(row.map(
        |(id, organisation_id, email, display_name, kind, professional_role, disabled, hash)| {
            (
                User {
                    id,
                    organisation_id,
                    email,
                    display_name,
                    kind,
                    professional_role,
                    disabled,
                },
                hash,
            )
        },
    ))
}

pub async fn get(db: &Db, id: &str) -> Result<Option<User>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, organisation_id, email, display_name, kind, professional_role, disabled
         FROM users WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await)
}

/// Users of the organisation `root` and everything below it.
pub async fn within(db: &Db, root: &str) -> Result<Vec<User>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(&format!(
        "{SUBTREE}SELECT u.id, u.organisation_id, u.email, u.display_name, u.kind, u.professional_role, u.disabled
         FROM users u JOIN tree ON tree.id = u.organisation_id
         ORDER BY u.email"
    ))
    .bind(root)
    .fetch_all(pool)
    .await)
}

pub async fn set_disabled(db: &Db, id: &str, disabled: bool) -> Result<bool, sqlx::Error> {
    let updated = on_db!(db, pool => sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
        .bind(i64::from(disabled))
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected());
    Ok(updated == 1)
}
