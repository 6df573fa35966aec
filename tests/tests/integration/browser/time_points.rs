//! The time point in a real headless Chromium: the practitioner chooses it on the questionnaire's
//! first screen before handing the tablet over (Automatic by default), and it reaches the server
//! with the response; Automatic sends none.

use tests::browser::{ONE_BROWSER, Setup, TEST_PIN, enrolled_tablet, start_server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chosen_time_point_travels_with_the_response() {
    let _one = ONE_BROWSER.lock().await;
    let Setup {
        _dir,
        database,
        server,
        ..
    } = start_server("time-points.db").await;
    let browser = enrolled_tablet(&server).await;
    let option = |code: &str| format!(".time-point-option[data-time-point='{code}']");

    // Chosen before handing over: Final.
    browser.start_questionnaire("ons4").await;
    browser
        .wait_for_attribute(&option("automatic"), "aria-pressed", "true", 10)
        .await;
    browser
        .wait_for_attribute(&option("final"), "aria-pressed", "false", 10)
        .await;
    browser.click(&option("final")).await;
    browser
        .wait_for_attribute(&option("final"), "aria-pressed", "true", 5)
        .await;
    browser
        .wait_for_attribute(&option("automatic"), "aria-pressed", "false", 5)
        .await;
    browser.hand_to_patient().await;
    browser.answer_scales(&[8, 8, 8, 1]).await;
    browser.done().await;
    browser.find("#kiosk-locked", 10).await;
    browser.enter_pin(TEST_PIN).await;
    browser.find("#open-settings", 10).await;

    // The next questionnaire starts at Automatic again, and the patient never sees the choice.
    browser.start_questionnaire("ons4").await;
    browser
        .wait_for_attribute(&option("automatic"), "aria-pressed", "true", 10)
        .await;
    browser.begin().await;
    browser.answer_scales(&[3, 3, 3, 6]).await;
    browser.done().await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "0", 60)
        .await;

    let db = server::db::Db::connect(&database.to_string_lossy())
        .await
        .unwrap();
    let rows: Vec<(Option<String>, String)> = server::on_db!(&db, pool => sqlx::query_as(
        "SELECT time_point, answers FROM responses ORDER BY recorded_at",
    )
    .fetch_all(pool)
    .await)
    .unwrap();
    db.close().await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].0.as_deref(), Some("final"), "{rows:?}");
    assert!(rows[0].1.contains("\"anxiety\":1"), "{rows:?}");
    assert_eq!(rows[1].0, None, "Automatic sends no time point: {rows:?}");
}
