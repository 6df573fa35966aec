//! Pseudonymous patients over the API: an NHS number is checked, then kept only as a keyed hash
//! that links a patient's responses; the number itself is stored nowhere.

use serde_json::{Value, json};
use server::on_db;
use tests::TestServer;
use tests::records::{ROLE, ons4};

/// (id, patient_pseudonym, nhs_number_hash, content_hash, answers)
type StoredPatientRow = (String, Option<String>, Option<String>, String, String);

fn with_patient(nhs_number: Option<&str>) -> Value {
    let mut record = ons4(ROLE, [7, 7, 7, 2]);
    let mut patient = json!({ "pseudonym": uuid::Uuid::new_v4().to_string() });
    if let Some(number) = nhs_number {
        patient["nhs_number"] = json!(number);
    }
    record["patient"] = patient;
    record
}

#[tokio::test]
async fn an_nhs_number_is_stored_only_as_a_keyed_hash_that_links_responses() {
    let server = TestServer::start().await;
    let first = with_patient(Some("943 476 5919"));
    let second = with_patient(Some("9434765919"));
    let anonymous = with_patient(None);

    let (status, body) = server
        .sync(vec![first.clone(), second, anonymous.clone()])
        .await;
    assert_eq!(status, 200, "{body}");
    let (again, body) = server.sync(vec![first]).await;
    assert_eq!(
        (again, body["results"][0]["status"].as_str()),
        (200, Some("duplicate")),
        "resends still deduplicate"
    );

    let rows: Vec<StoredPatientRow> = on_db!(&server.db, pool => sqlx::query_as(
        "SELECT id, patient_pseudonym, nhs_number_hash, content_hash, answers FROM responses ORDER BY nhs_number_hash",
    )
    .fetch_all(pool)
    .await)
    .unwrap();
    let hashed: Vec<_> = rows.iter().filter(|r| r.2.is_some()).collect();
    assert_eq!(hashed.len(), 2);
    assert_eq!(
        hashed[0].2, hashed[1].2,
        "the same patient links across responses"
    );
    assert_eq!(hashed[0].1, hashed[0].2, "the keyed hash is the pseudonym");
    assert_eq!(hashed[0].2.as_ref().unwrap().len(), 64);
    for row in &rows {
        let text = format!("{row:?}");
        assert!(
            !text.contains("9434765919") && !text.contains("943 476 5919"),
            "the number is stored nowhere: {text}"
        );
    }
    let plain = rows
        .iter()
        .find(|r| r.0 == anonymous["id"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        plain.1.as_deref(),
        anonymous["patient"]["pseudonym"].as_str(),
        "no NHS number: the tablet's pseudonym"
    );
    assert_eq!(plain.2, None);
}

#[tokio::test]
async fn an_invalid_nhs_number_is_refused_with_the_reason() {
    let server = TestServer::start().await;

    let (status, body) = server.sync(vec![with_patient(Some("9434765918"))]).await;

    assert_eq!(status, 422);
    assert_eq!(
        body["results"][0]["issues"][0]["field"],
        "patient.nhs_number"
    );
    assert!(
        body["results"][0]["issues"][0]["message"]
            .as_str()
            .unwrap()
            .contains("check digit")
    );
    assert!(server.stored().await.responses.is_empty());
}
