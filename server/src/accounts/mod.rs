//! Accounts: argon2id password hashing, session tokens, sign-in rate limiting, and creating the
//! first admin (the only way an account exists before anyone can sign in; there is no default
//! password).

pub mod password;
pub mod pseudonyms;
pub mod rate_limit;
pub mod tokens;

use crate::db::{self, Db, organisations::NewOrganisation, users::NewUser};
use anyhow::{Context, bail};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The kinds of account.
pub const USER_KINDS: [&str; 3] = ["admin", "practitioner", "evaluator"];
/// The kinds of organisation, top of the hierarchy first.
pub const ORGANISATION_KINDS: [&str; 3] = ["icb", "pcn", "practice"];

pub fn now_text() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .expect("the clock formats as RFC 3339")
}

/// What `server create-admin` needs.
#[derive(Debug, Clone)]
pub struct FirstAdmin {
    pub organisation_name: String,
    pub organisation_kind: String,
    pub email: String,
    pub display_name: String,
    pub password: String,
}

/// Creates the top organisation and its first admin. Refuses when any admin already exists, so
/// this cannot be used to take over a running deployment.
pub async fn create_first_admin(db: &Db, first: &FirstAdmin) -> anyhow::Result<String> {
    if db::users::admin_exists(db).await? {
        bail!("an admin already exists: sign in as that admin to create other accounts");
    }
    if !ORGANISATION_KINDS.contains(&first.organisation_kind.as_str()) {
        bail!(
            "the organisation kind must be one of {}",
            ORGANISATION_KINDS.join(", ")
        );
    }
    password::check_strength(&first.password).map_err(anyhow::Error::msg)?;
    let email = normalise_email(&first.email).map_err(anyhow::Error::msg)?;
    let now = now_text();
    let organisation_id = uuid::Uuid::new_v4().to_string();
    db::organisations::insert(
        db,
        &NewOrganisation {
            id: &organisation_id,
            name: first.organisation_name.trim(),
            kind: &first.organisation_kind,
            parent_id: None,
            ods_code: None,
        },
        &now,
    )
    .await
    .context("could not create the organisation")?;
    let user_id = uuid::Uuid::new_v4().to_string();
    db::users::insert(
        db,
        &NewUser {
            id: &user_id,
            organisation_id: &organisation_id,
            email: &email,
            display_name: first.display_name.trim(),
            kind: "admin",
            professional_role: None,
            password_hash: &password::hash(&first.password),
        },
        &now,
    )
    .await
    .context("could not create the admin")?;
    db::audit::record(
        db,
        &db::audit::Entry {
            organisation_id: Some(&organisation_id),
            actor: "create-admin command",
            action: "create_first_admin",
            subject: Some(&user_id),
            detail: Some(&email),
            address: None,
        },
    )
    .await?;
    Ok(user_id)
}

/// Lowercases and checks an email address.
pub fn normalise_email(email: &str) -> Result<String, String> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email.chars().any(char::is_whitespace);
    if valid {
        Ok(email)
    } else {
        Err(format!("{email:?} is not an email address"))
    }
}
