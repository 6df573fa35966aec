//! The outcomes table: the merged cells of each group finished into figures
//! ([`super::figures`]) and suppressed ([`crate::stats`]) into an [`OutcomesResponse`].
//!
//! # Suppression
//!
//! Every count goes through [`crate::stats`]: 0 stays 0, 1-7 is withheld (`small`), larger counts
//! are rounded to the nearest 5 ([`disclosed_count`]). Percentages are computed from the rounded
//! numerator and denominator (`outcome-measures.md` section 7) and are withheld with either.
//! Means, SDs, intervals, effect sizes and medians are withheld (`too_few_values`) when they rest
//! on 1-7 values, and (`secondary`) when the count they rest on is withheld to protect another:
//! a full-precision mean of whole-number scores could otherwise give its count away.
//!
//! Secondary suppression ([`crate::stats::secondary`]) runs over each measure's (and each
//! instrument's) counts with these relations, taking every shown count as exact:
//! - every count of the total row is the sum of that count over the group rows;
//! - within a row, `n` = the band counts + the scores without a band (not shown);
//! - pairs = reliably improved + no reliable change + reliably deteriorated;
//! - pairs = cases at baseline + non-cases; cases = recovered + not recovered;
//!   recovered = reliably recovered + recovered without reliable improvement;
//! - GAS n = T >= 50 + T < 50;
//! - episodes with a baseline = with a follow-up + without one.
//!
//! The counts that are not shown (scores without a band, non-cases, ...) are in the relations
//! too, so withholding one of them protects its siblings without hiding anything visible, and
//! a small one is protected like any other count.
//!
//! Figures that are shown travel at full precision; display rounds.

use super::accumulators::{FunnelAccumulator, GasAccumulator, MeasureAccumulator, PairAccumulator};
use super::cells::{CellKey, CellStats, INSTRUMENT_CELL, MeasureRules, is_gas_attainment};
use super::figures::{
    ChangeRule, Direction, FFT_DONT_KNOW, FFT_NEGATIVE, FFT_POSITIVE, Interval, MIN_PAIRS,
};
use super::query::{Dimension, OutcomesSpec, derived_label};
use crate::api::{
    AppliedFilter, BandOutcomes, Count, CrossSectionalOutcomes, DimensionValue, EffectSize,
    FftOutcomes, Figure, FunnelOutcomes, GasOutcomes, Improves, InstrumentOutcomes, IntervalFigure,
    MeasureOutcomes, OutcomesResponse, OutcomesRow, PairedOutcomes, RecoveryOutcomes,
    ReliableChangeOutcomes, WithheldReason,
};
use crate::catalog::{Domain, InstrumentCatalog, Role};
use crate::instrument::{Band, Measure};
use crate::stats::secondary::{Relation, Withheld, suppress};
use crate::stats::{SUPPRESS_AT_MOST, disclosed_count};
use std::collections::{BTreeMap, BTreeSet};

/// The FFT answer-category measure, whose bands give the FFT figures.
pub const FFT_CATEGORY: (&str, &str) = ("fft", "category");

/// What the table needs to know about measures and names, supplied by the caller so this module
/// stays free of IO ([`CatalogDefinitions`] answers from the instrument catalog).
pub trait Definitions: MeasureRules {
    /// The bands of a measure, in order (empty when it has none).
    fn bands(&self, instrument: &str, measure: &str) -> Vec<Band>;
    /// Whether the measure's mean means something (false for category codes).
    fn summarise_mean(&self, instrument: &str, measure: &str) -> bool;
    /// The domain of a measure; for [`INSTRUMENT_CELL`], the instrument's domain (that of its
    /// first measure).
    fn domain(&self, instrument: &str, measure: &str) -> Option<String>;
    /// A name for people of a dimension's value (role, domain, instrument, `<instrument>.<measure>`,
    /// organisation, demographic code); [`derived_label`] covers periods, ethnic groups and IMD.
    fn label(&self, dimension: Dimension, code: &str) -> Option<String>;
}

