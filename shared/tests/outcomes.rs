//! Golden tests of evaluator outcomes: pairing on hand-built timelines, and the figures
//! (change, its CI, d_z and its CI, reliable change, recovery, bands, FFT, GAS, funnel) against
//! values computed independently.
//!
//! Expected figures were computed with Python 3 (numpy 2, scipy 1.x) from the same inputs:
//! `numpy.mean`, `numpy.std(ddof=1)`, `scipy.stats.t.ppf(0.975, n - 1)` for the t interval
//! (cross-checked with `scipy.stats.ttest_rel(follow_up, baseline).confidence_interval()`),
//! `d = mean / sd` with `d ± scipy.stats.norm.ppf(0.975) * sqrt(1/n + d²/(2n))` (the formula of
//! R effectsize's `repeated_measures_d(method = "z", adjust = FALSE)`), and `numpy.median`.
//! Counts (reliable change, recovery, bands) were also worked out by hand in the comments.
//! The same file runs on wasm32, so the tablet computes the same figures.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use shared::ResponseId;
use shared::catalog::InstrumentCatalog;
use shared::outcomes::accumulators::{
    FunnelAccumulator, GasAccumulator, MeasureAccumulator, PairAccumulator,
};
use shared::outcomes::figures::{
    ChangeRule, Direction, FftFigures, ReliableChange, d_z_ci, mean_ci, t_quantile,
};
use shared::outcomes::pairing::{
    Observation, Pairing, PairingRules, PatientFunnel, TimePoint, pair,
};
use time::OffsetDateTime;
use time::macros::datetime;

const TOLERANCE: f64 = 1e-9;

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a figure was expected");
    assert!(
        (actual - expected).abs() <= TOLERANCE,
        "{actual} differs from {expected} by more than {TOLERANCE}"
    );
}

fn id(n: u128) -> ResponseId {
    ResponseId::from_uuid(uuid::Uuid::from_u128(n))
}

fn obs(n: u128, patient: &str, at: OffsetDateTime, time_point: Option<TimePoint>) -> Observation {
    Observation {
        response_id: id(n),
        patient: Some(patient.to_owned()),
        instrument: "phq9".to_owned(),
        values: [("total".to_owned(), n as f64)].into(),
        recorded_at: at,
        time_point,
        supersedes: None,
    }
}

/// Each episode as (baseline id, follow-up id, days), by the low bits of the ids.
fn episodes(pairing: &Pairing<'_>) -> Vec<(u128, Option<u128>, Option<i64>)> {
    let n = |o: &Observation| u128::from_str_radix(&o.response_id.to_string()[24..], 16).unwrap();
    pairing
        .episodes
        .iter()
        .map(|e| (n(e.baseline), e.follow_up.map(n), e.days()))
        .collect()
}

fn paired(responses: &[Observation]) -> Vec<(u128, Option<u128>, Option<i64>)> {
    episodes(&pair(responses, &PairingRules::default()))
}

use TimePoint::{Baseline, Final, Review};

#[test]
fn the_latest_follow_up_in_the_window_is_chosen() {
    let responses = [
        obs(1, "p", datetime!(2026-01-01 09:00 UTC), None),
        obs(2, "p", datetime!(2026-01-10 09:00 UTC), None), // 9 days: too early
        obs(3, "p", datetime!(2026-02-01 09:00 UTC), None), // 31 days
        obs(4, "p", datetime!(2026-03-01 09:00 UTC), Some(Review)), // 59 days, the latest
    ];
    assert_eq!(paired(&responses), [(1, Some(4), Some(59))]);
}

#[test]
fn a_final_is_the_follow_up_and_closes_the_episode() {
    let responses = [
        obs(1, "p", datetime!(2026-01-01 09:00 UTC), None),
        obs(2, "p", datetime!(2026-02-01 09:00 UTC), Some(Final)), // 31 days
        obs(3, "p", datetime!(2026-03-01 09:00 UTC), Some(Review)), // nothing open: unpaired
        obs(4, "p", datetime!(2026-04-01 09:00 UTC), None),        // opens a new episode
    ];
    assert_eq!(
        paired(&responses),
        [(1, Some(2), Some(31)), (4, None, None)]
    );
}

