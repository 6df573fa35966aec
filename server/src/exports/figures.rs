//! The outcomes table in tidy long form: one figure per row with its group's dimensions, its
//! unit, and whether it is shown, withheld (with the reason) or does not exist. Every export
//! format is written from these rows, so they all carry exactly the JSON API's suppression.

use shared::api::{
    Count, DimensionValue, Figure, Improves, InstrumentOutcomes, IntervalFigure, MeasureOutcomes,
    OutcomesResponse, OutcomesRow, WithheldReason,
};

/// Which table of the workbook (and which part of the JSON answer) a figure belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Table {
    Instruments,
    CrossSectional,
    Bands,
    Fft,
    Gas,
    Paired,
}

impl Table {
    pub const ALL: [Table; 6] = [
        Table::Instruments,
        Table::CrossSectional,
        Table::Bands,
        Table::Fft,
        Table::Gas,
        Table::Paired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Table::Instruments => "instruments",
            Table::CrossSectional => "cross_sectional",
            Table::Bands => "bands",
            Table::Fft => "fft",
            Table::Gas => "gas",
            Table::Paired => "paired",
        }
    }

    /// A sheet title for people.
    pub fn title(self) -> &'static str {
        match self {
            Table::Instruments => "Instruments",
            Table::CrossSectional => "Cross-sectional",
            Table::Bands => "Bands",
            Table::Fft => "FFT",
            Table::Gas => "GAS",
            Table::Paired => "Paired change",
        }
    }

    /// Whether the rows of this table are per measure (else per instrument).
    pub fn per_measure(self) -> bool {
        self != Table::Instruments
    }
}

/// What a figure's number counts or measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A number of responses, episodes or pairs (rounded to 5 when shown).
    Count,
    /// A percentage (0-100), from rounded counts.
    Percent,
    /// Points on the measure's own scale.
    Score,
    /// A change in points on the measure's scale (follow-up minus baseline).
    ScoreChange,
    /// A GAS T-score.
    TScore,
    /// A standardised mean change (no unit).
    Standardised,
    /// Calendar days.
    Days,
}

impl Unit {
    pub fn code(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::Score => "score",
            Unit::ScoreChange => "score_change",
            Unit::TScore => "t_score",
            Unit::Standardised => "standardised",
            Unit::Days => "days",
        }
    }

    /// The UCUM code (FHIR Quantity).
    pub fn ucum(self) -> &'static str {
        match self {
            Unit::Count => "{count}",
            Unit::Percent => "%",
            Unit::Score | Unit::ScoreChange => "{score}",
            Unit::TScore => "{T-score}",
            Unit::Standardised => "1",
            Unit::Days => "d",
        }
    }
}

/// Whether a figure's value is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Shown,
    /// Withheld by disclosure control; the reason says why.
    Withheld,
    /// The figure does not exist (a percentage of nothing, the SD of one value, ...).
    NotApplicable,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Shown, Status::Withheld, Status::NotApplicable];

    pub fn code(self) -> &'static str {
        match self {
            Status::Shown => "shown",
            Status::Withheld => "withheld",
            Status::NotApplicable => "not_applicable",
        }
    }
}

/// The code of a withheld reason, as in the JSON API.
pub fn reason_code(reason: WithheldReason) -> &'static str {
    match reason {
        WithheldReason::Small => "small",
        WithheldReason::Secondary => "secondary",
        WithheldReason::TooFewValues => "too_few_values",
    }
}

pub const REASONS: [WithheldReason; 3] = [
    WithheldReason::Small,
    WithheldReason::Secondary,
    WithheldReason::TooFewValues,
];

/// What a withheld reason means, for the dictionary.
pub fn reason_meaning(reason: WithheldReason) -> &'static str {
    match reason {
        WithheldReason::Small => "a count of 1 to 7",
        WithheldReason::Secondary => {
            "withheld so that a small count cannot be worked out from the totals or the other \
             counts, or resting on such a count"
        }
        WithheldReason::TooFewValues => {
            "a mean, SD, interval, effect size or median resting on 1 to 7 values"
        }
    }
}

