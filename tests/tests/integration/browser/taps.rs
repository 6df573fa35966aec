//! No lost taps: the element a person sees is the one their tap lands on. The first element seen
//! for each control must still be the one on screen after the screen has settled and the app's
//! own work after it appeared has run: the draft's lock being granted on a questionnaire, a draft
//! resumed after a lock, and the sync that follows an unlock. On the start screen, the controls
//! also stay where they first appeared while its lists load.

use std::time::Duration;
use tests::browser::{ONE_BROWSER, Setup, TEST_PIN, enrolled_tablet, start_server};

const NHS_NUMBER: &str = "9434765919";

/// Number of drafts kept in IndexedDB.
const COUNT_DRAFTS: &str = r#"
const done = arguments[arguments.length - 1];
const r = indexedDB.open('prom-collector');
r.onsuccess = () => {
  const db = r.result;
  const c = db.transaction('drafts').objectStore('drafts').count();
  c.onsuccess = () => { db.close(); done(c.result); };
  c.onerror = () => { db.close(); done(-1); };
};
r.onerror = () => done(-1);
"#;

/// Waits a moment for work the app started after the screen settled (none should touch it).
async fn let_background_work_run() {
    tokio::time::sleep(Duration::from_millis(1_500)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn controls_are_not_replaced_after_they_appear() {
    let _one = ONE_BROWSER.lock().await;
    let Setup { _dir, server, .. } = start_server("taps.db").await;
    let browser = enrolled_tablet(&server).await;

    // A questionnaire's introduction: the draft's lock is granted after it first shows.
    let introduction = ["#hand-to-patient", "#nhs-number", "#begin"];
    browser.note_first(&introduction).await;
    browser.start_questionnaire("ons4").await;
    let_background_work_run().await;
    for css in introduction {
        browser.assert_not_replaced(css).await;
    }

    // Resumed after a lock, still at the introduction (the draft holds the NHS number).
    browser.type_into("#nhs-number", NHS_NUMBER).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while browser
        .client
        .execute_async(COUNT_DRAFTS, vec![])
        .await
        .unwrap()
        != serde_json::json!(1)
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the draft was never saved"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    browser.lock_now().await;
    let resumed = ["#nhs-number", "#begin"];
    browser.note_first(&resumed).await;
    browser.enter_pin(TEST_PIN).await;
    browser.wait_for_screen("questionnaire", 30).await;
    browser
        .wait_until_js(
            &format!("document.querySelector('#nhs-number')?.value === '{NHS_NUMBER}'"),
            10,
        )
        .await;
    let_background_work_run().await;
    for css in resumed {
        browser.assert_not_replaced(css).await;
    }

    // The start screen after an unlock, while the sync the unlock starts runs and ends.
    browser.client.refresh().await.unwrap();
    browser.find("#app-locked", 30).await;
    let home = ["#open-settings", "#start-ons4", ".resume-draft"];
    browser.note_first(&home).await;
    browser.enter_pin(TEST_PIN).await;
    browser.wait_for_screen("home", 30).await;
    browser
        .wait_until_js(
            "document.querySelector('#sync-state')?.textContent === 'All sent'",
            30,
        )
        .await;
    let_background_work_run().await;
    for css in home {
        browser.assert_not_replaced(css).await;
        browser.assert_not_moved(css).await;
    }
    browser.open_settings().await;
}
