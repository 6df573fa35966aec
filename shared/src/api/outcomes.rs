//! Evaluator outcomes: the query (dimensions, filters, period) and the suppressed figures per
//! group and measure, with the reason for every withheld figure.
//!
//! The figures are defined in `shared::outcomes::figures` and suppressed in
//! `shared::outcomes::table`; this module is only their wire form.

use serde::{Deserialize, Serialize};

/// The query of the outcomes endpoint. Every filter takes comma-separated values
/// (`role=dietitian,paramedic`); a row is kept when it matches one value of every filter given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
#[serde(deny_unknown_fields)]
pub struct OutcomesQuery {
    /// Up to three comma-separated dimensions among `role`, `domain`, `instrument`, `measure`,
    /// `organisation` (the children of the organisation reported on), `month`, `quarter`,
    /// `financial_year`, `age_band`, `sex`, `ethnic_group`, `ethnic_category`, `imd_quintile`
    /// and `imd_decile`. Empty or absent: one row for everything selected. At most one
    /// demographic attribute (age band; sex; ethnic group or category; IMD quintile or decile)
    /// across `group_by` and the filters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<String>,
    /// Professional role ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Outcome domain ids (of each measure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Instrument ids, e.g. `phq9`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instrument: Option<String>,
    /// Measures as `<instrument>.<measure>`, e.g. `phq9.total` (keeps the instrument's funnel).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// One organisation id: report on it and everything below it (it must be inside the
    /// caller's own part of the hierarchy). Default: the caller's organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Months as `YYYY-MM` (UTC). Paired figures count in the month of the episode's baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<String>,
    /// Calendar quarters as `YYYY-Qn`, e.g. `2026-Q1` (January to March 2026).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quarter: Option<String>,
    /// NHS financial years (April to March) as `YYYY-YY`, e.g. `2026-27`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub financial_year: Option<String>,
    /// Age bands, e.g. `25-34`, `85+`, `not_stated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<String>,
    /// Stated sex codes (NHS Data Dictionary): `1`, `2`, `9`, `X`, `not_stated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    /// Broad ethnic groups: `white`, `mixed`, `asian`, `black`, `other`, `not_stated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnic_group: Option<String>,
    /// NHS ethnic category codes: `A`-`S`, `Z` (not stated), `99` (not known), `not_stated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnic_category: Option<String>,
    /// IMD quintiles with their edition, e.g. `2019-Q1` (the most deprived 20%), `not_known`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imd_quintile: Option<String>,
    /// IMD deciles with their edition, e.g. `2019-01` (the most deprived 10%), `not_known`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imd_decile: Option<String>,
    /// The first month included, `YYYY-MM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The last month included, `YYYY-MM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// The outcomes of one query: one row per group and a total row, every figure suppressed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomesResponse {
    /// The dimensions of each row's group, in order.
    pub group_by: Vec<String>,
    /// The filters as understood, values in normal form.
    pub filters: Vec<AppliedFilter>,
    /// The `from` month, when given.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub from: Option<String>,
    /// The `to` month, when given.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub to: Option<String>,
    /// A plain-language statement of the disclosure control applied.
    pub suppression: String,
    /// One row per group, in the order of the group values.
    pub rows: Vec<OutcomesRow>,
    /// Everything the filters select, as one row (its `group` is empty).
    pub total: OutcomesRow,
}

/// One filter: a dimension and the values kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppliedFilter {
    pub dimension: String,
    pub values: Vec<DimensionValue>,
}

/// A value of a dimension: its code, and a name for people where one exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DimensionValue {
    pub dimension: String,
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub label: Option<String>,
}

/// The figures of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomesRow {
    /// The group's value of each `group_by` dimension, in order.
    pub group: Vec<DimensionValue>,
    /// Per instrument: responses and the follow-up funnel.
    pub instruments: Vec<InstrumentOutcomes>,
    /// Per measure (never a composite of measures).
    pub measures: Vec<MeasureOutcomes>,
}

/// Why a figure is withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WithheldReason {
    /// A count of 1 to 7.
    Small,
    /// Withheld so that a small count cannot be worked out from the total or the other counts,
    /// or resting on such a count.
    Secondary,
    /// A mean, SD, interval, effect size or median resting on 1 to 7 values.
    TooFewValues,
}

/// A count: rounded to the nearest 5 when shown, `null` with the reason when withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Count {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub value: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withheld: Option<WithheldReason>,
}

/// A figure at full precision (round for display). `null` with a reason when withheld; `null`
/// without one when it does not exist (a percentage of nothing, the SD of one value, d_z when
/// every change is the same).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figure {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withheld: Option<WithheldReason>,
}

/// A 95% confidence interval, withheld like a [`Figure`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntervalFigure {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub low: Option<f64>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub high: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withheld: Option<WithheldReason>,
}