/// [`Definitions`] from the instrument catalog (the latest version of each instrument), the role
/// and domain lists and the organisation names. Measures with a meaningful mean have paired
/// figures; category codes and unconverted totals do not.
#[derive(Debug, Clone, Copy)]
pub struct CatalogDefinitions<'a> {
    pub catalog: &'a InstrumentCatalog,
    pub roles: &'a [Role],
    pub domains: &'a [Domain],
    /// Organisation id -> name.
    pub organisations: &'a BTreeMap<String, String>,
}

impl CatalogDefinitions<'_> {
    fn measure(&self, instrument: &str, measure: &str) -> Option<&Measure> {
        let definition = self.catalog.latest(instrument)?;
        if measure == INSTRUMENT_CELL {
            return definition.measures.first();
        }
        definition.measures.iter().find(|m| m.id == measure)
    }
}

/// The change rules of the latest version of each instrument: measures with a meaningful mean
/// have paired figures, category codes, unconverted totals and instrument cells have none.
impl MeasureRules for InstrumentCatalog {
    fn change_rule(&self, instrument: &str, measure: &str) -> Option<ChangeRule> {
        self.latest(instrument)?
            .measures
            .iter()
            .find(|m| m.id == measure && m.summarise_mean)
            .map(ChangeRule::for_measure)
    }
}

impl MeasureRules for CatalogDefinitions<'_> {
    fn change_rule(&self, instrument: &str, measure: &str) -> Option<ChangeRule> {
        self.catalog.change_rule(instrument, measure)
    }
}

impl Definitions for CatalogDefinitions<'_> {
    fn bands(&self, instrument: &str, measure: &str) -> Vec<Band> {
        self.measure(instrument, measure)
            .filter(|_| measure != INSTRUMENT_CELL)
            .map(|m| m.bands.clone())
            .unwrap_or_default()
    }

    fn summarise_mean(&self, instrument: &str, measure: &str) -> bool {
        self.measure(instrument, measure)
            .is_none_or(|m| m.summarise_mean)
    }

    fn domain(&self, instrument: &str, measure: &str) -> Option<String> {
        self.measure(instrument, measure).map(|m| m.domain.clone())
    }

    fn label(&self, dimension: Dimension, code: &str) -> Option<String> {
        match dimension {
            Dimension::Role => self
                .roles
                .iter()
                .find(|r| r.id == code)
                .map(|r| r.name.clone()),
            Dimension::Domain => self
                .domains
                .iter()
                .find(|d| d.id == code)
                .map(|d| d.name.clone()),
            Dimension::Instrument => self.catalog.latest(code).map(|d| d.title.clone()),
            Dimension::Measure => {
                let (instrument, measure) = code.split_once('.')?;
                if measure == INSTRUMENT_CELL {
                    let title = &self.catalog.latest(instrument)?.title;
                    return Some(format!("{title} (the instrument as a whole)"));
                }
                self.measure(instrument, measure).map(|m| m.label.clone())
            }
            Dimension::Organisation => self.organisations.get(code).cloned(),
            _ => None,
        }
    }
}

/// Merged statistics of one group: `(instrument, measure or "*")` -> the cells merged.
pub type GroupCells = BTreeMap<(String, String), CellStats>;
/// Every group's merged cells, by group value (in `group_by` order).
pub type Groups = BTreeMap<Vec<String>, GroupCells>;

/// Merges cells into their groups ([`OutcomesSpec::group_of`]), leaving out those a filter
/// excludes. The domain of each cell comes from `definitions`.
pub fn group_cells<'a>(
    spec: &OutcomesSpec,
    cells: impl IntoIterator<Item = (&'a CellKey, &'a CellStats)>,
    definitions: &impl Definitions,
) -> Groups {
    let mut grouping = Grouping::new(spec, definitions);
    for (key, stats) in cells {
        grouping.add(key, stats);
    }
    grouping.finish()
}

/// [`group_cells`] one cell at a time, for cells streamed from storage.
pub struct Grouping<'a, D> {
    spec: &'a OutcomesSpec,
    definitions: &'a D,
    groups: Groups,
    /// `(instrument, measure, domain)` of the measures seen so far (a few dozen at most).
    domains: Vec<(String, String, String)>,
}

impl<'a, D: Definitions> Grouping<'a, D> {
    pub fn new(spec: &'a OutcomesSpec, definitions: &'a D) -> Self {
        Self {
            spec,
            definitions,
            groups: Groups::new(),
            domains: Vec::new(),
        }
    }

