//! The evaluator's outcomes query: the dimensions to group by and the values to keep, parsed
//! once into an [`OutcomesSpec`] that says which rollup cells to read and which group each cell
//! falls in.
//!
//! # Dimensions
//!
//! | name | values (as in the cells, or derived from them) |
//! |---|---|
//! | `role`, `domain`, `instrument` | ids (`social-prescribing-link-worker`, `mood`, `phq9`) |
//! | `measure` | `<instrument>.<measure>` (`phq9.total`); an instrument's own figures (responses, funnel) are `<instrument>.*` |
//! | `organisation` | organisation ids: grouping gives the filter root's children (see [`OutcomesSpec::groups_by_organisation`]) |
//! | `month` | `YYYY-MM` (UTC) |
//! | `quarter` | calendar quarters, `2026-Q1` = January to March 2026 |
//! | `financial_year` | NHS financial years, April to March: `2026-27` = April 2026 to March 2027 |
//! | `age_band`, `sex`, `ethnic_category` | the snapshot codes (`25-34`, `2`, `A`; `not_stated`) |
//! | `ethnic_group` | the broad group of the category ([`ethnic_group_of`]) |
//! | `imd_decile` | `<edition>-<decile>` (`2019-03`), or `not_known` |
//! | `imd_quintile` | `<edition>-Q<quintile>` (`2019-Q2`, deciles 3-4), or `not_known` ([`imd_quintile_of`]) |
//!
//! Cells are kept for one demographic attribute at a time ([`Breakdown`]), so a query may use
//! at most one of them (age band; sex; ethnic group or category; IMD quintile or decile) across
//! its grouping and its filters.
//!
//! The small derivations here (quarter, financial year, broad ethnic group, IMD quintile) work
//! on the stored codes so that this module needs nothing but the cells.
//!
//! ```
//! use shared::outcomes::cells::{ALL_ROLES, Breakdown, CellKey, RoleCells};
//! use shared::outcomes::periods::Grain;
//! use shared::api::OutcomesQuery;
//! use shared::outcomes::query::OutcomesSpec;
//!
//! let query = OutcomesQuery {
//!     group_by: Some("role,imd_quintile".into()),
//!     financial_year: Some("2026-27".into()),
//!     ..Default::default()
//! };
//! let spec = OutcomesSpec::from_query(&query).unwrap();
//! assert_eq!(spec.breakdown(), Breakdown::Imd);
//! assert_eq!(spec.month_range(), Some(("2026-04".to_owned(), "2027-03".to_owned())));
//! // The financial year is whole, so one read of financial-year cells answers it.
//! assert_eq!(spec.reads().len(), 1);
//! let cell = CellKey {
//!     organisation: "pcn".into(),
//!     grain: Grain::Quarter,
//!     month: "2027-01".into(),
//!     role: "dietitian".into(),
//!     instrument: "phq9".into(),
//!     measure: "total".into(),
//!     breakdown: Breakdown::Imd,
//!     value: "2019-04".into(),
//! };
//! assert_eq!(spec.group_of(&cell, "mood"), Some(vec!["dietitian".into(), "2019-Q2".into()]));
//! // It groups by role, so it reads each role's cells, not the all-roles ones.
//! assert_eq!(spec.role_cells(), RoleCells::EachRole);
//! let all_roles = CellKey { role: ALL_ROLES.into(), ..cell };
//! assert_eq!(spec.group_of(&all_roles, "mood"), None);
//! ```

use super::cells::{Breakdown, CellKey, INSTRUMENT_CELL, RoleCells};
use super::periods::{CellRead, Grain, month_parts, month_text, plan};
use crate::api::OutcomesQuery;
use std::collections::{BTreeMap, BTreeSet};

/// The most dimensions one query may group by.
pub const MAX_GROUP_BY: usize = 3;

use crate::demographics::{AgeBand, EthnicCategory, EthnicGroup, Imd, StatedSex};
pub use crate::demographics::{NOT_KNOWN, NOT_STATED};

