//! A real headless Chromium driven through chromedriver (WebDriver), with a fresh profile.
//! chromedriver runs in its own process group, which is killed on drop so no browser survives a
//! failed test.
//!
//! Every interaction waits for a settled screen first: the app marks `<main>` with
//! `data-screen` (which screen) and `data-settled="true"` once the page is mounted, its initial
//! loads are done and none of its actions is running. An element found on a settled screen is
//! not about to be replaced, so nothing here retries a stale element. The page-object helpers
//! below (unlock, open settings, enrol, start a questionnaire, answer, hand over...) are the
//! repeated steps of the browser tests.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// One browser at a time: the machine has two cores.
pub static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// One browser test's own server: the built app, a fresh database, a free port.
pub struct Setup {
    pub _dir: TempDir,
    pub database: std::path::PathBuf,
    pub dist: std::path::PathBuf,
    pub port: u16,
    pub server: crate::process::ServerProcess,
}

/// Starts the server binary on a fresh database named `database` in a temporary directory.
pub async fn start_server(database: &str) -> Setup {
    let dist = crate::process::dist_dir();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = dir.path().join(database);
    let port = crate::free_port();
    let server = crate::process::ServerProcess::start(port, &database, &dist).await;
    Setup {
        _dir: dir,
        database,
        dist,
        port,
        server,
    }
}

/// A fresh browser on the app, protected with [`TEST_PIN`], enrolled to the admin's
/// organisation, with the role `crate::records::ROLE` chosen.
pub async fn enrolled_tablet(server: &crate::process::ServerProcess) -> Browser {
    let code = crate::enrolment_code(
        &reqwest::Client::new(),
        &server.base_url,
        &server.admin_token,
        None,
    )
    .await;
    let browser = Browser::start().await;
    browser
        .first_visit(&server.base_url, crate::records::ROLE, &code)
        .await;
    browser
}

/// Message `id` as written in the tablet's `app/locales/<tag>.ftl` (the text the app embeds).
pub fn app_message(tag: &str, id: &str) -> String {
    let path = format!("{}/../app/locales/{tag}.ftl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .find_map(|line| line.strip_prefix(&format!("{id} = ")))
        .unwrap_or_else(|| panic!("{tag}.ftl has no {id}"))
        .trim()
        .to_owned()
}

/// "Question `number` of `total`" in `tag`; right-to-left text isolates its numbers
/// (U+2068 ... U+2069).
pub fn app_progress(tag: &str, number: usize, total: usize) -> String {
    let (open, close) = if matches!(tag, "ar" | "ur") {
        ("\u{2068}", "\u{2069}")
    } else {
        ("", "")
    };
    app_message(tag, "q-progress")
        .replace("{ $number }", &format!("{open}{number}{close}"))
        .replace("{ $total }", &format!("{open}{total}{close}"))
}

/// The PIN browser tests protect their tablets with.
pub const TEST_PIN: &str = "1357";

/// JavaScript: true while the screen on show has settled.
const SETTLED: &str = "document.querySelector('main#main')?.dataset.settled === 'true'";

/// A CSS selector as a JavaScript string literal.
fn js_string(css: &str) -> String {
    serde_json::to_string(css).expect("a string serialises")
}

pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: TempDir,
}

impl Browser {
    pub async fn start() -> Self {
        let profile = tempfile::tempdir().expect("a temporary browser profile");
        Self::start_with_profile(profile).await
    }

