//! What the evaluator chose in the filters, and the outcomes query it becomes: a period preset
//! (all time, the last 12 months, an NHS financial year, or months from/to), organisation, role,
//! domain, instrument and one demographic attribute with its value.

use crate::api::encode;
use crate::format;
use shared::demographics::{AgeBand, EthnicGroup, StatedSex};

/// The filters as chosen (empty text: no filter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// `all`, `last12`, `fy:<YYYY-YY>` or `custom`.
    pub period: String,
    pub from: String,
    pub to: String,
    pub organisation: String,
    pub role: String,
    pub domain: String,
    pub instrument: String,
    /// One of [`DEMOGRAPHICS`]' dimensions, or empty.
    pub demographic: String,
    pub demographic_value: String,
}

/// The demographic attributes offered as a filter, each with its values (code, label).
pub const DEMOGRAPHICS: [(&str, &str); 4] = [
    ("age_band", "Age band"),
    ("sex", "Stated sex"),
    ("ethnic_group", "Ethnic group"),
    ("imd_quintile", "Deprivation (IMD 2019 quintile)"),
];

pub fn demographic_values(dimension: &str) -> Vec<(String, String)> {
    let listed = |all: Vec<(&str, &str)>| {
        all.into_iter()
            .map(|(c, l)| (c.to_owned(), l.to_owned()))
            .collect::<Vec<_>>()
    };
    match dimension {
        "age_band" => {
            let mut values = listed(AgeBand::ALL.iter().map(|b| (b.code(), b.label())).collect());
            values.push(("not_stated".into(), "Not stated".into()));
            values
        }
        "sex" => {
            let mut values = listed(
                StatedSex::ALL
                    .iter()
                    .map(|s| (s.code(), s.label()))
                    .collect(),
            );
            values.push(("not_stated".into(), "Not stated".into()));
            values
        }
        "ethnic_group" => listed(
            EthnicGroup::ALL
                .iter()
                .map(|g| (g.code(), g.label()))
                .collect(),
        ),
        "imd_quintile" => {
            let mut values: Vec<(String, String)> = (1..=5)
                .map(|q| {
                    let label = match q {
                        1 => "Quintile 1 (most deprived 20%)".to_owned(),
                        5 => "Quintile 5 (least deprived 20%)".to_owned(),
                        q => format!("Quintile {q}"),
                    };
                    (format!("2019-Q{q}"), label)
                })
                .collect();
            values.push(("not_known".into(), "Not known".into()));
            values
        }
        _ => Vec::new(),
    }
}

/// The period presets for today: all time, the last 12 months, and the current and two previous
/// NHS financial years (April to March), then months from/to.
pub fn period_presets(year: i32, month: u32) -> Vec<(String, String)> {
    let current = if month >= 4 { year } else { year - 1 };
    let mut presets = vec![
        ("all".to_owned(), "All time".to_owned()),
        ("last12".to_owned(), "The last 12 months".to_owned()),
    ];
    for (offset, name) in [(0, "this"), (1, "last"), (2, "")] {
        let fy = format::financial_year_starting(current - offset);
        let label = if name.is_empty() {
            format!("Financial year {fy}")
        } else {
            format!("Financial year {fy} ({name} year)")
        };
        presets.push((format!("fy:{fy}"), label));
    }
    presets.push(("custom".to_owned(), "Months from… to…".to_owned()));
    presets
}

impl Selection {
    pub fn new() -> Self {
        Self {
            period: "all".to_owned(),
            ..Self::default()
        }
    }

    /// The query string (without `?`) for `group_by` (empty: none) and these filters.
    pub fn query(&self, group_by: &str, today: (i32, u32)) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !group_by.is_empty() {
            pairs.push(("group_by", group_by.to_owned()));
        }
        match self.period.as_str() {
            "last12" => {
                pairs.push(("from", format::month_minus(today.0, today.1, 11)));
                pairs.push(("to", format::month_minus(today.0, today.1, 0)));
            }
            "custom" => {
                if !self.from.is_empty() {
                    pairs.push(("from", self.from.clone()));
                }
                if !self.to.is_empty() {
                    pairs.push(("to", self.to.clone()));
                }
            }
            other => {
                if let Some(fy) = other.strip_prefix("fy:") {
                    pairs.push(("financial_year", fy.to_owned()));
                }
            }
        }
        for (name, value) in [
            ("organisation", &self.organisation),
            ("role", &self.role),
            ("domain", &self.domain),
            ("instrument", &self.instrument),
        ] {
            if !value.is_empty() {
                pairs.push((name, value.clone()));
            }
        }
        if !self.demographic.is_empty() && !self.demographic_value.is_empty() {
            pairs.push((
                DEMOGRAPHICS
                    .iter()
                    .map(|(d, _)| *d)
                    .find(|d| *d == self.demographic)
                    .unwrap_or("sex"),
                self.demographic_value.clone(),
            ));
        }
        pairs
            .into_iter()
            .map(|(name, value)| format!("{name}={}", encode(&value)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Whether a breakdown by another demographic can be asked for (at most one demographic
    /// attribute per query).
    pub fn allows_breakdown(&self, dimension: &str) -> bool {
        self.demographic.is_empty()
            || self.demographic_value.is_empty()
            || self.demographic == dimension
    }
}
