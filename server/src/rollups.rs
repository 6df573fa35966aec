//! Keeping the outcome rollups (`outcome_cells`) equal to what the stored responses say: updated
//! inside every ingest transaction, and rebuilt from the rows by `server rebuild-rollups`.
//!
//! Both paths turn rows into [`RolledResponse`]s with the same function ([`rolled`]) and the
//! same correction rule, and both call `shared::outcomes::cells::contributions`, so a rebuild
//! gives byte for byte the cells that ingest kept (a test checks it).
//!
//! **Incremental.** The responses a batch stored belong to groups that pairing must see whole:
//! every response about the same patient, and every response linked by a correction. Ingest
//! loads the closure of the new responses under those two relations, computes the cells of that
//! set without the new responses and with them, and applies the difference to the stored cells.
//!
//! **Corrections.** A response that a later response from the *same organisation* supersedes no
//! longer counts; a correction from another organisation changes nothing (an organisation can
//! only correct its own data). Superseded responses are taken out before pairing.

use crate::db::rollups::{self as store, RollupRow, RollupScore};
use crate::db::{Db, Tx, undecodable};
use crate::on_tx;
use shared::catalog::InstrumentCatalog;
use shared::ids::ResponseId;
use shared::outcomes::cells::{
    self, Breakdown, CellKey, CellStats, Cells, Delta, Profile, RolledResponse,
};
use shared::outcomes::pairing::{Observation, PairingRules, TimePoint};
use std::collections::{BTreeMap, BTreeSet, HashMap};
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

fn bad(message: String) -> sqlx::Error {
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

fn cells_of(
    rows: &[RollupRow],
    scores: &[RollupScore],
    tree: &Tree,
    catalog: &InstrumentCatalog,
    breakdowns: &[Breakdown],
) -> Result<Cells, sqlx::Error> {
    let rolled = rolled(rows, scores, tree)?;
    cells::contributions_in(&rolled, &PairingRules::default(), catalog, breakdowns)
        .map_err(|e| bad(format!("a stored score cannot be rolled up: {e}")))
}

/// Every stored response in the groups of `stored` (closed under same patient and corrections).
async fn closure(tx: &mut Tx, stored: &[String]) -> Result<Vec<RollupRow>, sqlx::Error> {
    let mut loaded: BTreeMap<String, RollupRow> = BTreeMap::new();
    let mut asked_links: BTreeSet<String> = BTreeSet::new();
    let mut asked_patients: BTreeSet<String> = BTreeSet::new();
    let mut to_link: BTreeSet<String> = stored.iter().cloned().collect();
    let mut to_patients: BTreeSet<String> = BTreeSet::new();
    while !to_link.is_empty() || !to_patients.is_empty() {
        let links: Vec<String> = std::mem::take(&mut to_link).into_iter().collect();
        let patients: Vec<String> = std::mem::take(&mut to_patients).into_iter().collect();
        let mut found = store::linked(tx, &links).await?;
        found.extend(store::of_patients(tx, &patients).await?);
        asked_links.extend(links);
        asked_patients.extend(patients);
        for row in found {
            if let Some(patient) = &row.patient_pseudonym
                && !asked_patients.contains(patient)
            {
                to_patients.insert(patient.clone());
            }
            if !asked_links.contains(&row.id) {
                to_link.insert(row.id.clone());
            }
            if let Some(target) = &row.supersedes
                && !asked_links.contains(target)
            {
                to_link.insert(target.clone());
            }
            loaded.insert(row.id.clone(), row);
        }
    }
    Ok(loaded.into_values().collect())
}

/// Brings the rollups up to date with the responses `stored` by this transaction (called by
/// ingest after inserting them, before commit).
pub async fn apply_batch(
    tx: &mut Tx,
    catalog: &InstrumentCatalog,
    stored: &[String],
) -> Result<(), sqlx::Error> {
    if stored.is_empty() {
        return Ok(());
    }
    let rows = closure(tx, stored).await?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let scores = store::scores_of(tx, &ids).await?;
    let tree = Tree::load(&mut *tx).await?;
    let new: BTreeSet<&str> = stored.iter().map(String::as_str).collect();
    let (old_rows, old_scores): (Vec<RollupRow>, Vec<RollupScore>) = (
        rows.iter()
            .filter(|r| !new.contains(r.id.as_str()))
            .cloned()
            .collect(),
        scores
            .iter()
            .filter(|s| !new.contains(s.response_id.as_str()))
            .cloned()
            .collect(),
    );
    let before = cells_of(&old_rows, &old_scores, &tree, catalog, &Breakdown::ALL)?;
    let after = cells_of(&rows, &scores, &tree, catalog, &Breakdown::ALL)?;
    let delta = Delta::between(before, after);
    let keys: Vec<&CellKey> = delta.changes.keys().collect();
    let mut stored_cells = store::read(tx, &keys).await?;
    let mut writes: Vec<(&CellKey, CellStats)> = Vec::new();
    let mut deletes: Vec<&CellKey> = Vec::new();
    for (key, change) in &delta.changes {
        let current = stored_cells.remove(key);
        let existed = current.is_some();
        match Delta::apply(current, change).map_err(|e| {
            bad(format!(
                "{e}; the rollups disagree with the stored responses: run `server rebuild-rollups`"
            ))
        })? {
            Some(stats) => writes.push((key, stats)),
            None if existed => deletes.push(key),
            None => {}
        }
    }
    let writes: Vec<(&CellKey, &CellStats)> = writes.iter().map(|(k, s)| (*k, s)).collect();
    store::write(tx, &writes).await?;
    store::delete(tx, &deletes).await?;
    Ok(())
}

/// What a rebuild did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RebuildSummary {
    pub responses: u64,
    pub cells: u64,
    /// Time spent reading the rows and computing the cells.
    pub compute: std::time::Duration,
    /// Time spent replacing the stored cells.
    pub write: std::time::Duration,
}