/// One dimension of the outcome figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    Role,
    Domain,
    Instrument,
    Measure,
    Organisation,
    Month,
    Quarter,
    FinancialYear,
    AgeBand,
    Sex,
    EthnicGroup,
    EthnicCategory,
    ImdQuintile,
    ImdDecile,
}

impl Dimension {
    pub const ALL: [Dimension; 14] = [
        Dimension::Role,
        Dimension::Domain,
        Dimension::Instrument,
        Dimension::Measure,
        Dimension::Organisation,
        Dimension::Month,
        Dimension::Quarter,
        Dimension::FinancialYear,
        Dimension::AgeBand,
        Dimension::Sex,
        Dimension::EthnicGroup,
        Dimension::EthnicCategory,
        Dimension::ImdQuintile,
        Dimension::ImdDecile,
    ];

    /// The name in the query string and the response.
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Role => "role",
            Dimension::Domain => "domain",
            Dimension::Instrument => "instrument",
            Dimension::Measure => "measure",
            Dimension::Organisation => "organisation",
            Dimension::Month => "month",
            Dimension::Quarter => "quarter",
            Dimension::FinancialYear => "financial_year",
            Dimension::AgeBand => "age_band",
            Dimension::Sex => "sex",
            Dimension::EthnicGroup => "ethnic_group",
            Dimension::EthnicCategory => "ethnic_category",
            Dimension::ImdQuintile => "imd_quintile",
            Dimension::ImdDecile => "imd_decile",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The cells that hold this dimension's values, for the demographic dimensions.
    pub fn breakdown(self) -> Option<Breakdown> {
        match self {
            Dimension::AgeBand => Some(Breakdown::AgeBand),
            Dimension::Sex => Some(Breakdown::Sex),
            Dimension::EthnicGroup | Dimension::EthnicCategory => Some(Breakdown::EthnicCategory),
            Dimension::ImdQuintile | Dimension::ImdDecile => Some(Breakdown::Imd),
            _ => None,
        }
    }

    /// What a value of this dimension looks like, for messages.
    fn expected(self) -> &'static str {
        match self {
            Dimension::Role | Dimension::Domain | Dimension::Instrument => {
                "an id such as \"phq9\" (letters, digits, '-', '_')"
            }
            Dimension::Measure => "<instrument>.<measure>, such as \"phq9.total\"",
            Dimension::Organisation => "an organisation id",
            Dimension::Month => "a month as YYYY-MM, such as \"2026-04\"",
            Dimension::Quarter => "a calendar quarter as YYYY-Qn, such as \"2026-Q1\"",
            Dimension::FinancialYear => {
                "an NHS financial year (April to March) as YYYY-YY, such as \"2026-27\""
            }
            Dimension::AgeBand => "an age band such as \"25-34\" or \"85+\", or \"not_stated\"",
            Dimension::Sex => "a stated sex code: 1, 2, 9, X or not_stated",
            Dimension::EthnicGroup => "one of white, mixed, asian, black, other, not_stated",
            Dimension::EthnicCategory => {
                "an NHS ethnic category code: A-H, J-N, P, R, S, Z, 99 or not_stated"
            }
            Dimension::ImdQuintile => {
                "an IMD edition and quintile such as \"2019-Q2\", or \"not_known\""
            }
            Dimension::ImdDecile => {
                "an IMD edition and decile such as \"2019-03\", or \"not_known\""
            }
        }
    }

    /// The value in normal form, or `None` when it is not a value of this dimension.
    fn normalise(self, text: &str) -> Option<String> {
        let id_like = |t: &str| {
            !t.is_empty()
                && t.len() <= 128
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        };
        match self {
            Dimension::Role | Dimension::Domain | Dimension::Instrument => {
                id_like(text).then(|| text.to_owned())
            }
            Dimension::Organisation => {
                (!text.is_empty() && text.len() <= 128 && !text.chars().any(char::is_control))
                    .then(|| text.to_owned())
            }
            Dimension::Measure => {
                let (instrument, measure) = text.split_once('.')?;
                (id_like(instrument) && (id_like(measure) || measure == INSTRUMENT_CELL))
                    .then(|| text.to_owned())
            }
            Dimension::Month => month_parts(text).map(|_| text.to_owned()),
            Dimension::Quarter => {
                let upper = text.to_ascii_uppercase();
                quarter_months(&upper).map(|_| upper)
            }
            Dimension::FinancialYear => financial_year_months(text).map(|_| text.to_owned()),
            Dimension::AgeBand => {
                (text == NOT_STATED || AgeBand::from_code(text).is_some()).then(|| text.to_owned())
            }
            Dimension::Sex => {
                let code = if text == NOT_STATED {
                    text.to_owned()
                } else {
                    text.to_ascii_uppercase()
                };
                (code == NOT_STATED || StatedSex::from_code(&code).is_some()).then_some(code)
            }
            Dimension::EthnicGroup => EthnicGroup::from_code(text).map(|_| text.to_owned()),
            Dimension::EthnicCategory => {
                let code = if text == NOT_STATED {
                    text.to_owned()
                } else {
                    text.to_ascii_uppercase()
                };
                (code == NOT_STATED || EthnicCategory::from_code(&code).is_some()).then_some(code)
            }
            Dimension::ImdDecile => {
                (text == NOT_KNOWN || imd_decile_parts(text).is_some()).then(|| text.to_owned())
            }
            Dimension::ImdQuintile => {
                let upper = text.to_ascii_uppercase();
                if text == NOT_KNOWN {
                    return Some(text.to_owned());
                }
                let (edition, quintile) = upper.split_once("-Q")?;
                digits::<u32>(edition, 4..=4)?;
                (1..=5)
                    .contains(&digits::<u8>(quintile, 1..=1)?)
                    .then_some(upper)
            }
        }
    }
}

