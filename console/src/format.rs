//! Figures for people: suppressed counts and figures as the console shows them (a withheld
//! count never reads as 0), sizes, and the NHS financial years of the period presets.

use shared::api::{Count, Figure, IntervalFigure, WithheldReason};

/// What a withheld figure reads: "fewer than 8" for a small count, else why it is withheld.
pub fn withheld(reason: WithheldReason) -> &'static str {
    match reason {
        WithheldReason::Small => "fewer than 8",
        WithheldReason::Secondary => "withheld (would reveal a small number)",
        WithheldReason::TooFewValues => "withheld (fewer than 8 values)",
    }
}

pub fn count(count: &Count) -> String {
    match (count.value, count.withheld) {
        (Some(value), _) => group_thousands(value),
        (None, Some(reason)) => withheld(reason).to_owned(),
        (None, None) => "not applicable".to_owned(),
    }
}

pub fn figure(figure: &Figure, decimals: usize) -> String {
    match (figure.value, figure.withheld) {
        (Some(value), _) => format!("{value:.decimals$}"),
        (None, Some(reason)) => withheld(reason).to_owned(),
        (None, None) => "not applicable".to_owned(),
    }
}

pub fn percent(figure: &Figure) -> String {
    match figure.value {
        Some(value) => format!("{value:.1}%"),
        None => self::figure(figure, 1),
    }
}

pub fn interval(interval: &IntervalFigure, decimals: usize) -> String {
    match (interval.low, interval.high, interval.withheld) {
        (Some(low), Some(high), _) => format!("{low:.decimals$} to {high:.decimals$}"),
        (_, _, Some(reason)) => withheld(reason).to_owned(),
        _ => "not applicable".to_owned(),
    }
}

fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn bytes(len: usize) -> String {
    if len < 1024 {
        format!("{len} bytes")
    } else {
        format!("{:.1} KB", len as f64 / 1024.0)
    }
}

/// The NHS financial year (April to March) holding `year`-`month`, as `2026-27`.
pub fn financial_year(year: i32, month: u32) -> String {
    let start = if month >= 4 { year } else { year - 1 };
    financial_year_starting(start)
}

pub fn financial_year_starting(start: i32) -> String {
    format!("{start}-{:02}", (start + 1).rem_euclid(100))
}

/// `2026-03` minus `months` months.
pub fn month_minus(year: i32, month: u32, months: u32) -> String {
    let index = year * 12 + month as i32 - 1 - months as i32;
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}
