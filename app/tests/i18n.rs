//! The app's own text: every language file parses and has every English message; arguments and
//! plural forms format; right-to-left languages isolate their arguments; and a questionnaire
//! follows the patient's language only into a validated translation.
#![cfg(target_arch = "wasm32")]

use app::catalog::offline_default;
use app::i18n::{Arg, Lang, english_ids, has_message, instrument_language, tr, tr_args};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_language_has_every_english_message() {
    let ids = english_ids();
    assert!(ids.len() > 50, "the English ids were read: {}", ids.len());
    for lang in Lang::ALL {
        let missing: Vec<&String> = ids.iter().filter(|id| !has_message(lang, id)).collect();
        assert!(missing.is_empty(), "{}: missing {missing:?}", lang.tag());
    }
}

#[wasm_bindgen_test]
fn messages_format_their_arguments_and_plurals() {
    let waiting = |lang, n: u32| tr_args(lang, "sync-waiting", &[("count", Arg::from(n))]);
    assert_eq!(waiting(Lang::En, 1), "1 response waiting");
    assert_eq!(waiting(Lang::En, 3), "3 responses waiting");
    assert_eq!(waiting(Lang::Pl, 1), "1 odpowiedź czeka");
    assert_eq!(waiting(Lang::Pl, 3), "3 odpowiedzi czekają");
    assert_eq!(waiting(Lang::Pl, 5), "5 odpowiedzi czeka");
    assert_eq!(waiting(Lang::Ro, 20), "20 de răspunsuri așteaptă");
    assert_eq!(waiting(Lang::Ar, 2), "ردّان في الانتظار");
    // Right to left: an argument is isolated so it keeps its own direction.
    assert_eq!(
        tr_args(
            Lang::Ar,
            "sync-last-sent",
            &[("time", Arg::from("1 Dec 08:50"))]
        ),
        "آخر إرسال \u{2068}1 Dec 08:50\u{2069}"
    );
    assert_eq!(tr(Lang::Bn, "q-next"), "পরবর্তী");
    // An unknown id shows as itself rather than as nothing.
    assert_eq!(tr(Lang::Ur, "no-such-message"), "no-such-message");
}

#[wasm_bindgen_test]
fn a_language_tag_is_read_by_its_primary_subtag() {
    assert_eq!(Lang::parse("pa-Guru-IN"), Some(Lang::Pa));
    assert_eq!(Lang::parse("EN_gb"), Some(Lang::En));
    assert_eq!(Lang::parse("fr"), None);
    assert_eq!(Lang::Ur.dir(), "rtl");
    assert_eq!(Lang::Ar.dir(), "rtl");
    assert_eq!(Lang::Bn.dir(), "ltr");
}

#[wasm_bindgen_test]
fn questions_follow_the_patient_only_into_a_validated_translation() {
    let catalog = offline_default();
    let mut ons4 = catalog.latest("ons4").cloned().expect("ONS4 is built in");
    assert_eq!(instrument_language(&ons4, Lang::En), "en");
    assert_eq!(instrument_language(&ons4, Lang::Ur), "en", "no translation");
    let translation: shared::instrument::Translation = serde_json::from_value(serde_json::json!({
        "validated": false,
        "title": "فلاح",
    }))
    .unwrap();
    ons4.translations
        .insert("ar".to_owned(), translation.clone());
    assert_eq!(instrument_language(&ons4, Lang::Ar), "en", "not validated");
    let mut validated = translation;
    validated.validated = true;
    ons4.translations.insert("ar".to_owned(), validated);
    assert_eq!(instrument_language(&ons4, Lang::Ar), "ar");
}
