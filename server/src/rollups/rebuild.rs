//! Recomputing every rollup cell from the stored responses (`server rebuild-rollups`, and at
//! start when a migration dropped the cells).

use super::{Tree, base_cells_of};
use crate::db::Db;
use crate::db::rollups::{self as store, RollupRow, RollupScore};
use crate::on_tx;
use shared::catalog::InstrumentCatalog;
use shared::outcomes::cells::{self, Breakdown, CellKey, CellStats};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Cells held by a rebuild: millions of them, needed in no order (the write sorts), so a hash
/// map with foldhash's randomly seeded fast hasher rather than a B-tree of 8-field keys.
type CellHashMap = HashMap<CellKey, CellStats, foldhash::fast::RandomState>;

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
/// base cells when the next group starts.
struct Grouper<'a> {
    tree: &'a Tree,
    catalog: &'a InstrumentCatalog,
    superseded: &'a BTreeSet<String>,
    /// The breakdowns this pass computes.
    breakdowns: &'a [Breakdown],
    patient: Option<String>,
    rows: BTreeMap<String, RollupRow>,
    scores: Vec<RollupScore>,
    /// Base cells (month grain, uploader organisation), summed over every group so far.
    base: CellHashMap,
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
        for (key, stats) in base_cells_of(&rows, &scores, self.tree, self.catalog, self.breakdowns)?
        {
            match self.base.get_mut(&key) {
                Some(cell) => cell.merge(&stats),
                None => {
                    self.base.insert(key, stats);
                }
            }
        }
        Ok(())
    }
}

/// The breakdowns each scan of the rows computes: one scan sums the base cells of its
/// breakdowns, then expands and writes them one breakdown at a time. Two scans, each with
/// about half of the breakdown values (1 + 8 + 11 against 4 + 17), bound the memory of ten
/// million responses at the cost of reading the rows twice.
const PASSES: [&[Breakdown]; 2] = [
    &[Breakdown::All, Breakdown::AgeBand, Breakdown::Imd],
    &[Breakdown::Sex, Breakdown::EthnicCategory],
];

/// Recomputes every rollup cell from the stored responses, in one transaction that holds the
/// ingest lock (ingest waits until it commits). Streams the rows in patient order (once per
/// entry of [`PASSES`]), so memory holds one patient's responses at a time, the base cells of
/// the pass and the expanded cells of one breakdown.
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
    for breakdowns in PASSES {
        let started = std::time::Instant::now();
        let mut grouper = Grouper {
            tree: &tree,
            catalog,
            superseded: &superseded,
            breakdowns,
            patient: None,
            rows: BTreeMap::new(),
            scores: Vec::new(),
            base: CellHashMap::default(),
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
            mut base,
            responses,
            ..
        } = grouper;
        summary.responses = responses;
        summary.compute += started.elapsed();
        for &breakdown in breakdowns {
            let started = std::time::Instant::now();
            // Taken out of the base cells as they are expanded, so memory holds one copy.
            let of_breakdown: Vec<(CellKey, CellStats)> = base
                .extract_if(|key, _| key.breakdown == breakdown)
                .collect();
            let expanded: CellHashMap = cells::expand(
                of_breakdown.iter().map(|(key, stats)| (key, stats)),
                |organisation| tree.chain(organisation),
            );
            drop(of_breakdown);
            summary.compute += started.elapsed();
            let started = std::time::Instant::now();
            let writes: Vec<(&CellKey, &CellStats)> = expanded.iter().collect();
            store::write(&mut tx, &writes).await?;
            summary.cells += expanded.len() as u64;
            summary.write += started.elapsed();
        }
    }
    store::folded_all(&mut tx).await?;
    let started = std::time::Instant::now();
    tx.commit().await?;
    summary.write += started.elapsed();
    Ok(summary)
}
