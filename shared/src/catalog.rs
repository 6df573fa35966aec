//! Reference data kept as data, not code: professional roles, outcome domains and the built-in
//! instrument definitions. The JSON files live in `shared/data/` and are embedded at compile time,
//! so the tablet works offline and the server validates against exactly the same lists.

use crate::instrument::{DefinitionError, InstrumentDefinition};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A professional role a practitioner can hold (by default the ARRS reimbursable roles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub id: String,
    pub name: String,
}

/// An outcome domain that a score contributes to (wellbeing, mood, patient experience...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    pub id: String,
    pub name: String,
}

const ROLES_JSON: &str = include_str!("../data/roles.json");
const DOMAINS_JSON: &str = include_str!("../data/domains.json");
const BUILT_IN_INSTRUMENTS: &[&str] = &[
    include_str!("../data/ons4.v1.json"),
    include_str!("../data/swemwbs.v1.json"),
    include_str!("../data/phq9.v1.json"),
    include_str!("../data/gad7.v1.json"),
    include_str!("../data/phq2.v1.json"),
    include_str!("../data/gad2.v1.json"),
    include_str!("../data/fft.v1.json"),
    include_str!("../data/gas.v1.json"),
];

/// The default role list: the 17 ARRS roles of 2023/24.
pub fn default_roles() -> Vec<Role> {
    serde_json::from_str(ROLES_JSON).expect("shared/data/roles.json is valid (checked by tests)")
}

/// The default outcome-domain taxonomy.
pub fn default_domains() -> Vec<Domain> {
    serde_json::from_str(DOMAINS_JSON)
        .expect("shared/data/domains.json is valid (checked by tests)")
}

/// Every published version of every instrument this build knows, keyed by `(id, version)`.
#[derive(Debug, Clone, Default)]
pub struct InstrumentCatalog {
    definitions: BTreeMap<(String, u32), InstrumentDefinition>,
}

impl InstrumentCatalog {
    /// The instruments shipped with the product, each checked by [`InstrumentDefinition::check`].
    pub fn built_in() -> Self {
        let mut catalog = Self::default();
        for json in BUILT_IN_INSTRUMENTS {
            let definition = InstrumentDefinition::from_json(json)
                .expect("built-in instrument definitions are valid (checked by tests)");
            catalog
                .insert(definition)
                .expect("built-in instrument definitions are unique");
        }
        catalog
    }

    /// Adds a published version. A version, once published, is never replaced.
    pub fn insert(&mut self, definition: InstrumentDefinition) -> Result<(), DefinitionError> {
        let key = (definition.id.clone(), definition.version);
        if self.definitions.contains_key(&key) {
            return Err(DefinitionError::AlreadyPublished {
                id: definition.id,
                version: definition.version,
            });
        }
        self.definitions.insert(key, definition);
        Ok(())
    }

    pub fn get(&self, id: &str, version: u32) -> Option<&InstrumentDefinition> {
        self.definitions.get(&(id.to_owned(), version))
    }

    /// The newest published version of an instrument: what a new questionnaire is started with.
    pub fn latest(&self, id: &str) -> Option<&InstrumentDefinition> {
        self.definitions
            .range((id.to_owned(), 0)..=(id.to_owned(), u32::MAX))
            .next_back()
            .map(|(_, definition)| definition)
    }

    /// The newest version of each instrument, in id order.
    pub fn latest_versions(&self) -> Vec<&InstrumentDefinition> {
        let mut latest: BTreeMap<&str, &InstrumentDefinition> = BTreeMap::new();
        for definition in self.definitions.values() {
            latest.insert(&definition.id, definition);
        }
        latest.into_values().collect()
    }

    /// Every published version, in `(id, version)` order.
    pub fn all_versions(&self) -> impl Iterator<Item = &InstrumentDefinition> {
        self.definitions.values()
    }

    /// Whether any version of `id` is known.
    pub fn knows(&self, id: &str) -> bool {
        self.latest(id).is_some()
    }
}

/// Looks up a role by id in a role list.
pub fn find_role<'a>(roles: &'a [Role], id: &str) -> Option<&'a Role> {
    roles.iter().find(|role| role.id == id)
}
