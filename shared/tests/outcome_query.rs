//! The outcomes query: every dimension, period boundaries (calendar quarters, NHS financial
//! years April-March), the one-demographic rule, and the messages bad input gets.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use shared::api::OutcomesQuery;
use shared::outcomes::cells::{ALL_ROLES, Breakdown, CellKey, RoleCells};
use shared::outcomes::periods::Grain;
use shared::outcomes::query::{
    Dimension, OutcomesSpec, SpecError, derived_label, ethnic_group_of, financial_year_months,
    financial_year_of, imd_quintile_of, quarter_months, quarter_of,
};

fn spec(query: OutcomesQuery) -> OutcomesSpec {
    OutcomesSpec::from_query(&query).unwrap()
}

fn error(query: OutcomesQuery) -> SpecError {
    OutcomesSpec::from_query(&query).unwrap_err()
}

/// `group_of` for the cell of the kind the spec reads: the tests' cells are one role's, and a
/// query that neither groups nor filters by role reads the all-roles copy of each.
trait Group {
    fn group(&self, key: &CellKey, domain: &str) -> Option<Vec<String>>;
}

impl Group for OutcomesSpec {
    fn group(&self, key: &CellKey, domain: &str) -> Option<Vec<String>> {
        let mut key = key.clone();
        if self.role_cells() == RoleCells::AllRoles {
            key.role = ALL_ROLES.to_owned();
        }
        self.group_of(&key, domain)
    }
}

#[test]
fn a_query_reads_either_the_all_roles_cells_or_each_roles_never_both() {
    let role_cell = cell("2026-02", Breakdown::All, "");
    let all_roles = CellKey {
        role: ALL_ROLES.into(),
        ..role_cell.clone()
    };
    let everyone = spec(grouped("domain"));
    assert_eq!(everyone.role_cells(), RoleCells::AllRoles);
    assert_eq!(
        everyone.group_of(&all_roles, "mood"),
        Some(vec!["mood".into()])
    );
    assert_eq!(everyone.group_of(&role_cell, "mood"), None);
    for by_role in [
        grouped("role"),
        OutcomesQuery {
            role: Some("dietitian".into()),
            ..OutcomesQuery::default()
        },
    ] {
        let by_role = spec(by_role);
        assert_eq!(by_role.role_cells(), RoleCells::EachRole);
        assert!(by_role.group_of(&role_cell, "mood").is_some());
        assert_eq!(by_role.group_of(&all_roles, "mood"), None);
    }
}

fn grouped(group_by: &str) -> OutcomesQuery {
    OutcomesQuery {
        group_by: Some(group_by.to_owned()),
        ..OutcomesQuery::default()
    }
}

fn cell(month: &str, breakdown: Breakdown, value: &str) -> CellKey {
    CellKey {
        organisation: "pcn".into(),
        grain: Grain::Month,
        month: month.into(),
        role: "dietitian".into(),
        instrument: "phq9".into(),
        measure: "total".into(),
        breakdown,
        value: value.into(),
    }
}

#[test]
fn quarters_and_financial_years_have_their_boundaries() {
    assert_eq!(quarter_of("2026-01").as_deref(), Some("2026-Q1"));
    assert_eq!(quarter_of("2026-03").as_deref(), Some("2026-Q1"));
    assert_eq!(quarter_of("2026-04").as_deref(), Some("2026-Q2"));
    assert_eq!(quarter_of("2026-12").as_deref(), Some("2026-Q4"));
    assert_eq!(
        quarter_months("2026-Q3"),
        Some(("2026-07".into(), "2026-09".into()))
    );
    // The NHS financial year runs 1 April to 31 March.
    assert_eq!(financial_year_of("2026-03").as_deref(), Some("2025-26"));
    assert_eq!(financial_year_of("2026-04").as_deref(), Some("2026-27"));
    assert_eq!(financial_year_of("2027-03").as_deref(), Some("2026-27"));
    assert_eq!(financial_year_of("2099-12").as_deref(), Some("2099-00"));
    assert_eq!(
        financial_year_months("2026-27"),
        Some(("2026-04".into(), "2027-03".into()))
    );
    assert_eq!(financial_year_months("2026-28"), None);
    assert_eq!(quarter_months("2026-Q5"), None);
    assert_eq!(quarter_of("2026-13"), None);
}

