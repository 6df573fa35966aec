//! Property test (host only) of the suppressed outcomes table: for random tables of groups, no
//! withheld count, and no small count that is not shown, can be worked out from what is shown,
//! neither by repeated subtraction of shown counts from totals and siblings nor by any linear
//! combination of the relations between the counts (exact integer elimination, written here
//! independently of `shared::stats::secondary`).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use shared::api::{Count, OutcomesQuery, OutcomesRow, WithheldReason};
use shared::instrument::Band;
use shared::outcomes::accumulators::MeasureAccumulator;
use shared::outcomes::cells::{CellStats, MeasureRules};
use shared::outcomes::figures::{ChangeRule, Direction};
use shared::outcomes::query::{Dimension, OutcomesSpec};
use shared::outcomes::table::{Definitions, GroupCells, Groups, assemble};

struct Phq9Like;

const RULE: ChangeRule = ChangeRule {
    improves: Direction::Lower,
    reliable_change: Some(6.0),
    caseness_at_least: Some(10.0),
};

fn bands() -> Vec<Band> {
    [(0, 4, "b0"), (5, 9, "b1"), (10, 14, "b2"), (15, 27, "b3")]
        .into_iter()
        .map(|(min, max, label)| Band {
            min,
            max,
            label: label.to_owned(),
        })
        .collect()
}

impl MeasureRules for Phq9Like {
    fn change_rule(&self, _: &str, measure: &str) -> Option<ChangeRule> {
        (measure == "total").then_some(RULE)
    }
}

impl Definitions for Phq9Like {
    fn bands(&self, _: &str, measure: &str) -> Vec<Band> {
        if measure == "total" {
            bands()
        } else {
            Vec::new()
        }
    }
    fn summarise_mean(&self, _: &str, _: &str) -> bool {
        true
    }
    fn domain(&self, _: &str, _: &str) -> Option<String> {
        Some("mood".to_owned())
    }
    fn label(&self, _: Dimension, _: &str) -> Option<String> {
        None
    }
}

/// The exact counts of one group, as generated.
#[derive(Debug, Clone)]
struct GroupCounts {
    responses: u64,
    with_baseline: u64,
    with_follow_up: u64,
    /// Per band, then values without a band.
    bands: [u64; 5],
    /// (improved, no change, deteriorated)
    classes: [u64; 3],
    cases: u64,
    recovered: u64,
    reliably_recovered: u64,
    gas_n: u64,
    gas_50: u64,
}

fn small_or_not() -> impl Strategy<Value = u64> {
    prop_oneof![Just(0u64), 1u64..=7, 8u64..=30]
}

fn group_counts() -> impl Strategy<Value = GroupCounts> {
    (
        small_or_not(),
        small_or_not(),
        small_or_not(),
        prop::array::uniform5(prop_oneof![3 => small_or_not(), 1 => Just(0u64)]),
        prop::array::uniform3(small_or_not()),
        (0u64..=100, 0u64..=100, 0u64..=100),
        (small_or_not(), 0u64..=100),
    )
        .prop_map(
            |(responses, a, b, bands, classes, (c, r, rr), (gas_n, g))| {
                let pairs: u64 = classes.iter().sum();
                let cases = pairs * c / 100;
                let recovered = cases * r / 100;
                // Reliably recovered ones are reliably improved too.
                let reliably_recovered = (recovered * rr / 100).min(classes[0]);
                GroupCounts {
                    responses,
                    with_baseline: a.max(b),
                    with_follow_up: a.min(b),
                    bands,
                    classes,
                    cases,
                    recovered,
                    reliably_recovered,
                    gas_n,
                    gas_50: gas_n * g / 100,
                }
            },
        )
}

