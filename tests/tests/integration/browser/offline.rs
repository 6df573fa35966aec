//! End to end in a real headless Chromium against the real server binary: the app is visited
//! once online, the server is killed, the page reloads from the service worker, an ONS4 is
//! completed offline, the server comes back on the same port, the app syncs by itself, and the
//! aggregate shows the response under the chosen role.

use tests::browser::{Browser, ONE_BROWSER, TEST_PIN};
use tests::process::{ServerProcess, dist_dir};
use tests::records::ons4;
use tests::{aggregates, free_port, row};

const ROLE: &str = "health-and-wellbeing-coach";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ons4_completed_offline_syncs_after_restart_and_reaches_the_aggregate() {
    let _one = ONE_BROWSER.lock().await;
    let dist = dist_dir();
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("e2e.db");
    let port = free_port();
    let http = reqwest::Client::new();
    let mut server = ServerProcess::start(port, &database, &dist).await;

    // Seven earlier responses for the role, all zeros: on their own they are suppressed.
    let earlier: Vec<serde_json::Value> = (0..7).map(|_| ons4(ROLE, [0, 0, 0, 0])).collect();
    let seeded = http
        .post(format!("{}/api/v1/sync", server.base_url))
        .bearer_auth(&server.admin_token)
        .json(&serde_json::json!({ "protocol_version": 1, "records": earlier }))
        .send()
        .await
        .unwrap();
    assert_eq!(seeded.status().as_u16(), 200);
    let before = aggregates(&http, &server.base_url, "role,domain", &server.admin_token).await;
    assert_eq!(row(&before, &[("role", ROLE)]).unwrap().responses, None);

    // First visit online: the service worker installs and takes control.
    let browser = Browser::start().await;
    browser.client.goto(&server.base_url).await.unwrap();
    browser.find("#new-secret", 30).await;
    browser
        .wait_until_js(
            "navigator.serviceWorker && navigator.serviceWorker.controller",
            30,
        )
        .await;
    browser.protect(TEST_PIN).await;
    browser.open_settings().await;
    let code = tests::enrolment_code(&http, &server.base_url, &server.admin_token, None).await;
    browser.enrol(&code).await;
    browser.choose_role(ROLE).await;
    browser
        .wait_until_js(
            "document.querySelector('#current-role')?.textContent === 'Health and wellbeing coach'",
            10,
        )
        .await;

    // The server goes away; the app must still load and work.
    server.kill();
    assert!(
        http.get(format!("{}/healthz", server.base_url))
            .send()
            .await
            .is_err(),
        "the server is really down"
    );
    browser.client.refresh().await.unwrap();
    browser.find("#app-locked", 30).await;
    browser.unlock(TEST_PIN).await;
    browser.find("#start-ons4", 30).await;
    assert_eq!(
        browser.text("#current-role").await,
        "Health and wellbeing coach"
    );

    browser.start_questionnaire("ons4").await;
    browser.begin().await;
    // At tablet portrait width (820 px) the 0-10 scale keeps all eleven answers on one row.
    browser.client.set_window_size(820, 1180).await.unwrap();
    browser.wait_until_js("window.innerWidth === 820", 10).await;
    browser.find(".scale-option", 10).await;
    let layout = browser
        .client
        .execute(
            "const boxes = [...document.querySelectorAll('.scale-option')].map(b => b.getBoundingClientRect());
             const tops = boxes.map(b => b.top);
             return { width: window.innerWidth, count: tops.length, rows: new Set(tops).size,
                      narrowest: Math.min(...boxes.map(b => b.width)), lowest: Math.min(...boxes.map(b => b.height)) };",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(layout["count"], 11, "{layout}");
    assert_eq!(layout["rows"], 1, "the 0-10 scale wraps: {layout}");
    // Each answer is a target of at least 44 x 44 px (WCAG 2.2 AAA target size).
    assert!(layout["narrowest"].as_f64().unwrap() >= 44.0, "{layout}");
    assert!(layout["lowest"].as_f64().unwrap() >= 44.0, "{layout}");
    browser.answer_scales(&[8, 7, 6, 2]).await;
    browser.find("#saved-message", 10).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "1", 10)
        .await;
    browser
        .wait_until_js(
            "document.querySelector('#sync-state')?.textContent.startsWith('Offline')",
            20,
        )
        .await;

    // The server comes back on the same port with the same database.
    let server = ServerProcess::start(port, &database, &dist).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "0", 90)
        .await;

    let after = aggregates(&http, &server.base_url, "role,domain", &server.admin_token).await;
    let coach = row(&after, &[("role", ROLE), ("domain", "wellbeing")]).expect("the role's row");
    assert_eq!(
        coach.responses,
        Some(10),
        "7 earlier + 1 from the tablet = 8, shown rounded"
    );
    // Only the tablet's answers are non-zero, so each mean is that answer divided by 8.
    assert_eq!(coach.measures["ons4.life_satisfaction"].mean, Some(1.0));
    assert_eq!(coach.measures["ons4.worthwhile"].mean, Some(0.88));
    assert_eq!(coach.measures["ons4.happiness"].mean, Some(0.75));
    assert_eq!(coach.measures["ons4.anxiety"].mean, Some(0.25));
}
