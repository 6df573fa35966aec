//! `GET /api/v1/outcomes` end to end: records synced by a tablet become paired change figures an
//! evaluator reads, grouped and filtered, suppressed, audited, and checked against the generated
//! OpenAPI document on every exchange.

use reqwest::Method;
use serde_json::{Value, json};
use tests::TestServer;
use tests::records::{ROLE, phq9_answers, response, with};

fn pseudonym(n: usize) -> String {
    uuid::Uuid::from_u128(0x5eed_0000 + n as u128).to_string()
}

fn phq9(patient: usize, at: &str, items: [i64; 8]) -> Value {
    let record = response("phq9", ROLE, phq9_answers(items, 0));
    let record = with(record, &["recorded_at"], json!(at));
    with(
        record,
        &["patient"],
        json!({ "pseudonym": pseudonym(patient) }),
    )
}

/// The PHQ-9 total of a patient's baseline and follow-up in this test's caseload.
fn totals(patient: usize) -> (i64, i64) {
    let baseline = 10 + (patient % 9) as i64 * 2; // 10..26
    let follow_up = baseline - (patient % 5) as i64 * 3 + 2; // changes of +2 .. -10
    (baseline, follow_up)
}

/// Eight item answers (0-3) summing to `total`.
fn items(total: i64) -> [i64; 8] {
    let mut items = [0; 8];
    let mut left = total;
    for item in &mut items {
        *item = left.min(3);
        left -= *item;
    }
    assert_eq!(left, 0, "a PHQ-9 total of at most 24 over items 1-8");
    items
}

fn measure<'a>(row: &'a Value, key: &str) -> &'a Value {
    row["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["measure"] == key)
        .unwrap_or_else(|| panic!("{key} in {row}"))
}

