//! From the outcomes answers to what the dashboard draws: the bars of each chart, one per
//! group, read from the chosen measure or its instrument. Withheld figures stay withheld (no
//! bar, the reason as text); a change over fewer than 30 pairs reads "too few pairs".

use crate::components::chart::Bar;
use crate::format;
use shared::api::{Count, DimensionValue, InstrumentOutcomes, MeasureOutcomes, OutcomesRow};

/// A group's name for people: the labels (or codes) of its dimension values.
pub fn group_label(group: &[DimensionValue]) -> String {
    if group.is_empty() {
        return "Everything selected".to_owned();
    }
    group
        .iter()
        .map(|v| v.label.clone().unwrap_or_else(|| v.code.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn measure<'a>(row: &'a OutcomesRow, key: &str) -> Option<&'a MeasureOutcomes> {
    row.measures.iter().find(|m| m.measure == key)
}

pub fn instrument<'a>(row: &'a OutcomesRow, id: &str) -> Option<&'a InstrumentOutcomes> {
    row.instruments.iter().find(|i| i.instrument == id)
}

fn count_bar(label: String, count: &Count) -> Bar {
    Bar {
        label,
        value: count.value.map(|v| v as f64),
        text: format::count(count),
        interval: None,
        extra: Vec::new(),
    }
}

/// Mean change with its 95% interval per group; "too few pairs" under 30 pairs.
pub fn change_bars(rows: &[OutcomesRow], key: &str) -> Vec<Bar> {
    rows.iter()
        .filter_map(|row| {
            let paired = measure(row, key)?.paired.as_ref()?;
            let label = group_label(&row.group);
            let pairs = format::count(&paired.pairs);
            let change = format::figure(&paired.mean_change, 2);
            let interval = format::interval(&paired.mean_change_ci, 2);
            let extra = vec![interval.clone(), pairs.clone()];
            if paired.too_few_pairs {
                return Some(Bar {
                    label,
                    value: None,
                    text: format!("too few pairs ({pairs})"),
                    interval: None,
                    extra: vec![format!("{change}; {interval}"), pairs],
                });
            }
            Some(Bar {
                label,
                value: paired.mean_change.value,
                text: change,
                interval: paired.mean_change_ci.low.zip(paired.mean_change_ci.high),
                extra,
            })
        })
        .collect()
}

/// Responses of the instrument per group (e.g. per month).
pub fn response_bars(rows: &[OutcomesRow], instrument_id: &str) -> Vec<Bar> {
    rows.iter()
        .filter_map(|row| {
            let outcomes = instrument(row, instrument_id)?;
            Some(count_bar(group_label(&row.group), &outcomes.responses))
        })
        .collect()
}

/// Follow-up rate (%) of the instrument's episodes per group.
pub fn follow_up_bars(rows: &[OutcomesRow], instrument_id: &str) -> Vec<Bar> {
    rows.iter()
        .filter_map(|row| {
            let funnel = &instrument(row, instrument_id)?.funnel;
            Some(Bar {
                label: group_label(&row.group),
                value: funnel.follow_up_percent.value,
                text: format::percent(&funnel.follow_up_percent),
                interval: None,
                extra: vec![
                    format::count(&funnel.with_baseline),
                    format::count(&funnel.with_follow_up),
                ],
            })
        })
        .collect()
}

/// The measure's bands (share of responses in each) in one row.
pub fn band_bars(row: &OutcomesRow, key: &str) -> Vec<Bar> {
    measure(row, key)
        .map(|m| {
            m.cross_sectional
                .bands
                .iter()
                .map(|band| Bar {
                    label: band.label.clone(),
                    value: band.percent.value,
                    text: format::percent(&band.percent),
                    interval: None,
                    extra: vec![format::count(&band.count)],
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The follow-up funnel of the instrument in one row: episodes with a baseline, with a
/// follow-up.
pub fn funnel_bars(row: &OutcomesRow, instrument_id: &str) -> Vec<Bar> {
    instrument(row, instrument_id)
        .map(|i| {
            vec![
                count_bar("Episodes with a baseline".into(), &i.funnel.with_baseline),
                count_bar("… with a follow-up".into(), &i.funnel.with_follow_up),
            ]
        })
        .unwrap_or_default()
}

/// GAS mean T-score at review per group, for every measure with GAS figures.
pub fn gas_bars(rows: &[OutcomesRow]) -> Vec<Bar> {
    rows.iter()
        .flat_map(|row| {
            row.measures.iter().filter_map(move |m| {
                let gas = m.gas.as_ref()?;
                Some(Bar {
                    label: group_label(&row.group),
                    value: gas.mean_t.value,
                    text: format::figure(&gas.mean_t, 1),
                    interval: None,
                    extra: vec![
                        format::count(&gas.n),
                        format::percent(&gas.at_least_50_percent),
                    ],
                })
            })
        })
        .collect()
}

/// FFT % positive per group, for every measure with FFT figures.
pub fn fft_bars(rows: &[OutcomesRow]) -> Vec<Bar> {
    rows.iter()
        .flat_map(|row| {
            row.measures.iter().filter_map(move |m| {
                let fft = m.fft.as_ref()?;
                Some(Bar {
                    label: group_label(&row.group),
                    value: fft.positive_percent.value,
                    text: format::percent(&fft.positive_percent),
                    interval: None,
                    extra: vec![
                        format::count(&fft.responses),
                        format::percent(&fft.negative_percent),
                    ],
                })
            })
        })
        .collect()
}

/// The sum of the responses of every instrument in a row, or why it cannot be given.
pub fn total_responses(row: &OutcomesRow) -> String {
    let mut total = 0;
    for instrument in &row.instruments {
        match instrument.responses.value {
            Some(n) => total += n,
            None if instrument.responses.withheld.is_some() => {
                return "some counts withheld: see the table".to_owned();
            }
            None => {}
        }
    }
    format::count(&Count {
        value: Some(total),
        withheld: None,
    })
}
