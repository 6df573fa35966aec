//! The tablet in every language it speaks: a patient's language on a questionnaire sets `lang`
//! and `dir` (right to left for Urdu and Arabic) and translates the app's own words, while an
//! instrument with no validated translation keeps its questions in their validated language
//! with a notice; the practitioner's app language marks the whole document and is remembered.

use tests::browser::{
    Browser, ONE_BROWSER, Setup, TEST_PIN, app_message as message, app_progress, enrolled_tablet,
    start_server,
};

async fn attribute(browser: &Browser, css: &str, name: &str) -> String {
    browser
        .find(css, 10)
        .await
        .attr(name)
        .await
        .unwrap()
        .unwrap_or_default()
}

const LANGUAGES: [(&str, &str); 7] = [
    ("en", "ltr"),
    ("ur", "rtl"),
    ("ar", "rtl"),
    ("pl", "ltr"),
    ("pa", "ltr"),
    ("bn", "ltr"),
    ("ro", "ltr"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_language_renders_with_lang_and_dir_and_an_untranslated_instrument_says_so() {
    let _one = ONE_BROWSER.lock().await;
    let Setup { _dir, server, .. } = start_server("languages.db").await;
    let browser = enrolled_tablet(&server).await;
    browser.start_questionnaire("ons4").await;

    for (tag, dir) in LANGUAGES {
        browser.choose_language(tag).await;
        browser
            .wait_until_js(
                &format!(
                    "document.querySelector('section.questionnaire')?.getAttribute('lang') === '{tag}'"
                ),
                10,
            )
            .await;
        assert_eq!(
            attribute(&browser, "section.questionnaire", "dir").await,
            dir,
            "{tag}"
        );
        // The app's own words are in the chosen language (its own script).
        assert_eq!(
            browser.text("#begin").await,
            message(tag, "q-start-with-patient"),
            "{tag}"
        );
        // ONS4 has no validated translation: its wording stays English, marked as such, and
        // the practitioner is told.
        assert_eq!(attribute(&browser, "#q-title", "lang").await, "en");
        assert_eq!(attribute(&browser, "#q-title", "dir").await, "ltr");
        let notices = browser
            .client
            .find_all(fantoccini::Locator::Css("#untranslated-notice"))
            .await
            .unwrap()
            .len();
        assert_eq!(notices, usize::from(tag != "en"), "{tag}");
        // Scripts a tablet may lack a font for render with the font shipped beside the app.
        let font = match tag {
            "ur" | "ar" => Some("Prom Naskh Arabic"),
            "pa" => Some("Prom Sans Gurmukhi"),
            "bn" => Some("Prom Sans Bengali"),
            _ => None,
        };
        if let Some(font) = font {
            let sample = message(tag, "q-start");
            browser
                .wait_until_js(
                    &format!(
                        "[...document.fonts].some(f => f.family.replace(/\"/g, '') === '{font}' && f.status === 'loaded') \
                         && document.fonts.check('20px \"{font}\"', {})",
                        serde_json::to_string(&sample).unwrap()
                    ),
                    15,
                )
                .await;
        }
    }

    // In Urdu: the questions stay in English, the buttons are Urdu.
    browser.choose_language("ur").await;
    browser.find("#untranslated-notice", 10).await;
    assert!(
        browser
            .text("#untranslated-notice")
            .await
            .contains(&message("ur", "lang-en")),
        "the notice names the language the questions stay in"
    );
    browser.begin().await;
    browser
        .wait_until_js(
            "document.querySelector('#question-text')?.getAttribute('lang') === 'en'",
            10,
        )
        .await;
    assert!(
        browser
            .text("#question-text")
            .await
            .starts_with("Overall, how satisfied")
    );
    assert_eq!(browser.text("#back").await, message("ur", "q-back"));
    assert_eq!(browser.text(".progress").await, app_progress("ur", 1, 4));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_language_marks_the_document_and_is_remembered() {
    let _one = ONE_BROWSER.lock().await;
    let Setup { _dir, server, .. } = start_server("app-language.db").await;
    let browser = enrolled_tablet(&server).await;
    browser.open_settings().await;
    browser
        .click(".app-language-option[data-language='ar']")
        .await;
    browser
        .wait_until_js(
            "document.documentElement.lang === 'ar' && document.documentElement.dir === 'rtl'",
            10,
        )
        .await;
    assert_eq!(
        browser.text("main h1").await,
        message("ar", "home-settings")
    );
    assert_eq!(browser.text("#lock-now").await, message("ar", "lock"));

    // After a reload (locked), the lock screen is in Arabic already.
    browser.client.refresh().await.unwrap();
    browser.find("#app-locked", 30).await;
    browser
        .wait_until_js("document.documentElement.lang === 'ar'", 10)
        .await;
    assert_eq!(
        browser.text("#app-locked h1").await,
        message("ar", "locked-title")
    );
    browser.unlock(TEST_PIN).await;

    // The patient's language is separate: a questionnaire starts in the app language's
    // neighbour only when chosen, and the sync bar stays in the app language.
    browser.click("#start-ons4").await;
    browser.wait_for_screen("questionnaire", 20).await;
    browser.choose_language("pl").await;
    browser
        .wait_until_js(
            "document.querySelector('section.questionnaire')?.lang === 'pl'",
            10,
        )
        .await;
    assert_eq!(browser.text("#lock-now").await, message("ar", "lock"));
    assert_eq!(
        browser.text("#begin").await,
        message("pl", "q-start-with-patient")
    );
}

/// Replaces the page's speech synthesis with a recorder that has voices for `languages`: what
/// the app asks the browser to say is kept in `window.spoken`, cancellations are counted.
async fn record_speech(browser: &Browser, languages: &[&str]) {
    let voices: Vec<serde_json::Value> = languages
        .iter()
        .map(|l| serde_json::json!({ "lang": l, "name": format!("test {l}") }))
        .collect();
    browser
        .client
        .execute(
            "const voices = arguments[0];
             window.spoken = []; window.cancelled = 0;
             speechSynthesis.getVoices = () => voices;
             speechSynthesis.speak = (u) => window.spoken.push({ text: u.text, lang: u.lang });
             speechSynthesis.cancel = () => { window.cancelled += 1; };",
            vec![serde_json::Value::Array(voices)],
        )
        .await
        .unwrap();
}

async fn spoken(browser: &Browser) -> Vec<(String, String)> {
    let value = browser
        .client
        .execute("return window.spoken;", vec![])
        .await
        .unwrap();
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["text"].as_str().unwrap().to_owned(),
                u["lang"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn cancelled(browser: &Browser) -> i64 {
    browser
        .client
        .execute("return window.cancelled;", vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_aloud_speaks_the_question_in_its_language_stops_on_the_next_and_says_when_no_voice() {
    let _one = ONE_BROWSER.lock().await;
    let Setup { _dir, server, .. } = start_server("read-aloud.db").await;
    let browser = enrolled_tablet(&server).await;
    browser.start_questionnaire("ons4").await;
    // The patient reads Polish; ONS4 is validated in English only, so it is read in English.
    browser.choose_language("pl").await;
    browser.begin().await;
    browser.find("#read-aloud", 10).await;
    record_speech(&browser, &["en-GB", "pl-PL"]).await;
    assert_eq!(
        browser.text("#read-aloud").await,
        message("pl", "q-read-aloud")
    );
    browser.click("#read-aloud").await;
    let said = spoken(&browser).await;
    assert_eq!(said.len(), 1, "{said:?}");
    let (text, lang) = &said[0];
    assert_eq!(lang, "en");
    assert!(
        text.starts_with("Overall, how satisfied are you with your life nowadays?"),
        "{text}"
    );
    assert!(
        text.contains("0: Not at all"),
        "the answers are read too: {text}"
    );
    assert!(
        browser
            .client
            .find_all(fantoccini::Locator::Css("#no-voice"))
            .await
            .unwrap()
            .is_empty()
    );

    // Leaving the question stops the reading.
    let before = cancelled(&browser).await;
    browser.choose_scale(7).await;
    browser.next().await;
    browser
        .wait_until_js(
            "document.querySelector('#question-text')?.textContent.startsWith('Overall, to what extent')",
            10,
        )
        .await;
    assert!(cancelled(&browser).await > before, "reading stopped");

    // A tablet without an English voice says so instead of reading in another voice.
    record_speech(&browser, &["pl-PL"]).await;
    browser.click("#read-aloud").await;
    browser.find("#no-voice", 10).await;
    assert!(spoken(&browser).await.is_empty());
    assert!(
        browser
            .text("#no-voice")
            .await
            .contains(&message("pl", "lang-en")),
        "the message names the language"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_read_reads_each_question_as_it_shows() {
    let _one = ONE_BROWSER.lock().await;
    let Setup { _dir, server, .. } = start_server("auto-read.db").await;
    let browser = enrolled_tablet(&server).await;
    browser.start_questionnaire("ons4").await;
    record_speech(&browser, &["en-GB"]).await;
    browser.click("#auto-read").await;
    browser.click("#easy-read").await;
    browser
        .wait_until_js(
            "document.querySelector('section.questionnaire')?.classList.contains('easy-read')",
            10,
        )
        .await;
    browser.begin().await;
    browser.find("#question-text", 10).await;
    browser
        .wait_until_js("window.spoken.length === 1", 10)
        .await;
    browser.choose_scale(5).await;
    browser.next().await;
    browser
        .wait_until_js("window.spoken.length === 2", 10)
        .await;
    let said = spoken(&browser).await;
    assert!(said[1].0.starts_with("Overall, to what extent"), "{said:?}");
    assert_eq!(said[1].1, "en");
}