#[test]
fn demographic_derivations() {
    for (category, group) in [
        ("A", "white"),
        ("C", "white"),
        ("D", "mixed"),
        ("G", "mixed"),
        ("H", "asian"),
        ("L", "asian"),
        ("M", "black"),
        ("P", "black"),
        ("R", "other"),
        ("S", "other"),
        ("Z", "not_stated"),
        ("99", "not_stated"),
        ("not_stated", "not_stated"),
    ] {
        assert_eq!(ethnic_group_of(category), group, "{category}");
    }
    // quintile = (decile + 1) / 2, the edition kept.
    assert_eq!(imd_quintile_of("2019-01"), "2019-Q1");
    assert_eq!(imd_quintile_of("2019-02"), "2019-Q1");
    assert_eq!(imd_quintile_of("2019-03"), "2019-Q2");
    assert_eq!(imd_quintile_of("2025-10"), "2025-Q5");
    assert_eq!(imd_quintile_of("not_known"), "not_known");
    assert_eq!(
        derived_label(Dimension::ImdQuintile, "2019-Q1").as_deref(),
        Some("IMD 2019 quintile 1 (1 = most deprived 20%)")
    );
    assert_eq!(
        derived_label(Dimension::Quarter, "2026-Q1").as_deref(),
        Some("January to March 2026")
    );
    assert_eq!(
        derived_label(Dimension::EthnicGroup, "asian").as_deref(),
        Some("Asian or Asian British")
    );
}

#[test]
fn every_dimension_gives_the_cells_value() {
    let key = cell("2026-02", Breakdown::All, "");
    let dims = [
        ("role", "dietitian"),
        ("domain", "mood"),
        ("instrument", "phq9"),
        ("measure", "phq9.total"),
        ("organisation", "pcn"),
        ("month", "2026-02"),
        ("quarter", "2026-Q1"),
        ("financial_year", "2025-26"),
    ];
    for (name, value) in dims {
        assert_eq!(
            spec(grouped(name)).group(&key, "mood"),
            Some(vec![value.to_owned()]),
            "{name}"
        );
    }
    for (name, breakdown, stored, value) in [
        ("age_band", Breakdown::AgeBand, "25-34", "25-34"),
        ("sex", Breakdown::Sex, "2", "2"),
        ("ethnic_category", Breakdown::EthnicCategory, "J", "J"),
        ("ethnic_group", Breakdown::EthnicCategory, "J", "asian"),
        ("imd_decile", Breakdown::Imd, "2019-04", "2019-04"),
        ("imd_quintile", Breakdown::Imd, "2019-04", "2019-Q2"),
    ] {
        let spec = spec(grouped(name));
        assert_eq!(spec.breakdown(), breakdown, "{name}");
        let key = cell("2026-02", breakdown, stored);
        assert_eq!(spec.group(&key, "mood"), Some(vec![value.to_owned()]));
        // Cells of other breakdowns are never counted.
        assert_eq!(
            spec.group(&cell("2026-02", Breakdown::All, ""), "mood"),
            None
        );
    }
    // An instrument's own cell is its own measure group.
    let mut instrument_cell = key.clone();
    instrument_cell.measure = "*".into();
    assert_eq!(
        spec(grouped("measure")).group(&instrument_cell, "mood"),
        Some(vec!["phq9.*".to_owned()])
    );
    // Up to three at once, in the order given.
    let three = spec(grouped("quarter, role,domain"));
    assert_eq!(
        three.group(&key, "mood"),
        Some(vec!["2026-Q1".into(), "dietitian".into(), "mood".into()])
    );
    assert!(!three.groups_by_organisation());
    assert!(spec(grouped("organisation")).groups_by_organisation());
    // No grouping: one group.
    assert_eq!(
        spec(OutcomesQuery::default()).group(&key, "mood"),
        Some(vec![])
    );
    assert_eq!(spec(OutcomesQuery::default()).breakdown(), Breakdown::All);
}