/// One figure of one group.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    /// `false` for the group rows, `true` for the total row (whose `group` is empty).
    pub total: bool,
    pub group: Vec<DimensionValue>,
    pub instrument: String,
    pub instrument_label: Option<String>,
    /// `None` for instrument figures (responses, funnel).
    pub measure: Option<String>,
    pub measure_label: Option<String>,
    pub domain: Option<String>,
    pub table: Table,
    /// The figure's name within its table, e.g. `mean_change_ci_low`.
    pub figure: &'static str,
    /// The band's label, for band figures.
    pub band: Option<String>,
    pub unit: Unit,
    /// Full precision; `None` unless shown.
    pub value: Option<f64>,
    pub status: Status,
    pub withheld: Option<WithheldReason>,
    /// Paired figures: fewer than 30 pairs.
    pub too_few_pairs: Option<bool>,
    /// Paired figures: which way the measure improves.
    pub improves: Option<Improves>,
}

impl FigureRow {
    /// The figure's full name, `<table>.<figure>`.
    pub fn name(&self) -> String {
        format!("{}.{}", self.table.code(), self.figure)
    }
}

/// Every figure of the table: each group row in order, then the total row.
pub fn long_rows(response: &OutcomesResponse) -> Vec<FigureRow> {
    let mut out = Vec::new();
    for row in &response.rows {
        push_row(&mut out, row, false);
    }
    push_row(&mut out, &response.total, true);
    out
}

/// A value with its status.
struct Value {
    value: Option<f64>,
    status: Status,
    withheld: Option<WithheldReason>,
}

fn of_count(count: &Count) -> Value {
    value(count.value.map(|v| v as f64), count.withheld)
}

fn of_figure(figure: &Figure) -> Value {
    value(figure.value, figure.withheld)
}

fn value(value: Option<f64>, withheld: Option<WithheldReason>) -> Value {
    match (value, withheld) {
        // A withheld figure never carries a number, whatever the source says.
        (_, Some(reason)) => Value {
            value: None,
            status: Status::Withheld,
            withheld: Some(reason),
        },
        (Some(v), None) if v.is_finite() => Value {
            value: Some(v),
            status: Status::Shown,
            withheld: None,
        },
        _ => Value {
            value: None,
            status: Status::NotApplicable,
            withheld: None,
        },
    }
}

fn interval(interval: &IntervalFigure) -> (Value, Value) {
    (
        value(interval.low, interval.withheld),
        value(interval.high, interval.withheld),
    )
}

/// Adds the figures of one group row.
fn push_row(out: &mut Vec<FigureRow>, row: &OutcomesRow, total: bool) {
    for instrument in &row.instruments {
        push_instrument(out, row, total, instrument);
    }
    for measure in &row.measures {
        push_measure(out, row, total, measure);
    }
}

fn push_instrument(
    out: &mut Vec<FigureRow>,
    row: &OutcomesRow,
    total: bool,
    instrument: &InstrumentOutcomes,
) {
    let mut add = |figure: &'static str, unit: Unit, v: Value| {
        out.push(FigureRow {
            total,
            group: row.group.clone(),
            instrument: instrument.instrument.clone(),
            instrument_label: instrument.label.clone(),
            measure: None,
            measure_label: None,
            domain: None,
            table: Table::Instruments,
            figure,
            band: None,
            unit,
            value: v.value,
            status: v.status,
            withheld: v.withheld,
            too_few_pairs: None,
            improves: None,
        });
    };
    add("responses", Unit::Count, of_count(&instrument.responses));
    let funnel = &instrument.funnel;
    add(
        "with_baseline",
        Unit::Count,
        of_count(&funnel.with_baseline),
    );
    add(
        "with_follow_up",
        Unit::Count,
        of_count(&funnel.with_follow_up),
    );
    add(
        "follow_up_percent",
        Unit::Percent,
        of_figure(&funnel.follow_up_percent),
    );
}