#[test]
fn an_explicit_baseline_opens_a_new_episode() {
    let responses = [
        obs(1, "p", datetime!(2026-01-01 09:00 UTC), None),
        obs(2, "p", datetime!(2026-02-01 09:00 UTC), None),
        obs(3, "p", datetime!(2026-03-01 09:00 UTC), Some(Baseline)),
        obs(4, "p", datetime!(2026-04-15 09:00 UTC), Some(Final)),
    ];
    assert_eq!(
        paired(&responses),
        [(1, Some(2), Some(31)), (3, Some(4), Some(45))]
    );
}

#[test]
fn two_responses_on_one_day_make_a_baseline_and_an_ignored_repeat() {
    let responses = [
        obs(2, "p", datetime!(2026-01-01 15:00 UTC), None),
        obs(1, "p", datetime!(2026-01-01 09:00 UTC), None),
    ];
    let pairing = pair(&responses, &PairingRules::default());
    assert_eq!(episodes(&pairing), [(1, None, None)]);
    assert_eq!(pairing.current.len(), 2);
    // Two baselines on one day: the later opens a new episode.
    let baselines = [
        obs(1, "p", datetime!(2026-01-01 09:00 UTC), Some(Baseline)),
        obs(2, "p", datetime!(2026-01-01 15:00 UTC), Some(Baseline)),
    ];
    assert_eq!(paired(&baselines), [(1, None, None), (2, None, None)]);
    // Equal times order by id.
    let tied = [
        obs(9, "p", datetime!(2026-01-01 09:00 UTC), None),
        obs(8, "p", datetime!(2026-01-01 09:00 UTC), None),
    ];
    assert_eq!(paired(&tied), [(8, None, None)]);
}

#[test]
fn a_review_before_fourteen_days_is_ignored_and_the_episode_stays_open() {
    let responses = [
        obs(1, "p", datetime!(2026-01-01 09:00 UTC), None),
        obs(2, "p", datetime!(2026-01-14 09:00 UTC), Some(Review)), // 13 days
        obs(3, "p", datetime!(2026-01-15 09:00 UTC), Some(Review)), // 14 days: the minimum
    ];
    assert_eq!(paired(&responses), [(1, Some(3), Some(14))]);
    assert_eq!(paired(&responses[..2]), [(1, None, None)]);
}

#[test]
fn a_final_before_fourteen_days_ends_the_episode_without_a_follow_up() {
    let responses = [
        obs(1, "p", datetime!(2026-01-01 09:00 UTC), None),
        obs(2, "p", datetime!(2026-01-10 09:00 UTC), Some(Final)),
        obs(3, "p", datetime!(2026-02-20 09:00 UTC), None), // a new episode
    ];
    assert_eq!(paired(&responses), [(1, None, None), (3, None, None)]);
}

#[test]
fn a_final_after_twelve_months_ends_the_episode_keeping_the_last_follow_up_inside() {
    let responses = [
        obs(1, "p", datetime!(2025-01-01 09:00 UTC), None),
        obs(2, "p", datetime!(2025-06-01 09:00 UTC), Some(Review)), // 151 days
        obs(3, "p", datetime!(2026-03-01 09:00 UTC), Some(Final)),  // past 12 months
        obs(4, "p", datetime!(2026-04-01 09:00 UTC), None),         // a new episode
    ];
    assert_eq!(
        paired(&responses),
        [(1, Some(2), Some(151)), (4, None, None)]
    );
}

#[test]
fn the_window_ends_twelve_calendar_months_after_the_baseline() {
    let at_end = [
        obs(1, "p", datetime!(2025-03-15 09:00 UTC), None),
        obs(2, "p", datetime!(2026-03-15 23:00 UTC), None),
    ];
    assert_eq!(paired(&at_end), [(1, Some(2), Some(365))]);
    // A day later it is past the window: the episode closes and a new one opens.
    let past = [
        obs(1, "p", datetime!(2025-03-15 09:00 UTC), None),
        obs(2, "p", datetime!(2026-03-16 09:00 UTC), None),
    ];
    assert_eq!(paired(&past), [(1, None, None), (2, None, None)]);
    // The window is configurable.
    let rules = PairingRules {
        min_days: 7,
        max_months: 24,
    };
    assert_eq!(episodes(&pair(&past, &rules)), [(1, Some(2), Some(366))]);
}

#[test]
fn days_count_between_utc_dates() {
    // 23:30 at -02:00 is 01:30 UTC on 2 January; 00:30 at +01:00 is 23:30 UTC on 15 January.
    let responses = [
        obs(1, "p", datetime!(2026-01-01 23:30 -02:00), None),
        obs(2, "p", datetime!(2026-01-16 00:30 +01:00), None),
    ];
    assert_eq!(paired(&responses), [(1, None, None)]); // 13 days: too early
}

