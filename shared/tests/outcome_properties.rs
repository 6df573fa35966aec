//! Property tests (host only) of the outcome accumulators and pairing: add-then-remove is the
//! identity, merging the parts of any partition equals one pass over the whole, the exact sums
//! agree with a two-pass computation, pairing never breaks its window, and secondary
//! suppression leaves no withheld count recoverable.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use shared::ResponseId;
use shared::outcomes::accumulators::{
    FunnelAccumulator, GasAccumulator, MeasureAccumulator, PairAccumulator,
};
use shared::outcomes::figures::{ChangeRule, Direction};
use shared::outcomes::moments::Moments;
use shared::outcomes::pairing::{Observation, PairingRules, TimePoint, pair};
use shared::stats::secondary::{Relation, Withheld, suppress};
use std::collections::BTreeSet;
use time::macros::datetime;

const RULE: ChangeRule = ChangeRule {
    improves: Direction::Lower,
    reliable_change: Some(6.0),
    caseness_at_least: Some(10.0),
};

/// A pair: baseline and follow-up on a PHQ-9-like scale (some with fractions, like prorated or
/// metric scores), days, and which part of a partition it falls in.
fn pairs() -> impl Strategy<Value = Vec<(f64, f64, i64, usize)>> {
    let score = prop_oneof![
        (0i64..=27).prop_map(|v| v as f64),
        (0i64..=2700).prop_map(|v| v as f64 / 100.0),
    ];
    prop::collection::vec((score.clone(), score, 14i64..=365, 0usize..4), 0..60)
}

fn scores() -> impl Strategy<Value = Vec<(f64, usize)>> {
    let score = prop_oneof![
        (0i64..=10).prop_map(|v| v as f64),
        (0i64..=10_000).prop_map(|v| v as f64 / 100.0),
        (-2.0f64..2.0).prop_map(|x| 50.0 + 10.0 * x / 0.7f64.sqrt()),
    ];
    prop::collection::vec((score, 0usize..4), 0..80)
}

fn band_of(value: f64) -> Option<&'static str> {
    match value {
        v if v < 5.0 => Some("low"),
        v if v < 9.0 => Some("high"),
        _ => None,
    }
}

fn two_pass(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    (mean, (ss / (n - 1.0)).sqrt())
}

