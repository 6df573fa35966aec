//! Page objects of the staff console (`/console`) for the browser tests: signing in, moving
//! between pages, keyboard-only steps, and the axe-core accessibility check every console page
//! passes. The console marks `<main id="main">` with `data-page` and `data-settled` like the
//! tablet, so [`Browser::find`] waits for it the same way.

use crate::browser::Browser;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use std::path::PathBuf;

/// The WCAG rule sets axe runs: A and AA of 2.0, 2.1 and 2.2.
const WCAG_TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']";

/// The axe-core script: `PROM_AXE_JS` (set by `cargo xtask test`), else where `cargo xtask
/// setup --browser` installs it.
pub fn axe_script() -> PathBuf {
    if let Some(path) = std::env::var_os("PROM_AXE_JS") {
        return PathBuf::from(path);
    }
    let cache = std::env::var_os("PROM_CACHE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/var/cache/prom-collector"));
    cache.join("tools/axe-core-4.14.1/node_modules/axe-core/axe.min.js")
}

/// Waits until the console page `page` (its `data-page`) shows and has settled.
pub async fn wait_for_page(browser: &Browser, page: &str, secs: u64) {
    browser
        .wait_until_js(
            &format!(
                "document.querySelector('main#main')?.dataset.page === '{page}' \
                 && document.querySelector('main#main')?.dataset.settled === 'true'"
            ),
            secs,
        )
        .await;
}

/// Opens `/console` (or a deep link under it) and signs in by typing into the form.
pub async fn sign_in(browser: &Browser, base_url: &str, path: &str, email: &str, password: &str) {
    browser
        .client
        .goto(&format!("{base_url}{path}"))
        .await
        .expect("the console opens");
    browser.type_into("#email", email).await;
    browser.type_into("#password", password).await;
    browser.click("#sign-in").await;
    browser
        .wait_until_js("document.querySelector('#sign-out') !== null", 20)
        .await;
}

/// Clicks a navigation link and waits for its page.
pub async fn open(browser: &Browser, page: &str) {
    browser.click(&format!("#nav-{page}")).await;
    wait_for_page(browser, page, 20).await;
}

/// Runs axe-core on the page and fails listing every WCAG 2.2 A/AA violation.
pub async fn assert_accessible(browser: &Browser, what: &str) {
    let path = axe_script();
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is not installed at {} ({e}): run `cargo xtask setup --browser`",
            path.display()
        )
    });
    browser
        .client
        .execute(&format!("if (!window.axe) {{ {source} }}"), vec![])
        .await
        .expect("axe-core loads");
    let script = format!(
        "const done = arguments[arguments.length - 1]; \
         axe.run(document, {{ runOnly: {{ type: 'tag', values: {WCAG_TAGS} }} }}) \
           .then(r => done(r.violations.map(v => `${{v.id}} (${{v.impact}}): ${{v.help}} at ${{v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')}}`))) \
           .catch(e => done([`axe failed: ${{e}}`]));"
    );
    let violations = browser
        .client
        .execute_async(&script, vec![])
        .await
        .expect("axe-core runs");
    assert_eq!(
        violations,
        serde_json::json!([]),
        "{what}: WCAG 2.2 A/AA violations found by axe-core"
    );
}

/// Presses one key (through the keyboard input source, as a person would).
pub async fn press(browser: &Browser, key: char) {
    let actions = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    browser
        .client
        .perform_actions(actions)
        .await
        .expect("the key is pressed");
}

/// Types text with the keyboard into whatever has the focus.
pub async fn type_text(browser: &Browser, text: &str) {
    for key in text.chars() {
        press(browser, key).await;
    }
}

/// The id of the element with the keyboard focus (empty when none has one).
pub async fn focused_id(browser: &Browser) -> String {
    browser
        .client
        .execute("return document.activeElement?.id || '';", vec![])
        .await
        .expect("the focus is readable")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// True when the element matching `css` has the focus.
async fn has_focus(browser: &Browser, css: &str) -> bool {
    let check = format!(
        "return document.activeElement === document.querySelector({});",
        serde_json::to_string(css).expect("a string serialises")
    );
    browser
        .client
        .execute(&check, vec![])
        .await
        .expect("readable")
        == serde_json::json!(true)
}

/// Presses Tab (Shift+Tab when `backwards`) until the element matching `css` has the focus,
/// at most `limit` times.
async fn move_focus_to(browser: &Browser, css: &str, limit: usize, backwards: bool) {
    for _ in 0..limit {
        if has_focus(browser, css).await {
            return;
        }
        let tab: char = Key::Tab.into();
        let mut keys = KeyActions::new("keyboard".to_owned());
        if backwards {
            keys = keys.then(KeyAction::Down {
                value: Key::Shift.into(),
            });
        }
        keys = keys
            .then(KeyAction::Down { value: tab })
            .then(KeyAction::Up { value: tab });
        if backwards {
            keys = keys.then(KeyAction::Up {
                value: Key::Shift.into(),
            });
        }
        browser
            .client
            .perform_actions(keys)
            .await
            .expect("the keys are pressed");
    }
    assert!(
        has_focus(browser, css).await,
        "{css} did not get the focus after {limit} Tabs (focus on #{})",
        focused_id(browser).await
    );
}

/// Presses Tab until the element matching `css` has the focus (at most `limit` times).
pub async fn tab_to(browser: &Browser, css: &str, limit: usize) {
    move_focus_to(browser, css, limit, false).await;
}

/// Presses Shift+Tab until the element matching `css` has the focus (at most `limit` times).
pub async fn tab_back_to(browser: &Browser, css: &str, limit: usize) {
    move_focus_to(browser, css, limit, true).await;
}

/// Presses Enter.
pub async fn enter(browser: &Browser) {
    press(browser, Key::Enter.into()).await;
}