#[tokio::test]
async fn an_evaluator_reads_paired_change_grouped_filtered_suppressed_and_audited() {
    let server = TestServer::start().await;
    let (_, me) = server.as_admin(Method::GET, "/api/v1/auth/me", None).await;
    let icb = me["organisation_id"].as_str().unwrap().to_owned();
    let pcn = server.create_organisation("PCN North", "pcn", &icb).await;
    let practice = server
        .create_organisation("Practice One", "practice", &pcn)
        .await;
    let (_, tablet) = tests::enrol_device(
        server.client(),
        &server.base_url,
        &server.admin_token,
        Some(&practice),
    )
    .await;

    // 40 patients: a baseline in April 2026 and a follow-up in June (inside the window).
    let patients = 40;
    let mut records = Vec::new();
    for patient in 0..patients {
        let (baseline, follow_up) = totals(patient);
        let (baseline, follow_up) = (baseline.min(24), follow_up.clamp(0, 24));
        records.push(phq9(patient, "2026-04-14T10:00:00Z", items(baseline)));
        records.push(phq9(patient, "2026-06-16T10:00:00Z", items(follow_up)));
    }
    let body = json!({ "protocol_version": 1, "records": records });
    let (status, answer) = server
        .call(Method::POST, "/api/v1/sync", Some(&tablet), Some(&body))
        .await;
    assert_eq!(status, 200, "{answer}");
    // Three patients seen by another role: a small group.
    let other_role = "health-and-wellbeing-coach";
    let mut few = Vec::new();
    for patient in 100..103 {
        let record = phq9(patient, "2026-05-05T10:00:00Z", items(12));
        few.push(with(record, &["role"], json!(other_role)));
    }
    let body = json!({ "protocol_version": 1, "records": few });
    let (status, answer) = server
        .call(Method::POST, "/api/v1/sync", Some(&tablet), Some(&body))
        .await;
    assert_eq!(status, 200, "{answer}");

    let evaluator = server.create_account("evaluator", None).await;
    let get = |path: String| {
        let server = &server;
        let evaluator = evaluator.clone();
        async move {
            server
                .call(Method::GET, &path, Some(&evaluator), None)
                .await
        }
    };

    // Expected figures, computed here from the same caseload.
    let changes: Vec<f64> = (0..patients)
        .map(|p| {
            let (b, f) = totals(p);
            (f.clamp(0, 24) - b.min(24)) as f64
        })
        .collect();
    let n = changes.len() as f64;
    let mean = changes.iter().sum::<f64>() / n;
    let sd = (changes.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();

    let (status, table) = get("/api/v1/outcomes?group_by=role&instrument=phq9".into()).await;
    assert_eq!(status, 200, "{table}");
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{table}");
    let main_row = rows
        .iter()
        .find(|r| r["group"][0]["code"] == ROLE)
        .expect("the link workers' row");
    let total = measure(main_row, "phq9.total");
    let paired = &total["paired"];
    assert_eq!(paired["pairs"]["value"], 40);
    assert_eq!(paired["too_few_pairs"], false);
    let got_mean = paired["mean_change"]["value"].as_f64().unwrap();
    assert!((got_mean - mean).abs() < 1e-9, "{got_mean} vs {mean}");
    let got_sd = paired["sd_change"]["value"].as_f64().unwrap();
    assert!((got_sd - sd).abs() < 1e-9, "{got_sd} vs {sd}");
    let d_z = paired["effect_size"]["value"]["value"].as_f64().unwrap();
    assert!((d_z - mean / sd).abs() < 1e-9);
    assert_eq!(paired["effect_size"]["standardiser"], "sd_change");
    assert_eq!(paired["median_days"]["value"], 63.0);
    // The small group: 3 responses are withheld, and say why.
    let small_row = rows
        .iter()
        .find(|r| r["group"][0]["code"] == other_role)
        .expect("the coaches' row");
    let small = measure(small_row, "phq9.total");
    assert_eq!(small["cross_sectional"]["n"]["value"], Value::Null);
    assert_eq!(small["cross_sectional"]["n"]["withheld"], "small");
    assert_eq!(small["cross_sectional"]["mean"]["value"], Value::Null);
    // ...and cannot be recovered from the total row (83 next to 80 would give it away): one of
    // the two is withheld too, as secondary.
    let overall = measure(&table["total"], "phq9.total");
    let shown: Vec<&Value> = [total, overall]
        .iter()
        .map(|m| &m["cross_sectional"]["n"])
        .filter(|n| !n["value"].is_null())
        .collect();
    assert_eq!(shown.len(), 1, "{table}");
    assert!(
        [80, 85].contains(&shown[0]["value"].as_u64().unwrap()),
        "rounded to 5"
    );
    assert!(
        [total, overall]
            .iter()
            .any(|m| m["cross_sectional"]["n"]["withheld"] == "secondary")
    );

    // By organisation at the ICB: its child, the PCN, holds everything.
    let (status, by_organisation) =
        get("/api/v1/outcomes?group_by=organisation&measure=phq9.total&role=social-prescribing-link-worker".into())
            .await;
    assert_eq!(status, 200, "{by_organisation}");
    let rows = by_organisation["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{by_organisation}");
    assert_eq!(rows[0]["group"][0]["code"], pcn.as_str());
    assert_eq!(rows[0]["group"][0]["label"], "PCN North");
    assert_eq!(
        measure(&rows[0], "phq9.total")["paired"]["pairs"]["value"],
        40
    );

    // Without a role the all-roles cells answer: both roles counted once each (40 pairs; 80
    // + 3 responses, shown rounded to 85), never twice.
    let (status, everyone) =
        get("/api/v1/outcomes?group_by=organisation&measure=phq9.total".into()).await;
    assert_eq!(status, 200, "{everyone}");
    let rows = everyone["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{everyone}");
    let both = measure(&rows[0], "phq9.total");
    assert_eq!(both["paired"]["pairs"]["value"], 40, "{everyone}");
    assert_eq!(both["cross_sectional"]["n"]["value"], 85, "{everyone}");
    let sum: i64 = (0..patients)
        .map(|p| {
            let (b, f) = totals(p);
            b.min(24) + f.clamp(0, 24)
        })
        .sum::<i64>()
        + 3 * 12;
    let got = both["cross_sectional"]["mean"]["value"].as_f64().unwrap();
    assert!((got - sum as f64 / 83.0).abs() < 1e-9, "{got}");

    // One practice, one financial year (April 2026 - March 2027), by quarter.
    let (status, practice_year) = get(format!(
        "/api/v1/outcomes?organisation={practice}&financial_year=2026-27&group_by=quarter&role={ROLE}"
    ))
    .await;
    assert_eq!(status, 200, "{practice_year}");
    let quarters: Vec<&Value> = practice_year["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["group"][0]["code"])
        .collect();
    assert_eq!(
        quarters,
        [&json!("2026-Q2")],
        "April and June are both in Q2"
    );
    // The year before holds nothing.
    let (status, before) = get(format!(
        "/api/v1/outcomes?organisation={practice}&financial_year=2025-26"
    ))
    .await;
    assert_eq!(status, 200, "{before}");
    assert!(
        before["total"]["measures"].as_array().unwrap().is_empty(),
        "{before}"
    );

    // Clear JSON refusals.
    for (query, code) in [
        ("group_by=colour", "unknown_dimension"),
        (
            "group_by=role,domain,instrument,measure",
            "too_many_dimensions",
        ),
        ("group_by=sex&imd_quintile=2019-Q1", "one_demographic"),
        ("financial_year=2026", "bad_value"),
    ] {
        let (status, error) = get(format!("/api/v1/outcomes?{query}")).await;
        assert_eq!(status, 400, "{query}: {error}");
        assert_eq!(error["error"], code, "{query}: {error}");
        assert!(error["message"].as_str().unwrap().len() > 10);
    }
    let stranger = uuid::Uuid::new_v4();
    let (status, error) = get(format!("/api/v1/outcomes?organisation={stranger}")).await;
    assert_eq!(status, 400, "{error}");
    assert_eq!(error["error"], "organisation_out_of_scope");

    // Every read is audited (the refused ones changed and returned nothing).
    let (status, audit) = server
        .as_admin(Method::GET, "/api/v1/audit?limit=500", None)
        .await;
    assert_eq!(status, 200, "{audit}");
    let entries = audit.as_array().expect("audit entries");
    let reads = entries
        .iter()
        .filter(|e| e["action"] == "read_outcomes")
        .count();
    assert_eq!(reads, 5, "{audit}");
}
