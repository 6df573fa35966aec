//! Tablets over the API: one-time enrolment codes, who may upload, revoked devices refused with
//! their earlier data kept, and rows and aggregates confined to the uploader's PCN.

use reqwest::Method;
use serde_json::{Value, json};
use tests::records::{ROLE, ons4, phq9_answers, response};
use tests::{TestServer, enrolment_code};

async fn post_sync(server: &TestServer, token: Option<&str>, records: Vec<Value>) -> (u16, Value) {
    let body = json!({ "protocol_version": 1, "records": records });
    server
        .call(Method::POST, "/api/v1/sync", token, Some(&body))
        .await
}

async fn enrol(server: &TestServer, code: &str) -> (u16, Value) {
    server
        .call(
            Method::POST,
            "/api/v1/devices/enrol",
            None,
            Some(&json!({ "code": code, "name": "Room 3" })),
        )
        .await
}

#[tokio::test]
async fn an_enrolment_code_works_once_and_in_any_case_or_spacing() {
    let server = TestServer::start().await;
    let code = enrolment_code(server.client(), &server.base_url, &server.admin_token, None).await;
    let typed = format!(" {} ", code.to_lowercase().replace('-', " "));

    let (first, device) = enrol(&server, &typed).await;
    let (again, body) = enrol(&server, &code).await;
    let (garbage, _) = enrol(&server, "NOT-A-CODE").await;

    assert_eq!(first, 201, "{device}");
    assert_eq!(device["organisation_name"], "Test ICB");
    assert_eq!(device["credential"].as_str().unwrap().len(), 64);
    assert_eq!((again, garbage), (422, 422));
    assert!(body["message"].as_str().unwrap().contains("used already"));
    let (_, devices) = server.as_admin(Method::GET, "/api/v1/devices", None).await;
    let names: Vec<&str> = devices
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Test tablet", "Room 3"]);
}

#[tokio::test]
async fn only_tablets_practitioners_and_admins_upload() {
    let server = TestServer::start().await;
    let practitioner = server
        .create_account("practitioner", Some("dietitian"))
        .await;
    let evaluator = server.create_account("evaluator", None).await;

    let (none, body) = post_sync(&server, None, vec![ons4(ROLE, [5, 5, 5, 5])]).await;
    let (bogus, _) = post_sync(&server, Some("f00d"), vec![ons4(ROLE, [5, 5, 5, 5])]).await;
    let (as_evaluator, _) =
        post_sync(&server, Some(&evaluator), vec![ons4(ROLE, [5, 5, 5, 5])]).await;
    let (as_practitioner, _) =
        post_sync(&server, Some(&practitioner), vec![ons4(ROLE, [5, 5, 5, 5])]).await;
    let (as_device, _) = post_sync(
        &server,
        Some(&server.device_token),
        vec![ons4(ROLE, [5, 5, 5, 5])],
    )
    .await;

    assert_eq!(
        (none, bogus, as_evaluator, as_practitioner, as_device),
        (401, 401, 403, 200, 200)
    );
    assert!(body["message"].as_str().unwrap().contains("not enrolled"));
    assert_eq!(server.stored().await.responses.len(), 2);
}

#[tokio::test]
async fn a_revoked_tablet_is_refused_and_what_it_sent_is_kept() {
    let server = TestServer::start().await;
    let (_, devices) = server.as_admin(Method::GET, "/api/v1/devices", None).await;
    let device_id = devices[0]["id"].as_str().unwrap().to_owned();
    let earlier: Vec<Value> = (0..8).map(|_| ons4(ROLE, [6, 6, 6, 6])).collect();
    assert_eq!(server.sync(earlier).await.0, 200);
    let before = server.stored().await;

    let path = format!("/api/v1/devices/{device_id}/revoke");
    let (revoked, _) = server.as_admin(Method::POST, &path, None).await;
    let (twice, _) = server.as_admin(Method::POST, &path, None).await;
    let (status, body) = server.sync(vec![ons4(ROLE, [1, 1, 1, 1])]).await;

    assert_eq!((revoked, twice), (204, 409));
    assert_eq!(status, 403);
    assert_eq!(body["error"], "device_revoked");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("stay on the tablet")
    );
    assert_eq!(server.stored().await, before, "nothing new, nothing lost");
    let aggregates = server.aggregates("role").await;
    assert_eq!(
        aggregates.rows[0].responses,
        Some(10),
        "the revoked tablet's 8 responses still count"
    );
    let (_, devices) = server.as_admin(Method::GET, "/api/v1/devices", None).await;
    assert!(devices[0]["revoked_at"].is_string());
    let (_, audit) = server.as_admin(Method::GET, "/api/v1/audit", None).await;
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "revoke_device")
    );
}

