//! Sync and encryption at rest in a real headless Chromium: a response created offline survives a
//! page reload, a browser restart and a server crash and arrives exactly once; once the app is
//! locked nothing readable about the patient is left in IndexedDB, localStorage or the service
//! worker's caches; and 10,000 responses imported from an outbox file while offline are all
//! stored once, although the page is reloaded in the middle of the sync and a second tab syncs
//! at the same time. The tablet's own export file then imports on the server as duplicates. An
//! unfinished questionnaire survives a lock sealed and has one writer across tabs; a caseload
//! patient's earlier scores are there offline and update after sync; a refused response is listed
//! with its reason and corrected by a response that supersedes it.

use server::db::Db;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use tests::browser::{Browser, ONE_BROWSER, Setup, TEST_PIN, enrolled_tablet, start_server};
use tests::device::{assert_same_set, stored_ids};
use tests::process::ServerProcess;
use tests::records::{ROLE, ons4, outbox_file};

const NHS_NUMBER: &str = "9434765919";

/// Everything the page's origin keeps, as text: every IndexedDB store, localStorage, and every
/// response in the service worker's caches.
const READ_EVERYTHING: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  const out = [];
  const db = await new Promise((ok, fail) => {
    const r = indexedDB.open('prom-collector');
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
  for (const name of db.objectStoreNames) {
    const values = await new Promise((ok, fail) => {
      const r = db.transaction(name).objectStore(name).getAll();
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    out.push('idb ' + name + ': ' + JSON.stringify(values));
  }
  db.close();
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    out.push('localStorage ' + key + ': ' + localStorage.getItem(key));
  }
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      out.push('cache ' + request.url + ': ' + await response.text());
    }
  }
  return out.join('\n');
})().then(done, e => done('ERROR ' + e));
"#;

async fn read_everything(browser: &Browser) -> String {
    let value = browser
        .client
        .execute_async(READ_EVERYTHING, vec![])
        .await
        .expect("the page's storage is readable");
    let text = value.as_str().expect("text").to_owned();
    assert!(!text.starts_with("ERROR"), "{text}");
    text
}

fn waiting(browser_count: &str) -> u64 {
    browser_count.parse().unwrap_or(u64::MAX)
}