proptest! {
    #[test]
    fn adding_then_removing_pairs_is_the_identity(
        held in pairs(),
        passing in pairs(),
    ) {
        let mut cell = PairAccumulator::default();
        for (b, f, d, _) in &held {
            cell.add(&RULE, *b, *f, *d).unwrap();
        }
        let before = cell.clone();
        for (b, f, d, _) in &passing {
            cell.add(&RULE, *b, *f, *d).unwrap();
        }
        for (b, f, d, _) in passing.iter().rev() {
            cell.remove(&RULE, *b, *f, *d).unwrap();
        }
        prop_assert_eq!(&cell, &before);
        for (b, f, d, _) in &held {
            cell.remove(&RULE, *b, *f, *d).unwrap();
        }
        prop_assert_eq!(cell, PairAccumulator::default());
    }

    #[test]
    fn merged_parts_of_pairs_equal_the_whole(pairs in pairs()) {
        let mut whole = PairAccumulator::default();
        let mut parts = vec![PairAccumulator::default(); 4];
        for (b, f, d, part) in &pairs {
            whole.add(&RULE, *b, *f, *d).unwrap();
            parts[*part].add(&RULE, *b, *f, *d).unwrap();
        }
        let mut merged = PairAccumulator::default();
        for part in &parts {
            merged.merge(part);
        }
        prop_assert_eq!(&merged, &whole);
        prop_assert_eq!(merged.finish(&RULE), whole.finish(&RULE));
        // Taking a part out again leaves the merge of the others.
        merged.subtract(&parts[0]).unwrap();
        let mut others = PairAccumulator::default();
        for part in &parts[1..] {
            others.merge(part);
        }
        prop_assert_eq!(merged, others);
    }

    #[test]
    fn cross_sectional_and_gas_cells_add_remove_and_merge_exactly(values in scores()) {
        let mut whole = MeasureAccumulator::default();
        let mut parts = vec![MeasureAccumulator::default(); 4];
        let mut gas_whole = GasAccumulator::default();
        let mut gas_parts = [GasAccumulator::default(); 4];
        let mut funnel_whole = FunnelAccumulator::default();
        let mut funnel_parts = [FunnelAccumulator::default(); 4];
        for (value, part) in &values {
            whole.add(*value, band_of(*value)).unwrap();
            parts[*part].add(*value, band_of(*value)).unwrap();
            gas_whole.add(*value).unwrap();
            gas_parts[*part].add(*value).unwrap();
            funnel_whole.add(*value > 50.0);
            funnel_parts[*part].add(*value > 50.0);
        }
        let mut merged = MeasureAccumulator::default();
        let mut gas_merged = GasAccumulator::default();
        let mut funnel_merged = FunnelAccumulator::default();
        for part in 0..4 {
            merged.merge(&parts[part]);
            gas_merged.merge(&gas_parts[part]);
            funnel_merged.merge(&funnel_parts[part]);
        }
        prop_assert_eq!(&merged, &whole);
        prop_assert_eq!(gas_merged, gas_whole);
        prop_assert_eq!(funnel_merged, funnel_whole);
        for (value, _) in &values {
            whole.remove(*value, band_of(*value)).unwrap();
            gas_whole.remove(*value).unwrap();
            funnel_whole.remove(*value > 50.0).unwrap();
        }
        prop_assert_eq!(whole, MeasureAccumulator::default());
        prop_assert_eq!(gas_whole, GasAccumulator::default());
        prop_assert_eq!(funnel_whole, FunnelAccumulator::default());
    }

    #[test]
    fn exact_sums_agree_with_a_two_pass_computation(values in scores()) {
        let values: Vec<f64> = values.into_iter().map(|(v, _)| v).collect();
        prop_assume!(values.len() >= 2);
        let mut moments = Moments::default();
        for value in &values {
            moments.add(*value).unwrap();
        }
        let (mean, sd) = two_pass(&values);
        prop_assert!((moments.mean().unwrap() - mean).abs() <= 1e-9);
        prop_assert!((moments.sd().unwrap() - sd).abs() <= 1e-9);
    }

    #[test]
    fn removing_what_was_never_added_fails_and_changes_nothing(pairs in pairs()) {
        let mut cell = PairAccumulator::default();
        for (b, f, d, _) in &pairs {
            cell.add(&RULE, *b, *f, *d).unwrap();
        }
        let before = cell.clone();
        // A 400-day pair was never added (days are at most 365 above).
        prop_assert!(cell.remove(&RULE, 12.0, 4.0, 400).is_err());
        prop_assert_eq!(cell, before);
    }

    #[test]
    fn pairing_keeps_its_window_and_uses_each_response_once(
        timeline in prop::collection::vec(
            (0u8..3, 0i64..900, prop::option::of(0u8..3), prop::option::of(0usize..40)),
            0..40,
        ),
    ) {
        let start = datetime!(2025-01-01 09:00 UTC);
        let observations: Vec<Observation> = timeline
            .iter()
            .enumerate()
            .map(|(i, (patient, day, point, supersedes))| Observation {
                response_id: ResponseId::from_uuid(uuid::Uuid::from_u128(i as u128)),
                patient: Some(format!("p{patient}")),
                instrument: "phq9".to_owned(),
                values: Default::default(),
                recorded_at: start + time::Duration::days(*day),
                time_point: point.map(|p| [TimePoint::Baseline, TimePoint::Review, TimePoint::Final][p as usize]),
                supersedes: supersedes
                    .filter(|s| *s != i)
                    .map(|s| ResponseId::from_uuid(uuid::Uuid::from_u128(s as u128))),
            })
            .collect();
        let rules = PairingRules::default();
        let pairing = pair(&observations, &rules);
        let superseded: BTreeSet<_> = observations.iter().filter_map(|o| o.supersedes).collect();
        let mut used = BTreeSet::new();
        for episode in &pairing.episodes {
            prop_assert!(!superseded.contains(&episode.baseline.response_id));
            prop_assert!(episode.baseline.time_point.is_none_or(|p| p == TimePoint::Baseline));
            prop_assert!(used.insert(episode.baseline.response_id));
            if let Some(follow_up) = episode.follow_up {
                prop_assert!(!superseded.contains(&follow_up.response_id));
                prop_assert_eq!(follow_up.patient.as_ref(), episode.baseline.patient.as_ref());
                prop_assert!(follow_up.time_point != Some(TimePoint::Baseline));
                prop_assert!(rules.in_window(episode.baseline.recorded_at, follow_up.recorded_at));
                prop_assert!(used.insert(follow_up.response_id));
            }
        }
        prop_assert_eq!(
            pairing.current.len(),
            observations.iter().filter(|o| !superseded.contains(&o.response_id)).count()
        );
    }
}