#[tokio::test]
async fn rows_and_aggregates_stay_within_the_uploaders_pcn() {
    let server = TestServer::start().await;
    let (_, me) = server.as_admin(Method::GET, "/api/v1/auth/me", None).await;
    let icb = me["organisation_id"].as_str().unwrap().to_owned();
    let mut pcns = Vec::new();
    for name in ["PCN A", "PCN B"] {
        let (_, pcn) = server
            .as_admin(
                Method::POST,
                "/api/v1/organisations",
                Some(&json!({ "name": name, "kind": "pcn", "parent_id": icb })),
            )
            .await;
        pcns.push(pcn["id"].as_str().unwrap().to_owned());
    }
    let (_, practice_a) = server
        .as_admin(
            Method::POST,
            "/api/v1/organisations",
            Some(&json!({ "name": "Practice A1", "kind": "practice", "parent_id": pcns[0] })),
        )
        .await;
    let tablet = |organisation: String| {
        let server = &server;
        async move {
            let code = enrolment_code(
                server.client(),
                &server.base_url,
                &server.admin_token,
                Some(&organisation),
            )
            .await;
            enrol(server, &code).await.1["credential"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let tablet_a = tablet(practice_a["id"].as_str().unwrap().to_owned()).await;
    let tablet_b = tablet(pcns[1].clone()).await;
    let account = |kind: &'static str, organisation: String| {
        let server = &server;
        let role = (kind == "practitioner").then_some("dietitian");
        async move { server.create_account_in(kind, role, &organisation).await }
    };
    // A practitioner at a practice in PCN A sees all of PCN A, nothing of PCN B.
    let practitioner_a = account(
        "practitioner",
        practice_a["id"].as_str().unwrap().to_owned(),
    )
    .await;
    let evaluator_b = account("evaluator", pcns[1].clone()).await;

    let risky_a = response("phq9", ROLE, phq9_answers([0; 8], 1));
    let risky_b = response("phq9", ROLE, phq9_answers([0; 8], 3));
    assert_eq!(
        post_sync(&server, Some(&tablet_a), vec![risky_a.clone()])
            .await
            .0,
        200
    );
    assert_eq!(
        post_sync(&server, Some(&tablet_b), vec![risky_b.clone()])
            .await
            .0,
        200
    );
    let batch_b: Vec<Value> = (0..8).map(|_| ons4(ROLE, [9, 9, 9, 9])).collect();
    assert_eq!(post_sync(&server, Some(&tablet_b), batch_b).await.0, 200);

    let (_, alerts_a) = server
        .call(Method::GET, "/api/v1/alerts", Some(&practitioner_a), None)
        .await;
    let ids: Vec<&Value> = alerts_a
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["response_id"])
        .collect();
    assert_eq!(ids, [&risky_a["id"]], "PCN A staff see PCN A's alert only");
    let foreign = format!("/api/v1/responses/{}/fhir", risky_b["id"].as_str().unwrap());
    let (status, _) = server
        .call(Method::GET, &foreign, Some(&practitioner_a), None)
        .await;
    assert_eq!(status, 404, "another PCN's row does not exist for them");
    let ack = format!(
        "/api/v1/alerts/{}/self-harm/acknowledge",
        risky_b["id"].as_str().unwrap()
    );
    assert_eq!(
        server
            .call(Method::POST, &ack, Some(&practitioner_a), None)
            .await
            .0,
        404
    );

    let (status, b_view) = server
        .call(
            Method::GET,
            "/api/v1/aggregates?group_by=instrument",
            Some(&evaluator_b),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let instruments: Vec<&str> = b_view["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["group"]["instrument"].as_str().unwrap())
        .collect();
    assert_eq!(instruments, ["ons4", "phq9"]);
    let (_, a_view) = server
        .call(
            Method::GET,
            "/api/v1/aggregates?group_by=instrument",
            Some(&practitioner_a),
            None,
        )
        .await;
    let a_rows: Vec<&str> = a_view["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["group"]["instrument"].as_str().unwrap())
        .collect();
    assert_eq!(
        a_rows,
        ["phq9"],
        "PCN A's aggregates hold none of PCN B's ONS4 responses"
    );
    let (_, icb_view) = server
        .as_admin(Method::GET, "/api/v1/aggregates?group_by=instrument", None)
        .await;
    assert_eq!(
        icb_view["rows"].as_array().unwrap().len(),
        2,
        "the ICB sees both PCNs"
    );
    let (_, audit) = server.as_admin(Method::GET, "/api/v1/audit", None).await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"read_alerts") && actions.contains(&"read_aggregates"),
        "reads are audited: {actions:?}"
    );
}