    /// The domain of a cell's measure, looked up once per measure.
    fn domain_of(&mut self, key: &CellKey) -> usize {
        if let Some(i) = self
            .domains
            .iter()
            .position(|(i, m, _)| *i == key.instrument && *m == key.measure)
        {
            return i;
        }
        let domain = self
            .definitions
            .domain(&key.instrument, &key.measure)
            .unwrap_or_default();
        self.domains
            .push((key.instrument.clone(), key.measure.clone(), domain));
        self.domains.len() - 1
    }

    pub fn add(&mut self, key: &CellKey, stats: &CellStats) {
        let domain = self.domain_of(key);
        let Some(group) = self.spec.group_of(key, &self.domains[domain].2) else {
            return;
        };
        let cells = match self.groups.get_mut(&group) {
            Some(cells) => cells,
            None => self.groups.entry(group).or_default(),
        };
        let measure = (key.instrument.clone(), key.measure.clone());
        match cells.get_mut(&measure) {
            Some(merged) => merged.merge(stats),
            None => {
                cells.insert(measure, stats.clone());
            }
        }
    }

    pub fn finish(self) -> Groups {
        self.groups
    }
}

/// The groups of an organisation's own uploads when grouping by organisation (at
/// `organisation_position` in `group_by`): `root`'s groups (from its cells, which hold
/// everything at or below it) minus the sum of its children's groups with the same other
/// dimensions. Sums are exact, so this equals grouping the cells of what was uploaded at the
/// root itself. `Err` names a group whose children hold more than the root (inconsistent
/// rollups); it is left out.
pub fn remainder(
    root_groups: Groups,
    children: &Groups,
    organisation_position: usize,
    root: &str,
) -> (Groups, Vec<Vec<String>>) {
    let mut below: Groups = Groups::new();
    for (group, cells) in children {
        let mut rooted = group.clone();
        rooted[organisation_position] = root.to_owned();
        let sum = below.entry(rooted).or_default();
        for (measure, stats) in cells {
            sum.entry(measure.clone()).or_default().merge(stats);
        }
    }
    let mut own = Groups::new();
    let mut inconsistent = Vec::new();
    'groups: for (group, mut cells) in root_groups {
        if let Some(sum) = below.remove(&group) {
            for (measure, stats) in &sum {
                let taken = cells
                    .get_mut(measure)
                    .is_some_and(|cell| cell.subtract(stats).is_ok());
                if !taken {
                    inconsistent.push(group);
                    continue 'groups;
                }
            }
        }
        cells.retain(|_, stats| !stats.is_empty());
        if !cells.is_empty() {
            own.insert(group, cells);
        }
    }
    inconsistent.extend(below.into_keys());
    (own, inconsistent)
}

/// The plain-language statement of the disclosure control in every answer.
pub fn suppression_statement() -> String {
    format!(
        "Counts of 1 to {SUPPRESS_AT_MOST} are withheld (\"small\"); other counts are rounded to \
         the nearest 5, and percentages are computed from the rounded counts. Means, SDs, \
         confidence intervals, effect sizes and medians resting on {SUPPRESS_AT_MOST} or fewer \
         values are withheld (\"too_few_values\"). Further counts are withheld (\"secondary\") so \
         that no withheld count can be worked out from the total row or the other counts of its \
         row, and the figures resting on them with them. Figures shown are at full precision: \
         round them for display. Change on fewer than {MIN_PAIRS} pairs is flagged \
         too_few_pairs."
    )
}

/// Which counts of a family are withheld: `counts[row][kind]` with the total row last,
/// `within` the relations inside each row (`total kind = sum of part kinds`). Every kind of the
/// total row is related to the sum of the same kind over the other rows.
fn suppress_family(
    counts: &[Vec<u64>],
    within: &[(usize, Vec<usize>)],
) -> Vec<Vec<Option<Withheld>>> {
    let rows = counts.len();
    let kinds = counts.first().map_or(0, Vec::len);
    let at = |row: usize, kind: usize| row * kinds + kind;
    let flat: Vec<u64> = counts.iter().flatten().copied().collect();
    let mut relations = Vec::new();
    for row in 0..rows {
        for (total, parts) in within {
            relations.push(Relation {
                total: at(row, *total),
                parts: parts.iter().map(|p| at(row, *p)).collect(),
            });
        }
    }
    if rows > 1 {
        for kind in 0..kinds {
            relations.push(Relation {
                total: at(rows - 1, kind),
                parts: (0..rows - 1).map(|row| at(row, kind)).collect(),
            });
        }
    }
    let withheld = suppress(&flat, &relations);
    withheld.chunks(kinds.max(1)).map(<[_]>::to_vec).collect()
}

