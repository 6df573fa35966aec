//! The instrument library in a real headless Chromium: a PHQ-9 item-9 answer raises the alert on
//! the tablet with the server stopped, and the server lists it after sync; FFT free text and GAS
//! goal setting and review, and an instrument imported from FHIR, go through the generic renderer,
//! are scored by the server, and export back as FHIR.

use reqwest::Method;
use tests::browser::Browser;
use tests::process::{ServerProcess, dist_dir};
use tests::records::foreign_questionnaire;
use tests::{ADMIN_TOKEN, StoredRows, free_port};

const ROLE: &str = "social-prescribing-link-worker";

/// One browser at a time: the machine has two cores.
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn choose(browser: &Browser, value: i64) {
    let css = format!(".choice-option[data-value='{value}']");
    browser.click(&css).await;
    browser
        .wait_for_attribute(&css, "aria-checked", "true", 5)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phq9_item_9_answer_alerts_on_the_tablet_offline_and_reaches_the_server() {
    let _one = ONE_BROWSER.lock().await;
    let dist = dist_dir();
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("alerts.db");
    let port = free_port();
    let mut server = ServerProcess::start(port, &database, &dist).await;
    let browser = Browser::start().await;
    browser.first_visit(&server.base_url, ROLE).await;

    server.kill();
    browser.client.refresh().await.unwrap();
    browser.click("#start-phq9").await;
    browser.click("#begin").await;
    for (index, answer) in [1, 0, 0, 0, 0, 0, 0, 0].into_iter().enumerate() {
        browser
            .wait_until_js(
                &format!(
                    "document.querySelector('.progress')?.textContent === 'Question {} of 10'",
                    index + 1
                ),
                10,
            )
            .await;
        choose(&browser, answer).await;
        browser.click("#next").await;
    }
    browser
        .wait_until_js(
            "document.querySelector('.progress')?.textContent === 'Question 9 of 10'",
            10,
        )
        .await;
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Css("#risk-support"))
            .await
            .is_err()
    );
    choose(&browser, 1).await;

    // The patient sees a supportive message at once, offline.
    let support = browser.text("#risk-support").await;
    assert!(
        support.contains("116 123") && support.contains("999"),
        "{support}"
    );
    browser.click("#support-continue").await;
    browser.click("#next").await;
    // Item 10 (difficulty) is asked because a problem was reported.
    browser
        .wait_until_js(
            "document.querySelector('.progress')?.textContent === 'Question 10 of 10'",
            10,
        )
        .await;
    choose(&browser, 1).await;
    browser.click("#next").await;

    // Before the confirmation: hand back, then the practitioner sees the alert.
    browser.find("#hand-back", 10).await;
    browser.click("#practitioner-continue").await;
    let alert = browser.text("#practitioner-alert").await;
    assert!(alert.contains("PHQ-9 item 9"), "{alert}");
    browser.click("#acknowledge-alert").await;
    browser.find("#saved-message", 10).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "1", 10)
        .await;

    // Back online: the response syncs and the server lists the alert.
    let server = ServerProcess::start(port, &database, &dist).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "0", 90)
        .await;
    let alerts: serde_json::Value = reqwest::Client::new()
        .request(Method::GET, format!("{}/api/v1/alerts", server.base_url))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(alerts.as_array().unwrap().len(), 1, "{alerts}");
    assert_eq!(alerts[0]["rule"], "self-harm");
    assert_eq!(alerts[0]["answer"], 1);
    assert_eq!(alerts[0]["role"], ROLE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn swemwbs_fft_gas_and_an_imported_fhir_questionnaire_are_completed_and_scored() {
    let _one = ONE_BROWSER.lock().await;
    let dist = dist_dir();
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("generic.db");
    let port = free_port();
    let server = ServerProcess::start(port, &database, &dist).await;
    let http = reqwest::Client::new();
    let imported = http
        .post(format!("{}/api/v1/admin/instruments/fhir", server.base_url))
        .bearer_auth(ADMIN_TOKEN)
        .json(
            &serde_json::json!({ "questionnaire": foreign_questionnaire(), "domain": "wellbeing" }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status().as_u16(), 201);
    let registered = http
        .put(format!(
            "{}/api/v1/admin/instruments/swemwbs/registration",
            server.base_url
        ))
        .bearer_auth(ADMIN_TOKEN)
        .json(&serde_json::json!({ "reference": "WARWICK-123", "recorded_by": "PCN admin" }))
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status().as_u16(), 204);
    let browser = Browser::start().await;
    browser.first_visit(&server.base_url, ROLE).await;

    // SWEMWBS is offered once its registration is recorded; all seven items answered.
    browser.click("#start-swemwbs").await;
    browser.click("#begin").await;
    for answer in [3, 4, 2, 3, 4, 5, 4] {
        choose(&browser, answer).await;
        browser.click("#next").await;
    }
    browser.find("#saved-message", 10).await;
    browser.click("#back-home").await;

    // FFT: the exact question, a choice, then optional free text.
    browser.click("#start-fft").await;
    browser.click("#begin").await;
    assert_eq!(
        browser.text("#question-text").await,
        "Overall, how was your experience of our service?"
    );
    choose(&browser, 2).await;
    browser.click("#next").await;
    browser
        .type_into("#text-answer", "The staff listened")
        .await;
    browser.click("#next").await;
    browser.find("#saved-message", 10).await;
    browser.click("#back-home").await;

    // GAS: agree one goal with a description per level and a baseline.
    browser.click("#start-gas").await;
    browser.click("#begin").await;
    browser
        .type_into(".goal-description", "Walk to the shop")
        .await;
    for (level, text) in [
        (-2, "Stays in"),
        (-1, "To the gate"),
        (0, "To the shop"),
        (1, "Shop and back"),
        (2, "To the park"),
    ] {
        browser
            .type_into(&format!(".goal-level[data-level='{level}']"), text)
            .await;
    }
    browser.click(".goal-baseline[data-value='-1']").await;
    browser.click(".goal-importance[data-value='2']").await;
    browser.click(".goal-difficulty[data-value='3']").await;
    browser.find("#next:not([disabled])", 10).await;
    browser.click("#next").await;
    browser.find("#saved-message", 10).await;
    browser.click("#back-home").await;

    // GAS review of that goal set: rated +1.
    browser.click("#review-gas").await;
    browser.click(".goal-set").await;
    browser.click("#begin").await;
    browser.click(".goal-attainment[data-value='1']").await;
    browser.find("#next:not([disabled])", 10).await;
    browser.click("#next").await;
    browser.find("#saved-message", 10).await;
    browser.click("#back-home").await;

    // The instrument imported from FHIR is offered and rendered like any other.
    browser.click("#start-sleepcheck").await;
    browser.click("#begin").await;
    assert_eq!(
        browser.text("#question-text").await,
        "How well do you sleep?"
    );
    choose(&browser, 2).await;
    browser.click("#next").await;
    browser.click(".scale-option[data-value='3']").await;
    browser.click("#next").await;
    browser.find("#saved-message", 10).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "0", 60)
        .await;

    let stored = StoredRows::read(&database).await;
    assert_eq!(stored.responses.len(), 5);
    let (sleep_id, _, _) = stored
        .responses
        .iter()
        .find(|(_, _, answers)| answers.contains("naps"))
        .expect("the imported instrument's response is stored");
    let exported: serde_json::Value = http
        .get(format!(
            "{}/api/v1/responses/{sleep_id}/fhir",
            server.base_url
        ))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(exported["resourceType"], "QuestionnaireResponse");
    assert_eq!(
        exported["item"][0]["answer"][0]["valueCoding"]["display"],
        "Well"
    );
    assert_eq!(exported["item"][1]["answer"][0]["valueInteger"], 3);
    assert!(
        stored
            .responses
            .iter()
            .any(|(_, _, answers)| answers.contains("The staff listened"))
    );
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", database.display()))
        .await
        .unwrap();
    let scores: Vec<(String, f64)> =
        sqlx::query_as("SELECT measure, value FROM response_scores ORDER BY measure, value")
            .fetch_all(&pool)
            .await
            .unwrap();
    let values = |m: &str| -> Vec<f64> {
        scores
            .iter()
            .filter(|s| s.0 == m)
            .map(|s| (s.1 * 100.0).round() / 100.0)
            .collect()
    };
    assert_eq!(values("fft.positive"), [1.0]);
    assert_eq!(values("sleepcheck.total"), [5.0]);
    // 3 + 4 + 2 + 3 + 4 + 5 + 4 = 25 raw, 22.35 on the metric scale.
    assert_eq!(values("swemwbs.metric"), [22.35]);
    assert_eq!(values("sleepcheck.total"), [5.0]);
    assert_eq!(
        values("gas.baseline_t"),
        [40.0, 40.0],
        "set and review both carry the baseline"
    );
    assert_eq!(
        values("gas.attainment_t"),
        [60.0],
        "one goal at +1: T = 50 + 10 / sqrt(1)"
    );
    assert_eq!(values("gas.attainment_t_weighted"), [60.0]);
}