/// An instrument as a whole in one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstrumentOutcomes {
    pub instrument: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub label: Option<String>,
    /// Current (not superseded) responses.
    pub responses: Count,
    /// Episodes (a baseline and at most one follow-up) opened in the group.
    pub funnel: FunnelOutcomes,
}

/// The follow-up funnel over episodes (a patient with two episodes counts twice).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelOutcomes {
    pub with_baseline: Count,
    pub with_follow_up: Count,
    /// `with_follow_up / with_baseline` in percent, from the rounded counts.
    pub follow_up_percent: Figure,
}

/// One measure in one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeasureOutcomes {
    /// `<instrument>.<measure>`, e.g. `phq9.total`.
    pub measure: String,
    pub instrument: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub label: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub domain: Option<String>,
    /// Every current response with a score (with or without a patient).
    pub cross_sectional: CrossSectionalOutcomes,
    /// Friends and Family Test figures (the FFT answer category only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fft: Option<FftOutcomes>,
    /// Goal Attainment Scaling figures (GAS attainment T-scores only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gas: Option<GasOutcomes>,
    /// Change over matched pairs (measures with a change rule and pairs somewhere in the table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paired: Option<PairedOutcomes>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CrossSectionalOutcomes {
    pub n: Count,
    /// Absent for measures whose mean means nothing (category codes, unconverted totals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<Figure>,
    /// The sample SD (denominator n - 1); absent with the mean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sd: Option<Figure>,
    /// Each band of the definition, in order (ONS4 thresholds, PHQ/GAD severity, FFT
    /// categories), with its share of `n`.
    pub bands: Vec<BandOutcomes>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BandOutcomes {
    pub label: String,
    pub count: Count,
    /// `count / n` in percent, from the rounded counts.
    pub percent: Figure,
}

/// NHS England's FFT figures: % positive (very good + good) and % negative (poor + very poor)
/// of all responses, "don't know" included in the denominator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FftOutcomes {
    pub responses: Count,
    pub positive_percent: Figure,
    pub negative_percent: Figure,
    pub dont_know: Count,
    pub dont_know_percent: Figure,
}

/// GAS at review: the mean T-score and the share with T >= 50.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GasOutcomes {
    pub n: Count,
    pub mean_t: Figure,
    pub sd_t: Figure,
    pub at_least_50: Count,
    pub at_least_50_percent: Figure,
}

/// Which way a measure improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Improves {
    /// Higher is better: an improvement is a positive change.
    Higher,
    /// Lower is better: an improvement is a negative change.
    Lower,
}

/// Change over matched pairs (baseline and follow-up of one episode; change = follow-up minus
/// baseline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PairedOutcomes {
    pub pairs: Count,
    /// Fewer than 30 pairs: read the change figures with caution.
    pub too_few_pairs: bool,
    pub improves: Improves,
    pub baseline_mean: Figure,
    pub follow_up_mean: Figure,
    pub mean_change: Figure,
    /// The t interval (n - 1 degrees of freedom).
    pub mean_change_ci: IntervalFigure,
    /// The SD of the change scores (denominator n - 1).
    pub sd_change: Figure,
    /// The standardised mean change.
    pub effect_size: EffectSize,
    /// Absent when the measure has no reliable-change threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliable_change: Option<ReliableChangeOutcomes>,
    /// Absent when the measure has no caseness cut-off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<RecoveryOutcomes>,
    /// The median calendar days from baseline to follow-up.
    pub median_days: Figure,
}

/// d_z = mean change / SD of change (unadjusted), with its 95% CI by the normal approximation
/// (R `effectsize::repeated_measures_d(method = "z", adjust = FALSE)`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EffectSize {
    /// Always `d_z`.
    pub statistic: String,
    /// What the mean change is divided by: always `sd_change`, the SD of the change scores.
    pub standardiser: String,
    pub value: Figure,
    pub ci: IntervalFigure,
}

/// Pairs by reliable-change class (percentages of all pairs).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReliableChangeOutcomes {
    /// The smallest reliable change, in score points (from the instrument definition).
    pub threshold: f64,
    pub improved: Count,
    pub improved_percent: Figure,
    pub no_change: Count,
    pub no_change_percent: Figure,
    pub deteriorated: Count,
    pub deteriorated_percent: Figure,
}

/// NHS Talking Therapies recovery on this measure (percentages of the cases at baseline).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryOutcomes {
    /// A score at or above this is a case (from the instrument definition).
    pub caseness_at_least: f64,
    pub cases_at_baseline: Count,
    /// Cases at baseline that are not cases at follow-up.
    pub recovered: Count,
    pub recovered_percent: Figure,
    /// Recovered and reliably improved.
    pub reliably_recovered: Count,
    pub reliably_recovered_percent: Figure,
}