fn reason(withheld: Withheld) -> WithheldReason {
    match withheld {
        Withheld::Small => WithheldReason::Small,
        Withheld::Secondary => WithheldReason::Secondary,
    }
}

/// One row of a suppressed family: its exact counts and which are withheld.
struct Disclosed<'a> {
    counts: &'a [u64],
    withheld: &'a [Option<Withheld>],
}

impl Disclosed<'_> {
    fn count(&self, kind: usize) -> Count {
        match self.withheld[kind] {
            Some(w) => Count {
                value: None,
                withheld: Some(reason(w)),
            },
            None => Count {
                value: disclosed_count(self.counts[kind]),
                withheld: None,
            },
        }
    }

    /// `part / whole` in percent from the rounded counts.
    fn percent(&self, part: usize, whole: usize) -> Figure {
        let (part, whole) = (self.count(part), self.count(whole));
        match (part.value, whole.value) {
            (Some(p), Some(w)) => Figure {
                value: (w > 0).then(|| 100.0 * p as f64 / w as f64),
                withheld: None,
            },
            _ => Figure {
                value: None,
                withheld: part.withheld.or(whole.withheld),
            },
        }
    }

    /// Why a figure resting on the values counted by `kind` is withheld, if it is.
    fn values_withheld(&self, kind: usize) -> Option<WithheldReason> {
        self.withheld[kind].map(|w| match w {
            Withheld::Small => WithheldReason::TooFewValues,
            Withheld::Secondary => WithheldReason::Secondary,
        })
    }

    fn figure(&self, value: Option<f64>, rests_on: usize) -> Figure {
        match self.values_withheld(rests_on) {
            Some(why) => Figure {
                value: None,
                withheld: Some(why),
            },
            None => Figure {
                value,
                withheld: None,
            },
        }
    }

    fn interval(&self, interval: Option<Interval>, rests_on: usize) -> IntervalFigure {
        match self.values_withheld(rests_on) {
            Some(why) => IntervalFigure {
                low: None,
                high: None,
                withheld: Some(why),
            },
            None => IntervalFigure {
                low: interval.map(|i| i.low),
                high: interval.map(|i| i.high),
                withheld: None,
            },
        }
    }
}

/// A suppressed family over all rows.
struct Family {
    counts: Vec<Vec<u64>>,
    withheld: Vec<Vec<Option<Withheld>>>,
}

impl Family {
    fn new(counts: Vec<Vec<u64>>, within: &[(usize, Vec<usize>)]) -> Self {
        let withheld = suppress_family(&counts, within);
        Self { counts, withheld }
    }

    fn row(&self, row: usize) -> Disclosed<'_> {
        Disclosed {
            counts: &self.counts[row],
            withheld: &self.withheld[row],
        }
    }
}

/// The statistics of one key in each row (groups, then the total), default when absent.
/// (Counts that are not shown are differences of counts that never exceed each other; they
/// saturate at 0 rather than fail on a damaged cell.)
fn per_row(rows: &[GroupCells], key: &(String, String)) -> Vec<CellStats> {
    rows.iter()
        .map(|cells| cells.get(key).cloned().unwrap_or_default())
        .collect()
}