/// `text` as a number when it is `len` ASCII digits.
fn digits<T: std::str::FromStr>(text: &str, len: std::ops::RangeInclusive<usize>) -> Option<T> {
    (len.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// The calendar quarter of a month: `2026-02` -> `2026-Q1`.
pub fn quarter_of(month: &str) -> Option<String> {
    let (year, number) = month_parts(month)?;
    Some(format!("{year:04}-Q{}", (number - 1) / 3 + 1))
}

/// The NHS financial year (1 April to 31 March) of a month: `2026-03` -> `2025-26`,
/// `2026-04` -> `2026-27`.
pub fn financial_year_of(month: &str) -> Option<String> {
    let (year, number) = month_parts(month)?;
    let start = if number >= 4 { year } else { year - 1 };
    Some(format!("{start:04}-{:02}", (start + 1) % 100))
}

/// The first and last month of a calendar quarter (`2026-Q1` -> `2026-01`, `2026-03`).
pub fn quarter_months(quarter: &str) -> Option<(String, String)> {
    let (year, number) = quarter.split_once("-Q")?;
    let year: i32 = digits(year, 4..=4)?;
    let number: u8 = digits(number, 1..=1)?;
    (1..=4).contains(&number).then(|| {
        let first = (number - 1) * 3 + 1;
        (month_text(year, first), month_text(year, first + 2))
    })
}

/// The first and last month of an NHS financial year (`2026-27` -> `2026-04`, `2027-03`); the
/// second part must be the year after the first (`2099-00` follows `2099`).
pub fn financial_year_months(year: &str) -> Option<(String, String)> {
    let (start, end) = year.split_once('-')?;
    let start: i32 = digits(start, 4..=4)?;
    let end: i32 = digits(end, 2..=2)?;
    (end == (start + 1) % 100).then(|| (month_text(start, 4), month_text(start + 1, 3)))
}

/// The broad group of an ethnic category code (`A` -> `white`); `Z` (not stated), `99` (not
/// known), `not_stated` and anything unrecognised give `not_stated`.
pub fn ethnic_group_of(category: &str) -> &'static str {
    crate::demographics::ethnic_group_of_code(category).code()
}

/// The edition and decile of an `imd` snapshot code (`2019-03` -> (2019, 3)).
pub fn imd_decile_parts(code: &str) -> Option<(u16, u8)> {
    Imd::parse(code).map(|imd| (imd.edition().year(), imd.decile()))
}

/// The IMD quintile code of an `imd` snapshot code, keeping the edition: quintile =
/// (decile + 1) / 2, so deciles 1-2 are quintile 1 (the most deprived 20%): `2019-03` ->
/// `2019-Q2`. `not_known` and anything unrecognised give `not_known`.
pub fn imd_quintile_of(code: &str) -> String {
    imd_decile_parts(code).map_or_else(
        || NOT_KNOWN.to_owned(),
        |(edition, decile)| format!("{edition:04}-Q{}", decile.div_ceil(2)),
    )
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A label for the values this module derives (periods, ethnic groups, IMD quintiles and
/// deciles, not stated / not known); `None` for ids and codes whose names live elsewhere.
pub fn derived_label(dimension: Dimension, code: &str) -> Option<String> {
    let month_name = |month: &str| {
        month_parts(month).map(|(y, m)| format!("{} {y}", MONTH_NAMES[usize::from(m) - 1]))
    };
    match (dimension, code) {
        (_, NOT_STATED) => Some("Not stated".to_owned()),
        (_, NOT_KNOWN) => Some("Not known".to_owned()),
        (Dimension::Month, month) => month_name(month),
        (Dimension::Quarter, quarter) => {
            let (first, last) = quarter_months(quarter)?;
            let first = month_name(&first)?;
            Some(format!(
                "{} to {}",
                first.split(' ').next().unwrap_or_default(),
                month_name(&last)?
            ))
        }
        (Dimension::FinancialYear, year) => {
            let (first, last) = financial_year_months(year)?;
            Some(format!(
                "Financial year {}: {} to {}",
                year,
                month_name(&first)?,
                month_name(&last)?
            ))
        }
        (Dimension::EthnicGroup, group) => {
            EthnicGroup::from_code(group).map(|g| g.label().to_owned())
        }
        (Dimension::EthnicCategory, category) => {
            EthnicCategory::from_code(category).map(|c| c.label().to_owned())
        }
        (Dimension::AgeBand, band) => AgeBand::from_code(band).map(|b| b.label().to_owned()),
        (Dimension::Sex, sex) => StatedSex::from_code(sex).map(|s| s.label().to_owned()),
        (Dimension::ImdDecile, code) => {
            let (edition, decile) = imd_decile_parts(code)?;
            Some(format!(
                "IMD {edition} decile {decile} (1 = most deprived 10%)"
            ))
        }
        (Dimension::ImdQuintile, code) => {
            let (edition, quintile) = code.split_once("-Q")?;
            Some(format!(
                "IMD {edition} quintile {quintile} (1 = most deprived 20%)"
            ))
        }
        _ => None,
    }
}

fn filter_text(query: &OutcomesQuery, dimension: Dimension) -> Option<&str> {
    match dimension {
        Dimension::Role => query.role.as_deref(),
        Dimension::Domain => query.domain.as_deref(),
        Dimension::Instrument => query.instrument.as_deref(),
        Dimension::Measure => query.measure.as_deref(),
        Dimension::Organisation => query.organisation.as_deref(),
        Dimension::Month => query.month.as_deref(),
        Dimension::Quarter => query.quarter.as_deref(),
        Dimension::FinancialYear => query.financial_year.as_deref(),
        Dimension::AgeBand => query.age_band.as_deref(),
        Dimension::Sex => query.sex.as_deref(),
        Dimension::EthnicGroup => query.ethnic_group.as_deref(),
        Dimension::EthnicCategory => query.ethnic_category.as_deref(),
        Dimension::ImdQuintile => query.imd_quintile.as_deref(),
        Dimension::ImdDecile => query.imd_decile.as_deref(),
    }
}

/// A query that cannot be answered, with a stable code and a message saying what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SpecError {
    /// `unknown_dimension`, `too_many_dimensions`, `bad_value`, `one_demographic`,
    /// `one_organisation` or `bad_period`.
    pub code: &'static str,
    pub message: String,
}

impl SpecError {
    fn new(code: &'static str, message: String) -> Self {
        Self { code, message }
    }
}

/// A parsed outcomes query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomesSpec {
    group_by: Vec<Dimension>,
    filters: BTreeMap<Dimension, BTreeSet<String>>,
    from: Option<String>,
    to: Option<String>,
}

/// Splits a comma-separated list, dropping empty entries.
fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').map(str::trim).filter(|t| !t.is_empty())
}