/// Collects the streamed rows of one patient (or a run of anonymous responses) and adds their
/// cells when the next group starts.
struct Grouper<'a> {
    tree: &'a Tree,
    catalog: &'a InstrumentCatalog,
    superseded: &'a BTreeSet<String>,
    /// The breakdown this pass computes.
    breakdown: Breakdown,
    patient: Option<String>,
    rows: BTreeMap<String, RollupRow>,
    scores: Vec<RollupScore>,
    cells: HashMap<CellKey, CellStats>,
    responses: u64,
}

/// Anonymous responses are rolled up this many at a time (each is its own group).
const ANONYMOUS_RUN: usize = 2000;

impl Grouper<'_> {
    fn push(&mut self, row: store::RebuildRow) -> Result<(), sqlx::Error> {
        let (response, score) = row.split();
        let starts_group = response.patient_pseudonym != self.patient
            || (self.patient.is_none()
                && self.rows.len() >= ANONYMOUS_RUN
                && !self.rows.contains_key(&response.id));
        if starts_group {
            self.flush()?;
            self.patient = response.patient_pseudonym.clone();
        }
        if !self.rows.contains_key(&response.id) {
            self.responses += 1;
            self.rows.insert(response.id.clone(), response);
        }
        self.scores.extend(score);
        Ok(())
    }

    fn flush(&mut self) -> Result<(), sqlx::Error> {
        let rows: Vec<RollupRow> = std::mem::take(&mut self.rows)
            .into_values()
            .filter(|r| !self.superseded.contains(&r.id))
            .collect();
        let scores = std::mem::take(&mut self.scores);
        for (key, stats) in cells_of(&rows, &scores, self.tree, self.catalog, &[self.breakdown])? {
            match self.cells.get_mut(&key) {
                Some(cell) => cell.merge(&stats),
                None => {
                    self.cells.insert(key, stats);
                }
            }
        }
        Ok(())
    }
}

/// Recomputes every rollup cell from the stored responses, in one transaction that holds the
/// ingest lock (ingest waits until it commits). Streams the rows in patient order once per
/// breakdown, so memory holds one patient's responses at a time and the cells of one
/// breakdown.
pub async fn rebuild(db: &Db, catalog: &InstrumentCatalog) -> Result<RebuildSummary, sqlx::Error> {
    let mut tx = db.begin().await?;
    store::lock_ingest(&mut tx).await?;
    let tree = Tree::load(&mut tx).await?;
    let superseded = store::superseded(&mut tx).await?;
    store::clear(&mut tx).await?;
    let mut summary = RebuildSummary {
        responses: 0,
        cells: 0,
        compute: std::time::Duration::ZERO,
        write: std::time::Duration::ZERO,
    };
    for breakdown in Breakdown::ALL {
        let started = std::time::Instant::now();
        let mut grouper = Grouper {
            tree: &tree,
            catalog,
            superseded: &superseded,
            breakdown,
            patient: None,
            rows: BTreeMap::new(),
            scores: Vec::new(),
            cells: HashMap::new(),
            responses: 0,
        };
        on_tx!(&mut tx, conn => {
            use futures_util::TryStreamExt;
            let mut stream =
                sqlx::query_as::<_, store::RebuildRow>(store::REBUILD_SCAN).fetch(conn);
            while let Some(row) = stream.try_next().await? {
                grouper.push(row)?;
            }
        });
        grouper.flush()?;
        let Grouper {
            cells, responses, ..
        } = grouper;
        summary.responses = responses;
        summary.compute += started.elapsed();
        let started = std::time::Instant::now();
        let writes: Vec<(&CellKey, &CellStats)> = cells.iter().collect();
        store::write(&mut tx, &writes).await?;
        summary.cells += cells.len() as u64;
        summary.write += started.elapsed();
    }
    let started = std::time::Instant::now();
    tx.commit().await?;
    summary.write += started.elapsed();
    Ok(summary)
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