    /// Quits Chromium and starts it again on the same profile, as after the tablet restarted.
    pub async fn restart(mut self) -> Self {
        let _ = self.client.clone().close().await;
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.driver.id())])
            .status();
        let _ = self.driver.wait();
        let profile = std::mem::replace(
            &mut self._profile,
            tempfile::tempdir().expect("a placeholder directory"),
        );
        Self::start_with_profile(profile).await
    }

    async fn start_with_profile(profile: TempDir) -> Self {
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".to_owned());
        let port = crate::free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("could not start {chromedriver}: {e} (run `cargo xtask test`)")
            });
        let capabilities = serde_json::json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1024,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        let capabilities = match capabilities {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("built as an object"),
        };
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("could not start a Chromium session: {e}"),
            }
        };
        Self {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Waits (up to `secs`) until the screen has settled and shows an element matching the CSS
    /// selector, and returns it.
    pub async fn find(&self, css: &str, secs: u64) -> Element {
        let ready = format!(
            "return [{SETTLED}, document.querySelector({}) !== null];",
            js_string(css)
        );
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let state = self.client.execute(&ready, vec![]).await;
            if let Ok(serde_json::Value::Array(state)) = &state
                && state.iter().all(|v| v == &serde_json::Value::Bool(true))
            {
                return self
                    .client
                    .find(Locator::Css(css))
                    .await
                    .unwrap_or_else(|e| panic!("{css:?} went away on a settled screen: {e}"));
            }
            assert!(
                Instant::now() < deadline,
                "no element {css:?} on a settled screen within {secs}s ([settled, present]: {state:?}; {})",
                self.screen_state().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Which screen shows and whether it has settled, for failure messages.
    async fn screen_state(&self) -> String {
        self.client
            .execute(
                "const m = document.querySelector('main#main'); \
                 return m ? `screen ${m.dataset.screen}, settled ${m.dataset.settled}` : 'no main';",
                vec![],
            )
            .await
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .unwrap_or_else(|e| format!("unreadable: {e}"))
    }

    /// Waits until the screen named `screen` (its `data-screen`) shows and has settled.
    pub async fn wait_for_screen(&self, screen: &str, secs: u64) {
        self.wait_until_js(
            &format!(
                "document.querySelector('main#main')?.dataset.screen === {} && {SETTLED}",
                js_string(screen)
            ),
            secs,
        )
        .await;
    }

    /// Types text into the element matching the CSS selector.
    pub async fn type_into(&self, css: &str, text: &str) {
        self.find(css, 20)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("could not type into {css:?}: {e}"));
    }

    /// The scores the tablet computed for the response just saved: measure id -> value.
    pub async fn device_scores(&self) -> std::collections::BTreeMap<String, f64> {
        self.find("#practitioner-summary", 10).await;
        let value = self
            .client
            .execute(
                "return Array.from(document.querySelectorAll('.device-score'))\
                 .map(e => [e.dataset.measure, Number(e.dataset.value)]);",
                vec![],
            )
            .await
            .expect("the summary is readable");
        serde_json::from_value::<Vec<(String, f64)>>(value)
            .expect("pairs of measure and value")
            .into_iter()
            .collect()
    }

    /// Opens the app, waits for the service worker to control the page, protects the tablet with
    /// [`TEST_PIN`], enrols it with `code` through Settings, and picks a role.
    pub async fn first_visit(&self, base_url: &str, role: &str, code: &str) {
        self.client.goto(base_url).await.unwrap();
        self.find("#new-secret", 30).await;
        self.wait_until_js(
            "navigator.serviceWorker && navigator.serviceWorker.controller",
            30,
        )
        .await;
        self.protect(TEST_PIN).await;
        self.open_settings().await;
        self.enrol(code).await;
        self.choose_role(role).await;
        self.find("#start-ons4:not([disabled])", 10).await;
    }

    // The lock screens.

    /// On the first-use screen: chooses the PIN that protects the tablet.
    pub async fn protect(&self, pin: &str) {
        self.type_into("#new-secret", pin).await;
        self.type_into("#confirm-secret", pin).await;
        self.click("#protect").await;
        self.wait_for_screen("home", 30).await;
    }

    /// On a lock screen (after a start, a reload or the inactivity lock): enters the PIN and
    /// waits until the lock screen has gone and the screen behind it has settled.
    pub async fn unlock(&self, pin: &str) {
        self.enter_pin(pin).await;
        self.wait_until_js("!document.querySelector('#app-locked, #kiosk-locked')", 30)
            .await;
        self.wait_until_js(SETTLED, 30).await;
    }

    /// Types `pin` into the PIN prompt on screen and presses Unlock.
    pub async fn enter_pin(&self, pin: &str) {
        self.type_into("#pin", pin).await;
        self.click("#unlock").await;
    }

    /// Locks the tablet with the sync bar's Lock button.
    pub async fn lock_now(&self) {
        self.click("#lock-now").await;
        self.find("#app-locked", 10).await;
    }

    // The start screen.

    /// From the start screen: opens Settings.
    pub async fn open_settings(&self) {
        self.click("#open-settings").await;
        self.wait_for_screen("settings", 20).await;
    }

    /// From the start screen: starts the questionnaire `instrument` (its introduction shows).
    pub async fn start_questionnaire(&self, instrument: &str) {
        self.click(&format!("#start-{instrument}")).await;
        self.wait_for_screen("questionnaire", 20).await;
    }

    /// From the start screen: adds a patient to the caseload.
    pub async fn add_patient(&self, label: &str, nhs_number: &str) {
        self.click(".add-patient summary").await;
        self.type_into("#patient-label", label).await;
        self.type_into("#patient-nhs", nhs_number).await;
        self.click("#add-patient").await;
    }

    /// From the start screen: opens the (first) caseload patient.
    pub async fn open_patient(&self) {
        self.click(".caseload-patient").await;
        self.wait_for_screen("patient", 20).await;
    }

    // Settings.

    /// On the Settings screen: enters the enrolment code and waits until the tablet is enrolled.
    pub async fn enrol(&self, code: &str) {
        self.type_into("#enrolment-code", code).await;
        self.click("#enrol").await;
        self.find("#enrolled-to", 20).await;
    }

    /// On the Settings screen: picks the professional role, which returns to the start screen.
    pub async fn choose_role(&self, role: &str) {
        self.click(&format!("[data-role='{role}']")).await;
        self.wait_for_screen("home", 20).await;
    }

    /// On the Settings screen: tries to change the PIN and returns the message shown.
    pub async fn change_pin(&self, current: &str, new: &str) -> String {
        self.type_into("#current-pin", current).await;
        self.type_into("#new-pin", new).await;
        self.click("#save-pin").await;
        self.text("#pin-message").await
    }

    /// On the Settings screen: sets the inactivity lock delay.
    pub async fn set_lock_minutes(&self, minutes: u32) {
        self.find("#lock-minutes", 20)
            .await
            .clear()
            .await
            .expect("the lock delay field clears");
        self.type_into("#lock-minutes", &minutes.to_string()).await;
        self.click("#save-lock-minutes").await;
        self.wait_until_js(
            &format!(
                "document.querySelector('#lock-message')?.textContent.includes('{minutes} minutes')"
            ),
            10,
        )
        .await;
    }

    /// On the Settings screen: imports an outbox file with its passphrase (the outcome is in
    /// `#import-message`).
    pub async fn import_outbox(&self, file: &std::path::Path, passphrase: &str) {
        self.type_into("#import-file", &file.to_string_lossy())
            .await;
        self.type_into("#import-passphrase", passphrase).await;
        self.click("#import-outbox").await;
    }

    // A questionnaire.

    /// On a questionnaire's introduction: chooses the language the questions are shown in.
    pub async fn choose_language(&self, tag: &str) {
        self.click(&format!(".language-option[data-language='{tag}']"))
            .await;
    }

    /// On a questionnaire's introduction: starts with the patient (the first question shows).
    pub async fn begin(&self) {
        self.click("#begin").await;
    }

    /// On a questionnaire's introduction: hands the tablet to the patient (kiosk mode) and waits
    /// for the first question.
    pub async fn hand_to_patient(&self) {
        self.click("#hand-to-patient").await;
        self.find(".progress", 20).await;
    }

    /// Presses Next (Skip, or Finish on the last question).
    pub async fn next(&self) {
        self.click("#next").await;
    }

    /// Taps the scale option `value` and waits until it shows as chosen.
    pub async fn choose_scale(&self, value: i64) {
        self.choose(".scale-option", value).await;
    }

    /// Taps the listed option `value` and waits until it shows as chosen.
    pub async fn choose_option(&self, value: i64) {
        self.choose(".choice-option", value).await;
    }

    async fn choose(&self, class: &str, value: i64) {
        let css = format!("{class}[data-value='{value}']");
        self.click(&css).await;
        self.wait_for_attribute(&css, "aria-checked", "true", 5)
            .await;
    }

    /// Answers a questionnaire of scale items from its first question: for each answer, waits for
    /// its question, chooses it, and presses Next (Finish on the last).
    pub async fn answer_scales(&self, answers: &[i64]) {
        for (index, answer) in answers.iter().enumerate() {
            self.wait_for_question(index + 1, answers.len()).await;
            self.choose_scale(*answer).await;
            self.next().await;
        }
    }

    /// Answers `answers.len()` listed-option questions of `of` from the current one, numbered
    /// from `first`: for each, waits for its question, chooses it, and presses Next.
    pub async fn answer_options(&self, first: usize, of: usize, answers: &[i64]) {
        for (offset, answer) in answers.iter().enumerate() {
            self.wait_for_question(first + offset, of).await;
            self.choose_option(*answer).await;
            self.next().await;
        }
    }

    /// Waits until the questionnaire shows question `number` of `of`.
    pub async fn wait_for_question(&self, number: usize, of: usize) {
        self.wait_until_js(
            &format!(
                "document.querySelector('.progress')?.textContent === 'Question {number} of {of}'"
            ),
            20,
        )
        .await;
    }

    /// On the confirmation: the response was saved; presses Done.
    pub async fn done(&self) {
        self.find("#saved-message", 10).await;
        self.click("#back-home").await;
    }

    /// From now on, notes the first element that matches each selector (forgetting any noted
    /// before for them), for [`Browser::assert_not_replaced`].
    pub async fn note_first(&self, selectors: &[&str]) {
        self.client
            .execute(
                "window.__first = window.__first || {}; \
                 window.__watched = arguments[0]; \
                 window.__firstTop = window.__firstTop || {}; \
                 for (const css of arguments[0]) delete window.__first[css]; \
                 const note = () => { for (const css of window.__watched) { \
                     if (!window.__first[css]) { const e = document.querySelector(css); \
                         if (e) { window.__first[css] = e; \
                             window.__firstTop[css] = e.getBoundingClientRect().top; } } } }; \
                 note(); \
                 if (!window.__observer) { \
                     window.__observer = new MutationObserver(note); \
                     window.__observer.observe(document, { subtree: true, childList: true }); }",
                vec![serde_json::json!(selectors)],
            )
            .await
            .expect("the observer is installed");
    }

    /// Asserts that the first element noted for `css` is the one on screen now: the screen was
    /// not rebuilt under the user's finger since it appeared.
    pub async fn assert_not_replaced(&self, css: &str) {
        let kept = self
            .client
            .execute(
                "const first = (window.__first || {})[arguments[0]]; \
                 return [first !== undefined, !!first && first.isConnected \
                     && document.querySelector(arguments[0]) === first];",
                vec![serde_json::json!(css)],
            )
            .await
            .expect("the noted element is readable");
        assert_eq!(
            kept,
            serde_json::json!([true, true]),
            "{css}: [seen, still the same element]"
        );
    }

    /// Asserts that the element matching `css` is where it first appeared (noted with
    /// [`Browser::note_first`]): nothing above it pushed it away from the user's finger.
    pub async fn assert_not_moved(&self, css: &str) {
        let tops = self
            .client
            .execute(
                "const e = document.querySelector(arguments[0]); \
                 return [(window.__firstTop || {})[arguments[0]] ?? null, \
                     e ? e.getBoundingClientRect().top : null];",
                vec![serde_json::json!(css)],
            )
            .await
            .expect("the positions are readable");
        let top = |i: usize| tops[i].as_f64();
        let (Some(first), Some(now)) = (top(0), top(1)) else {
            panic!("{css}: [first top, top now] {tops}");
        };
        assert!(
            (first - now).abs() < 1.0,
            "{css} moved from {first}px to {now}px after it appeared"
        );
    }

    /// Clicks the element matching the CSS selector on a settled screen.
    pub async fn click(&self, css: &str) {
        self.find(css, 20)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("could not click {css:?}: {e}"));
    }

    /// The text of the element matching the CSS selector on a settled screen.
    pub async fn text(&self, css: &str) -> String {
        self.find(css, 20)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("could not read {css:?}: {e}"))
    }

    /// Polls a JavaScript expression until it returns `true`, failing after `secs`.
    pub async fn wait_until_js(&self, expression: &str, secs: u64) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let value = self
                .client
                .execute(&format!("return Boolean({expression});"), vec![])
                .await;
            if matches!(value, Ok(serde_json::Value::Bool(true))) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{expression} did not become true within {secs}s (last: {value:?})"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Polls an element's attribute until it equals `expected`, failing after `secs`.
    pub async fn wait_for_attribute(&self, css: &str, attribute: &str, expected: &str, secs: u64) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let value = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.attr(attribute).await.ok().flatten(),
                Err(_) => None,
            };
            if value.as_deref() == Some(expected) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{css} [{attribute}] was {value:?}, not {expected:?}, after {secs}s"
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Kill chromedriver's whole process group, Chromium included.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.driver.id())])
            .status();
        let _ = self.driver.wait();
    }
}
