//! Keeping the outcome rollups (`outcome_cells`) equal to what the stored responses say:
//! folded in after ingest ([`fold`]), and rebuilt from the rows by `server rebuild-rollups`
//! ([`rebuild`]).
//!
//! Both paths turn rows into [`RolledResponse`]s with the same function ([`rolled`]) and the
//! same correction rule, and both compute base cells with
//! `shared::outcomes::cells::base_contributions_in` and expand them with `cells::expand`, so a rebuild
//! gives byte for byte the cells that folding kept (a test checks it).
//!
//! **Corrections.** A response that a later response from the *same organisation* supersedes no
//! longer counts; a correction from another organisation changes nothing (an organisation can
//! only correct its own data). Superseded responses are taken out before pairing.

pub mod fold;
pub mod rebuild;

pub use fold::{Folder, catch_up};
pub use rebuild::{RebuildSummary, rebuild};

use crate::db::rollups::{self as store, RollupRow, RollupScore};
use crate::db::undecodable;
use shared::catalog::InstrumentCatalog;
use shared::ids::ResponseId;
use shared::outcomes::cells::{self, Breakdown, Cells, Profile, RolledResponse};
use shared::outcomes::pairing::{Observation, PairingRules, TimePoint};
use std::collections::{BTreeMap, BTreeSet};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Organisation id -> its chain: itself first, then each ancestor.
pub struct Tree(BTreeMap<String, Option<String>>);

impl Tree {
    pub async fn load(conn: impl Into<crate::db::Conn<'_>>) -> Result<Self, sqlx::Error> {
        Ok(Self(store::parents(conn).await?))
    }

    pub fn chain(&self, organisation: &str) -> Vec<String> {
        let mut chain = vec![organisation.to_owned()];
        let mut at = organisation;
        while let Some(Some(parent)) = self.0.get(at) {
            if chain.contains(parent) {
                break; // a cycle would be a data error; never loop on it
            }
            chain.push(parent.clone());
            at = parent;
        }
        chain
    }

    /// The organisations directly below `organisation`.
    pub fn children(&self, organisation: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(_, parent)| parent.as_deref() == Some(organisation))
            .map(|(id, _)| id.clone())
            .collect()
    }
}

pub(crate) fn bad(message: String) -> sqlx::Error {
    undecodable(std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        message,
    ))
}

/// Builds the rollup view of `rows` (a set closed under corrections) with their `scores`:
/// superseded responses (by the same organisation) are left out.
pub fn rolled(
    rows: &[RollupRow],
    scores: &[RollupScore],
    tree: &Tree,
) -> Result<Vec<RolledResponse>, sqlx::Error> {
    let organisation_of: BTreeMap<&str, Option<&str>> = rows
        .iter()
        .map(|r| (r.id.as_str(), r.organisation_id.as_deref()))
        .collect();
    let superseded: BTreeSet<&str> = rows
        .iter()
        .filter_map(|r| {
            let target = r.supersedes.as_deref()?;
            let target_organisation = organisation_of.get(target)?;
            (*target_organisation == r.organisation_id.as_deref()).then_some(target)
        })
        .collect();
    let mut by_response: BTreeMap<&str, Vec<&RollupScore>> = BTreeMap::new();
    for score in scores {
        by_response
            .entry(score.response_id.as_str())
            .or_default()
            .push(score);
    }
    let mut rolled = Vec::with_capacity(rows.len());
    for row in rows {
        if superseded.contains(row.id.as_str()) {
            continue;
        }
        let Some(organisation) = &row.organisation_id else {
            continue; // stored before organisations existed: in no organisation's figures
        };
        let response_id = ResponseId::parse(&row.id)
            .map_err(|_| bad(format!("stored response id {:?} is not a UUID", row.id)))?;
        let recorded_at = OffsetDateTime::parse(&row.recorded_at, &Rfc3339)
            .map_err(|e| bad(format!("response {}: recorded_at: {e}", row.id)))?;
        let time_point = row
            .time_point
            .as_deref()
            .map(|t| {
                serde_json::from_value::<TimePoint>(serde_json::Value::String(t.to_owned()))
                    .map_err(|e| bad(format!("response {}: time point: {e}", row.id)))
            })
            .transpose()?;
        let prefix = format!("{}.", row.instrument_id);
        let mut values = BTreeMap::new();
        let mut bands = BTreeMap::new();
        for score in by_response.get(row.id.as_str()).into_iter().flatten() {
            let Some(measure) = score.measure.strip_prefix(&prefix) else {
                continue;
            };
            values.insert(measure.to_owned(), score.value);
            if let Some(band) = &score.band {
                bands.insert(measure.to_owned(), band.clone());
            }
        }
        rolled.push(RolledResponse {
            observation: Observation {
                response_id,
                patient: row.patient_pseudonym.clone(),
                instrument: row.instrument_id.clone(),
                values,
                recorded_at,
                time_point,
                // Taken out above when it counts; pairing must not act on it again.
                supersedes: None,
            },
            bands,
            role: row.role.clone(),
            organisations: tree.chain(organisation),
            profile: Profile {
                age_band: row.age_band.clone(),
                stated_sex: row.stated_sex.clone(),
                ethnic_category: row.ethnic_category.clone(),
                imd: row.imd.clone(),
            },
        });
    }
    Ok(rolled)
}

/// The base cells (month grain, uploader organisation) of `rows` for `breakdowns`; see
/// `shared::outcomes::cells::expand` for the rest.
pub(crate) fn base_cells_of(
    rows: &[RollupRow],
    scores: &[RollupScore],
    tree: &Tree,
    catalog: &InstrumentCatalog,
    breakdowns: &[Breakdown],
) -> Result<Cells, sqlx::Error> {
    let rolled = rolled(rows, scores, tree)?;
    cells::base_contributions_in(&rolled, &PairingRules::default(), catalog, breakdowns)
        .map_err(|e| bad(format!("a stored score cannot be rolled up: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_runs_from_an_organisation_to_the_top() {
        let tree = Tree(
            [
                ("icb".to_owned(), None),
                ("pcn".to_owned(), Some("icb".to_owned())),
                ("practice".to_owned(), Some("pcn".to_owned())),
            ]
            .into(),
        );
        assert_eq!(tree.chain("practice"), ["practice", "pcn", "icb"]);
        assert_eq!(tree.chain("icb"), ["icb"]);
        assert_eq!(tree.children("icb"), ["pcn"]);
    }
}
