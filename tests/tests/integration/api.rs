//! API tests against the real server on a random port with a fresh database per test:
//! storing, duplicates, conflicts, racing batches, every kind of bad input, and aggregates.

use serde_json::{Value, json};
use shared::api::{MAX_BATCH_RECORDS, MAX_BODY_BYTES};
use tests::records::{ROLE, ons4, ons4_with_id, with, without};
use tests::{TestServer, row};

fn statuses(body: &Value) -> Vec<String> {
    body["results"]
        .as_array()
        .expect("a results array")
        .iter()
        .map(|r| r["status"].as_str().expect("a status").to_owned())
        .collect()
}

#[tokio::test]
async fn a_valid_batch_is_stored_and_scored() {
    let server = TestServer::start().await;
    let batch = vec![ons4(ROLE, [7, 8, 6, 3]), ons4(ROLE, [5, 5, 5, 5])];

    let (status, body) = server.sync(batch.clone()).await;

    assert_eq!(status, 200, "{body}");
    assert_eq!(statuses(&body), ["stored", "stored"]);
    assert_eq!(body["results"][1]["id"], batch[1]["id"]);
    let stored = server.stored().await;
    assert_eq!(stored.responses.len(), 2);
    assert_eq!(stored.scores, 8, "four ONS4 measures per response");
}

#[tokio::test]
async fn the_same_batch_sent_twice_is_stored_once() {
    let server = TestServer::start().await;
    let batch: Vec<Value> = (0..5).map(|i| ons4(ROLE, [i, i, i, i])).collect();

    let (first, _) = server.sync(batch.clone()).await;
    let before = server.stored().await;
    let (second, body) = server.sync(batch).await;

    assert_eq!(first, 200);
    assert_eq!(second, 200, "{body}");
    assert_eq!(statuses(&body), vec!["duplicate"; 5]);
    assert_eq!(server.stored().await, before, "a resend changes nothing");
}

#[tokio::test]
async fn a_repeated_id_inside_one_batch_is_stored_once() {
    let server = TestServer::start().await;
    let record = ons4(ROLE, [1, 2, 3, 4]);

    let (status, body) = server.sync(vec![record.clone(), record]).await;

    assert_eq!(status, 200, "{body}");
    assert_eq!(statuses(&body), ["stored", "duplicate"]);
    assert_eq!(server.stored().await.responses.len(), 1);
}

