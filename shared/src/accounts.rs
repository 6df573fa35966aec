//! Accounts and organisations as both sides name them: the kinds of account and organisation,
//! e-mail addresses and display names. Each is parsed once, where text comes in, and is a
//! string on the wire (the JSON is the same as when these were plain strings).

use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// What an account may do: admins manage their part of the hierarchy, practitioners collect and
/// see rows, evaluators see aggregates only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum UserKind {
    Admin,
    Practitioner,
    Evaluator,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("the kind must be one of admin, practitioner, evaluator")]
pub struct UnknownUserKind;

impl UserKind {
    pub const ALL: [UserKind; 3] = [UserKind::Admin, UserKind::Practitioner, UserKind::Evaluator];

    pub fn as_str(self) -> &'static str {
        match self {
            UserKind::Admin => "admin",
            UserKind::Practitioner => "practitioner",
            UserKind::Evaluator => "evaluator",
        }
    }

    pub fn parse(text: &str) -> Result<Self, UnknownUserKind> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or(UnknownUserKind)
    }
}

/// A level of the NHS hierarchy: an integrated care board, a primary care network under it, a
/// practice under that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum OrganisationKind {
    Icb,
    Pcn,
    Practice,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("the organisation kind must be one of icb, pcn, practice")]
pub struct UnknownOrganisationKind;

impl OrganisationKind {
    /// Top of the hierarchy first.
    pub const ALL: [OrganisationKind; 3] = [
        OrganisationKind::Icb,
        OrganisationKind::Pcn,
        OrganisationKind::Practice,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::Icb => "icb",
            OrganisationKind::Pcn => "pcn",
            OrganisationKind::Practice => "practice",
        }
    }

    pub fn parse(text: &str) -> Result<Self, UnknownOrganisationKind> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or(UnknownOrganisationKind)
    }

    /// The kind an organisation of this kind sits under (`None` for the top).
    pub fn parent(self) -> Option<OrganisationKind> {
        match self {
            OrganisationKind::Icb => None,
            OrganisationKind::Pcn => Some(OrganisationKind::Icb),
            OrganisationKind::Practice => Some(OrganisationKind::Pcn),
        }
    }
}

/// An e-mail address, trimmed and lower-cased: `local@domain.tld`, at most 254 bytes, no spaces.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0:?} is not an email address")]
pub struct InvalidEmailAddress(pub String);

