//! The outcome figures evaluators see, in one place, each with its definition and source.
//!
//! Figures are computed from the sufficient statistics in [`super::accumulators`] and travel at
//! full precision; suppression ([`crate::stats`]) and display rounding come later. Every figure
//! that needs more values than it has is `None` rather than a made-up number.
//!
//! Sources: the statistics follow `evaluation.md` section 2 (paired change on matched pairs only,
//! t-based CI with n - 1 degrees of freedom, d_z as in R `effectsize::repeated_measures_d`
//! with `method = "z"`); thresholds and bands come from the instrument definitions
//! (`shared/data/*.v1.json`); caseness and recovery follow NHS Talking Therapies.

use crate::instrument::{Band, Measure};
use serde::{Deserialize, Serialize};
use statrs::distribution::{Continuous, ContinuousCDF, Normal, StudentsT};

/// The confidence level of every interval.
pub const CONFIDENCE: f64 = 0.95;

/// Fewer pairs than this and change figures carry `too_few_pairs` (University of Warwick's
/// guidance for WEMWBS/SWEMWBS: analyse change with at least 30 pairs; applied to every measure).
pub const MIN_PAIRS: u64 = 30;

/// Comparisons against thresholds allow this much floating-point slack, so that a change of
/// exactly 3.00 on the SWEMWBS metric scale (table values with two decimals, not exact in
/// binary) counts as 3. Scores are on grids of 0.01 or coarser, so the slack never changes a
/// real comparison.
pub const THRESHOLD_SLACK: f64 = 1e-9;

/// Which way a measure improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better (ONS4 satisfaction, SWEMWBS, GAS T).
    Higher,
    /// Lower is better (PHQ-9, GAD-7, ONS4 anxiety).
    Lower,
}

/// How one measure's pairs are classified: the direction of improvement, the reliable-change
/// threshold and the caseness cut-off, all from data.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ChangeRule {
    pub improves: Direction,
    /// The smallest change that is reliable (`Measure::reliable_change`): PHQ-9 6, GAD-7 4,
    /// SWEMWBS 3 (NHS mental-health analytics).
    pub reliable_change: Option<f64>,
    /// A score at or above this is a case (`Measure::caseness`: NHS Talking Therapies counts a
    /// PHQ-9 total of 10 or more and a GAD-7 total of 8 or more, not the screening cut-off of 10;
    /// `outcome-measures.md` section 5, RCPsych / NHS Talking Therapies manual).
    pub caseness_at_least: Option<f64>,
}

impl ChangeRule {
    /// The rule of a measure as its definition gives it.
    pub fn for_measure(measure: &Measure) -> Self {
        Self {
            improves: if measure.higher_is_better {
                Direction::Higher
            } else {
                Direction::Lower
            },
            reliable_change: measure.reliable_change.as_ref().map(|t| t.points),
            caseness_at_least: measure.caseness.as_ref().map(|c| c.at_least),
        }
    }

    /// How a pair's change counts against the reliable-change threshold (Jacobson-Truax style,
    /// with the NHS fixed threshold): a change of at least the threshold in the better direction
    /// is an improvement, in the worse direction a deterioration, anything smaller no reliable
    /// change. `None` when the measure has no threshold.
    pub fn classify(&self, baseline: f64, follow_up: f64) -> Option<ReliableChange> {
        let threshold = self.reliable_change? - THRESHOLD_SLACK;
        let gain = match self.improves {
            Direction::Higher => follow_up - baseline,
            Direction::Lower => baseline - follow_up,
        };
        Some(if gain >= threshold {
            ReliableChange::Improved
        } else if -gain >= threshold {
            ReliableChange::Deteriorated
        } else {
            ReliableChange::NoChange
        })
    }

    /// Whether a score is a case, `None` when the measure has no caseness cut-off.
    pub fn is_case(&self, score: f64) -> Option<bool> {
        self.caseness_at_least
            .map(|cut| score >= cut - THRESHOLD_SLACK)
    }
}

/// One pair's reliable-change class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReliableChange {
    Improved,
    NoChange,
    Deteriorated,
}

/// A two-sided interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

/// `part / whole` in percent, `None` when `whole` is 0. Suppression later recomputes published
/// percentages from rounded counts; these are the exact ones.
pub fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

/// The `p` quantile of Student's t with `df` degrees of freedom. statrs inverts the CDF
/// numerically; two Newton steps on its (accurate) CDF bring the result to full precision.
pub fn t_quantile(p: f64, df: f64) -> Option<f64> {
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    let mut x = dist.inverse_cdf(p);
    for _ in 0..2 {
        let density = dist.pdf(x);
        if density > 0.0 {
            x -= (dist.cdf(x) - p) / density;
        }
    }
    x.is_finite().then_some(x)
}

