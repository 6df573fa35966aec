//! Accounts: argon2id password hashing, session tokens, sign-in rate limiting, and creating the
//! first admin (the only way an account exists before anyone can sign in; there is no default
//! password).

pub mod password;
pub mod pseudonyms;
pub mod rate_limit;
pub mod tokens;

use crate::db::{self, Db, audit, organisations::NewOrganisation, users::NewUser};
use anyhow::{Context, bail};
use shared::accounts::{DisplayName, EmailAddress, OrganisationKind, UserKind};

/// What `server create-admin` needs, as typed on the command line.
#[derive(Debug, Clone)]
pub struct FirstAdmin {
    pub organisation_name: String,
    pub organisation_kind: String,
    pub email: String,
    pub display_name: String,
    pub password: String,
}

/// Creates the top organisation and its first admin, with the audit row, in one transaction.
/// Refuses when any admin already exists, so this cannot be used to take over a running
/// deployment.
pub async fn create_first_admin(db: &Db, first: &FirstAdmin) -> anyhow::Result<String> {
    let mut tx = db.begin().await?;
    if db::users::admin_exists(&mut tx).await? {
        bail!("an admin already exists: sign in as that admin to create other accounts");
    }
    let organisation_kind =
        OrganisationKind::parse(&first.organisation_kind).map_err(anyhow::Error::msg)?;
    password::check_strength(&first.password).map_err(anyhow::Error::msg)?;
    let email = EmailAddress::parse(&first.email).map_err(anyhow::Error::msg)?;
    let organisation_name = DisplayName::parse(&first.organisation_name)
        .map_err(|e| anyhow::anyhow!("the organisation name {e}"))?;
    let display_name = DisplayName::parse(&first.display_name)
        .map_err(|e| anyhow::anyhow!("the admin's name {e}"))?;
    let password_hash = password::hash(&first.password);
    let now = crate::clock::now_text();
    let organisation_id = uuid::Uuid::new_v4().to_string();
    db::organisations::insert(
        &mut tx,
        &NewOrganisation {
            id: &organisation_id,
            name: &organisation_name,
            kind: organisation_kind,
            parent_id: None,
            ods_code: None,
        },
        &now,
    )
    .await
    .context("could not create the organisation")?;
    let user_id = uuid::Uuid::new_v4().to_string();
    db::users::insert(
        &mut tx,
        &NewUser {
            id: &user_id,
            organisation_id: &organisation_id,
            email: &email,
            display_name: &display_name,
            kind: UserKind::Admin,
            professional_role: None,
            password_hash: &password_hash,
        },
        &now,
    )
    .await
    .context("could not create the admin")?;
    audit::record(
        &mut tx,
        &audit::Entry::new(
            audit::Action::CreateFirstAdmin,
            "create-admin command",
            Some(&organisation_id),
        )
        .subject(user_id.as_str())
        .detail(email.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(user_id)
}