async fn waiting_count(browser: &Browser) -> u64 {
    let element = browser.find("#waiting-count", 20).await;
    waiting(
        &element
            .attr("data-count")
            .await
            .unwrap()
            .unwrap_or_default(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_response_survives_reload_browser_restart_and_server_crash_and_is_sealed_at_rest()
 {
    let _one = ONE_BROWSER.lock().await;
    let Setup {
        _dir,
        database,
        dist,
        port,
        mut server,
    } = start_server("restart.db").await;
    let browser = enrolled_tablet(&server).await;
    // Online with nothing to send: a sync pass succeeds, and nothing claims to have been sent.
    browser
        .wait_until_js(
            "document.querySelector('#sync-state')?.textContent === 'All sent'",
            30,
        )
        .await;
    assert!(
        browser
            .client
            .find_all(fantoccini::Locator::Css("#last-success"))
            .await
            .unwrap()
            .is_empty(),
        "'Last sent' shows although nothing was ever sent"
    );

    // The server crashes; the practitioner records a response for a patient, offline.
    server.kill();
    browser.start_questionnaire("ons4").await;
    browser.type_into("#nhs-number", NHS_NUMBER).await;
    browser.begin().await;
    browser.answer_scales(&[8, 7, 6, 2]).await;
    browser.find("#saved-message", 10).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "1", 10)
        .await;
    assert!(browser.text("#oldest-waiting").await.contains("oldest"));
    browser.done().await;

    // Reloaded: locked, and still waiting.
    browser.client.refresh().await.unwrap();
    browser.find("#app-locked", 30).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "1", 10)
        .await;

    // The browser restarts (same profile), still offline: the service worker serves the app.
    let browser = browser.restart().await;
    browser
        .client
        .goto(&format!("http://127.0.0.1:{port}/"))
        .await
        .unwrap();
    browser.find("#app-locked", 30).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "1", 10)
        .await;
    browser.unlock(TEST_PIN).await;
    browser.find("#start-ons4", 10).await;

    // Locked by the practitioner: nothing readable about the patient anywhere on the origin.
    browser.lock_now().await;
    let everything = read_everything(&browser).await;
    assert!(
        everything.contains("idb outbox: [{"),
        "the outbox was read: {}",
        &everything[..everything.len().min(500)]
    );
    for readable in [
        NHS_NUMBER,
        "943 476 5919",
        "\"answers\"",
        "life_satisfaction\":8",
    ] {
        assert!(
            !everything.contains(readable),
            "{readable} is readable at rest"
        );
    }
    let outbox_line = everything
        .lines()
        .find(|l| l.starts_with("idb outbox: "))
        .unwrap();
    let outbox: serde_json::Value =
        serde_json::from_str(&outbox_line["idb outbox: ".len()..]).unwrap();
    let entry = &outbox[0];
    assert!(
        entry["record"].as_str().unwrap().starts_with("v1:"),
        "sealed: {entry}"
    );
    let id = entry["id"].as_str().unwrap().to_owned();

    // The server comes back; after unlocking, the response arrives exactly once.
    let _server = ServerProcess::start(port, &database, &dist).await;
    browser.unlock(TEST_PIN).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "0", 90)
        .await;
    let reader = Db::connect(&database.to_string_lossy()).await.unwrap();
    assert_same_set(&stored_ids(&reader).await, &BTreeSet::from([id]));
    assert!(browser.text("#last-success").await.starts_with("Last sent"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_tablet_sends_what_it_sealed_for_the_server_and_keeps_nothing_readable() {
    let _one = ONE_BROWSER.lock().await;
    let Setup {
        _dir,
        database,
        dist,
        port,
        mut server,
    } = start_server("locked-sync.db").await;
    let browser = enrolled_tablet(&server).await;
    // The first sync fetched the server's public sealing key.
    browser
        .wait_until_js(
            "document.querySelector('#sync-state')?.textContent === 'All sent'",
            30,
        )
        .await;
    assert!(
        read_everything(&browser)
            .await
            .contains("\"key\":\"sealing_key\"")
    );

    // Offline, a response is finished; then the practitioner locks the tablet.
    server.kill();
    browser.start_questionnaire("ons4").await;
    browser.type_into("#nhs-number", NHS_NUMBER).await;
    browser.begin().await;
    browser.answer_scales(&[9, 8, 7, 1]).await;
    browser.find("#saved-message", 10).await;
    browser.done().await;
    browser.lock_now().await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "1", 10)
        .await;
    let everything = read_everything(&browser).await;
    for readable in [NHS_NUMBER, "\"answers\"", "life_satisfaction\":9"] {
        assert!(
            !everything.contains(readable),
            "{readable} is readable at rest"
        );
    }
    assert!(
        everything.contains("\"for_server\""),
        "sealed for the server too"
    );

    // The server comes back: the locked tablet sends the response without the PIN.
    let _server = ServerProcess::start(port, &database, &dist).await;
    browser
        .client
        .execute("window.dispatchEvent(new Event('online'));", vec![])
        .await
        .unwrap();
    browser
        .wait_for_attribute("#waiting-count", "data-count", "0", 90)
        .await;
    browser.find("#app-locked", 5).await;
    let reader = Db::connect(&database.to_string_lossy()).await.unwrap();
    let answers: (String,) = server::on_db!(&reader, pool => sqlx::query_as("SELECT answers FROM responses").fetch_one(pool).await).unwrap();
    let answers: serde_json::Value = serde_json::from_str(&answers.0).unwrap();
    assert_eq!(
        answers,
        serde_json::json!({"life_satisfaction": 9, "worthwhile": 8, "happiness": 7, "anxiety": 1})
    );
    reader.close().await;
    // Still nothing readable after the locked sync.
    let everything = read_everything(&browser).await;
    for readable in [NHS_NUMBER, "\"answers\"", "life_satisfaction\":9"] {
        assert!(
            !everything.contains(readable),
            "{readable} is readable at rest"
        );
    }

    // Unlocked, it is not sent again: one response on the server.
    browser.unlock(TEST_PIN).await;
    browser
        .wait_until_js(
            "document.querySelector('#sync-state')?.textContent === 'All sent'",
            30,
        )
        .await;
    let reader = Db::connect(&database.to_string_lossy()).await.unwrap();
    assert_eq!(stored_ids(&reader).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_queued_offline_sync_once_despite_a_reload_mid_sync_and_a_second_tab() {
    const COUNT: usize = 10_000;
    let _one = ONE_BROWSER.lock().await;
    let Setup {
        _dir: dir,
        database,
        dist,
        port,
        mut server,
    } = start_server("bulk.db").await;
    let browser = enrolled_tablet(&server).await;

    // Offline, 10,000 responses arrive from another tablet's outbox file.
    server.kill();
    let records: Vec<serde_json::Value> = (0..COUNT)
        .map(|n| ons4(ROLE, [(n % 11) as i64, 4, 5, 6]))
        .collect();
    let created: BTreeSet<String> = records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    let file = dir.path().join("outbox.json");
    std::fs::write(
        &file,
        outbox_file(records, "correct horse battery").to_string(),
    )
    .unwrap();
    browser.open_settings().await;
    browser.import_outbox(&file, "wrong passphrase").await;
    browser
        .wait_until_js("document.querySelector('#import-message')?.textContent.includes('passphrase is wrong')", 60)
        .await;
    browser
        .type_into("#import-passphrase", "correct horse battery")
        .await;
    browser.click("#import-outbox").await;
    browser
        .wait_until_js(
            &format!("document.querySelector('#import-message')?.textContent.startsWith('Added {COUNT} ')"),
            300,
        )
        .await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", &COUNT.to_string(), 30)
        .await;

    // The tablet's own export of its waiting outbox, captured from the download it offers.
    browser
        .client
        .execute(
            "window.__exported = null; const make = URL.createObjectURL; \
             URL.createObjectURL = b => { window.__exported = b; return make(b); };",
            vec![],
        )
        .await
        .unwrap();
    browser
        .type_into("#export-passphrase", "export passphrase")
        .await;
    browser.click("#export-outbox").await;
    browser.find("#export-message", 120).await;
    let exported = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.__exported.text().then(done);",
            vec![],
        )
        .await
        .unwrap();
    let exported: serde_json::Value = serde_json::from_str(exported.as_str().unwrap()).unwrap();
    assert_eq!(exported["record_count"], COUNT);
    assert!(
        !exported.to_string().contains(ROLE),
        "the file is encrypted"
    );

    // The server comes back. In the middle of the sync the page is reloaded, and a second tab
    // syncs the same outbox at the same time.
    let server = ServerProcess::start(port, &database, &dist).await;
    browser.client.goto(&server.base_url).await.unwrap();
    browser.unlock(TEST_PIN).await;
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let left = waiting_count(&browser).await;
        if left < COUNT as u64 && left > 0 {
            // Mid-sync: the progress bar shows how far the batches have got.
            let progress = browser.find("#sync-progress", 5).await;
            let value: f64 = progress
                .attr("value")
                .await
                .unwrap()
                .unwrap()
                .parse()
                .unwrap();
            assert!(value > 0.0 && value < 1.0, "progress {value}");
            break;
        }
        assert!(left > 0, "the sync finished before the reload");
        assert!(Instant::now() < deadline, "the sync never started");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser.client.refresh().await.unwrap();
    browser.unlock(TEST_PIN).await;
    let first_tab = browser.client.window().await.unwrap();
    let second_tab = browser.client.new_window(true).await.unwrap();
    browser
        .client
        .switch_to_window(second_tab.handle)
        .await
        .unwrap();
    browser.client.goto(&server.base_url).await.unwrap();
    browser.unlock(TEST_PIN).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "0", 600)
        .await;
    browser.client.switch_to_window(first_tab).await.unwrap();
    browser
        .wait_for_attribute("#waiting-count", "data-count", "0", 60)
        .await;

    let reader = Db::connect(&database.to_string_lossy()).await.unwrap();
    assert_same_set(&stored_ids(&reader).await, &created);

    // The export made before the sync imports on the server: every record a duplicate.
    let answer: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/api/v1/admin/outbox-import", server.base_url))
        .bearer_auth(&server.admin_token)
        .json(&serde_json::json!({ "passphrase": "export passphrase", "file": exported }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let results = answer["results"].as_array().expect("per-record results");
    assert_eq!(results.len(), COUNT);
    assert!(
        results.iter().all(|r| r["status"] == "duplicate"),
        "{:?}",
        &results[..3]
    );
    assert_same_set(&stored_ids(&reader).await, &created);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unfinished_questionnaire_is_kept_sealed_through_a_lock_and_written_by_one_tab_only() {
    let _one = ONE_BROWSER.lock().await;
    let Setup {
        _dir,
        database,
        server,
        ..
    } = start_server("drafts.db").await;
    let browser = enrolled_tablet(&server).await;

    // The lock delay is set to one minute.
    browser.open_settings().await;
    browser.set_lock_minutes(1).await;
    browser.choose_role(ROLE).await;

    // Two questions answered, then the tablet is left alone.
    browser.start_questionnaire("ons4").await;
    browser.type_into("#nhs-number", NHS_NUMBER).await;
    browser.begin().await;
    browser.choose_scale(8).await;
    browser.next().await;
    browser.wait_for_question(2, 4).await;
    browser.choose_scale(7).await;
    browser.next().await;
    browser.wait_for_question(3, 4).await;
    // Nobody touches the tablet: with the lock delay set to one minute, it locks itself.
    let started = Instant::now();
    browser.find("#app-locked", 100).await;
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(55),
        "locked after {waited:?}, before the minute was up"
    );

    let everything = read_everything(&browser).await;
    let drafts_line = everything
        .lines()
        .find(|l| l.starts_with("idb drafts: "))
        .expect("a drafts store");
    let drafts: serde_json::Value =
        serde_json::from_str(&drafts_line["idb drafts: ".len()..]).unwrap();
    assert_eq!(drafts.as_array().unwrap().len(), 1, "one draft kept");
    assert!(
        drafts[0]["content"].as_str().unwrap().starts_with("v1:"),
        "sealed"
    );
    assert!(
        !everything.contains(NHS_NUMBER),
        "the NHS number is not readable at rest"
    );

    // Unlocked: back at question 3, with the earlier answers.
    browser.unlock(TEST_PIN).await;
    browser.wait_for_question(3, 4).await;
    browser.click("#back").await;
    browser.wait_for_question(2, 4).await;
    browser
        .wait_for_attribute(".scale-option[data-value='7']", "aria-checked", "true", 5)
        .await;

    // A second tab can see the draft but not write it while this tab has it open.
    let first_tab = browser.client.window().await.unwrap();
    let second_tab = browser.client.new_window(true).await.unwrap();
    browser
        .client
        .switch_to_window(second_tab.handle.clone())
        .await
        .unwrap();
    browser.client.goto(&server.base_url).await.unwrap();
    browser.unlock(TEST_PIN).await;
    browser.click(".resume-draft").await;
    browser.wait_for_screen("questionnaire", 20).await;
    browser.find("#draft-elsewhere", 20).await;
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Css(".scale-option"))
            .await
            .is_err()
    );
    browser.client.close_window().await.unwrap();
    browser.client.switch_to_window(first_tab).await.unwrap();

    // Finished in the first tab: the response is queued, the draft gone, and it syncs.
    browser.next().await;
    browser.wait_for_question(3, 4).await;
    browser.choose_scale(6).await;
    browser.next().await;
    browser.wait_for_question(4, 4).await;
    browser.choose_scale(2).await;
    browser.next().await;
    browser.find("#saved-message", 10).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "0", 60)
        .await;
    let everything = read_everything(&browser).await;
    assert!(
        everything.contains("idb drafts: []"),
        "the draft left with the finished response"
    );
    let reader = Db::connect(&database.to_string_lossy()).await.unwrap();
    let stored = stored_ids(&reader).await;
    assert_eq!(stored.len(), 1);
    let answers: (String,) = server::on_db!(&reader, pool => sqlx::query_as("SELECT answers FROM responses").fetch_one(pool).await).unwrap();
    let answers: serde_json::Value = serde_json::from_str(&answers.0).unwrap();
    assert_eq!(
        answers,
        serde_json::json!({"life_satisfaction": 8, "worthwhile": 7, "happiness": 6, "anxiety": 2})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caseload_patients_earlier_scores_are_on_the_tablet_offline_and_update_after_sync() {
    let _one = ONE_BROWSER.lock().await;
    let Setup {
        _dir,
        database,
        dist,
        port,
        server,
    } = start_server("caseload.db").await;
    let http = reqwest::Client::new();
    // Two responses about the patient, stored earlier from elsewhere in the organisation.
    let earlier: Vec<serde_json::Value> = [[3, 4, 5, 6], [5, 6, 7, 2]]
        .into_iter()
        .map(|answers| {
            let mut record = ons4(ROLE, answers);
            record["patient"] = serde_json::json!({
                "pseudonym": uuid::Uuid::new_v4().to_string(),
                "nhs_number": NHS_NUMBER,
            });
            record
        })
        .collect();
    let seeded = http
        .post(format!("{}/api/v1/sync", server.base_url))
        .bearer_auth(&server.admin_token)
        .json(&serde_json::json!({ "protocol_version": 1, "records": earlier }))
        .send()
        .await
        .unwrap();
    assert_eq!(seeded.status().as_u16(), 200);
    let browser = enrolled_tablet(&server).await;

    // The practitioner adds the patient while online; the earlier scores arrive.
    browser.add_patient("Mrs A", NHS_NUMBER).await;
    browser.open_patient().await;
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        browser.find("#earlier-responses", 20).await;
        let count = browser
            .find("#earlier-responses", 5)
            .await
            .attr("data-count")
            .await
            .unwrap();
        if count.as_deref() == Some("2") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the earlier scores never arrived ({count:?})"
        );
        // Re-open the patient to re-read the cache.
        tokio::time::sleep(Duration::from_secs(1)).await;
        browser.client.refresh().await.unwrap();
        browser.unlock(TEST_PIN).await;
        browser.open_patient().await;
    }

    // Offline, after a reload: the scores are still there, and a questionnaire started for the
    // patient has the NHS number filled in.
    let mut server = server;
    server.kill();
    browser.client.refresh().await.unwrap();
    browser.unlock(TEST_PIN).await;
    browser.open_patient().await;
    browser
        .wait_for_attribute("#earlier-responses", "data-count", "2", 20)
        .await;
    assert!(
        browser
            .text("#earlier-responses")
            .await
            .contains("Happiness yesterday 7"),
        "scores are listed by their labels"
    );
    browser.click("#patient-start-ons4").await;
    browser.wait_for_screen("questionnaire", 20).await;
    browser
        .wait_until_js(
            &format!("document.querySelector('#nhs-number')?.value === '{NHS_NUMBER}'"),
            20,
        )
        .await;
    browser.begin().await;
    browser.answer_scales(&[9, 9, 9, 1]).await;
    browser.find("#saved-message", 10).await;

    // Locked: the caseload and the cached scores are not readable at rest.
    browser.done().await;
    browser.lock_now().await;
    let everything = read_everything(&browser).await;
    for readable in ["Mrs A", NHS_NUMBER, "ons4.happiness"] {
        assert!(
            !everything.contains(readable),
            "{readable} is readable at rest"
        );
    }

    // Back online: the new response is sent, and pulled back into the patient's history.
    let _server = ServerProcess::start(port, &database, &dist).await;
    browser.unlock(TEST_PIN).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "0", 90)
        .await;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        browser.open_patient().await;
        let count = browser
            .find("#earlier-responses", 20)
            .await
            .attr("data-count")
            .await
            .unwrap();
        if count.as_deref() == Some("3") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new response was not pulled back ({count:?})"
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
        browser.client.refresh().await.unwrap();
        browser.unlock(TEST_PIN).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_response_is_listed_with_its_reason_and_corrected_by_a_superseding_one() {
    let _one = ONE_BROWSER.lock().await;
    let Setup {
        _dir: dir,
        database,
        server,
        ..
    } = start_server("correction.db").await;
    let browser = enrolled_tablet(&server).await;

    // A response with an impossible answer reaches the tablet (from another tablet's file).
    let refused = ons4(ROLE, [11, 7, 6, 2]);
    let refused_id = refused["id"].as_str().unwrap().to_owned();
    let file = dir.path().join("refused.json");
    std::fs::write(
        &file,
        outbox_file(vec![refused], "correct horse battery").to_string(),
    )
    .unwrap();
    browser.open_settings().await;
    browser.import_outbox(&file, "correct horse battery").await;
    browser
        .wait_for_attribute("#needs-attention", "data-count", "1", 90)
        .await;

    // Listed with the server's reason, then corrected.
    browser.click("#needs-attention").await;
    browser.wait_for_screen("attention", 20).await;
    let reason = browser.text(".attention-reason").await;
    assert!(reason.contains("life_satisfaction"), "{reason}");
    browser.click(".correct-response").await;
    browser.wait_for_screen("questionnaire", 20).await;
    browser.begin().await;
    browser.wait_for_question(1, 4).await;
    browser.choose_scale(8).await;
    browser.next().await;
    for number in 2..=4 {
        browser.wait_for_question(number, 4).await;
        browser.next().await; // the other answers came over from the refused response
    }
    browser.find("#saved-message", 10).await;
    browser
        .wait_for_attribute("#waiting-count", "data-count", "0", 90)
        .await;
    browser
        .wait_until_js("!document.querySelector('#needs-attention')", 30)
        .await;

    let reader = Db::connect(&database.to_string_lossy()).await.unwrap();
    let rows: Vec<(String, Option<String>, String)> =
        server::on_db!(&reader, pool => sqlx::query_as(
        "SELECT id, supersedes, answers FROM responses",
    )
    .fetch_all(pool)
    .await)
        .unwrap();
    assert_eq!(rows.len(), 1, "only the correction is stored");
    assert_eq!(rows[0].1.as_deref(), Some(refused_id.as_str()));
    let answers: serde_json::Value = serde_json::from_str(&rows[0].2).unwrap();
    assert_eq!(
        answers,
        serde_json::json!({"life_satisfaction": 8, "worthwhile": 7, "happiness": 6, "anxiety": 2})
    );
}