fn instrument_outcomes(
    rows: &[GroupCells],
    instrument: &str,
    definitions: &impl Definitions,
) -> Vec<Option<InstrumentOutcomes>> {
    let key = (instrument.to_owned(), INSTRUMENT_CELL.to_owned());
    let stats = per_row(rows, &key);
    let responses = Family::new(stats.iter().map(|s| vec![s.responses]).collect(), &[]);
    // Kinds: with a baseline, with a follow-up, without one.
    let funnel = |f: &FunnelAccumulator| {
        vec![
            f.with_baseline,
            f.with_follow_up,
            f.with_baseline.saturating_sub(f.with_follow_up),
        ]
    };
    let funnels = Family::new(
        stats.iter().map(|s| funnel(&s.funnel)).collect(),
        &[(0, vec![1, 2])],
    );
    let label = definitions.label(Dimension::Instrument, instrument);
    (0..rows.len())
        .map(|row| {
            rows[row].contains_key(&key).then(|| {
                let f = funnels.row(row);
                InstrumentOutcomes {
                    instrument: instrument.to_owned(),
                    label: label.clone(),
                    responses: responses.row(row).count(0),
                    funnel: FunnelOutcomes {
                        with_baseline: f.count(0),
                        with_follow_up: f.count(1),
                        follow_up_percent: f.percent(1, 0),
                    },
                }
            })
        })
        .collect()
}

/// Cross-sectional kinds: n, each band in order, scores without a band.
fn cross_sectional_family(stats: &[CellStats], bands: &[Band]) -> Family {
    let counts = stats
        .iter()
        .map(|s| {
            let figures = s.current.finish(bands);
            let banded: u64 = figures.bands.iter().map(|b| b.count).sum();
            let mut row = vec![figures.n];
            row.extend(figures.bands.iter().map(|b| b.count));
            row.push(figures.n.saturating_sub(banded));
            row
        })
        .collect();
    let within = if bands.is_empty() {
        Vec::new()
    } else {
        vec![(0, (1..=bands.len() + 1).collect())]
    };
    Family::new(counts, &within)
}

fn cross_sectional(
    current: &MeasureAccumulator,
    bands: &[Band],
    has_mean: bool,
    family: &Disclosed<'_>,
) -> CrossSectionalOutcomes {
    let figures = current.finish(bands);
    CrossSectionalOutcomes {
        n: family.count(0),
        mean: has_mean.then(|| family.figure(figures.mean, 0)),
        sd: has_mean.then(|| family.figure(figures.sd, 0)),
        bands: bands
            .iter()
            .enumerate()
            .map(|(i, band)| BandOutcomes {
                label: band.label.clone(),
                count: family.count(1 + i),
                percent: family.percent(1 + i, 0),
            })
            .collect(),
    }
}

fn fft(bands: &[Band], family: &Disclosed<'_>) -> FftOutcomes {
    let kind = |label: &str| bands.iter().position(|b| b.label == label).map(|i| 1 + i);
    let missing = Figure {
        value: None,
        withheld: None,
    };
    let percent = |label| kind(label).map_or(missing, |k| family.percent(k, 0));
    FftOutcomes {
        responses: family.count(0),
        positive_percent: percent(FFT_POSITIVE),
        negative_percent: percent(FFT_NEGATIVE),
        dont_know: kind(FFT_DONT_KNOW).map_or(
            Count {
                value: Some(0),
                withheld: None,
            },
            |k| family.count(k),
        ),
        dont_know_percent: percent(FFT_DONT_KNOW),
    }
}

/// GAS kinds: n, T >= 50, T < 50.
fn gas_family(stats: &[CellStats]) -> Family {
    let counts = stats
        .iter()
        .map(|s| {
            let g: &GasAccumulator = &s.gas;
            vec![
                g.t.count,
                g.at_least_50,
                g.t.count.saturating_sub(g.at_least_50),
            ]
        })
        .collect();
    Family::new(counts, &[(0, vec![1, 2])])
}

fn gas(accumulator: &GasAccumulator, family: &Disclosed<'_>) -> GasOutcomes {
    let figures = accumulator.finish();
    GasOutcomes {
        n: family.count(0),
        mean_t: family.figure(figures.mean_t, 0),
        sd_t: family.figure(figures.sd_t, 0),
        at_least_50: family.count(1),
        at_least_50_percent: family.percent(1, 0),
    }
}

/// The kinds of the paired family, by index.
mod paired_kind {
    pub const PAIRS: usize = 0;
    pub const IMPROVED: usize = 1;
    pub const NO_CHANGE: usize = 2;
    pub const DETERIORATED: usize = 3;
    pub const CASES: usize = 4;
    pub const NON_CASES: usize = 5;
    pub const RECOVERED: usize = 6;
    pub const NOT_RECOVERED: usize = 7;
    pub const RELIABLY_RECOVERED: usize = 8;
    pub const RECOVERED_NOT_RELIABLY: usize = 9;
}

