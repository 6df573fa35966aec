//! API tests of the instrument library: every built-in instrument stored and scored by the
//! server, licensed instruments disabled until registered, risk alerts listed and acknowledged.

use reqwest::Method;
use serde_json::{Value, json};
use tests::records::{ROLE, gas_goal, phq9_answers, response};
use tests::{TestServer, row};

fn statuses(body: &Value) -> Vec<String> {
    body["results"]
        .as_array()
        .expect("a results array")
        .iter()
        .map(|r| r["status"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn every_open_built_in_instrument_is_stored_and_scored_by_the_server() {
    let server = TestServer::start().await;
    let batch = vec![
        response("phq9", ROLE, phq9_answers([1, 2, 3, 0, 1, 2, 0, 1], 0)),
        response(
            "gad7",
            ROLE,
            json!({"nervous": 3, "worrying_control": 3, "worrying_much": 2,
            "relaxing": 1, "restless": 0, "irritable": 1, "afraid": 2}),
        ),
        response("phq2", ROLE, json!({"interest": 2, "feeling_down": 1})),
        response("gad2", ROLE, json!({"nervous": 0, "worrying_control": 1})),
        response(
            "fft",
            ROLE,
            json!({"experience": 2, "reason": "Listened to me"}),
        ),
        response(
            "gas",
            ROLE,
            json!({"goals": [gas_goal("a", -1, None), gas_goal("b", -2, None)]}),
        ),
    ];

    let (status, body) = server.sync(batch).await;

    assert_eq!(status, 200, "{body}");
    assert_eq!(statuses(&body), vec!["stored"; 6]);
    let stored = server.stored().await;
    assert_eq!(stored.responses.len(), 6);
    let scores: Vec<(String, f64, Option<String>)> = server
        .scores()
        .await
        .into_iter()
        .map(|(_, measure, value, band)| (measure, value, band))
        .collect();
    let find = |m: &str| {
        scores
            .iter()
            .find(|s| s.0 == m)
            .cloned()
            .unwrap_or_else(|| panic!("{m}"))
    };
    assert_eq!(
        find("phq9.total"),
        ("phq9.total".into(), 10.0, Some("Moderate".into()))
    );
    assert_eq!(
        find("gad7.total"),
        ("gad7.total".into(), 12.0, Some("Moderate".into()))
    );
    assert_eq!(find("phq2.total").2.as_deref(), Some("Screen positive"));
    assert_eq!(
        find("gad2.total").2.as_deref(),
        Some("Below screening cut-off")
    );
    assert_eq!(find("fft.positive").1, 1.0);
    assert_eq!(find("fft.category").2.as_deref(), Some("Positive"));
    // Baselines -1 and -2, unweighted: T = 50 + 10 * -3 / sqrt(0.7 * 2 + 0.3 * 4) = 31.39
    assert_eq!((find("gas.baseline_t").1 * 100.0).round() / 100.0, 31.39);
    assert!(
        scores.iter().all(|s| s.0 != "gas.attainment_t"),
        "not reviewed yet"
    );
}

#[tokio::test]
async fn swemwbs_is_refused_until_an_admin_records_the_registration() {
    let server = TestServer::start().await;
    let swemwbs = || {
        response(
            "swemwbs",
            ROLE,
            json!({"optimistic": 3, "useful": 4, "relaxed": 2, "problems": 3,
            "thinking": 4, "close": 5, "own_mind": 4}),
        )
    };
    let (_, listed) = server.get_json("/api/v1/instruments").await;
    assert!(
        listed["definitions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["id"] != "swemwbs")
    );
    assert_eq!(listed["disabled"][0]["id"], "swemwbs");

    let (status, body) = server.sync(vec![swemwbs()]).await;
    assert_eq!(status, 422);
    assert!(
        body["results"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("licensed and not enabled")
    );

    let registration = json!({"reference": "WEMWBS-REG-1234", "recorded_by": "Dr A Admin"});
    let anonymous = server
        .client()
        .put(server.url("/api/v1/admin/instruments/swemwbs/registration"))
        .json(&registration)
        .send()
        .await
        .unwrap();
    assert_eq!(
        anonymous.status().as_u16(),
        401,
        "no token, no registration"
    );
    let (free, _) = server
        .as_admin(
            Method::PUT,
            "/api/v1/admin/instruments/phq9/registration",
            Some(&registration),
        )
        .await;
    assert_eq!(free, 422, "open instruments need no registration");
    let (recorded, _) = server
        .as_admin(
            Method::PUT,
            "/api/v1/admin/instruments/swemwbs/registration",
            Some(&registration),
        )
        .await;
    assert_eq!(recorded, 204);

    let (status, body) = server.sync(vec![swemwbs()]).await;
    assert_eq!(status, 200, "{body}");
    let (_, listed) = server.get_json("/api/v1/instruments").await;
    assert!(
        listed["definitions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == "swemwbs")
    );
    assert!(listed["disabled"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_phq9_item_9_answer_raises_an_alert_that_staff_acknowledge_once() {
    let server = TestServer::start().await;
    let practitioner = server
        .create_account("practitioner", Some("mental-health-practitioner"))
        .await;
    let evaluator = server.create_account("evaluator", None).await;
    let risky = response("phq9", ROLE, phq9_answers([0, 1, 0, 0, 0, 0, 0, 0], 2));
    let calm = response("phq9", ROLE, phq9_answers([3, 3, 3, 3, 3, 3, 3, 3], 0));
    server.sync(vec![risky.clone(), calm]).await;
    server.sync(vec![risky.clone()]).await; // a resend raises nothing new

    let (anonymous, _) = server.call(Method::GET, "/api/v1/alerts", None, None).await;
    let (as_evaluator, _) = server
        .call(Method::GET, "/api/v1/alerts", Some(&evaluator), None)
        .await;
    assert_eq!(
        (anonymous, as_evaluator),
        (401, 403),
        "evaluators never see rows"
    );
    let (status, open) = server
        .call(Method::GET, "/api/v1/alerts", Some(&practitioner), None)
        .await;
    assert_eq!(status, 200);
    let open = open.as_array().unwrap().clone();
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0]["response_id"], risky["id"]);
    assert_eq!(open[0]["rule"], "self-harm");
    assert_eq!(open[0]["answer"], 2);
    assert_eq!(open[0]["acknowledged_at"], Value::Null);

    let path = format!(
        "/api/v1/alerts/{}/self-harm/acknowledge",
        risky["id"].as_str().unwrap()
    );
    let (first, _) = server
        .call(Method::POST, &path, Some(&practitioner), None)
        .await;
    let (second, again) = server.as_admin(Method::POST, &path, None).await;
    let (missing, _) = server
        .as_admin(
            Method::POST,
            "/api/v1/alerts/nope/self-harm/acknowledge",
            None,
        )
        .await;

    assert_eq!((first, second, missing), (204, 409, 404));
    assert_eq!(again["error"], "already_acknowledged");
    let (_, open) = server.as_admin(Method::GET, "/api/v1/alerts", None).await;
    assert!(open.as_array().unwrap().is_empty());
    let (_, all) = server
        .as_admin(Method::GET, "/api/v1/alerts?state=all", None)
        .await;
    let by = all[0]["acknowledged_by"].as_str().unwrap();
    assert!(
        by.starts_with("Pat practitioner"),
        "the first acknowledgement is kept: {by}"
    );
    assert!(
        all[0]["acknowledged_at"]
            .as_str()
            .unwrap()
            .starts_with("20")
    );
}

#[tokio::test]
async fn alerts_are_listed_newest_first_with_their_tablet_and_acknowledged_with_a_note() {
    let server = TestServer::start().await;
    let first = response("phq9", ROLE, phq9_answers([0, 0, 0, 0, 0, 0, 0, 0], 1));
    server.sync(vec![first.clone()]).await;
    let second = response("phq9", ROLE, phq9_answers([1, 1, 0, 0, 0, 0, 0, 0], 3));
    server.sync(vec![second.clone()]).await;

    let (status, open) = server.as_admin(Method::GET, "/api/v1/alerts", None).await;
    assert_eq!(status, 200);
    let ids: Vec<&Value> = open
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["response_id"])
        .collect();
    assert_eq!(ids, [&second["id"], &first["id"]], "newest first");
    assert_eq!(open[0]["device_name"], "Test tablet");
    assert!(open[0]["device_id"].is_string());

    let path = |record: &Value| {
        format!(
            "/api/v1/alerts/{}/self-harm/acknowledge",
            record["id"].as_str().unwrap()
        )
    };
    let long = json!({ "note": "x".repeat(1001) });
    let (too_long, refusal) = server
        .as_admin(Method::POST, &path(&second), Some(&long))
        .await;
    assert_eq!(
        (too_long, refusal["error"].as_str()),
        (422, Some("note_too_long"))
    );
    let note = json!({ "note": "  Called the patient; safety plan agreed.  " });
    let (noted, _) = server
        .as_admin(Method::POST, &path(&second), Some(&note))
        .await;
    let (bare, _) = server.as_admin(Method::POST, &path(&first), None).await;
    assert_eq!((noted, bare), (204, 204));

    let (_, open) = server.as_admin(Method::GET, "/api/v1/alerts", None).await;
    assert!(open.as_array().unwrap().is_empty());
    let (_, acknowledged) = server
        .as_admin(Method::GET, "/api/v1/alerts?state=acknowledged", None)
        .await;
    let acknowledged = acknowledged.as_array().unwrap();
    assert_eq!(acknowledged.len(), 2);
    assert_eq!(acknowledged[0]["response_id"], second["id"]);
    assert_eq!(
        acknowledged[0]["acknowledgement_note"],
        "Called the patient; safety plan agreed."
    );
    assert_eq!(acknowledged[1]["acknowledgement_note"], Value::Null);
    let (bad, _) = server
        .as_admin(Method::GET, "/api/v1/alerts?state=closed", None)
        .await;
    assert_eq!(bad, 400);
    let (_, audit) = server.as_admin(Method::GET, "/api/v1/audit", None).await;
    let audit: Vec<String> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|record| record["action"] == "acknowledge_alert")
        .map(|record| record["detail"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        audit.contains(&"self-harm, with a note".to_owned())
            && audit.contains(&"self-harm".to_owned()),
        "{audit:?}"
    );
}

#[tokio::test]
async fn fft_aggregates_give_the_share_positive_and_no_mean_of_category_codes() {
    let server = TestServer::start().await;
    // 10 answers: 6 positive, 1 neutral, 2 negative, 1 don't know (counted in the denominator).
    let answers = [1, 1, 2, 2, 1, 2, 3, 4, 5, 6];
    let batch: Vec<Value> = answers
        .iter()
        .map(|a| response("fft", ROLE, json!({"experience": a})))
        .collect();
    server.sync(batch).await;

    let aggregates = server.aggregates("role,domain").await;

    let fft = row(
        &aggregates,
        &[("role", ROLE), ("domain", "patient-experience")],
    )
    .unwrap();
    assert_eq!(fft.responses, Some(10));
    assert_eq!(fft.measures["fft.positive"].mean, Some(0.6));
    assert_eq!(fft.measures["fft.negative"].mean, Some(0.2));
    assert_eq!(
        fft.measures["fft.category"].mean, None,
        "a category code has no mean"
    );
    assert_eq!(fft.measures["fft.category"].n, Some(10));
}
