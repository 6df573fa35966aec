//! The periods rollup cells cover (a calendar month, a calendar quarter, an NHS financial year)
//! and the plan of which cells answer a range of months with the fewest reads.
//!
//! Every contribution is kept at all three grains: a quarter's cell is exactly the sum of its
//! three month cells, a financial year's the sum of its four quarters (calendar quarters lie
//! inside financial years, which start in April). A query reads the coarsest cells its period
//! dimensions allow and finer ones only at the ragged ends of its range, so "all time by IMD
//! quintile" reads one cell per financial year instead of one per month.
//!
//! A cell's period is named by its grain and its **first month** (`YYYY-MM`): the quarter
//! 2026-Q2 is `(quarter, 2026-04)`, the financial year 2026-27 is `(year, 2026-04)`.

use serde::{Deserialize, Serialize};

/// The year and month (1-12) of `YYYY-MM`.
pub fn month_parts(month: &str) -> Option<(i32, u8)> {
    let (year, number) = month.split_once('-')?;
    if year.len() != 4 || number.len() != 2 {
        return None;
    }
    if !year
        .bytes()
        .chain(number.bytes())
        .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let number: u8 = number.parse().ok()?;
    (1..=12).contains(&number).then_some((year, number))
}

/// `YYYY-MM` of a year and month (1-12).
pub fn month_text(year: i32, month: u8) -> String {
    format!("{year:04}-{month:02}")
}

/// Months counted from year 0 (`2026-01` -> 2026 * 12).
fn index(month: &str) -> Option<i32> {
    month_parts(month).map(|(year, number)| year * 12 + i32::from(number) - 1)
}

fn from_index(index: i32) -> String {
    let month = u8::try_from(index.rem_euclid(12) + 1).expect("1..=12");
    month_text(index.div_euclid(12), month)
}

/// The month `months` after `month` (before, when negative); `None` for a month that is not
/// `YYYY-MM`.
pub fn add_months(month: &str, months: i32) -> Option<String> {
    index(month).map(|i| from_index(i + months))
}

/// How long a period a cell covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grain {
    /// A calendar month.
    Month,
    /// A calendar quarter (January-March, ...).
    Quarter,
    /// An NHS financial year (April-March).
    Year,
}

impl Grain {
    pub const ALL: [Grain; 3] = [Grain::Month, Grain::Quarter, Grain::Year];

    /// The name stored in `outcome_cells.grain`.
    pub fn name(self) -> &'static str {
        match self {
            Grain::Month => "month",
            Grain::Quarter => "quarter",
            Grain::Year => "year",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.name() == name)
    }

    fn months(self) -> i32 {
        match self {
            Grain::Month => 1,
            Grain::Quarter => 3,
            Grain::Year => 12,
        }
    }

    /// The next finer grain.
    fn finer(self) -> Option<Self> {
        match self {
            Grain::Month => None,
            Grain::Quarter => Some(Grain::Month),
            Grain::Year => Some(Grain::Quarter),
        }
    }

    /// The index of the first month of the period of this grain that month `i` lies in.
    fn start_index(self, i: i32) -> i32 {
        match self {
            Grain::Month => i,
            Grain::Quarter => i - i.rem_euclid(3),
            // April is month index 3 of its calendar year.
            Grain::Year => i - (i - 3).rem_euclid(12),
        }
    }

    /// The first month of the period of this grain that `month` lies in: `2026-05` is in the
    /// quarter starting `2026-04` and the financial year starting `2026-04`; `2026-02` in the
    /// quarter starting `2026-01` and the financial year starting `2025-04`.
    pub fn start(self, month: &str) -> Option<String> {
        index(month).map(|i| from_index(self.start_index(i)))
    }

    /// The last month of the period of this grain starting at `start`.
    pub fn end(self, start: &str) -> Option<String> {
        add_months(start, self.months() - 1)
    }
}

/// One read of cells: every cell of `grain` whose first month lies in `first..=last` (either
/// end open when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellRead {
    pub grain: Grain,
    pub first: Option<String>,
    pub last: Option<String>,
}

impl CellRead {
    /// Whether this read selects the cell of `grain` whose period starts at `month`.
    pub fn selects(&self, grain: Grain, month: &str) -> bool {
        grain == self.grain
            && self.first.as_deref().is_none_or(|first| month >= first)
            && self.last.as_deref().is_none_or(|last| month <= last)
    }
}

/// The reads that cover the months `low..=high` (either end open when `None`) exactly once,
/// using cells no coarser than `coarsest`: whole periods of `coarsest` inside the range, and
/// finer cells for the months at either end that do not fill one. An empty range (`low` after
/// `high`) needs no read.
///
/// ```
/// use shared::outcomes::periods::{CellRead, Grain, plan};
/// let read = |grain, first: &str, last: &str| CellRead {
///     grain,
///     first: Some(first.into()),
///     last: Some(last.into()),
/// };
/// // March 2026 to May 2027: the financial year 2026-27 whole, the months at either end.
/// assert_eq!(
///     plan(Grain::Year, Some("2026-03"), Some("2027-05")),
///     [
///         read(Grain::Year, "2026-04", "2026-04"),
///         read(Grain::Month, "2026-03", "2026-03"),
///         read(Grain::Month, "2027-04", "2027-05"),
///     ]
/// );
/// ```
pub fn plan(coarsest: Grain, low: Option<&str>, high: Option<&str>) -> Vec<CellRead> {
    let low = low.and_then(index);
    let high = high.and_then(index);
    let mut reads = Vec::new();
    plan_into(&mut reads, coarsest, low, high);
    reads
}