/// [`t_quantile`] at `0.5 + CONFIDENCE / 2` for `df` degrees of freedom, each `df` computed
/// once per process: inverting the CDF takes about 4 us, and an evaluator's table asks for
/// one per group and measure, with few distinct `df` among them. The same value either way.
pub fn confidence_t_quantile(df: u64) -> Option<f64> {
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex, PoisonError};
    /// Enough for every `df` a deployment meets; past it values are computed each time.
    const MOST: usize = 100_000;
    static KNOWN: LazyLock<Mutex<HashMap<u64, Option<f64>>>> = LazyLock::new(Mutex::default);
    // A poisoned lock only means another thread panicked around a plain insert.
    let known = || KNOWN.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&q) = known().get(&df) {
        return q;
    }
    let q = t_quantile(0.5 + CONFIDENCE / 2.0, df as f64);
    let mut map = known();
    if map.len() < MOST {
        map.insert(df, q);
    }
    q
}

/// The `p` quantile of the standard normal distribution.
pub fn normal_quantile(p: f64) -> f64 {
    Normal::standard().inverse_cdf(p)
}

/// The 95% CI of a mean from `n` values with sample SD `sd`: `mean ± t(0.975, n-1) * sd / √n`
/// (the one-sample, or paired, t interval; R `t.test(paired = TRUE)$conf.int`).
pub fn mean_ci(mean: f64, sd: f64, n: u64) -> Option<Interval> {
    if n < 2 {
        return None;
    }
    let half = confidence_t_quantile(n - 1)? * sd / (n as f64).sqrt();
    Some(Interval {
        low: mean - half,
        high: mean + half,
    })
}

/// The 95% CI of d_z from `n` pairs by the normal approximation R `effectsize` uses for
/// `repeated_measures_d(method = "z", adjust = FALSE)` (Hedges & Olkin 1985, p. 86, eq. 14):
/// `d_z ± z(0.975) * SE` with `SE = sqrt(1/n + d_z^2 / (2n))`. (With `adjust = TRUE`, the
/// default there, effectsize also multiplies d_z and both limits by Hedges' small-sample factor
/// J; this product reports the unadjusted d_z = mean change / SD of change.)
pub fn d_z_ci(d_z: f64, n: u64) -> Option<Interval> {
    if n < 2 {
        return None;
    }
    let n = n as f64;
    let half = normal_quantile(0.5 + CONFIDENCE / 2.0) * (1.0 / n + d_z * d_z / (2.0 * n)).sqrt();
    Some(Interval {
        low: d_z - half,
        high: d_z + half,
    })
}

/// The median of a histogram (value -> how many), the mean of the two middle values when the
/// count is even (as R `median` and numpy `median`).
pub fn median_of_histogram<'a>(
    histogram: impl IntoIterator<Item = (&'a i64, &'a u64)>,
) -> Option<f64> {
    let histogram: Vec<(i64, u64)> = histogram.into_iter().map(|(v, c)| (*v, *c)).collect();
    let total: u64 = histogram.iter().map(|(_, c)| c).sum();
    if total == 0 {
        return None;
    }
    // 1-based ranks of the middle value(s).
    let (low_rank, high_rank) = (total.div_ceil(2), total / 2 + 1);
    let at_rank = |rank: u64| {
        let mut seen = 0;
        histogram.iter().find_map(|(value, count)| {
            seen += count;
            (seen >= rank).then_some(*value)
        })
    };
    Some((at_rank(low_rank)? as f64 + at_rank(high_rank)? as f64) / 2.0)
}

/// Cross-sectional figures of one measure: every current response, with or without a patient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureFigures {
    pub n: u64,
    pub mean: Option<f64>,
    /// The sample SD (denominator n - 1), `None` under two values.
    pub sd: Option<f64>,
    /// Each band of the definition, in order, with its count and share of `n` (ONS4 thresholds,
    /// PHQ/GAD severity, FFT categories; ONS reports these per measure, never as a composite).
    pub bands: Vec<BandFigure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandFigure {
    pub label: String,
    pub count: u64,
    pub percent: Option<f64>,
}

impl MeasureFigures {
    pub(crate) fn band_rows(
        bands: &[Band],
        count_of: impl Fn(&str) -> u64,
        n: u64,
    ) -> Vec<BandFigure> {
        bands
            .iter()
            .map(|band| {
                let count = count_of(&band.label);
                BandFigure {
                    label: band.label.clone(),
                    count,
                    percent: percent(count, n),
                }
            })
            .collect()
    }

    /// The count of one band, 0 when absent.
    pub fn band_count(&self, label: &str) -> u64 {
        self.bands
            .iter()
            .find(|b| b.label == label)
            .map_or(0, |b| b.count)
    }
}

