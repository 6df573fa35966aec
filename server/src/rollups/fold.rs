//! Folding stored batches into the rollup cells, after ingest has committed them.
//!
//! Ingest stores responses and nothing else; every batch carries its change-feed sequence
//! number, and `rollup_state.folded_seq` says up to which batch the cells hold. A fold takes the
//! batches after it (as many as hold up to [`RESPONSES_PER_FOLD`], at least one), so one fold
//! coalesces the cell changes of many batches, and runs in two steps:
//!
//! 1. **Compute**, in a read-only transaction (one snapshot, no write lock, ingest carries on):
//!    the responses of those batches belong to groups that pairing must see whole (every
//!    response about the same patient, and every response linked by a correction); the fold
//!    loads the closure of the new responses under those two relations, computes the cells of
//!    that set without the new responses and with them, and applies the difference to the
//!    stored cells it read.
//! 2. **Write**, in a short transaction that first claims the fold: it moves `folded_seq` on
//!    only if `generation` is still the one the computation read. Another server (or a rebuild)
//!    that changed the cells meanwhile makes the claim fail, and the fold is computed again.
//!
//! Batches commit in sequence order (ingest holds the counter's row lock to commit), so every
//! batch up to the counter's value is committed when the counter is read.
//!
//! Readers of the cells call [`catch_up`] first, so figures always include every batch
//! committed before the read began; the [`Folder`] also folds in the background as batches
//! arrive, so a reader rarely has anything to fold.

use super::{Tree, bad, base_cells_of};
use crate::db::rollups::{self as store, FoldState, RollupRow};
use crate::db::{Db, Tx};
use shared::catalog::InstrumentCatalog;
use shared::outcomes::cells::{Breakdown, CellKey, CellStats, Delta};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, Notify};

/// One fold takes the next batches while they hold at most this many responses (and always at
/// least one batch): bounds its memory and the length of its write.
pub const RESPONSES_PER_FOLD: i64 = 10_000;

/// What one step of folding found or did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Nothing was pending up to the target.
    UpToDate,
    /// Batches were folded: how many responses they stored and how many cells changed.
    Folded { responses: u64, cells: u64 },
    /// Another writer changed the cells while this fold computed; nothing was written.
    Raced,
}

/// What [`catch_up`] folded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Folded {
    pub folds: u64,
    pub responses: u64,
    pub cells: u64,
}

/// Folds every batch committed before the call into the cells.
pub async fn catch_up(db: &Db, catalog: &InstrumentCatalog) -> Result<Folded, sqlx::Error> {
    let target = store::fold_state(db).await?;
    let mut folded = Folded::default();
    if !target.pending() {
        return Ok(folded);
    }
    loop {
        match fold_once(db, catalog, target.last_seq).await? {
            Step::UpToDate => return Ok(folded),
            Step::Folded { responses, cells } => {
                folded.folds += 1;
                folded.responses += responses;
                folded.cells += cells;
            }
            Step::Raced => tokio::task::yield_now().await,
        }
    }
}

/// Folds the batches after the folded one, up to `target` and [`RESPONSES_PER_FOLD`].
async fn fold_once(db: &Db, catalog: &InstrumentCatalog, target: i64) -> Result<Step, sqlx::Error> {
    let mut tx = db.begin_read().await?;
    let state = store::fold_state(&mut tx).await?;
    if state.folded_seq >= target {
        return Ok(Step::UpToDate);
    }
    // Batches that stored nothing (all duplicates) are not listed; they fold with the rest.
    let mut upto = target;
    let mut responses = 0;
    for (seq, stored) in store::batch_sizes(&mut tx, state.folded_seq, target).await? {
        if responses > 0 && responses + stored > RESPONSES_PER_FOLD {
            upto = seq - 1;
            break;
        }
        responses += stored;
    }
    let (changes, responses) = compute(&mut tx, catalog, &state, upto).await?;
    drop(tx);

    let mut tx = db.begin().await?;
    if !store::claim_fold(&mut tx, state.generation, upto).await? {
        return Ok(Step::Raced);
    }
    let writes: Vec<(&CellKey, &CellStats)> = changes
        .iter()
        .filter_map(|(key, stats)| stats.as_ref().map(|stats| (key, stats)))
        .collect();
    let deletes: Vec<&CellKey> = changes
        .iter()
        .filter(|(_, stats)| stats.is_none())
        .map(|(key, _)| key)
        .collect();
    store::write(&mut tx, &writes).await?;
    store::delete(&mut tx, &deletes).await?;
    tx.commit().await?;
    Ok(Step::Folded {
        responses,
        cells: changes.len() as u64,
    })
}