/// A table of `rows` x `cols` counts with row totals, column totals and a grand total, laid out
/// as the cells, then the row totals, the column totals and the grand total; with its relations.
fn two_way(rows: usize, cols: usize, cells: &[u64]) -> (Vec<u64>, Vec<Relation>) {
    let cell = |r: usize, c: usize| r * cols + c;
    let row_total = |r: usize| rows * cols + r;
    let col_total = |c: usize| rows * cols + rows + c;
    let grand = rows * cols + rows + cols;
    let mut counts = cells[..rows * cols].to_vec();
    counts.extend((0..rows).map(|r| (0..cols).map(|c| cells[cell(r, c)]).sum::<u64>()));
    counts.extend((0..cols).map(|c| (0..rows).map(|r| cells[cell(r, c)]).sum::<u64>()));
    counts.push(cells[..rows * cols].iter().sum());
    let mut relations: Vec<Relation> = (0..rows)
        .map(|r| Relation {
            total: row_total(r),
            parts: (0..cols).map(|c| cell(r, c)).collect(),
        })
        .collect();
    relations.extend((0..cols).map(|c| Relation {
        total: col_total(c),
        parts: (0..rows).map(|r| cell(r, c)).collect(),
    }));
    relations.push(Relation {
        total: grand,
        parts: (0..rows).map(row_total).collect(),
    });
    relations.push(Relation {
        total: grand,
        parts: (0..cols).map(col_total).collect(),
    });
    (counts, relations)
}

proptest! {
    #[test]
    fn no_withheld_count_is_recovered_by_any_sum_or_difference_of_relations(
        rows in 1usize..=3,
        cols in 2usize..=3,
        cells in prop::collection::vec(
            prop_oneof![0u64..=9, 0u64..=60],
            9,
        ),
    ) {
        let (counts, relations) = two_way(rows, cols, &cells);
        let withheld = suppress(&counts, &relations);
        for (cell, why) in withheld.iter().enumerate() {
            let small = (1..=7).contains(&counts[cell]);
            prop_assert_eq!(*why == Some(Withheld::Small), small);
            if why.is_some() {
                prop_assert!(counts[cell] > 0);
            }
        }
        // Every combination of the relations with signs -1, 0 or +1: a combination that leaves
        // exactly one withheld cell with a non-zero coefficient would give that cell away.
        for combination in 0..3u64.pow(relations.len() as u32) {
            let mut digits = combination;
            let mut coefficients = vec![0i64; counts.len()];
            for relation in &relations {
                let sign = (digits % 3) as i64 - 1;
                digits /= 3;
                coefficients[relation.total] += sign;
                for &part in &relation.parts {
                    coefficients[part] -= sign;
                }
            }
            let exposed: Vec<usize> = (0..counts.len())
                .filter(|&c| withheld[c].is_some() && coefficients[c] != 0)
                .collect();
            prop_assert!(
                exposed.len() != 1,
                "cell {:?} of {:?} is recovered; withheld {:?}",
                exposed,
                counts,
                withheld
            );
        }
    }
}