impl OutcomesSpec {
    /// Parses and checks a query (see the module documentation). Empty parameters and empty
    /// list entries are ignored; a dimension named twice in `group_by` counts once.
    pub fn from_query(query: &OutcomesQuery) -> Result<Self, SpecError> {
        let names = || {
            Dimension::ALL
                .iter()
                .map(|d| d.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut group_by = Vec::new();
        for name in list(query.group_by.as_deref().unwrap_or_default()) {
            let Some(dimension) = Dimension::parse(name) else {
                return Err(SpecError::new(
                    "unknown_dimension",
                    format!("cannot group by {name:?}; choose from: {}", names()),
                ));
            };
            if !group_by.contains(&dimension) {
                group_by.push(dimension);
            }
        }
        if group_by.len() > MAX_GROUP_BY {
            return Err(SpecError::new(
                "too_many_dimensions",
                format!(
                    "group_by names {} dimensions; group by at most {MAX_GROUP_BY} at once",
                    group_by.len()
                ),
            ));
        }

        let mut filters = BTreeMap::new();
        for dimension in Dimension::ALL {
            let Some(text) = filter_text(query, dimension) else {
                continue;
            };
            let mut values = BTreeSet::new();
            for value in list(text) {
                let normal = dimension.normalise(value).ok_or_else(|| {
                    SpecError::new(
                        "bad_value",
                        format!(
                            "{}={value:?} is not valid: expected {}",
                            dimension.name(),
                            dimension.expected()
                        ),
                    )
                })?;
                values.insert(normal);
            }
            if dimension == Dimension::Organisation && values.len() > 1 {
                return Err(SpecError::new(
                    "one_organisation",
                    "organisation takes one organisation id (the part of the hierarchy to \
                     report on); to compare organisations, filter on their parent and add \
                     organisation to group_by"
                        .to_owned(),
                ));
            }
            if !values.is_empty() {
                filters.insert(dimension, values);
            }
        }

        let month_bound =
            |name: &str, text: &Option<String>| -> Result<Option<String>, SpecError> {
                match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                    None => Ok(None),
                    Some(month) if month_parts(month).is_some() => Ok(Some(month.to_owned())),
                    Some(month) => Err(SpecError::new(
                        "bad_value",
                        format!(
                            "{name}={month:?} is not valid: expected {}",
                            Dimension::Month.expected()
                        ),
                    )),
                }
            };
        let from = month_bound("from", &query.from)?;
        let to = month_bound("to", &query.to)?;
        if let (Some(from), Some(to)) = (&from, &to)
            && from > to
        {
            return Err(SpecError::new(
                "bad_period",
                format!("from={from} is after to={to}; give the earlier month as from"),
            ));
        }

        let spec = Self {
            group_by,
            filters,
            from,
            to,
        };
        spec.check_one_demographic()?;
        Ok(spec)
    }

    fn check_one_demographic(&self) -> Result<(), SpecError> {
        let mut used: BTreeMap<Breakdown, Vec<String>> = BTreeMap::new();
        for d in &self.group_by {
            if let Some(b) = d.breakdown() {
                used.entry(b)
                    .or_default()
                    .push(format!("{} (group_by)", d.name()));
            }
        }
        for d in self.filters.keys() {
            if let Some(b) = d.breakdown() {
                used.entry(b)
                    .or_default()
                    .push(format!("{} (filter)", d.name()));
            }
        }
        if used.len() > 1 {
            let named: Vec<String> = used.into_values().flatten().collect();
            return Err(SpecError::new(
                "one_demographic",
                format!(
                    "this query uses {}; figures are kept for one demographic attribute at a \
                     time (age band; sex; ethnic group or category; IMD quintile or decile), \
                     so group by or filter on one of them only",
                    named.join(", ")
                ),
            ));
        }
        Ok(())
    }

    pub fn group_by(&self) -> &[Dimension] {
        &self.group_by
    }

    /// The filters in normal form, by dimension (only dimensions with at least one value).
    pub fn filters(&self) -> &BTreeMap<Dimension, BTreeSet<String>> {
        &self.filters
    }

    /// The `from` and `to` months, as given.
    pub fn bounds(&self) -> (Option<&str>, Option<&str>) {
        (self.from.as_deref(), self.to.as_deref())
    }

    /// The demographic dimension the query uses, if any.
    pub fn demographic(&self) -> Option<Dimension> {
        self.group_by
            .iter()
            .chain(self.filters.keys())
            .copied()
            .find(|d| d.breakdown().is_some())
    }

    /// Which cells to read: [`Breakdown::All`] unless a demographic dimension is used.
    pub fn breakdown(&self) -> Breakdown {
        self.demographic()
            .and_then(Dimension::breakdown)
            .unwrap_or(Breakdown::All)
    }

    /// Which cells to read: the all-roles cells unless the query groups or filters by role.
    pub fn role_cells(&self) -> RoleCells {
        if self.group_by.contains(&Dimension::Role) || self.filters.contains_key(&Dimension::Role) {
            RoleCells::EachRole
        } else {
            RoleCells::AllRoles
        }
    }

    /// The inclusive `YYYY-MM` bounds every selected month lies in (from `from`, `to` and the
    /// month, quarter and financial-year filters), for narrowing the read; `None` when the
    /// query has no period limit. When the limits do not overlap the range is empty (first
    /// after last) and no cell falls in it. [`Self::group_of`] still applies each filter exactly.
    pub fn month_range(&self) -> Option<(String, String)> {
        let mut low = self.from.clone();
        let mut high = self.to.clone();
        let mut narrow = |first: String, last: String| {
            if low.as_ref().is_none_or(|l| first > *l) {
                low = Some(first);
            }
            if high.as_ref().is_none_or(|h| last < *h) {
                high = Some(last);
            }
        };
        for (dimension, values) in &self.filters {
            let spans: Vec<(String, String)> = match dimension {
                Dimension::Month => values.iter().map(|m| (m.clone(), m.clone())).collect(),
                Dimension::Quarter => values.iter().filter_map(|q| quarter_months(q)).collect(),
                Dimension::FinancialYear => values
                    .iter()
                    .filter_map(|y| financial_year_months(y))
                    .collect(),
                _ => continue,
            };
            let first = spans.iter().map(|s| s.0.clone()).min();
            let last = spans.iter().map(|s| s.1.clone()).max();
            if let (Some(first), Some(last)) = (first, last) {
                narrow(first, last);
            }
        }
        match (low, high) {
            (None, None) => None,
            (low, high) => Some((
                low.unwrap_or_else(|| "0000-01".to_owned()),
                high.unwrap_or_else(|| "9999-12".to_owned()),
            )),
        }
    }

    /// The coarsest cells that can answer the query: month cells when it groups or filters by
    /// month, quarter cells when by quarter, financial-year cells otherwise.
    pub fn coarsest_grain(&self) -> Grain {
        let uses = |d: Dimension| self.group_by.contains(&d) || self.filters.contains_key(&d);
        if uses(Dimension::Month) {
            Grain::Month
        } else if uses(Dimension::Quarter) {
            Grain::Quarter
        } else {
            Grain::Year
        }
    }

    /// Which cells to read (of [`Self::breakdown`], for the organisations the server picks):
    /// the coarsest the query allows over its whole periods, finer ones at ragged ends, each
    /// month once ([`plan`]).
    pub fn reads(&self) -> Vec<CellRead> {
        let range = self.month_range();
        let (low, high) = match &range {
            Some((low, high)) => (
                (low != "0000-01").then_some(low.as_str()),
                (high != "9999-12").then_some(high.as_str()),
            ),
            None => (None, None),
        };
        plan(self.coarsest_grain(), low, high)
    }

    /// The organisation filter: the root of the part of the hierarchy reported on (the server
    /// checks it is inside the caller's scope, and uses the caller's root when absent).
    pub fn organisation(&self) -> Option<&str> {
        self.filters
            .get(&Dimension::Organisation)
            .and_then(|v| v.first())
            .map(String::as_str)
    }

    /// Whether rows are per organisation. The server then passes the cells of each child of the
    /// root (keyed by the child's id) and the root's own remainder (the root's cells minus its
    /// children's, keyed by the root's id); otherwise it passes the root's cells alone.
    pub fn groups_by_organisation(&self) -> bool {
        self.group_by.contains(&Dimension::Organisation)
    }

    /// The value of `dimension` for a cell (`domain`: the domain of the cell's measure).
    fn value_of(&self, dimension: Dimension, key: &CellKey, domain: &str) -> Option<String> {
        Some(match dimension {
            Dimension::Role => key.role.clone(),
            Dimension::Domain => domain.to_owned(),
            Dimension::Instrument => key.instrument.clone(),
            Dimension::Measure => format!("{}.{}", key.instrument, key.measure),
            Dimension::Organisation => key.organisation.clone(),
            Dimension::Month if key.grain == Grain::Month => key.month.clone(),
            Dimension::Month => return None,
            Dimension::Quarter if key.grain == Grain::Year => return None,
            Dimension::Quarter => quarter_of(&key.month)?,
            Dimension::FinancialYear => financial_year_of(&key.month)?,
            Dimension::AgeBand | Dimension::Sex | Dimension::EthnicCategory => key.value.clone(),
            Dimension::ImdDecile => key.value.clone(),
            Dimension::EthnicGroup => ethnic_group_of(&key.value).to_owned(),
            Dimension::ImdQuintile => imd_quintile_of(&key.value),
        })
    }

    /// The group of a cell: its value of each `group_by` dimension, in order; `None` when a
    /// filter leaves it out (or it is a cell of another breakdown, or of the other kind of role
    /// cell: see [`Self::role_cells`]). `domain` is the domain of the cell's measure; for an instrument cell (measure `*`), the instrument's domain.
    ///
    /// Every filter except `organisation` (which chooses the cells the server reads) is applied
    /// here. A `measure` filter keeps the instrument cell of each instrument it names, so the
    /// funnel of the instrument stays beside its measures.
    pub fn group_of(&self, key: &CellKey, domain: &str) -> Option<Vec<String>> {
        if key.breakdown != self.breakdown() || !self.role_cells().holds(&key.role) {
            return None;
        }
        // The cell's whole period must lie inside the bounds.
        let last = key.grain.end(&key.month)?;
        if self.from.as_ref().is_some_and(|from| key.month < *from)
            || self.to.as_ref().is_some_and(|to| last > *to)
        {
            return None;
        }
        for (dimension, values) in &self.filters {
            let keep = match dimension {
                Dimension::Organisation => true,
                Dimension::Measure if key.is_instrument_cell() => values.iter().any(|v| {
                    v.split_once('.')
                        .is_some_and(|(instrument, _)| instrument == key.instrument)
                }),
                _ => self
                    .value_of(*dimension, key, domain)
                    .is_some_and(|v| values.contains(&v)),
            };
            if !keep {
                return None;
            }
        }
        self.group_by
            .iter()
            .map(|d| self.value_of(*d, key, domain))
            .collect()
    }
}