#[test]
fn a_review_or_final_without_a_baseline_stays_unpaired() {
    let responses = [
        obs(1, "p", datetime!(2026-01-01 09:00 UTC), Some(Review)),
        obs(2, "p", datetime!(2026-02-01 09:00 UTC), Some(Final)),
    ];
    let pairing = pair(&responses, &PairingRules::default());
    assert!(pairing.episodes.is_empty());
    assert_eq!(pairing.current.len(), 2);
}

#[test]
fn a_correction_replaces_what_it_supersedes_before_pairing() {
    let mut correction = obs(3, "p", datetime!(2026-02-01 10:00 UTC), None);
    correction.supersedes = Some(id(2));
    let mut second = obs(4, "p", datetime!(2026-02-01 11:00 UTC), None);
    second.supersedes = Some(id(3)); // a correction of the correction
    let responses = [
        obs(1, "p", datetime!(2026-01-01 09:00 UTC), None),
        obs(2, "p", datetime!(2026-02-01 09:00 UTC), None),
        correction,
        second,
    ];
    let pairing = pair(&responses, &PairingRules::default());
    assert_eq!(episodes(&pairing), [(1, Some(4), Some(31))]);
    let current: Vec<_> = pairing.current.iter().map(|o| o.response_id).collect();
    assert_eq!(current, [id(1), id(4)]);
    // Correcting the baseline re-pairs with the correction as the baseline.
    let mut fixed_baseline = obs(5, "p", datetime!(2026-01-01 09:30 UTC), None);
    fixed_baseline.supersedes = Some(id(1));
    let responses = [responses[0].clone(), responses[1].clone(), fixed_baseline];
    assert_eq!(paired(&responses), [(5, Some(2), Some(31))]);
}

#[test]
fn patients_and_instruments_pair_separately_and_anonymous_responses_only_count_across() {
    let mut gad7 = obs(3, "p", datetime!(2026-02-01 09:00 UTC), None);
    gad7.instrument = "gad7".to_owned();
    let mut anonymous = obs(5, "p", datetime!(2026-02-01 09:00 UTC), None);
    anonymous.patient = None;
    let responses = [
        obs(1, "p", datetime!(2026-01-01 09:00 UTC), None),
        obs(2, "q", datetime!(2026-01-20 09:00 UTC), None),
        gad7,
        obs(4, "p", datetime!(2026-03-01 09:00 UTC), None),
        anonymous,
    ];
    let pairing = pair(&responses, &PairingRules::default());
    assert_eq!(
        episodes(&pairing),
        [(3, None, None), (1, Some(4), Some(59)), (2, None, None)]
    );
    assert_eq!(pairing.current.len(), 5);
    let phq9: Vec<_> = pairing
        .episodes
        .iter()
        .filter(|e| e.instrument == "phq9")
        .collect();
    let funnel = PatientFunnel::of(phq9.iter().copied());
    assert_eq!((funnel.with_baseline, funnel.with_follow_up), (2, 1));
    close(funnel.rate_percent(), 50.0);
}

// ---- Figures -------------------------------------------------------------------------------

/// PHQ-9 totals of ten pairs, with the days between.
const BASELINE: [f64; 10] = [18.0, 15.0, 12.0, 20.0, 9.0, 14.0, 11.0, 16.0, 22.0, 10.0];
const FOLLOW_UP: [f64; 10] = [9.0, 14.0, 6.0, 21.0, 4.0, 8.0, 12.0, 7.0, 15.0, 10.0];
const DAYS: [i64; 10] = [42, 56, 30, 90, 28, 63, 35, 49, 70, 84];

fn phq9_rule() -> ChangeRule {
    let catalog = InstrumentCatalog::built_in();
    let phq9 = catalog.latest("phq9").unwrap();
    ChangeRule::for_measure(&phq9.measures[0])
}

