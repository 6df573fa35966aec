//! Sufficient statistics of the outcome figures, which can be added to, taken from and merged,
//! and then finished into [`super::figures`].
//!
//! The server keeps these per rollup cell: a new response is `add`ed, a pair that changes (a
//! later follow-up, a correction) `remove`s its old contribution and `add`s the new one, and a
//! query `merge`s the cells it covers and calls `finish()`. Every operation is exact (integer
//! counts, [`Moments`] in fixed point), so add-then-remove is the identity and merging the
//! cells of any partition gives the same figures as one pass over all the values.
//!
//! ```
//! use shared::outcomes::accumulators::PairAccumulator;
//! use shared::outcomes::figures::{ChangeRule, Direction};
//!
//! let phq9 = ChangeRule { improves: Direction::Lower, reliable_change: Some(6.0), caseness_at_least: Some(10.0) };
//! let mut cell = PairAccumulator::default();
//! cell.add(&phq9, 15.0, 8.0, 42).unwrap();
//! cell.add(&phq9, 12.0, 11.0, 30).unwrap();
//! let figures = cell.finish(&phq9);
//! assert_eq!(figures.pairs, 2);
//! assert_eq!(figures.mean_change, Some(-4.0));
//! assert_eq!(figures.recovery.unwrap().recovered, 1);
//! ```

use super::figures::{
    ChangeRule, FunnelFigures, GasFigures, Interval, MIN_PAIRS, MeasureFigures, PairedFigures,
    RecoveryFigures, ReliableChange, ReliableChangeFigures, THRESHOLD_SLACK, d_z_ci, mean_ci,
    median_of_histogram, percent,
};
use super::histogram::Histogram;
use super::moments::{Moments, MomentsError, to_fixed};
use crate::instrument::Band;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Adds `count` to a keyed counter, or takes it out (dropping keys that reach 0, so that an
/// emptied counter equals a fresh one).
fn adjust<K: Ord + Clone>(
    counts: &mut BTreeMap<K, u64>,
    key: &K,
    count: u64,
    add: bool,
) -> Result<(), MomentsError> {
    if add {
        *counts.entry(key.clone()).or_default() += count;
        return Ok(());
    }
    let held = counts.get_mut(key).ok_or(MomentsError::Empty)?;
    *held = held.checked_sub(count).ok_or(MomentsError::Empty)?;
    if *held == 0 {
        counts.remove(key);
    }
    Ok(())
}

fn merge_counts<K: Ord + Clone>(
    into: &mut BTreeMap<K, u64>,
    from: &BTreeMap<K, u64>,
    add: bool,
) -> Result<(), MomentsError> {
    for (key, count) in from {
        adjust(into, key, *count, add)?;
    }
    Ok(())
}

fn take(counter: &mut u64, count: u64) -> Result<(), MomentsError> {
    *counter = counter.checked_sub(count).ok_or(MomentsError::Empty)?;
    Ok(())
}

/// Cross-sectional statistics of one measure: the values and the band counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureAccumulator {
    pub values: Moments,
    /// Band label -> responses in it (only bands with at least one).
    pub bands: BTreeMap<String, u64>,
}

impl MeasureAccumulator {
    /// Adds one score with its band (as scored: `MeasureScore::band`).
    pub fn add(&mut self, value: f64, band: Option<&str>) -> Result<(), MomentsError> {
        self.values.add(value)?;
        if let Some(band) = band {
            adjust(&mut self.bands, &band.to_owned(), 1, true)?;
        }
        Ok(())
    }

    /// Takes out one score added before.
    pub fn remove(&mut self, value: f64, band: Option<&str>) -> Result<(), MomentsError> {
        if let Some(band) = band
            && !self.bands.contains_key(band)
        {
            return Err(MomentsError::Empty);
        }
        self.values.remove(value)?;
        if let Some(band) = band {
            adjust(&mut self.bands, &band.to_owned(), 1, false)?;
        }
        Ok(())
    }

    pub fn merge(&mut self, other: &Self) {
        self.values.merge(&other.values);
        merge_counts(&mut self.bands, &other.bands, true).expect("adding never fails");
    }

    /// Takes out a cell merged in before.
    pub fn subtract(&mut self, other: &Self) -> Result<(), MomentsError> {
        let mut next = self.clone();
        next.values.subtract(&other.values)?;
        merge_counts(&mut next.bands, &other.bands, false)?;
        *self = next;
        Ok(())
    }

    /// n, mean, SD and each of `bands` (the measure's definition, in order) with its share.
    pub fn finish(&self, bands: &[Band]) -> MeasureFigures {
        let n = self.values.count;
        MeasureFigures {
            n,
            mean: self.values.mean(),
            sd: self.values.sd(),
            bands: MeasureFigures::band_rows(
                bands,
                |label| self.bands.get(label).copied().unwrap_or(0),
                n,
            ),
        }
    }
}

/// Counts by reliable-change class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReliableCounts {
    pub improved: u64,
    pub no_change: u64,
    pub deteriorated: u64,
}

