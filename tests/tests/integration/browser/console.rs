//! The staff console at `/console` in a real headless Chromium against the real server: sign-in
//! (a wrong password, the rate limit, sign-out, a session that ends), the risk-alert inbox with a
//! keyboard-only path from sign-in through an acknowledgement to an export, the outcomes
//! dashboard with its suppressed figures, and the administration pages (the IMD lookup import
//! included). axe-core finds no
//! WCAG 2.2 A/AA violation on any page.

use reqwest::Method;
use serde_json::{Value, json};
use tests::browser::{Browser, ONE_BROWSER, Setup, start_server};
use tests::console::{
    assert_accessible, enter, open, sign_in, tab_back_to, tab_to, type_text, wait_for_page,
};
use tests::process::ServerProcess;
use tests::records::{ROLE, phq9_answers, response};
use tests::{ADMIN_EMAIL, ADMIN_PASSWORD, exchange};

/// Uploads `records` as a freshly enrolled tablet named "Test tablet".
async fn upload(server: &ServerProcess, records: Vec<Value>) {
    let client = reqwest::Client::new();
    let (_, credential) =
        tests::enrol_device(&client, &server.base_url, &server.admin_token, None).await;
    let body = json!({ "protocol_version": 1, "records": records });
    let (status, answer) = exchange(
        &client,
        &server.base_url,
        Method::POST,
        "/api/v1/sync",
        Some(&credential),
        Some(&body),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
}

/// Creates an account as the admin, in the admin's organisation; returns its e-mail address.
async fn create_account(
    server: &ServerProcess,
    kind: &str,
    role: Option<&str>,
    password: &str,
) -> String {
    let client = reqwest::Client::new();
    let (_, me) = exchange(
        &client,
        &server.base_url,
        Method::GET,
        "/api/v1/auth/me",
        Some(&server.admin_token),
        None,
    )
    .await;
    let email = format!("{kind}-{}@test-icb.nhs.uk", uuid::Uuid::new_v4().simple());
    let body = json!({
        "email": email, "display_name": format!("Sam {kind}"), "kind": kind,
        "organisation_id": me["organisation_id"], "professional_role": role, "password": password,
    });
    let (status, created) = exchange(
        &client,
        &server.base_url,
        Method::POST,
        "/api/v1/users",
        Some(&server.admin_token),
        Some(&body),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    email
}

async fn text_of(browser: &Browser, css: &str) -> String {
    browser.text(css).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_sign_in_is_linked_from_the_tablet_and_refuses_wrong_passwords_and_ends_sessions() {
    let _one = ONE_BROWSER.lock().await;
    let Setup { _dir, server, .. } = start_server("console-sign-in.db").await;
    let evaluator = create_account(&server, "evaluator", None, "an evaluator's password").await;
    let browser = Browser::start().await;

    // The tablet's Settings lead to the console, and the tablet itself loads no console code.
    browser.client.goto(&server.base_url).await.unwrap();
    browser.find("#new-secret", 30).await;
    browser.protect(tests::browser::TEST_PIN).await;
    browser.open_settings().await;
    let loaded_console = browser
        .client
        .execute(
            "return performance.getEntriesByType('resource').some(e => e.name.includes('/console'));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        loaded_console,
        json!(false),
        "the tablet loads nothing of the console"
    );
    browser.click("#staff-sign-in").await;
    browser
        .wait_until_js("location.pathname === '/console'", 20)
        .await;
    wait_for_page(&browser, "sign-in", 30).await;
    assert_eq!(
        browser
            .find("#email", 5)
            .await
            .attr("type")
            .await
            .unwrap()
            .as_deref(),
        Some("email")
    );
    assert_eq!(
        browser
            .find("#password", 5)
            .await
            .attr("type")
            .await
            .unwrap()
            .as_deref(),
        Some("password")
    );
    assert_accessible(&browser, "sign-in page").await;

    // A wrong password says so; five of them pause sign-in for the account.
    for attempt in 1..=5 {
        browser.find("#email", 5).await.clear().await.unwrap();
        browser.type_into("#email", &evaluator).await;
        browser.find("#password", 5).await.clear().await.unwrap();
        browser.type_into("#password", "not the password").await;
        browser.click("#sign-in").await;
        browser
            .wait_until_js("document.querySelector('#sign-in-error') !== null", 10)
            .await;
        let message = text_of(&browser, "#sign-in-error").await;
        assert!(
            message.contains("not right"),
            "attempt {attempt}: {message}"
        );
    }
    assert_accessible(&browser, "sign-in page with an error").await;
    browser.find("#password", 5).await.clear().await.unwrap();
    browser
        .type_into("#password", "an evaluator's password")
        .await;
    browser.click("#sign-in").await;
    browser
        .wait_until_js(
            "document.querySelector('#sign-in-error')?.textContent.includes('Too many')",
            10,
        )
        .await;

    // The admin signs in at a deep link, signs out, signs in again; a revoked session returns to
    // the sign-in page with the reason.
    browser.find("#email", 5).await.clear().await.unwrap();
    browser.find("#password", 5).await.clear().await.unwrap();
    sign_in(
        &browser,
        &server.base_url,
        "/console/outcomes",
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
    )
    .await;
    wait_for_page(&browser, "outcomes", 30).await;
    browser.click("#sign-out").await;
    wait_for_page(&browser, "sign-in", 20).await;
    assert!(
        text_of(&browser, "#session-notice")
            .await
            .contains("signed out")
    );
    sign_in(
        &browser,
        &server.base_url,
        "/console/admin/roles",
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
    )
    .await;
    wait_for_page(&browser, "roles", 30).await;
    let token = browser
        .client
        .execute(
            "return JSON.parse(sessionStorage.getItem('prom-console-session')).token;",
            vec![],
        )
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let (status, _) = exchange(
        &client,
        &server.base_url,
        Method::POST,
        "/api/v1/auth/sign-out",
        token.as_str(),
        None,
    )
    .await;
    assert_eq!(status, 204);
    browser.click("#nav-audit").await;
    wait_for_page(&browser, "sign-in", 20).await;
    let notice = text_of(&browser, "#session-notice").await;
    assert!(notice.contains("sign in again"), "{notice}");
}

/// A PHQ-9 response about `patient` recorded at `at`.
fn phq9_about(patient: &str, at: &str, first_eight: [i64; 8], item9: i64) -> Value {
    let mut record = response("phq9", ROLE, phq9_answers(first_eight, item9));
    record["patient"] = json!({ "pseudonym": patient });
    record["recorded_at"] = json!(at);
    record
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_practitioner_signs_in_acknowledges_an_alert_and_exports_with_the_keyboard_only() {
    let _one = ONE_BROWSER.lock().await;
    let Setup { _dir, server, .. } = start_server("console-alerts.db").await;
    let practitioner = create_account(
        &server,
        "practitioner",
        Some("mental-health-practitioner"),
        "a practitioner's password",
    )
    .await;
    upload(
        &server,
        vec![
            response("phq9", ROLE, phq9_answers([1, 1, 1, 1, 0, 0, 0, 0], 2)),
            response("phq9", ROLE, phq9_answers([0, 0, 0, 0, 0, 0, 0, 0], 0)),
        ],
    )
    .await;
    let browser = Browser::start().await;
    browser
        .client
        .goto(&format!("{}/console", server.base_url))
        .await
        .unwrap();
    wait_for_page(&browser, "sign-in", 30).await;

    // Sign in: Tab to the e-mail field, type, Tab, type the password, Enter.
    tab_to(&browser, "#email", 5).await;
    type_text(&browser, &practitioner).await;
    tab_to(&browser, "#password", 1).await;
    type_text(&browser, "a practitioner's password").await;
    enter(&browser).await;

    // An alert is open: the inbox comes first, its heading has the focus, the count shows.
    wait_for_page(&browser, "alerts", 30).await;
    browser
        .wait_until_js("document.activeElement?.id === 'page-heading'", 10)
        .await;
    browser
        .wait_for_attribute("#open-alert-count", "data-count", "1", 10)
        .await;
    assert_eq!(browser.text("#open-alert-count").await, "1 open risk alert");
    let alert = browser.text("#open-alerts .alert-item").await;
    assert!(
        alert.contains("Test tablet"),
        "the tablet is named: {alert}"
    );
    assert!(
        alert.contains("More than half the days (2)") && alert.contains("better off dead"),
        "question and answer: {alert}"
    );
    assert!(alert.contains("PHQ-9"), "the instrument: {alert}");
    assert_accessible(&browser, "alert inbox").await;

    // Acknowledge it with a note, by keyboard.
    tab_to(&browser, "#open-alerts textarea", 40).await;
    type_text(&browser, "Called the patient; safety plan agreed").await;
    tab_to(&browser, "#open-alerts button.acknowledge", 2).await;
    enter(&browser).await;
    browser.find("#no-open-alerts", 20).await;
    assert!(
        browser
            .text("#alerts-status")
            .await
            .contains("acknowledged")
    );
    browser
        .wait_for_attribute("#open-alert-count", "data-count", "0", 10)
        .await;
    let acknowledged = browser.text("#acknowledged-alerts").await;
    assert!(
        acknowledged.contains("Called the patient; safety plan agreed")
            && acknowledged.contains("Sam practitioner"),
        "{acknowledged}"
    );
    assert_accessible(&browser, "alert inbox after acknowledging").await;

    // To the outcomes and an export, by keyboard (the focus is on the status line).
    tab_back_to(&browser, "#nav-outcomes", 10).await;
    enter(&browser).await;
    wait_for_page(&browser, "outcomes", 30).await;
    tab_to(&browser, "#export-csv", 120).await;
    enter(&browser).await;
    browser
        .wait_until_js(
            "document.querySelector('#export-status')?.textContent.includes('Downloaded')",
            20,
        )
        .await;
    assert!(browser.text("#export-status").await.contains(".csv"));

    let client = reqwest::Client::new();
    let (_, audit) = exchange(
        &client,
        &server.base_url,
        Method::GET,
        "/api/v1/audit",
        Some(&server.admin_token),
        None,
    )
    .await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["action"].as_str())
        .collect();
    assert!(
        actions.contains(&"acknowledge_alert") && actions.contains(&"export_outcomes"),
        "{actions:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outcomes_dashboard_shows_suppressed_figures_as_charts_and_tables() {
    let _one = ONE_BROWSER.lock().await;
    let Setup { _dir, server, .. } = start_server("console-outcomes.db").await;
    // Three patients with a baseline and a follow-up a month later: too few pairs, small counts.
    let mut records = Vec::new();
    for _ in 0..3 {
        let patient = uuid::Uuid::new_v4().to_string();
        records.push(phq9_about(
            &patient,
            "2026-09-01T10:00:00Z",
            [3, 3, 2, 2, 2, 1, 1, 1],
            0,
        ));
        records.push(phq9_about(
            &patient,
            "2026-10-06T10:00:00Z",
            [1, 1, 1, 1, 0, 0, 0, 0],
            0,
        ));
    }
    upload(&server, records).await;
    let browser = Browser::start().await;
    sign_in(
        &browser,
        &server.base_url,
        "/console",
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
    )
    .await;

    // No alert is open: the admin starts on the outcomes.
    wait_for_page(&browser, "outcomes", 30).await;
    browser
        .wait_for_attribute("#open-alert-count", "data-count", "0", 10)
        .await;
    let headline = browser.text("#headline").await;
    assert!(
        headline.contains("fewer than 8"),
        "small counts are withheld: {headline}"
    );
    assert!(headline.contains("too few pairs"), "{headline}");
    let charts = browser
        .client
        .execute(
            "return Array.from(document.querySelectorAll('figure.chart')).map(f => [f.id, \
                f.getAttribute('aria-labelledby') && document.getElementById(f.getAttribute('aria-labelledby'))?.textContent || '', \
                f.querySelector('svg')?.getAttribute('aria-label') || '', !!f.querySelector('details table')]);",
            vec![],
        )
        .await
        .unwrap();
    let charts = charts.as_array().unwrap();
    assert!(charts.len() >= 7, "{charts:?}");
    for chart in charts {
        assert!(!chart[1].as_str().unwrap().is_empty(), "a caption: {chart}");
        if chart[3] == json!(true) {
            assert!(
                !chart[2].as_str().unwrap().is_empty(),
                "an accessible name: {chart}"
            );
        }
    }
    // The table view of responses by month: withheld, never 0.
    browser.click("#chart-responses-by-month summary").await;
    browser.find("#chart-responses-by-month table", 5).await;
    let cells = browser
        .client
        .execute(
            "const c = document.querySelector('#chart-responses-by-month'); \
             return [Array.from(c.querySelectorAll('tbody td:first-of-type')).map(td => td.textContent), \
                     c.querySelectorAll('rect.chart-bar').length];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        cells,
        json!([["fewer than 8", "fewer than 8"], 0]),
        "two months of 3 responses each: withheld, and no bar drawn (never 0)"
    );
    let change = browser.text("#chart-change-by-role").await;
    assert!(change.contains("too few pairs"), "{change}");
    assert_accessible(&browser, "outcomes dashboard").await;

    // A financial-year preset and a demographic filter apply.
    let fy = browser
        .client
        .execute("return Array.from(document.querySelectorAll('#filter-period option')).map(o => o.value).find(v => v.startsWith('fy:'));", vec![])
        .await
        .unwrap();
    let fy = fy.as_str().unwrap().to_owned();
    browser
        .find("#filter-period", 5)
        .await
        .select_by_value(&fy)
        .await
        .unwrap();
    browser
        .find("#filter-demographic", 5)
        .await
        .select_by_value("sex")
        .await
        .unwrap();
    browser
        .find("#filter-demographic-value", 5)
        .await
        .select_by_value("not_stated")
        .await
        .unwrap();
    browser.click("#apply-filters").await;
    browser.find("#dashboard", 20).await;
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Css("#outcomes-error"))
            .await
            .is_err()
    );
    let imd = browser.text("#dashboard").await;
    assert!(
        imd.contains("not available while a demographic filter is on"),
        "{imd}"
    );
    let headline = browser.text("#headline").await;
    assert!(headline.contains("fewer than 8"), "{headline}");

    // Every export format downloads (each names its file by what it holds).
    for (format, ends) in [
        ("csv", ".csv"),
        ("xlsx", ".xlsx"),
        ("json", ".json"),
        ("fhir", ".fhir.json"),
        ("datapackage", "datapackage"),
    ] {
        browser.click(&format!("#export-{format}")).await;
        browser
            .wait_until_js(
                &format!(
                    "(t => t.includes('Downloaded') && t.includes('{ends}'))(document.querySelector('#export-status')?.textContent || '')"
                ),
                20,
            )
            .await;
    }
    assert_accessible(&browser, "outcomes dashboard, filtered").await;

    // At a tablet's width (portrait) the page reflows: nothing is wider than the window.
    browser.client.set_window_size(768, 1024).await.unwrap();
    browser.wait_until_js("window.innerWidth <= 768", 10).await;
    let overflow = browser
        .client
        .execute(
            "return document.documentElement.scrollWidth - window.innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        overflow.as_f64().unwrap() <= 0.0,
        "wider than the window by {overflow}px"
    );
    assert_accessible(&browser, "outcomes dashboard at a tablet's width").await;
}

/// Sets a field's value by typing, after clearing it.
async fn fill(browser: &Browser, css: &str, text: &str) {
    browser.find(css, 10).await.clear().await.unwrap();
    browser.type_into(css, text).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_enrols_and_revokes_a_tablet_and_keeps_accounts_organisations_and_roles() {
    let _one = ONE_BROWSER.lock().await;
    let Setup { _dir, server, .. } = start_server("console-admin.db").await;
    let browser = Browser::start().await;
    sign_in(
        &browser,
        &server.base_url,
        "/console/admin/tablets",
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
    )
    .await;
    wait_for_page(&browser, "tablets", 30).await;
    assert_accessible(&browser, "tablets page").await;

    // Issue a code, enrol a tablet with it, see it listed, revoke it.
    browser.click("#issue-code").await;
    let code = browser.text("#issued-code").await;
    assert!(browser.text("#issued-expiry").await.contains("Valid until"));
    let client = reqwest::Client::new();
    let (status, enrolled) = exchange(
        &client,
        &server.base_url,
        Method::POST,
        "/api/v1/devices/enrol",
        None,
        Some(&json!({ "code": code, "name": "Room 4 tablet" })),
    )
    .await;
    assert_eq!(status, 201, "{enrolled}");
    open(&browser, "accounts").await;
    open(&browser, "tablets").await;
    let row = format!(
        "#tablet-list tr[data-device='{}']",
        enrolled["device_id"].as_str().unwrap()
    );
    assert!(browser.text(&row).await.contains("Active"));
    browser.click(&format!("{row} button.revoke")).await;
    browser
        .wait_until_js(
            "document.querySelector('#tablets-status')?.textContent.includes('revoked')",
            20,
        )
        .await;
    assert!(
        browser
            .text(&format!("{row} .device-state"))
            .await
            .starts_with("Revoked")
    );
    let record =
        json!({ "protocol_version": 1, "records": [tests::records::ons4(ROLE, [7, 7, 7, 3])] });
    let (refused, _) = exchange(
        &client,
        &server.base_url,
        Method::POST,
        "/api/v1/sync",
        enrolled["credential"].as_str(),
        Some(&record),
    )
    .await;
    assert_eq!(refused, 403, "a revoked tablet's uploads are refused");
    assert_accessible(&browser, "tablets page after a revocation").await;

    // Organisations: add a PCN under the ICB.
    open(&browser, "organisations").await;
    fill(&browser, "#organisation-name", "North Example PCN").await;
    browser.click("#add-organisation-button").await;
    browser
        .wait_until_js("document.querySelector('#organisation-tree')?.textContent.includes('North Example PCN')", 20)
        .await;
    assert!(browser.text("#organisations-status").await.contains("pcn"));
    assert_accessible(&browser, "organisations page").await;

    // Accounts: create an evaluator, then disable it.
    open(&browser, "accounts").await;
    fill(&browser, "#account-email", "eve@test-icb.nhs.uk").await;
    fill(&browser, "#account-name", "Eve Evaluator").await;
    browser
        .find("#account-kind", 5)
        .await
        .select_by_value("evaluator")
        .await
        .unwrap();
    fill(&browser, "#account-password", "a long enough password").await;
    browser.click("#create-account-button").await;
    browser
        .wait_until_js("document.querySelector(\"#account-list tr[data-email='eve@test-icb.nhs.uk']\") !== null", 20)
        .await;
    browser
        .click("#account-list tr[data-email='eve@test-icb.nhs.uk'] button.disable")
        .await;
    browser
        .wait_until_js("document.querySelector(\"#account-list tr[data-email='eve@test-icb.nhs.uk'] .account-state\")?.textContent === 'Disabled'", 20)
        .await;
    assert_accessible(&browser, "accounts page").await;
    let disabled = tests::sign_in(
        &client,
        &server.base_url,
        "eve@test-icb.nhs.uk",
        "a long enough password",
    )
    .await;
    assert!(disabled.is_err(), "a disabled account cannot sign in");

    // Roles: add, rename, retire.
    open(&browser, "roles").await;
    fill(&browser, "#role-id", "health-coach").await;
    fill(&browser, "#role-name", "Health coach").await;
    browser.click("#add-role-button").await;
    browser
        .find("#role-list tr[data-role='health-coach']", 20)
        .await;
    fill(
        &browser,
        "#rename-health-coach",
        "Health and wellbeing coach",
    )
    .await;
    browser
        .click("#role-list tr[data-role='health-coach'] button.rename")
        .await;
    browser
        .wait_until_js(
            "document.querySelector('#roles-status')?.textContent.includes('Renamed')",
            20,
        )
        .await;
    browser
        .click("#role-list tr[data-role='health-coach'] button.retire")
        .await;
    browser
        .wait_until_js("document.querySelector(\"#role-list tr[data-role='health-coach'] .role-state\")?.textContent === 'Retired'", 20)
        .await;
    let (_, roles) = exchange(
        &client,
        &server.base_url,
        Method::GET,
        "/api/v1/roles",
        None,
        None,
    )
    .await;
    let coach = roles
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "health-coach")
        .unwrap()
        .clone();
    assert_eq!(
        coach,
        json!({ "id": "health-coach", "name": "Health and wellbeing coach", "active": false })
    );
    assert_accessible(&browser, "roles page").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_imports_a_questionnaire_reads_the_audit_log_and_exports_research_rows() {
    let _one = ONE_BROWSER.lock().await;
    let Setup { _dir, server, .. } = start_server("console-admin-data.db").await;
    upload(&server, vec![tests::records::ons4(ROLE, [7, 7, 7, 3])]).await;
    let browser = Browser::start().await;
    sign_in(
        &browser,
        &server.base_url,
        "/console/admin/instruments",
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
    )
    .await;
    wait_for_page(&browser, "instruments", 30).await;
    assert!(browser.text("#instrument-versions").await.contains("ons4"));

    // A licensed instrument is enabled by recording its registration.
    browser
        .type_into(
            "form.registration[data-instrument='swemwbs'] input",
            "WARWICK-123",
        )
        .await;
    browser
        .click("form.registration[data-instrument='swemwbs'] button")
        .await;
    browser
        .wait_until_js("document.querySelector(\"#instrument-versions tr[data-instrument='swemwbs']\") !== null", 20)
        .await;

    // A broken Questionnaire shows the server's reason; a good one previews, then publishes.
    browser
        .find("#fhir-text", 5)
        .await
        .send_keys("{\"resourceType\": \"Patient\"}")
        .await
        .unwrap();
    browser.click("#fhir-check").await;
    browser.find("#fhir-error", 20).await;
    let questionnaire = tests::records::foreign_questionnaire().to_string();
    browser
        .client
        .execute(
            "const t = document.querySelector('#fhir-text'); t.value = arguments[0]; t.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![json!(questionnaire)],
        )
        .await
        .unwrap();
    browser.click("#fhir-check").await;
    let preview = browser.text("#fhir-preview").await;
    assert!(preview.contains("can be published"), "{preview}");
    assert_accessible(&browser, "instruments page with a preview").await;
    browser.click("#fhir-publish").await;
    browser
        .wait_until_js(
            "document.querySelector('#fhir-status')?.textContent.includes('Published')",
            20,
        )
        .await;

    // The audit log, filtered by action.
    open(&browser, "audit").await;
    assert!(browser.text("#audit-log").await.contains("sign_in"));
    fill(&browser, "#audit-action", "import_instrument").await;
    browser.click("#apply-audit-filters").await;
    browser
        .wait_until_js("Array.from(document.querySelectorAll('#audit-log .audit-action')).every(td => td.textContent === 'import_instrument') && document.querySelectorAll('#audit-log .audit-action').length === 1", 20)
        .await;
    assert_accessible(&browser, "audit log").await;

    // Research rows need a purpose and an approval; the export is audited.
    open(&browser, "research").await;
    browser
        .find("#research-instrument", 10)
        .await
        .select_by_value("ons4")
        .await
        .unwrap();
    fill(
        &browser,
        "#research-purpose",
        "Service evaluation of social prescribing outcomes",
    )
    .await;
    fill(&browser, "#research-approval", "IRAS 123456").await;
    browser.click("#research-download").await;
    browser
        .wait_until_js(
            "document.querySelector('#research-status')?.textContent.includes('Downloaded')",
            20,
        )
        .await;
    assert_accessible(&browser, "research export").await;
    // The deprivation lookup, from the official File 1 columns (an invented sample).
    open(&browser, "lookups").await;
    browser
        .find("#imd-edition", 5)
        .await
        .select_by_value("2019")
        .await
        .unwrap();
    let sample = tests::workspace_root().join("tests/data/lookups/imd2019_file1_sample.csv");
    browser
        .type_into("#imd-file", &sample.to_string_lossy())
        .await;
    browser.click("#imd-import-button").await;
    browser
        .wait_until_js(
            "document.querySelector('#lookups-status')?.textContent.includes('Imported IMD 2019')",
            20,
        )
        .await;
    assert_accessible(&browser, "deprivation lookup").await;

    let client = reqwest::Client::new();
    let (_, audit) = exchange(
        &client,
        &server.base_url,
        Method::GET,
        "/api/v1/audit?action=export_research_rows",
        Some(&server.admin_token),
        None,
    )
    .await;
    assert_eq!(audit.as_array().unwrap().len(), 1, "{audit}");
}