fn push_measure(out: &mut Vec<FigureRow>, row: &OutcomesRow, total: bool, m: &MeasureOutcomes) {
    let paired = m.paired.as_ref();
    let mut add = |table: Table, figure: &'static str, band: Option<&str>, unit: Unit, v: Value| {
        let is_paired = table == Table::Paired;
        out.push(FigureRow {
            total,
            group: row.group.clone(),
            instrument: m.instrument.clone(),
            instrument_label: None,
            measure: Some(m.measure.clone()),
            measure_label: m.label.clone(),
            domain: m.domain.clone(),
            table,
            figure,
            band: band.map(str::to_owned),
            unit,
            value: v.value,
            status: v.status,
            withheld: v.withheld,
            too_few_pairs: paired.filter(|_| is_paired).map(|p| p.too_few_pairs),
            improves: paired.filter(|_| is_paired).map(|p| p.improves),
        });
    };
    let cs = &m.cross_sectional;
    add(
        Table::CrossSectional,
        "n",
        None,
        Unit::Count,
        of_count(&cs.n),
    );
    if let Some(mean) = &cs.mean {
        add(
            Table::CrossSectional,
            "mean",
            None,
            Unit::Score,
            of_figure(mean),
        );
    }
    if let Some(sd) = &cs.sd {
        add(
            Table::CrossSectional,
            "sd",
            None,
            Unit::Score,
            of_figure(sd),
        );
    }
    for band in &cs.bands {
        let label = Some(band.label.as_str());
        add(
            Table::Bands,
            "count",
            label,
            Unit::Count,
            of_count(&band.count),
        );
        add(
            Table::Bands,
            "percent",
            label,
            Unit::Percent,
            of_figure(&band.percent),
        );
    }
    if let Some(fft) = &m.fft {
        add(
            Table::Fft,
            "responses",
            None,
            Unit::Count,
            of_count(&fft.responses),
        );
        let percent = [
            ("positive_percent", &fft.positive_percent),
            ("negative_percent", &fft.negative_percent),
        ];
        for (name, figure) in percent {
            add(Table::Fft, name, None, Unit::Percent, of_figure(figure));
        }
        add(
            Table::Fft,
            "dont_know",
            None,
            Unit::Count,
            of_count(&fft.dont_know),
        );
        add(
            Table::Fft,
            "dont_know_percent",
            None,
            Unit::Percent,
            of_figure(&fft.dont_know_percent),
        );
    }
    if let Some(gas) = &m.gas {
        add(Table::Gas, "n", None, Unit::Count, of_count(&gas.n));
        add(
            Table::Gas,
            "mean_t",
            None,
            Unit::TScore,
            of_figure(&gas.mean_t),
        );
        add(Table::Gas, "sd_t", None, Unit::TScore, of_figure(&gas.sd_t));
        add(
            Table::Gas,
            "at_least_50",
            None,
            Unit::Count,
            of_count(&gas.at_least_50),
        );
        add(
            Table::Gas,
            "at_least_50_percent",
            None,
            Unit::Percent,
            of_figure(&gas.at_least_50_percent),
        );
    }
    if let Some(p) = paired {
        let t = Table::Paired;
        add(t, "pairs", None, Unit::Count, of_count(&p.pairs));
        add(
            t,
            "baseline_mean",
            None,
            Unit::Score,
            of_figure(&p.baseline_mean),
        );
        add(
            t,
            "follow_up_mean",
            None,
            Unit::Score,
            of_figure(&p.follow_up_mean),
        );
        add(
            t,
            "mean_change",
            None,
            Unit::ScoreChange,
            of_figure(&p.mean_change),
        );
        let (low, high) = interval(&p.mean_change_ci);
        add(t, "mean_change_ci_low", None, Unit::ScoreChange, low);
        add(t, "mean_change_ci_high", None, Unit::ScoreChange, high);
        add(
            t,
            "sd_change",
            None,
            Unit::ScoreChange,
            of_figure(&p.sd_change),
        );
        add(
            t,
            "effect_size_d_z",
            None,
            Unit::Standardised,
            of_figure(&p.effect_size.value),
        );
        let (low, high) = interval(&p.effect_size.ci);
        add(t, "effect_size_ci_low", None, Unit::Standardised, low);
        add(t, "effect_size_ci_high", None, Unit::Standardised, high);
        add(
            t,
            "median_days",
            None,
            Unit::Days,
            of_figure(&p.median_days),
        );
        if let Some(rc) = &p.reliable_change {
            add(
                t,
                "reliable_change_threshold",
                None,
                Unit::Score,
                value(Some(rc.threshold), None),
            );
            let classes = [
                (
                    "improved",
                    &rc.improved,
                    "improved_percent",
                    &rc.improved_percent,
                ),
                (
                    "no_change",
                    &rc.no_change,
                    "no_change_percent",
                    &rc.no_change_percent,
                ),
                (
                    "deteriorated",
                    &rc.deteriorated,
                    "deteriorated_percent",
                    &rc.deteriorated_percent,
                ),
            ];
            for (count_name, count, percent_name, percent) in classes {
                add(t, count_name, None, Unit::Count, of_count(count));
                add(t, percent_name, None, Unit::Percent, of_figure(percent));
            }
        }
        if let Some(r) = &p.recovery {
            add(
                t,
                "caseness_at_least",
                None,
                Unit::Score,
                value(Some(r.caseness_at_least), None),
            );
            add(
                t,
                "cases_at_baseline",
                None,
                Unit::Count,
                of_count(&r.cases_at_baseline),
            );
            add(t, "recovered", None, Unit::Count, of_count(&r.recovered));
            add(
                t,
                "recovered_percent",
                None,
                Unit::Percent,
                of_figure(&r.recovered_percent),
            );
            add(
                t,
                "reliably_recovered",
                None,
                Unit::Count,
                of_count(&r.reliably_recovered),
            );
            add(
                t,
                "reliably_recovered_percent",
                None,
                Unit::Percent,
                of_figure(&r.reliably_recovered_percent),
            );
        }
    }
}