#[test]
fn change_rules_come_from_the_definitions() {
    let catalog = InstrumentCatalog::built_in();
    let rule = |instrument: &str, measure: &str| {
        let definition = catalog.latest(instrument).unwrap();
        let measure = definition
            .measures
            .iter()
            .find(|m| m.id == measure)
            .unwrap();
        ChangeRule::for_measure(measure)
    };
    let expect = |improves, reliable_change, caseness_at_least| ChangeRule {
        improves,
        reliable_change,
        caseness_at_least,
    };
    assert_eq!(
        rule("phq9", "total"),
        expect(Direction::Lower, Some(6.0), Some(10.0))
    );
    assert_eq!(
        rule("gad7", "total"),
        expect(Direction::Lower, Some(4.0), Some(8.0))
    );
    assert_eq!(
        rule("swemwbs", "metric"),
        expect(Direction::Higher, Some(3.0), None)
    );
    assert_eq!(
        rule("ons4", "anxiety"),
        expect(Direction::Lower, None, None)
    );
    assert_eq!(
        rule("ons4", "happiness"),
        expect(Direction::Higher, None, None)
    );
}

#[test]
fn paired_phq9_figures_match_the_independent_computation() {
    let rule = phq9_rule();
    let mut cell = PairAccumulator::default();
    for i in 0..10 {
        cell.add(&rule, BASELINE[i], FOLLOW_UP[i], DAYS[i]).unwrap();
    }
    let figures = cell.finish(&rule);

    assert_eq!(figures.pairs, 10);
    assert!(figures.too_few_pairs);
    assert_eq!(figures.improves, Direction::Lower);
    close(figures.baseline_mean, 14.7);
    close(figures.baseline_sd, 4.347413023856832);
    close(figures.follow_up_mean, 10.6);
    close(figures.follow_up_sd, 5.037636129950017);
    close(figures.mean_change, -4.1);
    close(figures.sd_change, 3.984692933938295);
    let ci = figures.mean_change_ci.unwrap();
    close(Some(ci.low), -6.950477608465269);
    close(Some(ci.high), -1.249522391534731);
    close(figures.d_z, -1.028937503585186);
    let ci = figures.d_z_ci.unwrap();
    close(Some(ci.low), -1.7954203043138615);
    close(Some(ci.high), -0.2624547028565105);
    close(figures.median_days, 52.5); // (49 + 56) / 2

    // Falls of 9, 6, 6, 9, 7 points are reliable improvements (threshold 6); the rise of 1
    // point twice and the falls of 1, 5 and 0 are not reliable; nothing rose by 6.
    let reliable = figures.reliable_change.unwrap();
    assert_eq!(
        (reliable.improved, reliable.no_change, reliable.deteriorated),
        (5, 5, 0)
    );
    close(reliable.improved_percent, 50.0);
    close(reliable.deteriorated_percent, 0.0);
    // Cases at baseline (>= 10): all but the 9. Below 10 at follow-up: 18->9, 12->6, 14->8,
    // 16->7 (10->10 stays a case); all four also fell by at least 6.
    let recovery = figures.recovery.unwrap();
    assert_eq!(recovery.cases_at_baseline, 9);
    assert_eq!((recovery.recovered, recovery.reliably_recovered), (4, 4));
    close(recovery.recovered_percent, 400.0 / 9.0);
    close(recovery.reliably_recovered_percent, 400.0 / 9.0);
}

#[test]
fn thirty_pairs_lift_the_too_few_pairs_flag() {
    let rule = phq9_rule();
    let mut cell = PairAccumulator::default();
    for i in 0..30 {
        cell.add(&rule, BASELINE[i % 10], FOLLOW_UP[i % 10], DAYS[i % 10])
            .unwrap();
    }
    let figures = cell.finish(&rule);
    assert_eq!(figures.pairs, 30);
    assert!(!figures.too_few_pairs);
    // Three copies of the ten pairs keep the mean change and its direction.
    close(figures.mean_change, -4.1);
    close(figures.median_days, 52.5);
}

#[test]
fn paired_figures_from_pairing_and_funnel() {
    let rule = phq9_rule();
    let mut responses = Vec::new();
    for i in 0..10 {
        let patient = format!("patient-{i}");
        let start = datetime!(2026-01-01 09:00 UTC);
        let mut baseline = obs(100 + i as u128, &patient, start, None);
        baseline.values = [("total".to_owned(), BASELINE[i])].into();
        let mut follow_up = obs(
            200 + i as u128,
            &patient,
            start + time::Duration::days(DAYS[i]),
            None,
        );
        follow_up.values = [("total".to_owned(), FOLLOW_UP[i])].into();
        responses.extend([baseline, follow_up]);
    }
    // One more patient with a baseline only.
    responses.push(obs(300, "patient-x", datetime!(2026-01-01 09:00 UTC), None));
    let pairing = pair(&responses, &PairingRules::default());

    let mut cell = PairAccumulator::default();
    let mut funnel = FunnelAccumulator::default();
    for episode in &pairing.episodes {
        funnel.add(episode.follow_up.is_some());
        if let (Some((b, f)), Some(days)) = (episode.scores("total"), episode.days()) {
            cell.add(&rule, b, f, days).unwrap();
        }
    }
    let figures = cell.finish(&rule);
    assert_eq!(figures.pairs, 10);
    close(figures.mean_change, -4.1);
    close(figures.sd_change, 3.984692933938295);
    close(figures.median_days, 52.5);
    let funnel = funnel.finish();
    assert_eq!((funnel.with_baseline, funnel.with_follow_up), (11, 10));
    close(funnel.follow_up_percent, 1000.0 / 11.0);
}