#[test]
fn filters_keep_only_matching_cells() {
    let key = cell("2026-02", Breakdown::All, "");
    let keeps = |query: OutcomesQuery| spec(query).group(&key, "mood").is_some();
    let q = OutcomesQuery::default;
    assert!(keeps(OutcomesQuery {
        role: Some("paramedic, dietitian".into()),
        ..q()
    }));
    assert!(!keeps(OutcomesQuery {
        role: Some("paramedic".into()),
        ..q()
    }));
    assert!(keeps(OutcomesQuery {
        domain: Some("mood".into()),
        ..q()
    }));
    assert!(!keeps(OutcomesQuery {
        domain: Some("anxiety".into()),
        ..q()
    }));
    assert!(keeps(OutcomesQuery {
        instrument: Some("phq9".into()),
        ..q()
    }));
    assert!(!keeps(OutcomesQuery {
        instrument: Some("gad7".into()),
        ..q()
    }));
    assert!(keeps(OutcomesQuery {
        measure: Some("phq9.total".into()),
        ..q()
    }));
    assert!(!keeps(OutcomesQuery {
        measure: Some("gad7.total".into()),
        ..q()
    }));
    assert!(keeps(OutcomesQuery {
        month: Some("2026-02".into()),
        ..q()
    }));
    assert!(!keeps(OutcomesQuery {
        month: Some("2026-03".into()),
        ..q()
    }));
    assert!(keeps(OutcomesQuery {
        quarter: Some("2026-q1".into()),
        ..q()
    }));
    assert!(!keeps(OutcomesQuery {
        quarter: Some("2026-Q2".into()),
        ..q()
    }));
    assert!(keeps(OutcomesQuery {
        financial_year: Some("2025-26".into()),
        ..q()
    }));
    assert!(!keeps(OutcomesQuery {
        financial_year: Some("2026-27".into()),
        ..q()
    }));
    assert!(keeps(OutcomesQuery {
        from: Some("2026-02".into()),
        to: Some("2026-02".into()),
        ..q()
    }));
    assert!(!keeps(OutcomesQuery {
        from: Some("2026-03".into()),
        ..q()
    }));
    assert!(!keeps(OutcomesQuery {
        to: Some("2026-01".into()),
        ..q()
    }));
    // The organisation filter chooses which cells the server reads; it is not applied here.
    let org = spec(OutcomesQuery {
        organisation: Some("practice-9".into()),
        ..q()
    });
    assert_eq!(org.organisation(), Some("practice-9"));
    assert!(org.group(&key, "mood").is_some());

    // A measure filter keeps its instrument's own cell (the funnel), not another's.
    let mut instrument_cell = key.clone();
    instrument_cell.measure = "*".into();
    let measure = spec(OutcomesQuery {
        measure: Some("phq9.total".into()),
        ..q()
    });
    assert!(measure.group(&instrument_cell, "mood").is_some());
    instrument_cell.instrument = "gad7".into();
    assert!(measure.group(&instrument_cell, "anxiety").is_none());

    // Demographic filters, on the breakdown's cells.
    let imd = spec(OutcomesQuery {
        imd_quintile: Some("2019-Q1,2019-q2".into()),
        ..q()
    });
    assert_eq!(imd.breakdown(), Breakdown::Imd);
    assert!(
        imd.group(&cell("2026-02", Breakdown::Imd, "2019-04"), "mood")
            .is_some()
    );
    assert!(
        imd.group(&cell("2026-02", Breakdown::Imd, "2019-05"), "mood")
            .is_none()
    );
    assert!(
        imd.group(&cell("2026-02", Breakdown::Imd, "2025-01"), "mood")
            .is_none()
    );
    let group = spec(OutcomesQuery {
        ethnic_group: Some("black".into()),
        ..q()
    });
    assert!(
        group
            .group(&cell("2026-02", Breakdown::EthnicCategory, "N"), "mood")
            .is_some()
    );
    assert!(
        group
            .group(&cell("2026-02", Breakdown::EthnicCategory, "A"), "mood")
            .is_none()
    );
    let sex = spec(OutcomesQuery {
        sex: Some("x".into()),
        ..q()
    });
    assert!(
        sex.group(&cell("2026-02", Breakdown::Sex, "X"), "mood")
            .is_some()
    );
    let age = spec(OutcomesQuery {
        age_band: Some("85+,not_stated".into()),
        ..q()
    });
    assert!(
        age.group(&cell("2026-02", Breakdown::AgeBand, "not_stated"), "mood")
            .is_some()
    );
    assert!(
        age.group(&cell("2026-02", Breakdown::AgeBand, "25-34"), "mood")
            .is_none()
    );
    let decile = spec(OutcomesQuery {
        imd_decile: Some("not_known".into()),
        ..q()
    });
    assert!(
        decile
            .group(&cell("2026-02", Breakdown::Imd, "not_known"), "mood")
            .is_some()
    );
}

#[test]
fn the_month_range_narrows_to_every_period_limit() {
    let q = OutcomesQuery::default;
    assert_eq!(spec(q()).month_range(), None);
    assert_eq!(
        spec(OutcomesQuery {
            financial_year: Some("2025-26,2026-27".into()),
            ..q()
        })
        .month_range(),
        Some(("2025-04".into(), "2027-03".into()))
    );
    assert_eq!(
        spec(OutcomesQuery {
            financial_year: Some("2026-27".into()),
            quarter: Some("2027-Q1".into()),
            ..q()
        })
        .month_range(),
        Some(("2027-01".into(), "2027-03".into()))
    );
    assert_eq!(
        spec(OutcomesQuery {
            from: Some("2026-05".into()),
            ..q()
        })
        .month_range(),
        Some(("2026-05".into(), "9999-12".into()))
    );
    assert_eq!(
        spec(OutcomesQuery {
            month: Some("2026-01,2026-06".into()),
            to: Some("2026-03".into()),
            ..q()
        })
        .month_range(),
        Some(("2026-01".into(), "2026-03".into()))
    );
    // Limits that do not overlap select nothing (an empty range), which is not an error.
    let (first, last) = spec(OutcomesQuery {
        financial_year: Some("2025-26".into()),
        month: Some("2026-06".into()),
        ..q()
    })
    .month_range()
    .unwrap();
    assert!(first > last);
}