fn plan_into(reads: &mut Vec<CellRead>, grain: Grain, low: Option<i32>, high: Option<i32>) {
    if let (Some(l), Some(h)) = (low, high)
        && l > h
    {
        return;
    }
    let Some(finer) = grain.finer() else {
        reads.push(CellRead {
            grain,
            first: low.map(from_index),
            last: high.map(from_index),
        });
        return;
    };
    // The first period starting at or after `low`, and the last ending at or before `high`.
    let first_start = low.map(|l| {
        let start = grain.start_index(l);
        if start == l {
            l
        } else {
            start + grain.months()
        }
    });
    let last_start = high.map(|h| {
        let start = grain.start_index(h);
        if start + grain.months() - 1 == h {
            start
        } else {
            start - grain.months()
        }
    });
    if let (Some(f), Some(l)) = (first_start, last_start)
        && f > l
    {
        // No whole period inside: all of it at the finer grain.
        plan_into(reads, finer, low, high);
        return;
    }
    reads.push(CellRead {
        grain,
        first: first_start.map(from_index),
        last: last_start.map(from_index),
    });
    if let (Some(l), Some(f)) = (low, first_start)
        && l < f
    {
        plan_into(reads, finer, Some(l), Some(f - 1));
    }
    if let (Some(h), Some(l)) = (high, last_start)
        && h > l + grain.months() - 1
    {
        plan_into(reads, finer, Some(l + grain.months()), Some(h));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(grain: Grain, first: &str, last: &str) -> CellRead {
        CellRead {
            grain,
            first: Some(first.into()),
            last: Some(last.into()),
        }
    }

    #[test]
    fn periods_start_where_the_calendar_and_the_nhs_year_say() {
        assert_eq!(Grain::Quarter.start("2026-05").unwrap(), "2026-04");
        assert_eq!(Grain::Quarter.start("2026-12").unwrap(), "2026-10");
        assert_eq!(Grain::Year.start("2026-04").unwrap(), "2026-04");
        assert_eq!(Grain::Year.start("2027-03").unwrap(), "2026-04");
        assert_eq!(Grain::Year.start("2026-02").unwrap(), "2025-04");
        assert_eq!(Grain::Year.end("2026-04").unwrap(), "2027-03");
        assert_eq!(Grain::Quarter.end("2026-10").unwrap(), "2026-12");
        assert_eq!(Grain::Month.start("2026-13"), None);
        assert_eq!(add_months("2026-01", -1).unwrap(), "2025-12");
    }

    #[test]
    fn an_open_range_reads_the_coarsest_cells_only() {
        assert_eq!(
            plan(Grain::Year, None, None),
            [CellRead {
                grain: Grain::Year,
                first: None,
                last: None
            }]
        );
    }

    #[test]
    fn ragged_ends_are_read_finer_and_nothing_twice() {
        assert_eq!(
            plan(Grain::Year, Some("2026-02"), Some("2027-05")),
            [
                read(Grain::Year, "2026-04", "2026-04"),
                read(Grain::Month, "2026-02", "2026-03"),
                read(Grain::Month, "2027-04", "2027-05"),
            ]
        );
        assert_eq!(
            plan(Grain::Year, Some("2026-01"), Some("2026-08")),
            [
                // 2026-Q1 and 2026-Q2 whole, then July and August.
                read(Grain::Quarter, "2026-01", "2026-04"),
                read(Grain::Month, "2026-07", "2026-08"),
            ]
        );
        assert_eq!(
            plan(Grain::Quarter, Some("2026-05"), None),
            [
                CellRead {
                    grain: Grain::Quarter,
                    first: Some("2026-07".into()),
                    last: None
                },
                read(Grain::Month, "2026-05", "2026-06"),
            ]
        );
        assert_eq!(
            plan(Grain::Month, Some("2026-05"), Some("2026-05")),
            [read(Grain::Month, "2026-05", "2026-05")]
        );
        assert!(plan(Grain::Year, Some("2026-05"), Some("2026-04")).is_empty());
    }

    /// Every month of a range is covered by exactly one read, for every range of a few years.
    #[test]
    fn plans_cover_each_month_exactly_once() {
        let months: Vec<String> = (0..40).map(|i| add_months("2025-01", i).unwrap()).collect();
        for (a, low) in months.iter().enumerate() {
            for high in &months[a..] {
                for coarsest in Grain::ALL {
                    let reads = plan(coarsest, Some(low), Some(high));
                    for month in &months {
                        let covering = reads
                            .iter()
                            .flat_map(|r| {
                                let first = index(r.first.as_deref().unwrap()).unwrap();
                                let last = index(r.last.as_deref().unwrap()).unwrap();
                                (first..=last)
                                    .filter(move |i| r.grain.start_index(*i) == *i)
                                    .map(move |start| (start, r.grain))
                            })
                            .filter(|(start, grain)| {
                                let i = index(month).unwrap();
                                (*start..start + grain.months()).contains(&i)
                            })
                            .count();
                        let inside = month >= low && month <= high;
                        assert_eq!(covering, usize::from(inside), "{low}..{high} {month}");
                    }
                }
            }
        }
    }
}
