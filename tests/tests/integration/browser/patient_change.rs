//! The practitioner's view of a caseload patient's change, offline from the pulled history:
//! labelled measures, the change since the baseline with the reliable-change flag, a chart per
//! measure and the GAS goals; and the time point a new questionnaire suggests from that history.

use std::time::{Duration, Instant};
use tests::browser::{Browser, ONE_BROWSER, Setup, TEST_PIN, enrolled_tablet, start_server};
use tests::records::{ROLE, gas_goal, phq9_answers, response};

const NHS_NUMBER: &str = "9434765919";

fn days_ago(days: i64) -> String {
    (time::OffsetDateTime::now_utc() - time::Duration::days(days))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn about_the_patient(
    mut record: serde_json::Value,
    at: &str,
    time_point: Option<&str>,
) -> serde_json::Value {
    record["recorded_at"] = serde_json::json!(at);
    record["patient"] = serde_json::json!({
        "pseudonym": uuid::Uuid::new_v4().to_string(),
        "nhs_number": NHS_NUMBER,
    });
    if let Some(tp) = time_point {
        record["time_point"] = serde_json::json!(tp);
    }
    record
}

/// Opens the patient until the pulled history has `count` responses.
async fn open_with_history(browser: &Browser, count: usize) {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        browser.open_patient().await;
        let seen = browser
            .find("#earlier-responses", 20)
            .await
            .attr("data-count")
            .await
            .unwrap();
        if seen.as_deref() == Some(count.to_string().as_str()) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the history never arrived ({seen:?})"
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
        browser.client.refresh().await.unwrap();
        browser.unlock(TEST_PIN).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_patient_page_shows_change_since_baseline_and_a_follow_up_is_suggested() {
    let _one = ONE_BROWSER.lock().await;
    let Setup { _dir, server, .. } = start_server("patient-change.db").await;
    let baseline_at = days_ago(60);
    let records = vec![
        // PHQ-9 total 18 at baseline, 9 at review: 9 points better, over the threshold of 6.
        about_the_patient(
            response("phq9", ROLE, phq9_answers([3, 3, 2, 2, 2, 2, 2, 2], 0)),
            &baseline_at,
            Some("baseline"),
        ),
        about_the_patient(
            response("phq9", ROLE, phq9_answers([1, 1, 1, 1, 1, 1, 1, 2], 0)),
            &days_ago(30),
            Some("review"),
        ),
        about_the_patient(
            response(
                "gas",
                ROLE,
                serde_json::json!({ "goals": [gas_goal("a", -1, Some(1))] }),
            ),
            &days_ago(20),
            None,
        ),
    ];
    let seeded = reqwest::Client::new()
        .post(format!("{}/api/v1/sync", server.base_url))
        .bearer_auth(&server.admin_token)
        .json(&serde_json::json!({ "protocol_version": 1, "records": records }))
        .send()
        .await
        .unwrap();
    assert_eq!(seeded.status().as_u16(), 200, "{:?}", seeded.text().await);

    let browser = enrolled_tablet(&server).await;
    browser.add_patient("Mr B", NHS_NUMBER).await;
    open_with_history(&browser, 3).await;

    let phq9 = "#change-summary .change-measure[data-measure='phq9.total']";
    browser.find(phq9, 10).await;
    assert_eq!(
        browser
            .find(phq9, 5)
            .await
            .attr("data-flag")
            .await
            .unwrap()
            .as_deref(),
        Some("improved")
    );
    assert_eq!(
        browser
            .find(phq9, 5)
            .await
            .attr("data-change")
            .await
            .unwrap()
            .as_deref(),
        Some("-9")
    );
    assert_eq!(
        browser.text(&format!("{phq9} .change-label")).await,
        "Mood (PHQ-9): PHQ-9 total"
    );
    let points = browser
        .client
        .execute(
            "return document.querySelectorAll(arguments[0] + ' svg circle').length;",
            vec![serde_json::json!(phq9)],
        )
        .await
        .unwrap();
    assert_eq!(points, 2, "one point per score");
    // Earlier responses are labelled, not listed by measure id.
    let earlier = browser.text("#earlier-responses").await;
    assert!(earlier.contains("PHQ-9 total 9"), "{earlier}");
    assert!(!earlier.contains("phq9.total"), "{earlier}");
    // The GAS goal with its levels.
    let goals = browser.text("#goal-summary").await;
    assert!(goals.contains("Goal a"), "{goals}");
    assert!(
        goals.contains("(less)") && goals.contains("(better)"),
        "{goals}"
    );

    // A new PHQ-9 for the patient: baseline 60 days ago, so a follow-up (review) is suggested
    // and chosen, with the baseline's date.
    browser.click("#patient-start-phq9").await;
    browser.wait_for_screen("questionnaire", 20).await;
    browser.find("#time-point-suggestion", 20).await;
    browser
        .wait_for_attribute(
            ".time-point-option[data-time-point='review']",
            "aria-pressed",
            "true",
            10,
        )
        .await;
    let date = {
        let d = time::OffsetDateTime::now_utc() - time::Duration::days(60);
        format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
    };
    let suggestion = browser.text("#time-point-suggestion").await;
    assert!(suggestion.contains(&date), "{suggestion} names {date}");
    assert!(suggestion.contains("follow-up"), "{suggestion}");
}