#[tokio::test]
async fn same_id_with_different_content_is_a_conflict_and_changes_nothing() {
    let server = TestServer::start().await;
    let id = uuid::Uuid::new_v4().to_string();
    server
        .sync(vec![ons4_with_id(&id, ROLE, [7, 7, 7, 7])])
        .await;
    let before = server.stored().await;

    let (status, body) = server
        .sync(vec![ons4_with_id(&id, ROLE, [1, 1, 1, 1])])
        .await;

    assert_eq!(status, 409, "{body}");
    assert_eq!(statuses(&body), ["conflict"]);
    assert!(
        body["results"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("already stored")
    );
    assert_eq!(server.stored().await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_overlapping_batches_store_each_response_exactly_once() {
    let server = TestServer::start().await;
    let records: Vec<Value> = (0..60).map(|i| ons4(ROLE, [i % 11, 5, 5, 5])).collect();
    // Eight senders, each with an overlapping window of the same records, all at once.
    let mut sends = Vec::new();
    for sender in 0..8 {
        let batch: Vec<Value> = records.iter().skip(sender * 5).take(30).cloned().collect();
        let client = server.client().clone();
        let url = server.url("/api/v1/sync");
        let token = server.device_token.clone();
        sends.push(tokio::spawn(async move {
            let body = json!({ "protocol_version": 1, "records": batch });
            let response = client
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("answer");
            assert_eq!(response.status().as_u16(), 200);
            response.json::<Value>().await.expect("json")
        }));
    }
    let answers = futures::future::join_all(sends).await;

    let mut stored_per_id = std::collections::BTreeMap::<String, usize>::new();
    for answer in answers {
        for result in answer.expect("sender finished")["results"]
            .as_array()
            .unwrap()
        {
            let status = result["status"].as_str().unwrap();
            assert!(status == "stored" || status == "duplicate", "{result}");
            if status == "stored" {
                *stored_per_id
                    .entry(result["id"].as_str().unwrap().to_owned())
                    .or_default() += 1;
            }
        }
    }
    let sent_ids: std::collections::BTreeSet<String> = records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    let stored = server.stored().await;
    assert_eq!(
        stored.responses.len(),
        sent_ids.len(),
        "every sent record stored once"
    );
    assert!(stored_per_id.values().all(|&n| n == 1), "{stored_per_id:?}");
    assert_eq!(stored_per_id.len(), sent_ids.len());
}

#[tokio::test]
async fn each_bad_record_is_rejected_with_its_reason_and_good_ones_are_stored() {
    let server = TestServer::start().await;
    let good_a = ons4(ROLE, [7, 7, 7, 7]);
    let good_b = ons4(ROLE, [3, 3, 3, 3]);
    let batch = vec![
        good_a.clone(),
        with(ons4(ROLE, [7, 7, 7, 7]), &["answers", "anxiety"], json!(11)),
        with(
            ons4(ROLE, [7, 7, 7, 7]),
            &["answers", "happiness"],
            json!(-1),
        ),
        with(ons4(ROLE, [7, 7, 7, 7]), &["instrument_id"], json!("ons99")),
        with(ons4(ROLE, [7, 7, 7, 7]), &["instrument_version"], json!(42)),
        with(
            ons4(ROLE, [7, 7, 7, 7]),
            &["answers", "worthwhile"],
            json!("seven"),
        ),
        with(
            ons4(ROLE, [7, 7, 7, 7]),
            &["answers", "worthwhile"],
            json!(6.5),
        ),
        with(
            ons4(ROLE, [7, 7, 7, 7]),
            &["instrument_version"],
            json!("one"),
        ),
        with(ons4(ROLE, [7, 7, 7, 7]), &["role"], json!("astronaut")),
        with(
            ons4(ROLE, [7, 7, 7, 7]),
            &["recorded_at"],
            json!("yesterday"),
        ),
        with(
            ons4(ROLE, [7, 7, 7, 7]),
            &["recorded_at"],
            json!("2099-01-01T00:00:00Z"),
        ),
        with(ons4(ROLE, [7, 7, 7, 7]), &["id"], json!("not-a-uuid")),
        with(
            ons4(ROLE, [7, 7, 7, 7]),
            &["answers", "favourite_colour"],
            json!(3),
        ),
        without(ons4(ROLE, [7, 7, 7, 7]), "role"),
        json!(42),
        json!("a string"),
        good_b.clone(),
    ];

    let (status, body) = server.sync(batch).await;

    assert_eq!(status, 422, "{body}");
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 17);
    let expect = |index: usize, needle: &str| {
        let result = &results[index];
        assert_eq!(result["status"], "rejected", "record {index}: {result}");
        let text = result.to_string();
        assert!(
            text.contains(needle),
            "record {index} should mention {needle:?}: {text}"
        );
    };
    expect(1, "11 is outside the range 0 to 10");
    expect(2, "-1 is outside the range 0 to 10");
    expect(3, "\\\"ons99\\\" is not a known instrument");
    expect(4, "ons4 has no published version 42");
    expect(5, "whole number from 0 to 10, got a string");
    expect(6, "got 6.5");
    expect(7, "invalid type: string");
    expect(8, "not a professional role");
    expect(9, "recorded_at");
    expect(10, "in the future");
    expect(11, "UUID");
    expect(12, "has no item \\\"favourite_colour\\\"");
    expect(13, "missing field `role`");
    expect(14, "must be a JSON object, got a number");
    expect(15, "must be a JSON object, got a string");
    assert_eq!(results[0]["status"], "stored");
    assert_eq!(results[16]["status"], "stored");
    assert_eq!(results[5]["issues"][0]["field"], "answers.worthwhile");
    let stored = server.stored().await.ids();
    let mut expected = vec![
        good_a["id"].as_str().unwrap().to_owned(),
        good_b["id"].as_str().unwrap().to_owned(),
    ];
    expected.sort();
    assert_eq!(stored, expected, "only the two valid records are stored");
}

#[tokio::test]
async fn malformed_json_is_refused_as_a_whole_and_changes_nothing() {
    let server = TestServer::start().await;
    server.sync(vec![ons4(ROLE, [7, 7, 7, 7])]).await;
    let before = server.stored().await;

    let (status, body) = server
        .post_raw(
            "/api/v1/sync",
            "application/json",
            b"{\"protocol_version\": 1, \"records\": [{".to_vec(),
        )
        .await;

    assert_eq!(status, 400);
    assert_eq!(body["error"], "malformed_json");
    assert!(body["message"].as_str().unwrap().contains("not valid JSON"));
    assert_eq!(server.stored().await, before);
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_is_refused_with_a_reason() {
    let server = TestServer::start().await;

    let (not_array, body_a) = server
        .post_json(
            "/api/v1/sync",
            &json!({ "protocol_version": 1, "records": "all of them" }),
        )
        .await;
    let (no_records, body_b) = server
        .post_json("/api/v1/sync", &json!({ "protocol_version": 1 }))
        .await;
    let (top_level_array, body_c) = server.post_json("/api/v1/sync", &json!([1, 2])).await;

    assert_eq!((not_array, no_records, top_level_array), (422, 422, 422));
    assert_eq!(body_a["error"], "invalid_body");
    assert!(
        body_b["message"]
            .as_str()
            .unwrap()
            .contains("missing field `records`")
    );
    assert_eq!(body_c["error"], "invalid_body");
    assert!(server.stored().await.responses.is_empty());
}

#[tokio::test]
async fn an_oversized_body_is_refused_and_changes_nothing() {
    let server = TestServer::start().await;
    server.sync(vec![ons4(ROLE, [7, 7, 7, 7])]).await;
    let before = server.stored().await;
    let padding = "x".repeat(MAX_BODY_BYTES + 1);
    let body =
        json!({ "protocol_version": 1, "records": [ons4(ROLE, [1, 1, 1, 1])], "padding": padding });

    let (status, answer) = server.post_json("/api/v1/sync", &body).await;

    assert_eq!(status, 413, "{answer}");
    assert_eq!(answer["error"], "payload_too_large");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("fewer records")
    );
    assert_eq!(server.stored().await, before);
}

#[tokio::test]
async fn too_many_records_in_one_batch_is_refused() {
    let server = TestServer::start().await;
    let batch: Vec<Value> = (0..=MAX_BATCH_RECORDS)
        .map(|_| ons4(ROLE, [1, 1, 1, 1]))
        .collect();

    let (status, body) = server.sync(batch).await;

    assert_eq!(status, 413, "{body}");
    assert_eq!(body["error"], "too_many_records");
    assert!(server.stored().await.responses.is_empty());
}

#[tokio::test]
async fn a_body_that_is_not_json_or_of_an_unknown_protocol_is_refused() {
    let server = TestServer::start().await;

    let (media, media_body) = server
        .post_raw("/api/v1/sync", "text/plain", b"hello".to_vec())
        .await;
    let (protocol, protocol_body) = server
        .post_json(
            "/api/v1/sync",
            &json!({ "protocol_version": 99, "records": [] }),
        )
        .await;

    assert_eq!(media, 415);
    assert_eq!(media_body["error"], "unsupported_media_type");
    assert_eq!(protocol, 400);
    assert_eq!(protocol_body["error"], "unsupported_protocol");
    assert!(
        protocol_body["message"]
            .as_str()
            .unwrap()
            .contains("version 99")
    );
}

#[tokio::test]
async fn aggregates_report_each_ons4_measure_by_role_and_domain_after_suppression() {
    let server = TestServer::start().await;
    // Eight responses for one role: enough to disclose (rounded to 10).
    let coach = "health-and-wellbeing-coach";
    let answers: [[i64; 4]; 8] = [
        [8, 7, 6, 2],
        [6, 7, 8, 4],
        [7, 7, 7, 3],
        [9, 8, 9, 1],
        [5, 6, 5, 6],
        [7, 9, 6, 2],
        [8, 8, 7, 0],
        [6, 5, 8, 5],
    ];
    let batch: Vec<Value> = answers.iter().map(|a| ons4(coach, *a)).collect();
    server.sync(batch).await;
    // Three responses for another role: must be suppressed.
    server
        .sync((0..3).map(|_| ons4(ROLE, [1, 1, 1, 1])).collect())
        .await;

    let response = server.aggregates("role,domain").await;

    assert_eq!(response.group_by, ["role", "domain"]);
    let coach_row = row(&response, &[("role", coach), ("domain", "wellbeing")]).expect("coach row");
    assert_eq!(coach_row.responses, Some(10), "8 rounds to 10");
    let mean = |m: &str| coach_row.measures[m].mean;
    assert_eq!(mean("ons4.life_satisfaction"), Some(7.0)); // 56 / 8
    assert_eq!(mean("ons4.worthwhile"), Some(7.13)); // 57 / 8 = 7.125
    assert_eq!(mean("ons4.happiness"), Some(7.0)); // 56 / 8
    assert_eq!(mean("ons4.anxiety"), Some(2.88)); // 23 / 8 = 2.875
    assert_eq!(
        coach_row.measures.len(),
        4,
        "four separate measures, no composite"
    );
    let small = row(&response, &[("role", ROLE), ("domain", "wellbeing")]).expect("small row");
    assert_eq!(small.responses, None, "3 responses are suppressed");
    assert!(
        small
            .measures
            .values()
            .all(|m| m.n.is_none() && m.mean.is_none())
    );
}

#[tokio::test]
async fn aggregates_can_group_by_one_dimension_or_none() {
    let server = TestServer::start().await;
    server
        .sync((0..9).map(|_| ons4(ROLE, [4, 4, 4, 4])).collect())
        .await;
    server
        .sync((0..9).map(|_| ons4("paramedic", [6, 6, 6, 6])).collect())
        .await;

    let by_domain = server.aggregates("domain").await;
    let overall = server.aggregates("").await;

    assert_eq!(by_domain.rows.len(), 1);
    assert_eq!(by_domain.rows[0].responses, Some(20), "18 rounds to 20");
    assert_eq!(by_domain.rows[0].measures["ons4.happiness"].mean, Some(5.0));
    assert_eq!(overall.rows.len(), 1);
    assert!(overall.rows[0].group.is_empty());
}

#[tokio::test]
async fn aggregates_refuse_an_unknown_dimension() {
    let server = TestServer::start().await;

    let (status, body) = server
        .as_admin(
            reqwest::Method::GET,
            "/api/v1/aggregates?group_by=role,postcode",
            None,
        )
        .await;

    assert_eq!(status, 400);
    assert_eq!(body["error"], "unknown_dimension");
    assert!(body["message"].as_str().unwrap().contains("postcode"));
}

#[tokio::test]
async fn unknown_api_paths_answer_json_404_and_health_answers() {
    let server = TestServer::start().await;

    let (status, body) = server.get_json("/api/v1/nothing-here").await;
    let health = server
        .client()
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap();

    assert_eq!(status, 404);
    assert_eq!(body["error"], "not_found");
    assert_eq!(health.status().as_u16(), 200);
}

#[tokio::test]
async fn a_correction_supersedes_the_earlier_response_in_the_figures_and_keeps_it_stored() {
    let server = TestServer::start().await;
    let coach = "health-and-wellbeing-coach";
    let earlier: Vec<Value> = (0..8).map(|_| ons4(coach, [0, 0, 0, 0])).collect();
    let wrong_id = earlier[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(server.sync(earlier).await.0, 200);

    // The practitioner corrects one response: a new record naming the one it replaces.
    let correction = with(ons4(coach, [8, 0, 0, 0]), &["supersedes"], json!(wrong_id));
    let (status, body) = server.sync(vec![correction.clone()]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        server.sync(vec![correction]).await.1["results"][0]["status"],
        "duplicate"
    );

    let figures = server.aggregates("role").await;
    let coach_row = row(&figures, &[("role", coach)]).expect("the coach's row");
    assert_eq!(
        coach_row.responses,
        Some(10),
        "still 8 responses (shown rounded), not 9"
    );
    assert_eq!(
        coach_row.measures["ons4.life_satisfaction"].mean,
        Some(1.0),
        "8 / 8: the superseded zero no longer counts"
    );
    assert!(
        server.scores().await.iter().any(|(id, ..)| *id == wrong_id),
        "the superseded response is kept, unchanged"
    );

    // A record cannot supersede itself.
    let id = uuid::Uuid::new_v4().to_string();
    let selfish = with(
        ons4_with_id(&id, coach, [1, 1, 1, 1]),
        &["supersedes"],
        json!(id),
    );
    let (status, body) = server.sync(vec![selfish]).await;
    assert_eq!(status, 422);
    assert_eq!(body["results"][0]["issues"][0]["field"], "supersedes");
}