#[test]
fn t_quantiles_match_scipy() {
    // scipy.stats.t.ppf(0.975, df)
    for (df, expected) in [
        (1.0, 12.706204736174694),
        (2.0, 4.302652729749462),
        (5.0, 2.5705818356363146),
        (9.0, 2.262157162798205),
        (29.0, 2.045229642132703),
        (100.0, 1.9839715185235518),
        (1000.0, 1.9623390808264083),
        (100000.0, 1.9599877075346095),
    ] {
        close(t_quantile(0.975, df), expected);
    }
}

#[test]
fn intervals_need_two_values_and_d_z_needs_spread() {
    assert_eq!(mean_ci(1.0, 0.0, 1), None);
    assert_eq!(d_z_ci(0.5, 1), None);
    let rule = phq9_rule();
    let mut cell = PairAccumulator::default();
    cell.add(&rule, 12.0, 8.0, 30).unwrap();
    let one = cell.finish(&rule);
    assert_eq!(
        (one.sd_change, one.mean_change_ci, one.d_z),
        (None, None, None)
    );
    close(one.mean_change, -4.0);
    cell.add(&rule, 14.0, 10.0, 40).unwrap();
    let same = cell.finish(&rule);
    // Two equal changes: SD 0, a zero-width interval, and no d_z.
    close(same.sd_change, 0.0);
    let ci = same.mean_change_ci.unwrap();
    assert_eq!((ci.low, ci.high), (-4.0, -4.0));
    assert_eq!(same.d_z, None);
}

#[test]
fn reliable_change_follows_the_direction_of_improvement_and_allows_float_slack() {
    let higher = ChangeRule {
        improves: Direction::Higher,
        reliable_change: Some(3.0),
        caseness_at_least: None,
    };
    assert_eq!(higher.classify(20.0, 23.0), Some(ReliableChange::Improved));
    assert_eq!(
        higher.classify(23.0, 20.0),
        Some(ReliableChange::Deteriorated)
    );
    assert_eq!(higher.classify(20.0, 22.99), Some(ReliableChange::NoChange));
    let lower = ChangeRule {
        improves: Direction::Lower,
        ..higher
    };
    assert_eq!(
        lower.classify(20.0, 23.0),
        Some(ReliableChange::Deteriorated)
    );
    // 0.3 - 0.1 is 0.19999999999999998 in binary floating point; it is still a change of 0.2.
    let tenths = ChangeRule {
        reliable_change: Some(0.2),
        ..higher
    };
    assert_eq!(tenths.classify(0.1, 0.3), Some(ReliableChange::Improved));
    let none = ChangeRule {
        reliable_change: None,
        ..higher
    };
    assert_eq!(none.classify(0.0, 30.0), None);
}

#[test]
fn gad7_recovery_uses_a_caseness_of_eight() {
    let catalog = InstrumentCatalog::built_in();
    let gad7 = catalog.latest("gad7").unwrap();
    let rule = ChangeRule::for_measure(&gad7.measures[0]);
    let mut cell = PairAccumulator::default();
    // 8 -> 7: a case who recovered, a fall of 1 (not reliable).
    // 12 -> 7: recovered and fell by 5 (reliable at 4): reliably recovered.
    // 7 -> 3: not a case at baseline; a reliable improvement all the same.
    // 10 -> 9: still a case at 9 (>= 8).
    for (b, f) in [(8.0, 7.0), (12.0, 7.0), (7.0, 3.0), (10.0, 9.0)] {
        cell.add(&rule, b, f, 30).unwrap();
    }
    let figures = cell.finish(&rule);
    let recovery = figures.recovery.unwrap();
    assert_eq!(
        (
            recovery.cases_at_baseline,
            recovery.recovered,
            recovery.reliably_recovered
        ),
        (3, 2, 1)
    );
    let reliable = figures.reliable_change.unwrap();
    assert_eq!(
        (reliable.improved, reliable.no_change, reliable.deteriorated),
        (2, 2, 0)
    );
}