/// Cells with exactly these counts.
fn cells_of(counts: &GroupCounts) -> GroupCells {
    let mut instrument = CellStats {
        responses: counts.responses,
        ..CellStats::default()
    };
    instrument.funnel.with_baseline = counts.with_baseline;
    instrument.funnel.with_follow_up = counts.with_follow_up;

    let mut measure = CellStats::default();
    let mut current = MeasureAccumulator::default();
    for (band, &count) in counts.bands.iter().enumerate() {
        for _ in 0..count {
            let label = ["b0", "b1", "b2", "b3"].get(band).copied();
            current
                .add(band as f64 * 5.0 + 0.5 * f64::from(label.is_none()), label)
                .unwrap();
        }
    }
    measure.current = current;
    let pairs: u64 = counts.classes.iter().sum();
    let p = &mut measure.pairs;
    for i in 0..pairs {
        p.baseline.add(12.0).unwrap();
        p.follow_up.add(6.0 + (i % 3) as f64).unwrap();
        p.change.add(-6.0 + (i % 3) as f64).unwrap();
        p.days.add(30 + i as i64, 1);
    }
    p.reliable.improved = counts.classes[0];
    p.reliable.no_change = counts.classes[1];
    p.reliable.deteriorated = counts.classes[2];
    p.recovery.cases_at_baseline = counts.cases;
    p.recovery.recovered = counts.recovered;
    p.recovery.reliably_recovered = counts.reliably_recovered;

    let mut gas = CellStats::default();
    for i in 0..counts.gas_n {
        let t = if i < counts.gas_50 { 55.0 } else { 45.0 };
        gas.current.add(t, None).unwrap();
        gas.gas.add(t).unwrap();
    }

    let mut cells = GroupCells::new();
    cells.insert(("phq9".into(), "*".into()), instrument);
    cells.insert(("phq9".into(), "total".into()), measure);
    if counts.gas_n > 0 {
        cells.insert(("gas".into(), "attainment_t".into()), gas);
    }
    cells
}

/// One count a reader might try to work out: its exact value and whether it is shown.
struct Cell {
    exact: u64,
    shown: bool,
    /// Withheld (rather than never shown).
    withheld: bool,
}

/// The reader's system: cells and the relations `total = sum of parts` that hold in the data.
#[derive(Default)]
struct System {
    cells: Vec<Cell>,
    relations: Vec<(usize, Vec<usize>)>,
}

impl System {
    fn shown(&mut self, count: &Count, exact: u64) -> usize {
        if count.value.is_some() {
            assert_eq!(count.withheld, None);
        } else {
            assert!(count.withheld.is_some(), "a missing count says why");
            assert_eq!(
                count.withheld == Some(WithheldReason::Small),
                (1..=7).contains(&exact),
                "small exactly when 1-7"
            );
        }
        self.cells.push(Cell {
            exact,
            shown: count.value.is_some(),
            withheld: count.value.is_none(),
        });
        self.cells.len() - 1
    }

    fn hidden(&mut self, exact: u64) -> usize {
        self.cells.push(Cell {
            exact,
            shown: false,
            withheld: false,
        });
        self.cells.len() - 1
    }

    /// Repeated subtraction: any relation with one unknown member gives it; returns what the
    /// reader ends up knowing.
    fn subtraction(&self) -> Vec<bool> {
        let mut known: Vec<bool> = self.cells.iter().map(|c| c.shown).collect();
        loop {
            let mut progress = false;
            for (total, parts) in &self.relations {
                let members: Vec<usize> = std::iter::once(*total)
                    .chain(parts.iter().copied())
                    .collect();
                let unknown: Vec<usize> = members.iter().copied().filter(|&m| !known[m]).collect();
                if let [only] = unknown[..] {
                    known[only] = true;
                    progress = true;
                }
            }
            if !progress {
                return known;
            }
        }
    }