impl EmailAddress {
    pub fn parse(text: &str) -> Result<Self, InvalidEmailAddress> {
        let email = text.trim().to_lowercase();
        let valid = email.len() <= 254
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            })
            && !email.chars().any(char::is_whitespace);
        if valid {
            Ok(Self(email))
        } else {
            Err(InvalidEmailAddress(email))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name a person or organisation is shown by: trimmed, 1 to [`DisplayName::MAX_BYTES`]
/// bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

/// The rule a name broke; callers say which name (`"the display name {error}"`).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("must be 1-200 characters")]
pub struct InvalidDisplayName;

impl DisplayName {
    pub const MAX_BYTES: usize = 200;

    pub fn parse(text: &str) -> Result<Self, InvalidDisplayName> {
        let name = text.trim();
        if name.is_empty() || name.len() > Self::MAX_BYTES {
            Err(InvalidDisplayName)
        } else {
            Ok(Self(name.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `Display`, `TryFrom<String>` (for serde and database rows) and `From<T> for String` (for
/// serde), all through `as_str` and `parse`.
macro_rules! text_conversions {
    ($type:ty, $error:ty) => {
        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl TryFrom<String> for $type {
            type Error = $error;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                Self::parse(&text)
            }
        }

        impl From<$type> for String {
            fn from(value: $type) -> String {
                value.as_str().to_owned()
            }
        }
    };
}

text_conversions!(UserKind, UnknownUserKind);
text_conversions!(OrganisationKind, UnknownOrganisationKind);
text_conversions!(EmailAddress, InvalidEmailAddress);
text_conversions!(DisplayName, InvalidDisplayName);

/// OpenAPI schemas: each type is a string on the wire, with its allowed values or rules.
#[cfg(feature = "openapi")]
mod schemas {
    use super::*;
    use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaFormat, Type};
    use utoipa::openapi::{KnownFormat, RefOr};

    fn text(description: &str) -> ObjectBuilder {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(description))
    }

    impl utoipa::PartialSchema for UserKind {
        fn schema() -> RefOr<Schema> {
            text("What an account may do.")
                .enum_values(Some(UserKind::ALL.map(UserKind::as_str)))
                .into()
        }
    }
    impl utoipa::ToSchema for UserKind {}

    impl utoipa::PartialSchema for OrganisationKind {
        fn schema() -> RefOr<Schema> {
            text("A level of the NHS hierarchy: ICB, then PCN, then practice.")
                .enum_values(Some(OrganisationKind::ALL.map(OrganisationKind::as_str)))
                .into()
        }
    }
    impl utoipa::ToSchema for OrganisationKind {}

    impl utoipa::PartialSchema for EmailAddress {
        fn schema() -> RefOr<Schema> {
            text("An e-mail address, lower-cased.")
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Email)))
                .max_length(Some(254))
                .into()
        }
    }
    impl utoipa::ToSchema for EmailAddress {}

    impl utoipa::PartialSchema for DisplayName {
        fn schema() -> RefOr<Schema> {
            text("A name as shown to people, trimmed.")
                .min_length(Some(1))
                .max_length(Some(DisplayName::MAX_BYTES))
                .into()
        }
    }
    impl utoipa::ToSchema for DisplayName {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_their_own_names_and_nothing_else() {
        for kind in UserKind::ALL {
            assert_eq!(UserKind::parse(kind.as_str()), Ok(kind));
        }
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse(kind.as_str()), Ok(kind));
        }
        assert_eq!(UserKind::parse("Admin"), Err(UnknownUserKind));
        assert_eq!(UserKind::parse("superuser"), Err(UnknownUserKind));
        assert_eq!(
            OrganisationKind::parse("trust"),
            Err(UnknownOrganisationKind)
        );
        assert_eq!(
            UnknownUserKind.to_string(),
            "the kind must be one of admin, practitioner, evaluator"
        );
    }

    #[test]
    fn the_hierarchy_is_icb_then_pcn_then_practice() {
        assert_eq!(OrganisationKind::Icb.parent(), None);
        assert_eq!(OrganisationKind::Pcn.parent(), Some(OrganisationKind::Icb));
        assert_eq!(
            OrganisationKind::Practice.parent(),
            Some(OrganisationKind::Pcn)
        );
    }

    #[test]
    fn email_addresses_are_normalised_or_refused() {
        let email = EmailAddress::parse("  Pat.Smith@Example.NHS.uk ").unwrap();
        assert_eq!(email.as_str(), "pat.smith@example.nhs.uk");
        for bad in [
            "",
            "pat",
            "@example.nhs.uk",
            "pat@localhost",
            "pat@.example.uk",
            "pat@example.uk.",
            "pat smith@example.uk",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad:?} is refused");
        }
        let long = format!("{}@example.uk", "a".repeat(243));
        assert_eq!(long.len(), 254);
        assert!(EmailAddress::parse(&long).is_ok());
        assert!(EmailAddress::parse(&format!("a{long}")).is_err());
        assert_eq!(
            EmailAddress::parse(" X@Y ").unwrap_err().to_string(),
            "\"x@y\" is not an email address"
        );
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse("  Ada  ").unwrap().as_str(), "Ada");
        assert_eq!(DisplayName::parse("   "), Err(InvalidDisplayName));
        assert!(DisplayName::parse(&"a".repeat(200)).is_ok());
        assert_eq!(
            DisplayName::parse(&"a".repeat(201)),
            Err(InvalidDisplayName)
        );
    }

    #[test]
    fn on_the_wire_each_is_its_string() {
        let json = serde_json::json!({
            "kind": UserKind::Practitioner,
            "organisation": OrganisationKind::Pcn,
            "email": EmailAddress::parse("a@b.uk").unwrap(),
            "name": DisplayName::parse("Pat").unwrap(),
        });
        assert_eq!(
            json,
            serde_json::json!({ "kind": "practitioner", "organisation": "pcn", "email": "a@b.uk", "name": "Pat" })
        );
        let kind: UserKind = serde_json::from_value(serde_json::json!("evaluator")).unwrap();
        assert_eq!(kind, UserKind::Evaluator);
        let refused = serde_json::from_value::<EmailAddress>(serde_json::json!("nope"));
        assert!(
            refused
                .unwrap_err()
                .to_string()
                .contains("not an email address")
        );
    }
}