/// Friends and Family Test figures from the `fft.category` bands. NHS England's practice:
/// % positive = (very good + good) / all responses, % negative = (poor + very poor) / all
/// responses, "don't know" counted in the denominator and reported alongside
/// (`outcome-measures.md` section 4).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FftFigures {
    pub responses: u64,
    pub positive_percent: Option<f64>,
    pub negative_percent: Option<f64>,
    pub dont_know: u64,
}

/// The labels of the `fft.category` bands these figures read.
pub const FFT_POSITIVE: &str = "Positive";
pub const FFT_NEGATIVE: &str = "Negative";
pub const FFT_DONT_KNOW: &str = "Don't know";

impl FftFigures {
    pub fn from_category(category: &MeasureFigures) -> Self {
        let n = category.n;
        Self {
            responses: n,
            positive_percent: percent(category.band_count(FFT_POSITIVE), n),
            negative_percent: percent(category.band_count(FFT_NEGATIVE), n),
            dont_know: category.band_count(FFT_DONT_KNOW),
        }
    }
}

/// Paired change figures of one measure over matched pairs (same patient, same instrument,
/// baseline and follow-up of one episode). Change is follow-up minus baseline, so for measures
/// where lower is better an improvement is a negative change; `improves` says which way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairedFigures {
    pub pairs: u64,
    /// Fewer than [`MIN_PAIRS`] pairs: the change figures are unreliable and flagged so.
    pub too_few_pairs: bool,
    pub improves: Direction,
    pub baseline_mean: Option<f64>,
    pub baseline_sd: Option<f64>,
    pub follow_up_mean: Option<f64>,
    pub follow_up_sd: Option<f64>,
    pub mean_change: Option<f64>,
    /// The SD of the change scores (denominator n - 1).
    pub sd_change: Option<f64>,
    /// t interval, n - 1 degrees of freedom ([`mean_ci`]).
    pub mean_change_ci: Option<Interval>,
    /// d_z = mean change / SD of change (the standardised response mean; the standardiser is
    /// the SD of change), unadjusted. `None` when the SD is 0 or missing.
    pub d_z: Option<f64>,
    /// [`d_z_ci`].
    pub d_z_ci: Option<Interval>,
    /// `None` when the measure has no reliable-change threshold.
    pub reliable_change: Option<ReliableChangeFigures>,
    /// `None` when the measure has no caseness cut-off.
    pub recovery: Option<RecoveryFigures>,
    /// The median calendar days from baseline to follow-up.
    pub median_days: Option<f64>,
}

/// Shares of pairs by reliable-change class (denominator: all pairs).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReliableChangeFigures {
    pub threshold: f64,
    pub improved: u64,
    pub no_change: u64,
    pub deteriorated: u64,
    pub improved_percent: Option<f64>,
    pub no_change_percent: Option<f64>,
    pub deteriorated_percent: Option<f64>,
}

/// NHS Talking Therapies recovery on one measure: of the pairs that were a case at baseline,
/// "moved to recovery" = not a case at follow-up; "reliable recovery" = moved to recovery and
/// reliably improved. (The service's joint PHQ-9 and GAD-7 definition needs both measures of
/// one episode and is not computed here.)
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RecoveryFigures {
    pub caseness_at_least: f64,
    pub cases_at_baseline: u64,
    pub recovered: u64,
    pub recovered_percent: Option<f64>,
    pub reliably_recovered: u64,
    pub reliably_recovered_percent: Option<f64>,
}

/// Goal Attainment Scaling at review: the mean T-score and the share with T >= 50 (goals met as
/// expected or better; T is built for mean 50, SD 10; `evaluation.md` section 2).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GasFigures {
    pub n: u64,
    pub mean_t: Option<f64>,
    pub sd_t: Option<f64>,
    pub at_least_50: u64,
    pub at_least_50_percent: Option<f64>,
}

/// The follow-up funnel: episodes with a baseline, those with a follow-up, and the rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FunnelFigures {
    pub with_baseline: u64,
    pub with_follow_up: u64,
    pub follow_up_percent: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_remembered_t_quantile_is_the_computed_one() {
        for df in [1, 2, 29, 30, 1_000, 250_000] {
            let computed = t_quantile(0.975, df as f64);
            assert_eq!(confidence_t_quantile(df), computed, "df {df}");
            assert_eq!(confidence_t_quantile(df), computed, "df {df}, asked again");
        }
        // R: qt(0.975, 29) = 2.045229642132703.
        let q = confidence_t_quantile(29).unwrap();
        assert!((q - 2.045_229_642_132_703).abs() < 1e-12, "{q}");
        assert_eq!(confidence_t_quantile(0), None);
    }
}