/// Recovery counts (see [`RecoveryFigures`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCounts {
    pub cases_at_baseline: u64,
    pub recovered: u64,
    pub reliably_recovered: u64,
}

/// Paired statistics of one measure. Every operation takes the measure's [`ChangeRule`], which
/// must be the same for all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairAccumulator {
    pub baseline: Moments,
    pub follow_up: Moments,
    /// Moments of the change, follow-up minus baseline (each as the difference of the two
    /// fixed-point values, so it is exact too).
    pub change: Moments,
    pub reliable: ReliableCounts,
    pub recovery: RecoveryCounts,
    /// Days from baseline to follow-up -> pairs (a histogram, so the median can be found after
    /// merging and removing; bounded by the 12-month window).
    pub days: Histogram,
}

/// The contribution of one pair, in the accumulator's units.
struct PairTerms {
    baseline: i128,
    follow_up: i128,
    reliable: Option<ReliableChange>,
    case_at_baseline: bool,
    recovered: bool,
}

impl PairTerms {
    fn of(rule: &ChangeRule, baseline: f64, follow_up: f64) -> Result<Self, MomentsError> {
        let case_at_baseline = rule.is_case(baseline).unwrap_or(false);
        let recovered = case_at_baseline && rule.is_case(follow_up) == Some(false);
        Ok(Self {
            baseline: to_fixed(baseline)?,
            follow_up: to_fixed(follow_up)?,
            reliable: rule.classify(baseline, follow_up),
            case_at_baseline,
            recovered,
        })
    }
}

impl PairAccumulator {
    /// Adds one pair (baseline score, follow-up score, days between).
    pub fn add(
        &mut self,
        rule: &ChangeRule,
        baseline: f64,
        follow_up: f64,
        days: i64,
    ) -> Result<(), MomentsError> {
        self.merge(&Self::one(rule, baseline, follow_up, days)?);
        Ok(())
    }

    /// Takes out one pair added before with the same values.
    pub fn remove(
        &mut self,
        rule: &ChangeRule,
        baseline: f64,
        follow_up: f64,
        days: i64,
    ) -> Result<(), MomentsError> {
        self.subtract(&Self::one(rule, baseline, follow_up, days)?)
    }

    /// The accumulator of one pair alone.
    fn one(
        rule: &ChangeRule,
        baseline: f64,
        follow_up: f64,
        days: i64,
    ) -> Result<Self, MomentsError> {
        let terms = PairTerms::of(rule, baseline, follow_up)?;
        let mut one = Self::default();
        one.put(&terms, days);
        Ok(one)
    }

    fn put(&mut self, terms: &PairTerms, days: i64) {
        self.baseline.add_fixed(terms.baseline);
        self.follow_up.add_fixed(terms.follow_up);
        self.change.add_fixed(terms.follow_up - terms.baseline);
        match terms.reliable {
            Some(ReliableChange::Improved) => self.reliable.improved += 1,
            Some(ReliableChange::NoChange) => self.reliable.no_change += 1,
            Some(ReliableChange::Deteriorated) => self.reliable.deteriorated += 1,
            None => {}
        }
        if terms.case_at_baseline {
            self.recovery.cases_at_baseline += 1;
        }
        if terms.recovered {
            self.recovery.recovered += 1;
            if terms.reliable == Some(ReliableChange::Improved) {
                self.recovery.reliably_recovered += 1;
            }
        }
        self.days.add(days, 1);
    }

    pub fn merge(&mut self, other: &Self) {
        self.baseline.merge(&other.baseline);
        self.follow_up.merge(&other.follow_up);
        self.change.merge(&other.change);
        self.reliable.improved += other.reliable.improved;
        self.reliable.no_change += other.reliable.no_change;
        self.reliable.deteriorated += other.reliable.deteriorated;
        self.recovery.cases_at_baseline += other.recovery.cases_at_baseline;
        self.recovery.recovered += other.recovery.recovered;
        self.recovery.reliably_recovered += other.recovery.reliably_recovered;
        self.days.merge(&other.days);
    }

    /// Takes out a cell merged in before; on error nothing changes.
    pub fn subtract(&mut self, other: &Self) -> Result<(), MomentsError> {
        let mut next = self.clone();
        next.baseline.subtract(&other.baseline)?;
        next.follow_up.subtract(&other.follow_up)?;
        next.change.subtract(&other.change)?;
        take(&mut next.reliable.improved, other.reliable.improved)?;
        take(&mut next.reliable.no_change, other.reliable.no_change)?;
        take(&mut next.reliable.deteriorated, other.reliable.deteriorated)?;
        take(
            &mut next.recovery.cases_at_baseline,
            other.recovery.cases_at_baseline,
        )?;
        take(&mut next.recovery.recovered, other.recovery.recovered)?;
        take(
            &mut next.recovery.reliably_recovered,
            other.recovery.reliably_recovered,
        )?;
        next.days.subtract(&other.days)?;
        *self = next;
        Ok(())
    }

