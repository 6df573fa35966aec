//! Pull for offline work over the API: a tablet gets the responses about patients that its
//! organisation stored, as pages of deltas after its cursor, with scores and GAS goals; patient
//! keys let it match them to the NHS numbers on its caseload. Nothing crosses organisations.

use reqwest::Method;
use serde_json::{Value, json};
use shared::api::{ChangesResponse, PatientKeysResponse};
use std::collections::BTreeSet;
use tests::records::{ROLE, gas_goal, ons4, response};
use tests::{TestServer, enrol_device, exchange};

const FIRST: &str = "9434765919";
const SECOND: &str = "4010232137";

fn about(mut record: Value, nhs_number: Option<&str>) -> Value {
    let mut patient = json!({ "pseudonym": uuid::Uuid::new_v4().to_string() });
    if let Some(number) = nhs_number {
        patient["nhs_number"] = json!(number);
    }
    record["patient"] = patient;
    record
}

async fn changes(
    server: &TestServer,
    token: &str,
    after: Option<&str>,
    limit: u32,
) -> ChangesResponse {
    let path = match after {
        Some(cursor) => format!("/api/v1/sync/changes?limit={limit}&after={cursor}"),
        None => format!("/api/v1/sync/changes?limit={limit}"),
    };
    let (status, body) = exchange(
        &reqwest::Client::new(),
        &server.base_url,
        Method::GET,
        &path,
        Some(token),
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).unwrap()
}

/// Follows the feed to its end; returns every change and the final cursor.
async fn pull_all(
    server: &TestServer,
    token: &str,
    after: Option<String>,
) -> (Vec<shared::api::PatientChange>, String) {
    let mut cursor = after;
    let mut all = Vec::new();
    loop {
        let page = changes(server, token, cursor.as_deref(), 2).await;
        all.extend(page.changes);
        cursor = Some(page.cursor);
        if !page.more {
            return (all, cursor.unwrap());
        }
    }
}

#[tokio::test]
async fn a_tablet_pulls_its_organisations_patient_responses_as_deltas_with_keys_to_match_them() {
    let server = TestServer::start().await;
    let token = server.device_token.clone();
    let gas = response("gas", ROLE, json!({ "goals": [gas_goal("a", -1, None)] }));
    let records = vec![
        about(ons4(ROLE, [5, 5, 5, 5]), Some(FIRST)),
        about(ons4(ROLE, [6, 6, 6, 6]), Some("943 476 5919")),
        about(gas.clone(), Some(SECOND)),
        about(ons4(ROLE, [1, 1, 1, 1]), None),
        ons4(ROLE, [2, 2, 2, 2]),
    ];
    let (status, body) = server.sync(records.clone()).await;
    assert_eq!(status, 200, "{body}");

    // The keys of the caseload's NHS numbers match the responses' patients.
    let (status, keys) = exchange(
        &reqwest::Client::new(),
        &server.base_url,
        Method::POST,
        "/api/v1/patients/keys",
        Some(&token),
        Some(&json!({ "nhs_numbers": [FIRST, SECOND] })),
    )
    .await;
    assert_eq!(status, 200, "{keys}");
    let keys: PatientKeysResponse = serde_json::from_value(keys).unwrap();
    let (first_key, second_key) = (keys.keys[0].patient.clone(), keys.keys[1].patient.clone());
    assert_ne!(first_key, second_key);

    // Paged in twos: four responses about patients (the one with no patient is not sent).
    let (all, cursor) = pull_all(&server, &token, None).await;
    assert_eq!(all.len(), 4, "{all:?}");
    let ids: BTreeSet<&str> = all.iter().map(|c| c.response_id.as_str()).collect();
    assert_eq!(ids.len(), 4, "each once");
    assert_eq!(
        all.iter().filter(|c| c.patient == first_key).count(),
        2,
        "both forms of the number link"
    );
    let goals = all
        .iter()
        .find(|c| c.instrument_id == "gas")
        .expect("the GAS response");
    assert_eq!(goals.patient, second_key);
    assert_eq!(
        goals.goals.as_ref().unwrap()[0]["id"],
        "a",
        "goals travel for review"
    );
    assert!(goals.scores.iter().any(|s| s.measure == "gas.baseline_t"));
    let ons4_change = all.iter().find(|c| c.instrument_id == "ons4").unwrap();
    assert_eq!(ons4_change.scores.len(), 4);
    assert!(ons4_change.goals.is_none());

    // Nothing new: an empty delta. Then only what was stored since, including a correction.
    assert!(
        changes(&server, &token, Some(&cursor), 100)
            .await
            .changes
            .is_empty()
    );
    let corrected = all
        .iter()
        .find(|c| c.patient == first_key)
        .unwrap()
        .response_id
        .clone();
    let correction = json!(corrected);
    let mut fix = about(ons4(ROLE, [9, 9, 9, 9]), Some(FIRST));
    fix["supersedes"] = correction;
    assert_eq!(server.sync(vec![fix.clone()]).await.0, 200);
    let (delta, _) = pull_all(&server, &token, Some(cursor)).await;
    assert_eq!(delta.len(), 1);
    assert_eq!(delta[0].response_id, fix["id"].as_str().unwrap());
    assert_eq!(delta[0].supersedes.as_deref(), Some(corrected.as_str()));

    // A tablet of another organisation sees none of it.
    let (_, me) = server.as_admin(Method::GET, "/api/v1/auth/me", None).await;
    let (_, other_org) = server
        .as_admin(
            Method::POST,
            "/api/v1/organisations",
            Some(&json!({ "name": "Elsewhere PCN", "kind": "pcn", "parent_id": me["organisation_id"] })),
        )
        .await;
    let other = enrol_device(
        &reqwest::Client::new(),
        &server.base_url,
        &server.admin_token,
        other_org["id"].as_str(),
    )
    .await
    .1;
    assert!(other_org["id"].is_string(), "{other_org}");
    assert!(changes(&server, &other, None, 100).await.changes.is_empty());

    // Bad input gets a clear refusal; the reads are audited.
    let bad = |path: &'static str| {
        let token = token.clone();
        let base = server.base_url.clone();
        async move {
            exchange(
                &reqwest::Client::new(),
                &base,
                Method::GET,
                path,
                Some(&token),
                None,
            )
            .await
            .0
        }
    };
    assert_eq!(bad("/api/v1/sync/changes?after=nonsense").await, 400);
    assert_eq!(bad("/api/v1/sync/changes?limit=0").await, 400);
    let (status, _) = exchange(
        &reqwest::Client::new(),
        &server.base_url,
        Method::POST,
        "/api/v1/patients/keys",
        Some(&token),
        Some(&json!({ "nhs_numbers": ["1234567890"] })),
    )
    .await;
    assert_eq!(status, 422);
    let (_, audit) = server.as_admin(Method::GET, "/api/v1/audit", None).await;
    let audit = audit.to_string();
    assert!(audit.contains("read_changes") && audit.contains("lookup_patient_keys"));
}