#[test]
fn one_demographic_attribute_at_a_time() {
    let q = OutcomesQuery::default;
    let e = error(OutcomesQuery {
        group_by: Some("role,sex".into()),
        imd_quintile: Some("2019-Q1".into()),
        ..q()
    });
    assert_eq!(e.code, "one_demographic");
    assert!(e.message.contains("sex (group_by)"), "{}", e.message);
    assert!(e.message.contains("imd_quintile (filter)"), "{}", e.message);
    assert!(e.message.contains("one demographic attribute at a time"));
    assert_eq!(
        error(grouped("age_band,ethnic_group")).code,
        "one_demographic"
    );
    // Two views of one attribute share its cells, so they may be combined.
    let same = spec(OutcomesQuery {
        group_by: Some("ethnic_group".into()),
        ethnic_category: Some("A,B,H".into()),
        ..q()
    });
    assert_eq!(same.breakdown(), Breakdown::EthnicCategory);
    assert_eq!(
        same.group(&cell("2026-02", Breakdown::EthnicCategory, "H"), "mood"),
        Some(vec!["asian".to_owned()])
    );
    assert_eq!(
        spec(grouped("imd_quintile,imd_decile")).breakdown(),
        Breakdown::Imd
    );
}

#[test]
fn bad_input_gets_a_message_to_act_on() {
    let q = OutcomesQuery::default;
    let e = error(grouped("role,practice"));
    assert_eq!(e.code, "unknown_dimension");
    assert!(e.message.contains("\"practice\"") && e.message.contains("financial_year"));
    let e = error(grouped("role,domain,month,sex"));
    assert_eq!(e.code, "too_many_dimensions");
    assert!(e.message.contains("at most 3"));
    // A dimension named twice counts once.
    assert_eq!(spec(grouped("role,role")).group_by(), [Dimension::Role]);

    for (query, expected) in [
        (
            OutcomesQuery {
                financial_year: Some("2026/27".into()),
                ..q()
            },
            "financial_year=\"2026/27\"",
        ),
        (
            OutcomesQuery {
                financial_year: Some("2026-28".into()),
                ..q()
            },
            "April to March",
        ),
        (
            OutcomesQuery {
                quarter: Some("2026-Q5".into()),
                ..q()
            },
            "YYYY-Qn",
        ),
        (
            OutcomesQuery {
                month: Some("2026-13".into()),
                ..q()
            },
            "YYYY-MM",
        ),
        (
            OutcomesQuery {
                measure: Some("total".into()),
                ..q()
            },
            "phq9.total",
        ),
        (
            OutcomesQuery {
                sex: Some("M".into()),
                ..q()
            },
            "1, 2, 9, X",
        ),
        (
            OutcomesQuery {
                ethnic_category: Some("I".into()),
                ..q()
            },
            "ethnic category",
        ),
        (
            OutcomesQuery {
                ethnic_group: Some("asian-british".into()),
                ..q()
            },
            "white, mixed",
        ),
        (
            OutcomesQuery {
                imd_decile: Some("2019-3".into()),
                ..q()
            },
            "2019-03",
        ),
        (
            OutcomesQuery {
                imd_quintile: Some("2019-Q6".into()),
                ..q()
            },
            "2019-Q2",
        ),
        (
            OutcomesQuery {
                age_band: Some("old".into()),
                ..q()
            },
            "25-34",
        ),
        (
            OutcomesQuery {
                role: Some("a role".into()),
                ..q()
            },
            "an id",
        ),
        (
            OutcomesQuery {
                from: Some("April".into()),
                ..q()
            },
            "from=\"April\"",
        ),
    ] {
        let e = error(query);
        assert_eq!(e.code, "bad_value");
        assert!(
            e.message.contains(expected),
            "{:?} lacks {expected:?}",
            e.message
        );
    }
    let e = error(OutcomesQuery {
        from: Some("2026-05".into()),
        to: Some("2026-04".into()),
        ..q()
    });
    assert_eq!(e.code, "bad_period");
    let e = error(OutcomesQuery {
        organisation: Some("a,b".into()),
        ..q()
    });
    assert_eq!(e.code, "one_organisation");
    // Empty parameters and entries are no filter at all.
    let empty = spec(OutcomesQuery {
        role: Some(" , ".into()),
        group_by: Some(String::new()),
        ..q()
    });
    assert!(empty.filters().is_empty() && empty.group_by().is_empty());
}

#[test]
fn the_query_string_refuses_unknown_parameters() {
    // A misspelt filter must not silently widen the figures.
    let parsed: Result<OutcomesQuery, _> =
        serde_json::from_value(serde_json::json!({ "financial_yaer": "2026-27" }));
    assert!(parsed.unwrap_err().to_string().contains("financial_yaer"));
}