fn paired_family(stats: &[CellStats], rule: &ChangeRule) -> Family {
    use paired_kind::*;
    let counts = stats
        .iter()
        .map(|s| {
            let p: &PairAccumulator = &s.pairs;
            let pairs = p.change.count;
            let r = &p.recovery;
            vec![
                pairs,
                p.reliable.improved,
                p.reliable.no_change,
                p.reliable.deteriorated,
                r.cases_at_baseline,
                pairs.saturating_sub(r.cases_at_baseline),
                r.recovered,
                r.cases_at_baseline.saturating_sub(r.recovered),
                r.reliably_recovered,
                r.recovered.saturating_sub(r.reliably_recovered),
            ]
        })
        .collect();
    let mut within = Vec::new();
    if rule.reliable_change.is_some() {
        within.push((PAIRS, vec![IMPROVED, NO_CHANGE, DETERIORATED]));
    }
    if rule.caseness_at_least.is_some() {
        within.push((PAIRS, vec![CASES, NON_CASES]));
        within.push((CASES, vec![RECOVERED, NOT_RECOVERED]));
        within.push((RECOVERED, vec![RELIABLY_RECOVERED, RECOVERED_NOT_RELIABLY]));
    }
    Family::new(counts, &within)
}

/// The standardiser named in every effect size.
pub const D_Z_STANDARDISER: &str = "sd_change";

fn paired(accumulator: &PairAccumulator, rule: &ChangeRule, f: &Disclosed<'_>) -> PairedOutcomes {
    use paired_kind::*;
    let figures = accumulator.finish(rule);
    PairedOutcomes {
        pairs: f.count(PAIRS),
        too_few_pairs: figures.too_few_pairs,
        improves: match figures.improves {
            Direction::Higher => Improves::Higher,
            Direction::Lower => Improves::Lower,
        },
        baseline_mean: f.figure(figures.baseline_mean, PAIRS),
        follow_up_mean: f.figure(figures.follow_up_mean, PAIRS),
        mean_change: f.figure(figures.mean_change, PAIRS),
        mean_change_ci: f.interval(figures.mean_change_ci, PAIRS),
        sd_change: f.figure(figures.sd_change, PAIRS),
        effect_size: EffectSize {
            statistic: "d_z".to_owned(),
            standardiser: D_Z_STANDARDISER.to_owned(),
            value: f.figure(figures.d_z, PAIRS),
            ci: f.interval(figures.d_z_ci, PAIRS),
        },
        reliable_change: figures
            .reliable_change
            .map(|reliable| ReliableChangeOutcomes {
                threshold: reliable.threshold,
                improved: f.count(IMPROVED),
                improved_percent: f.percent(IMPROVED, PAIRS),
                no_change: f.count(NO_CHANGE),
                no_change_percent: f.percent(NO_CHANGE, PAIRS),
                deteriorated: f.count(DETERIORATED),
                deteriorated_percent: f.percent(DETERIORATED, PAIRS),
            }),
        recovery: figures.recovery.map(|recovery| RecoveryOutcomes {
            caseness_at_least: recovery.caseness_at_least,
            cases_at_baseline: f.count(CASES),
            recovered: f.count(RECOVERED),
            recovered_percent: f.percent(RECOVERED, CASES),
            reliably_recovered: f.count(RELIABLY_RECOVERED),
            reliably_recovered_percent: f.percent(RELIABLY_RECOVERED, CASES),
        }),
        median_days: f.figure(figures.median_days, PAIRS),
    }
}

