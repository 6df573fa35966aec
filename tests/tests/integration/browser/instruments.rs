//! The instrument library in a real headless Chromium. With the server stopped: a PHQ-9 item-9
//! answer raises the alert on the tablet, and GAD-7, PHQ-2 and GAD-2 are completed; after sync the
//! server lists the alert and holds the same scores the tablet computed. With the server up:
//! SWEMWBS once registered, FFT free text, GAS goal setting and review, and an instrument imported
//! from FHIR go through the generic renderer, are scored identically, and export back as FHIR.

use reqwest::Method;
use std::collections::BTreeMap;
use tests::browser::{Browser, ONE_BROWSER, Setup, TEST_PIN, enrolled_tablet, start_server};
use tests::process::ServerProcess;
use tests::records::foreign_questionnaire;
use tests::{StoredRows, assert_scored_identically, stored_scores};

const ROLE: &str = tests::records::ROLE;

/// Starts an instrument, answers every (choice) item in order, and returns the tablet's scores.
async fn complete(browser: &Browser, instrument: &str, answers: &[i64]) -> BTreeMap<String, f64> {
    browser.start_questionnaire(instrument).await;
    browser.begin().await;
    browser.answer_options(1, answers.len(), answers).await;
    browser.find("#saved-message", 10).await;
    let scores = browser.device_scores().await;
    browser.done().await;
    scores
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phq9_item_9_answer_alerts_on_the_tablet_offline_and_reaches_the_server() {
    let _one = ONE_BROWSER.lock().await;
    let Setup {
        _dir,
        database,
        dist,
        port,
        mut server,
    } = start_server("alerts.db").await;
    let browser = enrolled_tablet(&server).await;

    server.kill();
    browser.client.refresh().await.unwrap();
    browser.unlock(TEST_PIN).await;
    browser.start_questionnaire("phq9").await;
    browser.begin().await;
    browser
        .answer_options(1, 10, &[1, 0, 0, 0, 0, 0, 0, 0])
        .await;
    browser.wait_for_question(9, 10).await;
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Css("#risk-support"))
            .await
            .is_err()
    );
    browser.choose_option(1).await;

    // The patient sees a supportive message at once, offline.
    let support = browser.text("#risk-support").await;
    assert!(
        support.contains("116 123") && support.contains("999"),
        "{support}"
    );
    browser.click("#support-continue").await;
    browser.next().await;
    // Item 10 (difficulty) is asked because a problem was reported.
    browser.wait_for_question(10, 10).await;
    browser.choose_option(1).await;
    browser.next().await;

    // Before the confirmation: hand back, then the practitioner sees the alert.
    browser.find("#hand-back", 10).await;
    browser.click("#practitioner-continue").await;
    let alert = browser.text("#practitioner-alert").await;
    assert!(alert.contains("PHQ-9 item 9"), "{alert}");
    browser.click("#acknowledge-alert").await;
    browser.find("#saved-message", 10).await;
    let phq9 = browser.device_scores().await;
    assert_eq!(phq9.get("total"), Some(&2.0));
    browser.done().await;

    // The other mood and anxiety instruments, still offline.
    let gad7 = complete(&browser, "gad7", &[3, 2, 2, 1, 0, 1, 3]).await;
    let phq2 = complete(&browser, "phq2", &[2, 1]).await;
    let gad2 = complete(&browser, "gad2", &[0, 1]).await;
    assert_eq!(gad7.get("total"), Some(&12.0));
    browser
        .wait_for_attribute("#waiting-count", "data-count", "4", 10)
        .await;

    // Back online: the responses sync and the server lists the alert.
    let server = ServerProcess::start(port, &database, &dist).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "0", 90)
        .await;
    let alerts: serde_json::Value = reqwest::Client::new()
        .request(Method::GET, format!("{}/api/v1/alerts", server.base_url))
        .bearer_auth(&server.admin_token)
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
    for (instrument, device) in [
        ("phq9", &phq9),
        ("gad7", &gad7),
        ("phq2", &phq2),
        ("gad2", &gad2),
    ] {
        assert_scored_identically(&database, instrument, device).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn swemwbs_fft_gas_and_an_imported_fhir_questionnaire_are_completed_and_scored() {
    let _one = ONE_BROWSER.lock().await;
    let Setup {
        _dir,
        database,
        server,
        ..
    } = start_server("generic.db").await;
    let http = reqwest::Client::new();
    let imported = http
        .post(format!("{}/api/v1/admin/instruments/fhir", server.base_url))
        .bearer_auth(&server.admin_token)
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
        .bearer_auth(&server.admin_token)
        .json(&serde_json::json!({ "reference": "WARWICK-123", "recorded_by": "PCN admin" }))
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status().as_u16(), 204);
    let browser = enrolled_tablet(&server).await;

    // SWEMWBS is offered once its registration is recorded.
    let swemwbs = complete(&browser, "swemwbs", &[3, 4, 2, 3, 4, 5, 4]).await;
    assert_eq!(
        swemwbs.get("metric"),
        Some(&22.35),
        "raw 25 converts to 22.35"
    );

    // FFT: the exact question, a choice, then optional free text.
    browser.start_questionnaire("fft").await;
    browser.begin().await;
    assert_eq!(
        browser.text("#question-text").await,
        "Overall, how was your experience of our service?"
    );
    browser.choose_option(2).await;
    browser.next().await;
    browser
        .type_into("#text-answer", "The staff listened")
        .await;
    browser.next().await;
    let fft = browser.device_scores().await;
    browser.done().await;

    // GAS: agree one goal with a description per level and a baseline.
    browser.start_questionnaire("gas").await;
    browser.begin().await;
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
    browser.next().await;
    browser.find("#saved-message", 10).await;
    browser.done().await;

    // GAS review of that goal set: rated +1.
    browser.click("#review-gas").await;
    browser.wait_for_screen("goal-review", 20).await;
    browser.click(".goal-set").await;
    browser.wait_for_screen("questionnaire", 20).await;
    browser.begin().await;
    browser.click(".goal-attainment[data-value='1']").await;
    browser.find("#next:not([disabled])", 10).await;
    browser.next().await;
    let review = browser.device_scores().await;
    assert_eq!(
        review.get("attainment_t"),
        Some(&60.0),
        "one goal at +1: T = 50 + 10 / sqrt(1)"
    );
    browser.done().await;

    // The instrument imported from FHIR is offered and rendered like any other.
    browser.start_questionnaire("sleepcheck").await;
    browser.begin().await;
    assert_eq!(
        browser.text("#question-text").await,
        "How well do you sleep?"
    );
    browser.choose_option(2).await;
    browser.next().await;
    browser.choose_scale(3).await;
    browser.next().await;
    let sleep = browser.device_scores().await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "0", 60)
        .await;

    let stored = StoredRows::read_database(&database.to_string_lossy()).await;
    assert_eq!(stored.responses.len(), 5);
    assert!(
        stored
            .responses
            .iter()
            .any(|(_, _, answers)| answers.contains("The staff listened"))
    );
    for (instrument, device) in [("swemwbs", &swemwbs), ("fft", &fft), ("sleepcheck", &sleep)] {
        assert_scored_identically(&database, instrument, device).await;
    }
    let gas: Vec<(String, f64)> = stored_scores(&database)
        .await
        .into_iter()
        .filter(|(_, measure, _)| measure.starts_with("gas."))
        .map(|(_, measure, value)| (measure, (value * 100.0).round() / 100.0))
        .collect();
    let count = |m: &str| gas.iter().filter(|(measure, _)| measure == m).count();
    assert_eq!(
        (count("gas.baseline_t"), count("gas.attainment_t")),
        (2, 1),
        "set and review"
    );
    assert!(gas.contains(&("gas.attainment_t".to_owned(), 60.0)));
    assert!(gas.contains(&("gas.attainment_t_weighted".to_owned(), 60.0)));
    assert!(
        gas.iter()
            .filter(|(m, _)| m == "gas.baseline_t")
            .all(|(_, v)| *v == 40.0)
    );

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
        .bearer_auth(&server.admin_token)
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tablet_handed_to_a_patient_stays_locked_until_the_practitioners_pin() {
    let _one = ONE_BROWSER.lock().await;
    let Setup {
        _dir,
        database,
        server,
        ..
    } = start_server("kiosk.db").await;
    let browser = enrolled_tablet(&server).await;

    // The practitioner changes the PIN chosen at first use; a wrong current PIN changes nothing.
    browser.open_settings().await;
    assert!(
        browser
            .change_pin("0000", "2468")
            .await
            .contains("not right")
    );
    assert_eq!(browser.change_pin(TEST_PIN, "2468").await, "PIN changed.");
    browser.choose_role(ROLE).await;

    // Handed over for the FFT: when finished, the tablet locks.
    browser.start_questionnaire("fft").await;
    browser.hand_to_patient().await;
    browser.choose_option(1).await;
    browser.next().await;
    browser.next().await; // the free text is optional: Finish
    browser.find("#saved-message", 10).await;
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Css("#practitioner-summary"))
            .await
            .is_err(),
        "the patient does not see the practitioner's summary"
    );
    browser.done().await;
    browser.find("#kiosk-locked", 10).await;

    // Reloading does not escape the lock.
    browser.client.refresh().await.unwrap();
    browser.find("#kiosk-locked", 30).await;
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Css("#open-settings"))
            .await
            .is_err()
    );
    browser.enter_pin("1111").await;
    browser.find("#pin-error", 10).await;
    browser.find("#kiosk-locked", 5).await;
    browser.enter_pin("2468").await;
    browser.find("#open-settings", 10).await;

    // A risk answer while handed over: the alert needs the PIN first.
    browser.start_questionnaire("phq9").await;
    browser.hand_to_patient().await;
    browser
        .answer_options(1, 10, &[1, 0, 0, 0, 0, 0, 0, 0])
        .await;
    browser.choose_option(1).await;
    browser.click("#support-continue").await;
    browser.next().await;
    browser.choose_option(0).await;
    browser.next().await;
    browser.click("#practitioner-continue").await;
    browser.find("#pin", 10).await;
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Css("#practitioner-alert"))
            .await
            .is_err()
    );
    browser.enter_pin("2468").await;
    assert!(
        browser
            .text("#practitioner-alert")
            .await
            .contains("PHQ-9 item 9")
    );
    browser.click("#acknowledge-alert").await;
    browser.find("#practitioner-summary", 10).await;
    browser.done().await;
    browser.find("#open-settings", 10).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "0", 60)
        .await;
    assert_eq!(
        StoredRows::read_database(&database.to_string_lossy())
            .await
            .responses
            .len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_translated_version_renders_right_to_left_in_the_chosen_language() {
    let _one = ONE_BROWSER.lock().await;
    let Setup {
        _dir,
        database,
        server,
        ..
    } = start_server("rtl.db").await;
    let http = reqwest::Client::new();

    // An admin publishes ONS4 version 2 with an Arabic translation marked validated (test
    // wording): only a validated translation is shown to patients.
    let mut questionnaire: serde_json::Value = http
        .get(format!(
            "{}/api/v1/instruments/ons4/1/fhir",
            server.base_url
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    questionnaire["version"] = serde_json::json!("2");
    let extension = &mut questionnaire["extension"][0]["valueString"];
    let mut carried: serde_json::Value = serde_json::from_str(extension.as_str().unwrap()).unwrap();
    carried["translations"] = serde_json::json!({
        "ar": {
            "validated": true,
            "title": "الرفاهية الشخصية",
            "items": { "life_satisfaction": { "text": "بشكل عام، ما مدى رضاك عن حياتك هذه الأيام؟" } }
        }
    });
    *extension = serde_json::json!(carried.to_string());
    let imported = http
        .post(format!("{}/api/v1/admin/instruments/fhir", server.base_url))
        .bearer_auth(&server.admin_token)
        .json(&serde_json::json!({ "questionnaire": questionnaire }))
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status().as_u16(), 201);

    let browser = enrolled_tablet(&server).await;
    browser.start_questionnaire("ons4").await;
    browser.choose_language("ar").await;
    browser
        .wait_until_js(
            "document.querySelector('section.questionnaire')?.getAttribute('dir') === 'rtl'",
            10,
        )
        .await;
    assert_eq!(browser.text("#q-title").await, "الرفاهية الشخصية");
    browser.begin().await;
    assert_eq!(
        browser.text("#question-text").await,
        "بشكل عام، ما مدى رضاك عن حياتك هذه الأيام؟"
    );
    // Untranslated items fall back to the original wording; answering works as usual.
    for (index, answer) in [7, 8, 6, 2].into_iter().enumerate() {
        if index == 1 {
            browser
                .wait_until_js(
                    &format!(
                        "document.querySelector('.progress')?.textContent === {}",
                        serde_json::to_string(&tests::browser::app_progress("ar", 2, 4)).unwrap()
                    ),
                    10,
                )
                .await;
            assert!(
                browser
                    .text("#question-text")
                    .await
                    .starts_with("Overall, to what extent")
            );
        }
        // The patient chose Arabic: the app's own words are Arabic too.
        browser
            .wait_until_js(
                &format!(
                    "document.querySelector('.progress')?.textContent === {}",
                    serde_json::to_string(&tests::browser::app_progress("ar", index + 1, 4))
                        .unwrap()
                ),
                10,
            )
            .await;
        browser.choose_scale(answer).await;
        browser.next().await;
    }
    browser.find("#saved-message", 10).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "0", 60)
        .await;
    assert_eq!(
        server_versions(&database).await,
        [2],
        "the response keeps the version it was collected with"
    );
}

async fn server_versions(database: &std::path::Path) -> Vec<i64> {
    let db = server::db::Db::connect(&database.to_string_lossy())
        .await
        .unwrap();
    let versions =
        server::on_db!(&db, pool => sqlx::query_scalar("SELECT instrument_version FROM responses")
        .fetch_all(pool)
        .await)
        .unwrap();
    db.close().await;
    versions
}
