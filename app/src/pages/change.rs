//! The practitioner's view of a patient's change, from the pulled history: per instrument and
//! measure (labelled), the earlier scores in order, the change since the baseline with the
//! reliable-change flag (`shared::outcomes::figures::ChangeRule`, the threshold the definition
//! gives), a small chart, and the latest GAS goals with their levels.

use crate::format;
use crate::i18n::Locale;
use leptos::prelude::*;
use shared::api::PatientChange;
use shared::catalog::InstrumentCatalog;
use shared::goals::Goal;
use shared::instrument::Measure;
use shared::outcomes::figures::{ChangeRule, ReliableChange};
use shared::response::TimePoint;
use std::sync::Arc;

/// One measure's scores over time, from the baseline of the latest episode.
struct Series {
    key: String,
    label: String,
    /// (recorded at, value), oldest first.
    points: Vec<(String, f64)>,
    /// Index of the baseline in `points`: the last marked baseline, else the first.
    baseline: usize,
    rule: ChangeRule,
}

fn series(changes: &[PatientChange], catalog: &InstrumentCatalog) -> Vec<Series> {
    let mut out: Vec<Series> = Vec::new();
    for change in changes {
        let definition = catalog
            .get(&change.instrument_id, change.instrument_version)
            .or_else(|| catalog.latest(&change.instrument_id));
        for score in &change.scores {
            let measure_id = score.measure.split_once('.').map_or("", |(_, m)| m);
            let measure: Option<&Measure> =
                definition.and_then(|d| d.measures.iter().find(|m| m.id == measure_id));
            let index = match out.iter().position(|s| s.key == score.measure) {
                Some(index) => index,
                None => {
                    out.push(Series {
                        key: score.measure.clone(),
                        label: match (definition, measure) {
                            (Some(d), Some(m)) => format!("{}: {}", d.title, m.label),
                            _ => score.measure.clone(),
                        },
                        points: Vec::new(),
                        baseline: 0,
                        rule: measure.map_or(
                            ChangeRule {
                                improves: shared::outcomes::figures::Direction::Higher,
                                reliable_change: None,
                                caseness_at_least: None,
                            },
                            ChangeRule::for_measure,
                        ),
                    });
                    out.len() - 1
                }
            };
            let series = &mut out[index];
            if change.time_point == Some(TimePoint::Baseline) {
                series.baseline = series.points.len();
            }
            series
                .points
                .push((change.recorded_at.clone(), score.value));
        }
    }
    out
}

/// A small line chart of the values, with its numbers in the accessible name.
fn chart(points: &[(String, f64)], label: &str) -> impl IntoView + use<> {
    let (width, height, pad) = (200.0_f64, 48.0_f64, 4.0_f64);
    let low = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let high = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let span = if high > low { high - low } else { 1.0 };
    let step = if points.len() > 1 {
        (width - 2.0 * pad) / (points.len() - 1) as f64
    } else {
        0.0
    };
    let xy: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| {
            (
                pad + step * i as f64,
                height - pad - (v - low) / span * (height - 2.0 * pad),
            )
        })
        .collect();
    let line = xy
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let name = format!(
        "{label}: {}",
        points
            .iter()
            .map(|(at, v)| format!("{} {}", format::day(at), round(*v)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    view! {
        <svg class="change-chart" viewBox=format!("0 0 {width} {height}") width="200" height="48" role="img" aria-label=name>
            <polyline points=line fill="none" stroke="currentColor" stroke-width="2"/>
            {xy.into_iter().map(|(x, y)| view! { <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="3" fill="currentColor"/> }).collect_view()}
        </svg>
    }
}

fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Change since baseline per measure, with charts, and the latest GAS goals.
#[component]
pub fn ChangeSummary(
    changes: Vec<PatientChange>,
    catalog: Arc<InstrumentCatalog>,
) -> impl IntoView {
    let locale = Locale::current();
    let all = series(&changes, &catalog);
    let goals: Option<Vec<Goal>> = changes
        .iter()
        .rev()
        .find_map(|c| c.goals.clone())
        .and_then(|g| serde_json::from_value(g).ok());
    let rows = all
        .into_iter()
        .map(|s| {
            let baseline = s.points[s.baseline].1;
            let latest = s.points.last().map_or(baseline, |p| p.1);
            let since = s.points.len() - 1 > s.baseline;
            let flag = if since {
                match s.rule.classify(baseline, latest) {
                    Some(ReliableChange::Improved) => ("improved", locale.text("change-improved")),
                    Some(ReliableChange::Deteriorated) => {
                        ("deteriorated", locale.text("change-deteriorated"))
                    }
                    Some(ReliableChange::NoChange) => ("no_change", locale.text("change-no-change")),
                    None => ("no_threshold", locale.text("change-no-threshold")),
                }
            } else {
                ("baseline_only", locale.text("change-baseline-only"))
            };
            let earlier = s
                .points
                .iter()
                .map(|(at, v)| format!("{} {}", format::day(at), round(*v)))
                .collect::<Vec<_>>()
                .join(" · ");
            let difference = round(latest - baseline);
            view! {
                <li class="change-measure" data-measure=s.key.clone() data-change=difference.to_string() data-flag=flag.0>
                    <strong class="change-label">{s.label.clone()}</strong>
                    {chart(&s.points, &s.label)}
                    <span class="change-scores">{earlier}</span>
                    {since.then(|| view! {
                        <span class="change-since">
                            {locale.text_args("change-since", &[
                                ("date", format::day(&s.points[s.baseline].0).into()),
                                ("change", format!("{difference:+}").into()),
                            ])}
                        </span>
                    })}
                    <span class=format!("change-flag change-{}", flag.0)>{flag.1}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="change" aria-labelledby="change-heading">
            <h2 id="change-heading">{locale.t("change-title")}</h2>
            <ul id="change-summary" class="change-list">{rows}</ul>
            {goals.map(|goals| view! {
                <h3>{locale.t("goals-title")}</h3>
                <ul id="goal-summary" class="goal-summary">
                    {goals.into_iter().map(|g| {
                        let level = |n: i64| g.levels.get(&n).cloned().unwrap_or_default();
                        let attainment = g.attainment.map_or_else(
                            || locale.text("goal-not-rated"),
                            |a| locale.text_args("goal-attainment", &[("level", a.into()), ("text", level(a).into())]),
                        );
                        view! {
                            <li class="goal-line">
                                <strong>{g.description.clone()}</strong>
                                " "
                                {locale.text_args("goal-baseline", &[("level", g.baseline.into()), ("text", level(g.baseline).into())])}
                                " "
                                {attainment}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