fn measure_outcomes(
    rows: &[GroupCells],
    key: &(String, String),
    definitions: &impl Definitions,
) -> Vec<Option<MeasureOutcomes>> {
    let (instrument, measure) = (key.0.as_str(), key.1.as_str());
    let stats = per_row(rows, key);
    let bands = definitions.bands(instrument, measure);
    let has_mean = definitions.summarise_mean(instrument, measure);
    // Paired figures for measures with a change rule that have pairs anywhere in the table
    // (every row of a measure has the same sections).
    let rule = definitions.change_rule(instrument, measure).filter(|_| {
        stats
            .last()
            .is_some_and(|total| total.pairs.change.count > 0)
    });
    let is_gas = is_gas_attainment(instrument, measure);
    let is_fft = (instrument, measure) == FFT_CATEGORY;

    let cross = cross_sectional_family(&stats, &bands);
    let gas_counts = is_gas.then(|| gas_family(&stats));
    let pairs = rule.as_ref().map(|rule| paired_family(&stats, rule));
    let code = format!("{instrument}.{measure}");
    let label = definitions.label(Dimension::Measure, &code);
    let domain = definitions.domain(instrument, measure);

    (0..rows.len())
        .map(|row| {
            let s = rows[row].get(key)?;
            let current = cross.row(row);
            Some(MeasureOutcomes {
                measure: code.clone(),
                instrument: instrument.to_owned(),
                label: label.clone(),
                domain: domain.clone(),
                cross_sectional: cross_sectional(&s.current, &bands, has_mean, &current),
                fft: is_fft.then(|| fft(&bands, &current)),
                gas: gas_counts.as_ref().map(|g| gas(&s.gas, &g.row(row))),
                paired: rule
                    .as_ref()
                    .zip(pairs.as_ref())
                    .map(|(rule, family)| paired(&s.pairs, rule, &family.row(row))),
            })
        })
        .collect()
}

fn value(dimension: Dimension, code: &str, definitions: &impl Definitions) -> DimensionValue {
    DimensionValue {
        dimension: dimension.name().to_owned(),
        code: code.to_owned(),
        label: definitions
            .label(dimension, code)
            .or_else(|| derived_label(dimension, code)),
    }
}

/// The suppressed outcomes of a query from the merged cells of each group (see
/// [`group_cells`]). The total row merges every group.
pub fn assemble(
    spec: &OutcomesSpec,
    groups: &Groups,
    definitions: &impl Definitions,
) -> OutcomesResponse {
    let mut total = GroupCells::new();
    for cells in groups.values() {
        for (key, stats) in cells {
            total.entry(key.clone()).or_default().merge(stats);
        }
    }
    // Groups first, the total last.
    let mut rows: Vec<GroupCells> = groups.values().cloned().collect();
    rows.push(total);

    let keys: BTreeSet<(String, String)> = rows
        .last()
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default();
    let mut instruments: Vec<Vec<InstrumentOutcomes>> = vec![Vec::new(); rows.len()];
    let mut measures: Vec<Vec<MeasureOutcomes>> = vec![Vec::new(); rows.len()];
    for key in &keys {
        if key.1 == INSTRUMENT_CELL {
            for (row, outcome) in instrument_outcomes(&rows, &key.0, definitions)
                .into_iter()
                .enumerate()
            {
                instruments[row].extend(outcome);
            }
        } else {
            for (row, outcome) in measure_outcomes(&rows, key, definitions)
                .into_iter()
                .enumerate()
            {
                measures[row].extend(outcome);
            }
        }
    }

    let mut out_rows: Vec<OutcomesRow> = groups
        .keys()
        .zip(instruments.iter_mut().zip(measures.iter_mut()))
        .map(|(group, (instruments, measures))| OutcomesRow {
            group: spec
                .group_by()
                .iter()
                .zip(group)
                .map(|(d, code)| value(*d, code, definitions))
                .collect(),
            instruments: std::mem::take(instruments),
            measures: std::mem::take(measures),
        })
        .collect();
    let total = OutcomesRow {
        group: Vec::new(),
        instruments: instruments.pop().unwrap_or_default(),
        measures: measures.pop().unwrap_or_default(),
    };
    if spec.group_by().is_empty() && out_rows.is_empty() {
        out_rows.push(total.clone());
    }

    let (from, to) = spec.bounds();
    OutcomesResponse {
        group_by: spec
            .group_by()
            .iter()
            .map(|d| d.name().to_owned())
            .collect(),
        filters: spec
            .filters()
            .iter()
            .map(|(d, values)| AppliedFilter {
                dimension: d.name().to_owned(),
                values: values.iter().map(|v| value(*d, v, definitions)).collect(),
            })
            .collect(),
        from: from.map(str::to_owned),
        to: to.map(str::to_owned),
        suppression: suppression_statement(),
        rows: out_rows,
        total,
    }
}