/// Every figure name a table can hold, with its unit and meaning (the data dictionary).
pub const FIGURES: &[(Table, &str, Unit, &str)] = &[
    (
        Table::Instruments,
        "responses",
        Unit::Count,
        "current (not superseded) responses",
    ),
    (
        Table::Instruments,
        "with_baseline",
        Unit::Count,
        "episodes opened by a baseline",
    ),
    (
        Table::Instruments,
        "with_follow_up",
        Unit::Count,
        "episodes with a follow-up",
    ),
    (
        Table::Instruments,
        "follow_up_percent",
        Unit::Percent,
        "with_follow_up / with_baseline",
    ),
    (
        Table::CrossSectional,
        "n",
        Unit::Count,
        "current responses with a score",
    ),
    (Table::CrossSectional, "mean", Unit::Score, "mean score"),
    (
        Table::CrossSectional,
        "sd",
        Unit::Score,
        "sample SD of the scores (denominator n - 1)",
    ),
    (Table::Bands, "count", Unit::Count, "scores in the band"),
    (
        Table::Bands,
        "percent",
        Unit::Percent,
        "the band's share of n",
    ),
    (
        Table::Fft,
        "responses",
        Unit::Count,
        "FFT responses, don't know included",
    ),
    (
        Table::Fft,
        "positive_percent",
        Unit::Percent,
        "very good or good, of all responses",
    ),
    (
        Table::Fft,
        "negative_percent",
        Unit::Percent,
        "poor or very poor, of all responses",
    ),
    (Table::Fft, "dont_know", Unit::Count, "don't know answers"),
    (
        Table::Fft,
        "dont_know_percent",
        Unit::Percent,
        "don't know, of all responses",
    ),
    (Table::Gas, "n", Unit::Count, "GAS reviews with a T-score"),
    (
        Table::Gas,
        "mean_t",
        Unit::TScore,
        "mean Kiresuk-Sherman T-score",
    ),
    (Table::Gas, "sd_t", Unit::TScore, "SD of the T-scores"),
    (
        Table::Gas,
        "at_least_50",
        Unit::Count,
        "reviews with T >= 50",
    ),
    (
        Table::Gas,
        "at_least_50_percent",
        Unit::Percent,
        "share with T >= 50",
    ),
    (
        Table::Paired,
        "pairs",
        Unit::Count,
        "matched baseline/follow-up pairs",
    ),
    (
        Table::Paired,
        "baseline_mean",
        Unit::Score,
        "mean at baseline over the pairs",
    ),
    (
        Table::Paired,
        "follow_up_mean",
        Unit::Score,
        "mean at follow-up over the pairs",
    ),
    (
        Table::Paired,
        "mean_change",
        Unit::ScoreChange,
        "mean of follow-up minus baseline",
    ),
    (
        Table::Paired,
        "mean_change_ci_low",
        Unit::ScoreChange,
        "95% t interval, lower end",
    ),
    (
        Table::Paired,
        "mean_change_ci_high",
        Unit::ScoreChange,
        "95% t interval, upper end",
    ),
    (
        Table::Paired,
        "sd_change",
        Unit::ScoreChange,
        "SD of the change scores",
    ),
    (
        Table::Paired,
        "effect_size_d_z",
        Unit::Standardised,
        "d_z = mean change / SD of change, unadjusted",
    ),
    (
        Table::Paired,
        "effect_size_ci_low",
        Unit::Standardised,
        "95% normal-approximation interval of d_z, lower end",
    ),
    (
        Table::Paired,
        "effect_size_ci_high",
        Unit::Standardised,
        "95% normal-approximation interval of d_z, upper end",
    ),
    (
        Table::Paired,
        "median_days",
        Unit::Days,
        "median calendar days from baseline to follow-up",
    ),
    (
        Table::Paired,
        "reliable_change_threshold",
        Unit::Score,
        "the smallest reliable change (from the definition)",
    ),
    (
        Table::Paired,
        "improved",
        Unit::Count,
        "pairs reliably improved",
    ),
    (
        Table::Paired,
        "improved_percent",
        Unit::Percent,
        "share of pairs reliably improved",
    ),
    (
        Table::Paired,
        "no_change",
        Unit::Count,
        "pairs without reliable change",
    ),
    (
        Table::Paired,
        "no_change_percent",
        Unit::Percent,
        "share of pairs without reliable change",
    ),
    (
        Table::Paired,
        "deteriorated",
        Unit::Count,
        "pairs reliably deteriorated",
    ),
    (
        Table::Paired,
        "deteriorated_percent",
        Unit::Percent,
        "share of pairs reliably deteriorated",
    ),
    (
        Table::Paired,
        "caseness_at_least",
        Unit::Score,
        "a score at or above this is a case (from the definition)",
    ),
    (
        Table::Paired,
        "cases_at_baseline",
        Unit::Count,
        "pairs that were a case at baseline",
    ),
    (
        Table::Paired,
        "recovered",
        Unit::Count,
        "cases at baseline that are not cases at follow-up",
    ),
    (
        Table::Paired,
        "recovered_percent",
        Unit::Percent,
        "recovered, of the cases at baseline",
    ),
    (
        Table::Paired,
        "reliably_recovered",
        Unit::Count,
        "recovered and reliably improved",
    ),
    (
        Table::Paired,
        "reliably_recovered_percent",
        Unit::Percent,
        "reliably recovered, of the cases at baseline",
    ),
];
