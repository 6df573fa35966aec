//! The access policy: which part of the organisation hierarchy a caller may see, decided here
//! and only here. Handlers take [`Scoped`] (a guard from [`crate::auth`] plus the caller's
//! [`Scope`]) and ask the scope, instead of each writing its own subtree check.
//!
//! The rule: a practitioner at a practice sees their whole PCN (the practice's parent); every
//! other account sees its own organisation and everything below it. Admins act only within that
//! part; rows and aggregates are read only through it.

use crate::auth::{Guard, Principal};
use crate::db::{self, Conn};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use shared::accounts::{OrganisationKind, UserKind};

/// The part of the hierarchy a caller may see: an organisation and everything below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    root: String,
}

impl Scope {
    /// The scope of a signed-in account.
    pub fn of(principal: &Principal) -> Self {
        let organisation = &principal.organisation;
        let root = match (
            &organisation.parent_id,
            principal.user.kind,
            organisation.kind,
        ) {
            (Some(pcn), UserKind::Practitioner, OrganisationKind::Practice) => pcn.clone(),
            _ => principal.user.organisation_id.clone(),
        };
        Self { root }
    }

    /// The top of the scope: queries over the subtree below it ([`db::organisations::SUBTREE`])
    /// stay inside the scope.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// Whether `organisation` is the root or lies below it.
    pub async fn contains(
        &self,
        conn: impl Into<Conn<'_>>,
        organisation: &str,
    ) -> Result<bool, sqlx::Error> {
        db::organisations::is_within(conn, organisation, &self.root).await
    }

    /// Whether a row uploaded by `organisation` may be seen (a row with none may not).
    pub async fn can_see(
        &self,
        conn: impl Into<Conn<'_>>,
        organisation: Option<&str>,
    ) -> Result<bool, sqlx::Error> {
        match organisation {
            Some(organisation) => self.contains(conn, organisation).await,
            None => Ok(false),
        }
    }

    /// `Ok(())` when `organisation` is within the scope, otherwise the `refusal`.
    pub async fn require_within(
        &self,
        conn: impl Into<Conn<'_>>,
        organisation: &str,
        refusal: impl FnOnce() -> ApiError,
    ) -> Result<(), ApiError> {
        if self.contains(conn, organisation).await? {
            Ok(())
        } else {
            Err(refusal())
        }
    }
}

/// The one extractor for scoped access: the caller as admitted by guard `G` (e.g.
/// [`crate::auth::Admin`], [`crate::auth::Staff`]), and the [`Scope`] they may see.
pub struct Scoped<G>(pub G, pub Scope);

impl<G> FromRequestParts<AppState> for Scoped<G>
where
    G: FromRequestParts<AppState, Rejection = ApiError> + Guard + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let guard = G::from_request_parts(parts, state).await?;
        let scope = Scope::of(guard.principal());
        Ok(Self(guard, scope))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::organisations::Organisation;
    use crate::db::users::User;
    use shared::accounts::{DisplayName, EmailAddress};

    fn principal(
        kind: UserKind,
        organisation: OrganisationKind,
        parent: Option<&str>,
    ) -> Principal {
        Principal {
            user: User {
                id: "u".into(),
                organisation_id: "own".into(),
                email: EmailAddress::parse("a@b.uk").unwrap(),
                display_name: DisplayName::parse("A").unwrap(),
                kind,
                professional_role: None,
                disabled: false,
            },
            organisation: Organisation {
                id: "own".into(),
                name: DisplayName::parse("Own").unwrap(),
                kind: organisation,
                parent_id: parent.map(str::to_owned),
                ods_code: None,
            },
            token_hash: String::new(),
        }
    }

    #[test]
    fn a_practitioner_at_a_practice_sees_the_pcn_everyone_else_their_own_organisation() {
        let at_practice = principal(
            UserKind::Practitioner,
            OrganisationKind::Practice,
            Some("pcn"),
        );
        assert_eq!(Scope::of(&at_practice).root(), "pcn");
        let at_pcn = principal(UserKind::Practitioner, OrganisationKind::Pcn, Some("icb"));
        assert_eq!(Scope::of(&at_pcn).root(), "own");
        for kind in [UserKind::Admin, UserKind::Evaluator] {
            let practice = principal(kind, OrganisationKind::Practice, Some("pcn"));
            assert_eq!(Scope::of(&practice).root(), "own", "{kind}");
        }
        let top_practice = principal(UserKind::Practitioner, OrganisationKind::Practice, None);
        assert_eq!(Scope::of(&top_practice).root(), "own");
    }
}