    /// The paired figures (see [`PairedFigures`] for each definition).
    pub fn finish(&self, rule: &ChangeRule) -> PairedFigures {
        let pairs = self.change.count;
        let mean_change = self.change.mean();
        let sd_change = self.change.sd();
        let mean_change_ci = mean_change
            .zip(sd_change)
            .and_then(|(mean, sd)| mean_ci(mean, sd, pairs));
        let d_z = mean_change
            .zip(sd_change)
            .filter(|(_, sd)| *sd > 0.0)
            .map(|(mean, sd)| mean / sd);
        let d_z_interval: Option<Interval> = d_z.and_then(|d| d_z_ci(d, pairs));
        let reliable_change = rule.reliable_change.map(|threshold| ReliableChangeFigures {
            threshold,
            improved: self.reliable.improved,
            no_change: self.reliable.no_change,
            deteriorated: self.reliable.deteriorated,
            improved_percent: percent(self.reliable.improved, pairs),
            no_change_percent: percent(self.reliable.no_change, pairs),
            deteriorated_percent: percent(self.reliable.deteriorated, pairs),
        });
        let recovery = rule.caseness_at_least.map(|cut| {
            let cases = self.recovery.cases_at_baseline;
            RecoveryFigures {
                caseness_at_least: cut,
                cases_at_baseline: cases,
                recovered: self.recovery.recovered,
                recovered_percent: percent(self.recovery.recovered, cases),
                reliably_recovered: self.recovery.reliably_recovered,
                reliably_recovered_percent: percent(self.recovery.reliably_recovered, cases),
            }
        });
        PairedFigures {
            pairs,
            too_few_pairs: pairs < MIN_PAIRS,
            improves: rule.improves,
            baseline_mean: self.baseline.mean(),
            baseline_sd: self.baseline.sd(),
            follow_up_mean: self.follow_up.mean(),
            follow_up_sd: self.follow_up.sd(),
            mean_change,
            sd_change,
            mean_change_ci,
            d_z,
            d_z_ci: d_z_interval,
            reliable_change,
            recovery,
            median_days: median_of_histogram(self.days.iter()),
        }
    }
}

/// GAS T-scores at review and how many reach 50.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GasAccumulator {
    pub t: Moments,
    pub at_least_50: u64,
}

impl GasAccumulator {
    fn reaches_50(t: f64) -> bool {
        t >= 50.0 - THRESHOLD_SLACK
    }

    pub fn add(&mut self, t: f64) -> Result<(), MomentsError> {
        self.t.add(t)?;
        self.at_least_50 += u64::from(Self::reaches_50(t));
        Ok(())
    }

    pub fn remove(&mut self, t: f64) -> Result<(), MomentsError> {
        let mut next = *self;
        next.t.remove(t)?;
        if Self::reaches_50(t) {
            take(&mut next.at_least_50, 1)?;
        }
        *self = next;
        Ok(())
    }

    pub fn merge(&mut self, other: &Self) {
        self.t.merge(&other.t);
        self.at_least_50 += other.at_least_50;
    }

    pub fn subtract(&mut self, other: &Self) -> Result<(), MomentsError> {
        let mut next = *self;
        next.t.subtract(&other.t)?;
        take(&mut next.at_least_50, other.at_least_50)?;
        *self = next;
        Ok(())
    }

    pub fn finish(&self) -> GasFigures {
        GasFigures {
            n: self.t.count,
            mean_t: self.t.mean(),
            sd_t: self.t.sd(),
            at_least_50: self.at_least_50,
            at_least_50_percent: percent(self.at_least_50, self.t.count),
        }
    }
}

/// The follow-up funnel over episodes (a patient with two episodes counts twice; see
/// [`super::pairing::PatientFunnel`] for distinct patients).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelAccumulator {
    pub with_baseline: u64,
    pub with_follow_up: u64,
}

impl FunnelAccumulator {
    pub fn add(&mut self, has_follow_up: bool) {
        self.with_baseline += 1;
        self.with_follow_up += u64::from(has_follow_up);
    }

    pub fn remove(&mut self, has_follow_up: bool) -> Result<(), MomentsError> {
        let mut next = *self;
        take(&mut next.with_baseline, 1)?;
        if has_follow_up {
            take(&mut next.with_follow_up, 1)?;
        }
        *self = next;
        Ok(())
    }

    pub fn merge(&mut self, other: &Self) {
        self.with_baseline += other.with_baseline;
        self.with_follow_up += other.with_follow_up;
    }

    pub fn subtract(&mut self, other: &Self) -> Result<(), MomentsError> {
        let mut next = *self;
        take(&mut next.with_baseline, other.with_baseline)?;
        take(&mut next.with_follow_up, other.with_follow_up)?;
        *self = next;
        Ok(())
    }

    pub fn finish(&self) -> FunnelFigures {
        FunnelFigures {
            with_baseline: self.with_baseline,
            with_follow_up: self.with_follow_up,
            follow_up_percent: percent(self.with_follow_up, self.with_baseline),
        }
    }
}
