//! FHIR R4 over the API: Questionnaire export, import of a Questionnaire from another system as a
//! new instrument that tablets can then use, and QuestionnaireResponse export of a stored response.

use reqwest::Method;
use serde_json::json;
use tests::TestServer;
use tests::records::{ROLE, foreign_questionnaire, response};

#[tokio::test]
async fn every_instrument_exports_as_a_questionnaire() {
    let server = TestServer::start().await;

    let (status, phq9) = server.get_json("/api/v1/instruments/phq9/1/fhir").await;
    let (missing, _) = server.get_json("/api/v1/instruments/phq9/7/fhir").await;

    assert_eq!(status, 200);
    assert_eq!(phq9["resourceType"], "Questionnaire");
    assert_eq!(phq9["item"].as_array().unwrap().len(), 10);
    assert_eq!(missing, 404);
}

#[tokio::test]
async fn an_imported_questionnaire_becomes_an_instrument_that_is_collected_and_exported_back() {
    let server = TestServer::start().await;
    let body = json!({ "questionnaire": foreign_questionnaire(), "domain": "wellbeing" });

    let anonymous = server
        .client()
        .post(server.url("/api/v1/admin/instruments/fhir"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let (created, imported) = server
        .as_admin(Method::POST, "/api/v1/admin/instruments/fhir", Some(&body))
        .await;
    let (again, again_body) = server
        .as_admin(Method::POST, "/api/v1/admin/instruments/fhir", Some(&body))
        .await;

    assert_eq!(anonymous.status().as_u16(), 401);
    assert_eq!(created, 201, "{imported}");
    assert_eq!(imported["id"], "sleepcheck");
    assert_eq!(imported["measures"], json!(["total"]));
    assert_eq!(
        again, 409,
        "a published version is never replaced: {again_body}"
    );

    let (_, listed) = server.get_json("/api/v1/instruments").await;
    assert!(
        listed["definitions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == "sleepcheck")
    );

    let record = response("sleepcheck", ROLE, json!({ "quality": 2, "naps": 3 }));
    let (status, body) = server.sync(vec![record.clone()]).await;
    assert_eq!(status, 200, "{body}");
    let aggregates = server.aggregates("instrument").await;
    assert!(
        aggregates
            .rows
            .iter()
            .any(|r| r.group["instrument"] == "sleepcheck")
    );

    let path = format!("/api/v1/responses/{}/fhir", record["id"].as_str().unwrap());
    let anonymous = server.client().get(server.url(&path)).send().await.unwrap();
    let (status, exported) = server.as_admin(Method::GET, &path, None).await;
    assert_eq!(
        anonymous.status().as_u16(),
        401,
        "row-level reads need staff credentials"
    );
    assert_eq!(status, 200);
    assert_eq!(exported["resourceType"], "QuestionnaireResponse");
    assert_eq!(
        exported["questionnaire"],
        "urn:prom-collector:questionnaire:sleepcheck|1"
    );
    assert_eq!(
        exported["item"][0]["answer"][0]["valueCoding"]["display"],
        "Well"
    );
    assert_eq!(exported["item"][1]["answer"][0]["valueInteger"], 3);

    // The exported Questionnaire imports back as the same instrument.
    let (_, questionnaire) = server
        .get_json("/api/v1/instruments/sleepcheck/1/fhir")
        .await;
    let mut next = questionnaire.clone();
    next["version"] = json!("2");
    let (created, reimported) = server
        .as_admin(
            Method::POST,
            "/api/v1/admin/instruments/fhir",
            Some(&json!({ "questionnaire": next })),
        )
        .await;
    assert_eq!(created, 201, "{reimported}");
    assert_eq!(
        (reimported["id"].clone(), reimported["version"].clone()),
        (json!("sleepcheck"), json!(2))
    );

    // Both published versions are accepted; each response keeps its own version.
    let mut on_v2 = response("sleepcheck", ROLE, json!({ "quality": 1, "naps": 0 }));
    on_v2["instrument_version"] = json!(2);
    let on_v1 = response("sleepcheck", ROLE, json!({ "quality": 0, "naps": 7 }));
    let (status, body) = server.sync(vec![on_v1, on_v2]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(server.stored_versions("sleepcheck").await, [1, 1, 2]);
}

#[tokio::test]
async fn a_questionnaire_that_cannot_be_used_is_refused_with_the_reason() {
    let server = TestServer::start().await;
    let mut unweighted = foreign_questionnaire();
    unweighted["item"][0]["answerOption"][0]["extension"] = json!([]);

    let (status, body) = server
        .as_admin(
            Method::POST,
            "/api/v1/admin/instruments/fhir",
            Some(&json!({ "questionnaire": unweighted })),
        )
        .await;
    let (not_fhir, not_fhir_body) = server
        .as_admin(
            Method::POST,
            "/api/v1/admin/instruments/fhir",
            Some(&json!({ "questionnaire": { "resourceType": "Patient" } })),
        )
        .await;
    let (domain, domain_body) = server
        .as_admin(
            Method::POST,
            "/api/v1/admin/instruments/fhir",
            Some(&json!({ "questionnaire": foreign_questionnaire(), "domain": "happiness" })),
        )
        .await;

    assert_eq!(status, 422);
    assert!(
        body["message"].as_str().unwrap().contains("itemWeight"),
        "{body}"
    );
    assert_eq!(not_fhir, 422);
    assert!(
        not_fhir_body["message"]
            .as_str()
            .unwrap()
            .contains("resourceType")
    );
    assert_eq!(domain, 422);
    assert_eq!(domain_body["error"], "unknown_domain");
    let (_, listed) = server.get_json("/api/v1/instruments").await;
    assert!(
        listed["definitions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["id"] != "sleepcheck")
    );
}

#[tokio::test]
async fn a_preview_checks_a_questionnaire_as_publishing_would_and_stores_nothing() {
    let server = TestServer::start().await;
    let preview = json!({ "questionnaire": foreign_questionnaire(), "preview": true });
    let (status, summary) = server
        .as_admin(
            Method::POST,
            "/api/v1/admin/instruments/fhir",
            Some(&preview),
        )
        .await;
    assert_eq!(status, 200, "{summary}");
    let id = summary["id"].as_str().unwrap().to_owned();
    assert!(summary["items"].as_u64().unwrap() > 0, "{summary}");
    let (_, listed) = server.get_json("/api/v1/instruments").await;
    let published = |listed: &serde_json::Value| {
        listed["definitions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == id.as_str())
    };
    assert!(!published(&listed), "a preview publishes nothing");

    let mut unweighted = foreign_questionnaire();
    unweighted["item"][0]["answerOption"][0]["extension"] = json!([]);
    let (refused, reason) = server
        .as_admin(
            Method::POST,
            "/api/v1/admin/instruments/fhir",
            Some(&json!({ "questionnaire": unweighted, "preview": true })),
        )
        .await;
    assert_eq!(
        (refused, reason["error"].as_str()),
        (422, Some("invalid_questionnaire"))
    );

    let publish = json!({ "questionnaire": foreign_questionnaire() });
    let (created, _) = server
        .as_admin(
            Method::POST,
            "/api/v1/admin/instruments/fhir",
            Some(&publish),
        )
        .await;
    assert_eq!(created, 201);
    let (_, listed) = server.get_json("/api/v1/instruments").await;
    assert!(published(&listed));
    let (again, _) = server
        .as_admin(
            Method::POST,
            "/api/v1/admin/instruments/fhir",
            Some(&preview),
        )
        .await;
    assert_eq!(
        again, 409,
        "a preview of a published version says it is taken"
    );
}