#[test]
fn cross_sectional_ons4_figures_with_bands() {
    let catalog = InstrumentCatalog::built_in();
    let ons4 = catalog.latest("ons4").unwrap();
    let measure = ons4
        .measures
        .iter()
        .find(|m| m.id == "life_satisfaction")
        .unwrap();
    let values = [0, 3, 5, 6, 7, 7, 8, 9, 10, 4, 6];
    let mut cell = MeasureAccumulator::default();
    for value in values {
        let band = shared::scoring::band_for(&measure.bands, value);
        cell.add(value as f64, band).unwrap();
    }
    let figures = cell.finish(&measure.bands);
    assert_eq!(figures.n, 11);
    close(figures.mean, 5.909090909090909);
    close(figures.sd, 2.8444523358476395);
    // Low 0-4: 0, 3, 4; Medium 5-6: 5, 6, 6; High 7-8: 7, 7, 8; Very high 9-10: 9, 10.
    let bands: Vec<_> = figures
        .bands
        .iter()
        .map(|b| (b.label.as_str(), b.count))
        .collect();
    assert_eq!(
        bands,
        [("Low", 3), ("Medium", 3), ("High", 3), ("Very high", 2)]
    );
    close(figures.bands[3].percent, 200.0 / 11.0);
}

#[test]
fn fft_percentages_count_dont_know_in_the_denominator() {
    let catalog = InstrumentCatalog::built_in();
    let fft = catalog.latest("fft").unwrap();
    let category = fft.measures.iter().find(|m| m.id == "category").unwrap();
    // Very good x4, good x2, neither x1, poor x1, very poor x0, don't know x2: 10 responses.
    let answers = [1, 1, 1, 1, 2, 2, 3, 4, 6, 6];
    let mut cell = MeasureAccumulator::default();
    for answer in answers {
        cell.add(
            answer as f64,
            shared::scoring::band_for(&category.bands, answer),
        )
        .unwrap();
    }
    let figures = FftFigures::from_category(&cell.finish(&category.bands));
    assert_eq!((figures.responses, figures.dont_know), (10, 2));
    close(figures.positive_percent, 60.0);
    close(figures.negative_percent, 10.0);
}

#[test]
fn gas_mean_t_and_share_at_fifty_or_more() {
    // Unweighted T-scores, rho 0.3, of eight goal sets at review:
    // [0,0,0], [1,0,-1], [1,1,0], [-1,-1,0], [2,1], [0,-1,-1,-2], [1,1,1,1], [0].
    let sets: [&[i64]; 8] = [
        &[0, 0, 0],
        &[1, 0, -1],
        &[1, 1, 0],
        &[-1, -1, 0],
        &[2, 1],
        &[0, -1, -1, -2],
        &[1, 1, 1, 1],
        &[0],
    ];
    let mut cell = GasAccumulator::default();
    for set in sets {
        let k = set.len() as f64;
        let t = 50.0 + 10.0 * set.iter().sum::<i64>() as f64 / (0.7 * k + 0.3 * k * k).sqrt();
        cell.add(t).unwrap();
    }
    let figures = cell.finish();
    assert_eq!(figures.n, 8);
    close(figures.mean_t, 52.32565127354766);
    close(figures.sd_t, 11.279589111248878);
    // 50, 50, 59.13, 68.61, 64.51 and 50 reach 50; 40.87 and 35.49 do not.
    assert_eq!(figures.at_least_50, 6);
    close(figures.at_least_50_percent, 75.0);
}

#[test]
fn accumulators_travel_as_json_without_loss() {
    // The sums are i128 fixed point; a rollup stored as JSON must come back exactly.
    let rule = phq9_rule();
    let mut cell = PairAccumulator::default();
    for i in 0..10 {
        cell.add(&rule, BASELINE[i], FOLLOW_UP[i] + 0.37, DAYS[i])
            .unwrap();
    }
    let text = serde_json::to_string(&cell).unwrap();
    let back: PairAccumulator = serde_json::from_str(&text).unwrap();
    assert_eq!(back, cell);
    let mut measure = MeasureAccumulator::default();
    measure.add(1234.5678, Some("High")).unwrap();
    let back: MeasureAccumulator =
        serde_json::from_str(&serde_json::to_string(&measure).unwrap()).unwrap();
    assert_eq!(back, measure);
}