/// The new contents of every cell that the batches `state.folded_seq < seq <= upto` change
/// (`None`: the cell empties), and how many responses those batches stored.
async fn compute(
    tx: &mut Tx,
    catalog: &InstrumentCatalog,
    state: &FoldState,
    upto: i64,
) -> Result<(BTreeMap<CellKey, Option<CellStats>>, u64), sqlx::Error> {
    let stored = store::stored_between(tx, state.folded_seq, upto).await?;
    let mut changes = BTreeMap::new();
    if stored.is_empty() {
        return Ok((changes, 0));
    }
    // Responses of later batches may be committed by now: the cells after this fold hold
    // the batches up to `upto` only.
    let rows: Vec<RollupRow> = closure(tx, &stored)
        .await?
        .into_iter()
        .filter(|row| row.feed_seq <= upto)
        .collect();
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let scores = store::scores_of(tx, &ids).await?;
    let tree = Tree::load(&mut *tx).await?;
    let held: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r.feed_seq <= state.folded_seq)
        .map(|r| r.id.as_str())
        .collect();
    let old_rows: Vec<RollupRow> = rows
        .iter()
        .filter(|r| held.contains(r.id.as_str()))
        .cloned()
        .collect();
    let old_scores: Vec<_> = scores
        .iter()
        .filter(|s| held.contains(s.response_id.as_str()))
        .cloned()
        .collect();
    let before = base_cells_of(&old_rows, &old_scores, &tree, catalog, &Breakdown::ALL)?;
    let after = base_cells_of(&rows, &scores, &tree, catalog, &Breakdown::ALL)?;
    let delta = Delta::between(before, after).expand(|organisation| tree.chain(organisation));
    let keys: Vec<&CellKey> = delta.changes.keys().collect();
    let mut current = store::read(tx, &keys).await?;
    for (key, change) in delta.changes {
        let stored_cell = current.remove(&key);
        let existed = stored_cell.is_some();
        let updated = Delta::apply(stored_cell, &change).map_err(|e| {
            bad(format!(
                "{e}; the rollups disagree with the stored responses: run `server rebuild-rollups`"
            ))
        })?;
        if updated.is_some() || existed {
            changes.insert(key, updated);
        }
    }
    Ok((changes, stored.len() as u64))
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

/// Folds in the background of a running server, and lets readers catch up without two folds
/// of one process computing the same batches at once.
#[derive(Default)]
pub struct Folder {
    /// Held while this process folds.
    folding: Mutex<()>,
    /// Woken by ingest after a batch commits.
    stored: Notify,
}

/// How often the background fold looks for batches that another server stored.
const POLL: Duration = Duration::from_secs(2);

/// How long the background fold waits after a batch is stored, so that batches arriving
/// together are folded together.
const GATHER: Duration = Duration::from_millis(500);

impl Folder {
    /// Says that a batch was committed (ingest calls it after commit).
    pub fn batch_stored(&self) {
        self.stored.notify_one();
    }

    /// [`catch_up`], one fold of this process at a time.
    pub async fn catch_up(
        &self,
        db: &Db,
        catalog: &InstrumentCatalog,
    ) -> Result<Folded, sqlx::Error> {
        let _folding = self.folding.lock().await;
        catch_up(db, catalog).await
    }

    /// Folds whenever a batch is stored (and every [`POLL`]), until the process ends. A failed
    /// fold is logged and tried again later; readers still catch up themselves.
    pub async fn run(
        self: Arc<Self>,
        db: Db,
        catalog: impl Fn() -> Arc<InstrumentCatalog> + Send + 'static,
    ) {
        loop {
            if tokio::time::timeout(POLL, self.stored.notified())
                .await
                .is_ok()
            {
                tokio::time::sleep(GATHER).await;
            }
            match self.catch_up(&db, &catalog()).await {
                Ok(folded) if folded.folds > 0 => tracing::debug!(
                    folds = folded.folds,
                    responses = folded.responses,
                    cells = folded.cells,
                    "rollups folded"
                ),
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, "folding the rollups failed; trying again shortly");
                    tokio::time::sleep(POLL).await;
                }
            }
        }
    }
}