    /// Exact elimination over the integers (fraction-free): the unknown cells that some
    /// combination of the relations isolates.
    fn determined(&self) -> Vec<usize> {
        let unknown: Vec<usize> = (0..self.cells.len())
            .filter(|&c| !self.cells[c].shown)
            .collect();
        let column = |cell: usize| unknown.iter().position(|&u| u == cell);
        let mut rows: Vec<Vec<i128>> = self
            .relations
            .iter()
            .map(|(total, parts)| {
                let mut row = vec![0i128; unknown.len()];
                if let Some(j) = column(*total) {
                    row[j] += 1;
                }
                for &p in parts {
                    if let Some(j) = column(p) {
                        row[j] -= 1;
                    }
                }
                row
            })
            .filter(|row| row.iter().any(|&v| v != 0))
            .collect();
        // Reduced row echelon form with integer rows (each row divided by its gcd).
        let mut rank = 0;
        for col in 0..unknown.len() {
            let Some(pivot) = (rank..rows.len()).find(|&r| rows[r][col] != 0) else {
                continue;
            };
            rows.swap(rank, pivot);
            for r in 0..rows.len() {
                if r != rank && rows[r][col] != 0 {
                    let (a, b) = (rows[rank][col], rows[r][col]);
                    let pivot_row = rows[rank].clone();
                    for (value, p) in rows[r].iter_mut().zip(&pivot_row) {
                        *value = *value * a - p * b;
                    }
                    let g = rows[r].iter().fold(0i128, |g, &v| gcd(g, v.abs()));
                    if g > 1 {
                        rows[r].iter_mut().for_each(|v| *v /= g);
                    }
                }
            }
            rank += 1;
        }
        rows[..rank]
            .iter()
            .filter_map(|row| {
                let nonzero: Vec<usize> = (0..row.len()).filter(|&j| row[j] != 0).collect();
                (nonzero.len() == 1).then(|| unknown[nonzero[0]])
            })
            .collect()
    }
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The cells of one row as the reader sees them, with the relations inside the row.
fn row_cells(system: &mut System, row: &OutcomesRow, exact: &GroupCounts) -> Vec<usize> {
    let mut ids = Vec::new();
    let phq9 = row.instruments.iter().find(|i| i.instrument == "phq9");
    let zero = Count {
        value: Some(0),
        withheld: None,
    };
    let responses = phq9.map_or(zero, |i| i.responses);
    let wb = phq9.map_or(zero, |i| i.funnel.with_baseline);
    let wf = phq9.map_or(zero, |i| i.funnel.with_follow_up);
    ids.push(system.shown(&responses, exact.responses));
    let b = system.shown(&wb, exact.with_baseline);
    let f = system.shown(&wf, exact.with_follow_up);
    let without = system.hidden(exact.with_baseline - exact.with_follow_up);
    system.relations.push((b, vec![f, without]));
    ids.extend([b, f, without]);

    let measure = row.measures.iter().find(|m| m.measure == "phq9.total");
    let n_exact: u64 = exact.bands.iter().sum();
    let n = system.shown(&measure.map_or(zero, |m| m.cross_sectional.n), n_exact);
    let mut parts = Vec::new();
    for band in 0..4 {
        let count = measure.map_or(zero, |m| m.cross_sectional.bands[band].count);
        parts.push(system.shown(&count, exact.bands[band]));
    }
    parts.push(system.hidden(exact.bands[4]));
    system.relations.push((n, parts.clone()));
    ids.push(n);
    ids.extend(parts);

    let paired = measure.and_then(|m| m.paired.as_ref());
    let pairs_exact: u64 = exact.classes.iter().sum();
    let pairs = system.shown(&paired.map_or(zero, |p| p.pairs), pairs_exact);
    let reliable = paired.and_then(|p| p.reliable_change);
    let classes: Vec<usize> = [
        reliable.map_or(zero, |r| r.improved),
        reliable.map_or(zero, |r| r.no_change),
        reliable.map_or(zero, |r| r.deteriorated),
    ]
    .iter()
    .zip(exact.classes)
    .map(|(count, exact)| system.shown(count, exact))
    .collect();
    system.relations.push((pairs, classes.clone()));
    let recovery = paired.and_then(|p| p.recovery);
    let cases = system.shown(&recovery.map_or(zero, |r| r.cases_at_baseline), exact.cases);
    let non_cases = system.hidden(pairs_exact - exact.cases);
    let recovered = system.shown(&recovery.map_or(zero, |r| r.recovered), exact.recovered);
    let not_recovered = system.hidden(exact.cases - exact.recovered);
    let reliably = system.shown(
        &recovery.map_or(zero, |r| r.reliably_recovered),
        exact.reliably_recovered,
    );
    let not_reliably = system.hidden(exact.recovered - exact.reliably_recovered);
    system.relations.push((pairs, vec![cases, non_cases]));
    system
        .relations
        .push((cases, vec![recovered, not_recovered]));
    system
        .relations
        .push((recovered, vec![reliably, not_reliably]));
    ids.push(pairs);
    ids.extend(classes);
    ids.extend([
        cases,
        non_cases,
        recovered,
        not_recovered,
        reliably,
        not_reliably,
    ]);

    let gas = row
        .measures
        .iter()
        .find(|m| m.measure == "gas.attainment_t")
        .and_then(|m| m.gas);
    let gas_n = system.shown(&gas.map_or(zero, |g| g.n), exact.gas_n);
    let at_50 = system.shown(&gas.map_or(zero, |g| g.at_least_50), exact.gas_50);
    let below = system.hidden(exact.gas_n - exact.gas_50);
    system.relations.push((gas_n, vec![at_50, below]));
    ids.extend([gas_n, at_50, below]);
    ids
}

fn total_of(groups: &[GroupCounts]) -> GroupCounts {
    let mut t = GroupCounts {
        responses: 0,
        with_baseline: 0,
        with_follow_up: 0,
        bands: [0; 5],
        classes: [0; 3],
        cases: 0,
        recovered: 0,
        reliably_recovered: 0,
        gas_n: 0,
        gas_50: 0,
    };
    for g in groups {
        t.responses += g.responses;
        t.with_baseline += g.with_baseline;
        t.with_follow_up += g.with_follow_up;
        for i in 0..5 {
            t.bands[i] += g.bands[i];
        }
        for i in 0..3 {
            t.classes[i] += g.classes[i];
        }
        t.cases += g.cases;
        t.recovered += g.recovered;
        t.reliably_recovered += g.reliably_recovered;
        t.gas_n += g.gas_n;
        t.gas_50 += g.gas_50;
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_withheld_or_small_hidden_count_can_be_worked_out(
        groups in prop::collection::vec(group_counts(), 1..=5),
    ) {
        let spec = OutcomesSpec::from_query(&OutcomesQuery {
            group_by: Some("role".to_owned()),
            ..OutcomesQuery::default()
        })
        .unwrap();
        let table: Groups = groups
            .iter()
            .enumerate()
            .map(|(i, g)| (vec![format!("role-{i}")], cells_of(g)))
            .collect();
        let response = assemble(&spec, &table, &Phq9Like);
        prop_assert_eq!(response.rows.len(), groups.len());

        let mut system = System::default();
        let mut rows = Vec::new();
        for (row, exact) in response.rows.iter().zip(&groups) {
            rows.push(row_cells(&mut system, row, exact));
        }
        let total = row_cells(&mut system, &response.total, &total_of(&groups));
        // The total row is the sum of the group rows, cell by cell.
        for (k, &total_cell) in total.iter().enumerate() {
            system.relations.push((total_cell, rows.iter().map(|r| r[k]).collect()));
        }

        // Protected: every withheld count, and every small count that is not shown.
        let protected = |c: usize| {
            let cell = &system.cells[c];
            cell.withheld || (!cell.shown && (1..=7).contains(&cell.exact))
        };
        let known = system.subtraction();
        for (c, known) in known.iter().enumerate() {
            prop_assert!(
                !(protected(c) && *known),
                "cell {} (exact {}) is recovered by subtraction", c, system.cells[c].exact
            );
        }
        for c in system.determined() {
            prop_assert!(
                !protected(c),
                "cell {} (exact {}) is recovered by a combination of relations", c, system.cells[c].exact
            );
        }
    }
}
