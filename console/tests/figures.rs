//! The console's figures and queries in headless Chromium: a withheld count reads "fewer than 8"
//! or why it is withheld, never 0; a change over too few pairs draws no bar; the period presets
//! are the NHS financial years (April to March) around today; and the filters become exactly the
//! outcomes query the API documents.
#![cfg(target_arch = "wasm32")]

use console::format;
use console::pages::outcomes::figures;
use console::pages::outcomes::selection::{Selection, period_presets};
use shared::api::{Count, Figure, WithheldReason};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn withheld(reason: WithheldReason) -> Count {
    Count {
        value: None,
        withheld: Some(reason),
    }
}

#[wasm_bindgen_test]
fn withheld_counts_read_as_withheld_and_shown_ones_as_numbers() {
    assert_eq!(
        format::count(&withheld(WithheldReason::Small)),
        "fewer than 8"
    );
    assert!(format::count(&withheld(WithheldReason::Secondary)).starts_with("withheld"));
    let shown = |n| Count {
        value: Some(n),
        withheld: None,
    };
    assert_eq!(format::count(&shown(0)), "0", "a true zero is shown");
    assert_eq!(format::count(&shown(12345)), "12,345");
    let mean = Figure {
        value: None,
        withheld: Some(WithheldReason::TooFewValues),
    };
    assert_eq!(format::figure(&mean, 2), "withheld (fewer than 8 values)");
    let percent = Figure {
        value: Some(42.25),
        withheld: None,
    };
    assert_eq!(format::percent(&percent), "42.2%");
}

#[wasm_bindgen_test]
fn financial_years_run_april_to_march() {
    assert_eq!(format::financial_year(2026, 3), "2025-26");
    assert_eq!(format::financial_year(2026, 4), "2026-27");
    assert_eq!(format::financial_year_starting(1999), "1999-00");
    assert_eq!(format::month_minus(2026, 3, 11), "2025-04");
    assert_eq!(format::month_minus(2026, 1, 0), "2026-01");
    let presets: Vec<String> = period_presets(2026, 12)
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    assert_eq!(
        presets,
        [
            "all",
            "last12",
            "fy:2026-27",
            "fy:2025-26",
            "fy:2024-25",
            "custom"
        ]
    );
    let february: Vec<String> = period_presets(2027, 2)
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    assert_eq!(
        february[2], "fy:2026-27",
        "February is still in the year that began in April"
    );
}

#[wasm_bindgen_test]
fn the_filters_become_the_documented_outcomes_query() {
    let mut selection = Selection::new();
    assert_eq!(selection.query("", (2026, 12)), "");
    assert_eq!(selection.query("role", (2026, 12)), "group_by=role");
    selection.period = "fy:2026-27".into();
    selection.role = "dietitian".into();
    selection.demographic = "sex".into();
    selection.demographic_value = "not_stated".into();
    assert_eq!(
        selection.query("month", (2026, 12)),
        "group_by=month&financial_year=2026-27&role=dietitian&sex=not_stated"
    );
    assert!(
        !selection.allows_breakdown("imd_quintile"),
        "one demographic at a time"
    );
    assert!(selection.allows_breakdown("sex"));
    selection.period = "last12".into();
    selection.demographic.clear();
    assert_eq!(
        selection.query("", (2026, 12)),
        "from=2026-01&to=2026-12&role=dietitian"
    );
    selection.period = "custom".into();
    selection.from = "2025-04".into();
    selection.role = "a b&c".into();
    assert_eq!(
        selection.query("", (2026, 12)),
        "from=2025-04&role=a%20b%26c"
    );
}

#[wasm_bindgen_test]
fn a_change_over_too_few_pairs_draws_no_bar_and_says_so() {
    let row: shared::api::OutcomesRow = serde_json::from_value(serde_json::json!({
        "group": [{ "dimension": "role", "code": "dietitian", "label": "Dietitian" }],
        "instruments": [],
        "measures": [{
            "measure": "phq9.total", "instrument": "phq9", "label": "PHQ-9 total", "domain": "mood",
            "cross_sectional": { "n": { "value": 40 }, "bands": [] },
            "paired": {
                "pairs": { "value": 20 }, "too_few_pairs": true, "improves": "lower",
                "baseline_mean": { "value": 14.0 }, "follow_up_mean": { "value": 9.0 },
                "mean_change": { "value": -5.0 },
                "mean_change_ci": { "low": -7.0, "high": -3.0 },
                "sd_change": { "value": 4.0 },
                "effect_size": { "statistic": "d_z", "standardiser": "sd_change",
                                 "value": { "value": -1.25 }, "ci": { "low": -1.8, "high": -0.7 } },
                "median_days": { "value": 60.0 }
            }
        }]
    }))
    .expect("a row of the outcomes answer");
    let bars = figures::change_bars(std::slice::from_ref(&row), "phq9.total");
    assert_eq!(bars.len(), 1);
    assert_eq!(bars[0].label, "Dietitian");
    assert_eq!(bars[0].value, None, "no bar");
    assert!(
        bars[0].text.starts_with("too few pairs"),
        "{}",
        bars[0].text
    );

    let mut enough = row.clone();
    if let Some(paired) = enough.measures[0].paired.as_mut() {
        paired.too_few_pairs = false;
    }
    let bars = figures::change_bars(&[enough], "phq9.total");
    assert_eq!(bars[0].value, Some(-5.0));
    assert_eq!(bars[0].interval, Some((-7.0, -3.0)));
    assert_eq!(bars[0].text, "-5.00");
}
