//! The questionnaire's first step: the language, the introduction and licence notice, the
//! optional NHS number, the time point (chosen by the practitioner, so not shown once the tablet
//! is handed over), and starting with the patient or handing the tablet over (kiosk).

use super::model::{Questionnaire, Step};
use crate::format;
use crate::i18n::{Lang, Locale};
use crate::platform;
use crate::reactive::set_if_changed;
use crate::state::{AppContext, Settle, screen_action};
use crate::store::settings;
use crate::workflow::answers::next_shown;
use crate::workflow::time_points::{self, Suggestion};
use leptos::prelude::*;
use shared::instrument::is_right_to_left;
use shared::nhs_number::NhsNumber;
use shared::outcomes::pairing::TimePoint;

/// The patient's language: every language the app speaks, each named in itself. The questions
/// follow only into a validated translation (see [`crate::i18n::instrument_language`]).
#[component]
fn LanguagePicker(q: Questionnaire) -> impl IntoView {
    let language = q.patient_language;
    let locale = Locale::current();
    view! {
        <div class="language-picker" role="group" aria-label=locale.t("q-language")>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            class="option-button language-option"
                            data-language=lang.tag()
                            lang=lang.tag()
                            dir=lang.dir()
                            aria-pressed=move || (language.get() == lang).to_string()
                            on:click=move |_| set_if_changed(language, lang)
                        >
                            {lang.own_name()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// For the practitioner: the questions stay in their validated language because the patient's
/// language has no validated translation of this instrument.
#[component]
fn UntranslatedNotice(q: Questionnaire) -> impl IntoView {
    let locale = Locale::current();
    let patient = q.patient_language;
    let shown = q.language;
    let untranslated = move || Lang::parse(&shown.get()) != Some(patient.get());
    view! {
        <Show when=untranslated>
            <p id="untranslated-notice" class="notice" role="status">
                {move || {
                    let chosen = patient.get();
                    let original = shown.get();
                    let original_name = Lang::parse(&original)
                        .map_or(original.clone(), |l| locale.text(l.name_id()));
                    locale.text_args(
                        "q-untranslated",
                        &[
                            ("language", locale.text(chosen.name_id()).into()),
                            ("original", original_name.into()),
                        ],
                    )
                }}
            </p>
        </Show>
    }
}

/// The time point choices: automatic (none: pairing decides), then the three the server knows.
const TIME_POINTS: [(Option<TimePoint>, &str, &str); 4] = [
    (None, "automatic", "q-time-automatic"),
    (Some(TimePoint::Baseline), "baseline", "q-time-baseline"),
    (Some(TimePoint::Review), "review", "q-time-review"),
    (Some(TimePoint::Final), "final", "q-time-final"),
];

/// Where in the piece of work this response is: automatic (the first response is the baseline,
/// later ones follow-ups) unless the practitioner says otherwise.
#[component]
fn TimePointPicker(q: Questionnaire) -> impl IntoView {
    let time_point = q.time_point;
    let locale = Locale::current();
    let context = expect_context::<AppContext>();
    let settle = Settle::current();
    // Suggested from the patient's history once the NHS number is known (typed, or from the
    // caseload through the draft); preselected once, while still automatic.
    let suggestion = RwSignal::new(None::<Suggestion>);
    let preselected = StoredValue::new(false);
    let nhs_number = q.nhs_number;
    let instrument_id = q.definition.id.clone();
    Effect::new(move |_| {
        let Some(number) = nhs_number.get().filter(|n| NhsNumber::parse(n).is_ok()) else {
            suggestion.set(None);
            return;
        };
        let db = context.db();
        let instrument_id = instrument_id.clone();
        leptos::task::spawn_local(settle.during(async move {
            let found =
                time_points::for_patient(&db, &number, &instrument_id, platform::now()).await;
            if let Some(found) = &found
                && !preselected.get_value()
                && time_point.get_untracked().is_none()
            {
                preselected.set_value(true);
                set_if_changed(time_point, found.time_point());
            }
            suggestion.set(found);
        }));
    });
    let suggestion_text = move || {
        suggestion.get().map(|s| match s {
            Suggestion::Baseline => locale.text("q-suggest-baseline"),
            Suggestion::NewBaseline { baseline_at } => locale.text_args(
                "q-suggest-new-baseline",
                &[("date", format::day(&baseline_at).into())],
            ),
            Suggestion::FollowUp { baseline_at } => locale.text_args(
                "q-suggest-follow-up",
                &[("date", format::day(&baseline_at).into())],
            ),
            Suggestion::TooSoon { baseline_at, days } => locale.text_args(
                "q-suggest-too-soon",
                &[
                    ("date", format::day(&baseline_at).into()),
                    ("days", days.into()),
                ],
            ),
        })
    };
    view! {
        <Show when=move || suggestion.with(Option::is_some)>
            <p id="time-point-suggestion" class="notice" role="status">{suggestion_text}</p>
        </Show>
        <div class="time-point-picker" role="group" aria-labelledby="time-point-label">
            <span id="time-point-label" class="field-label">{locale.t("q-time-point")}</span>
            {TIME_POINTS
                .into_iter()
                .map(|(value, code, label)| {
                    view! {
                        <button
                            class="option-button time-point-option"
                            data-time-point=code
                            aria-pressed=move || (time_point.get() == value).to_string()
                            on:click=move |_| set_if_changed(time_point, value)
                        >
                            {locale.t(label)}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Easy read (larger text, high contrast) and reading each question aloud.
#[component]
fn ReadingOptions(q: Questionnaire) -> impl IntoView {
    let locale = Locale::current();
    let auto_read = q.auto_read;
    let easy_read = q.easy_read;
    view! {
        <div class="reading-options">
            <label class="toggle">
                <input id="easy-read" type="checkbox"
                    prop:checked=move || easy_read.get()
                    on:change=move |ev| easy_read.set(event_target_checked(&ev))/>
                {locale.t("q-easy-read")}
            </label>
            <label class="toggle">
                <input id="auto-read" type="checkbox"
                    prop:checked=move || auto_read.get()
                    on:change=move |ev| auto_read.set(event_target_checked(&ev))/>
                {locale.t("q-auto-read")}
            </label>
        </div>
    }
}

/// The optional NHS number, checked as it is typed.
#[component]
fn NhsNumberField(q: Questionnaire) -> impl IntoView {
    let nhs_number = q.nhs_number;
    let problem = Memo::new(move |_| q.nhs_problem());
    let locale = Locale::current();
    view! {
        <label class="field nhs-number">
            {locale.t("q-nhs-number")}
            <input
                id="nhs-number"
                type="text"
                inputmode="numeric"
                autocomplete="off"
                maxlength="12"
                prop:value=move || nhs_number.get().unwrap_or_default()
                on:input=move |ev| nhs_number.set(Some(event_target_value(&ev)))
            />
        </label>
        <Show when=move || problem.with(Option::is_some)>
            <p id="nhs-number-problem" class="error" role="alert">{move || problem.get().unwrap_or_default()}</p>
        </Show>
    }
}

#[component]
pub(super) fn Introduction(q: Questionnaire) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let kiosk = context.kiosk;
    let reviewing = q.reviewing;
    let introduction = {
        let texts = q.texts.clone();
        move || texts.introduction()
    };
    // The first question shown given the answers so far (a resumed or prefilled draft).
    let first_step = {
        let q = q.clone();
        move || {
            let first = q
                .answers
                .with_untracked(|a| next_shown(&q.definition, a, 0));
            first.map_or(Step::Saved, Step::Item)
        }
    };
    let hand_over = {
        let q = q.clone();
        let context = context.clone();
        screen_action(move |first: &Step| {
            let first = *first;
            let q = q.clone();
            let db = context.db();
            async move {
                if settings::set_kiosk(&db, Some(&q.definition.id))
                    .await
                    .is_ok()
                {
                    kiosk.set(true);
                    q.go(first);
                }
            }
        })
    };
    let invalid = {
        let q = q.clone();
        move || q.nhs_problem().is_some()
    };
    let begin = {
        let q = q.clone();
        let first_step = first_step.clone();
        move |_| q.go(first_step())
    };
    let blocked = invalid.clone();
    let picker = q.clone();
    let locale = Locale::current();
    let shown = q.language;
    let shown_dir = move || {
        if is_right_to_left(&shown.get()) {
            "rtl"
        } else {
            "ltr"
        }
    };
    view! {
        <LanguagePicker q=q.clone()/>
        <UntranslatedNotice q=q.clone()/>
        <ReadingOptions q=q.clone()/>
        <p class="introduction" lang=move || shown.get() dir=shown_dir>{introduction}</p>
        <p class="licence-notice" lang=q.definition.language.clone()>{q.definition.licence.notice.clone()}</p>
        {(!reviewing).then(|| view! { <NhsNumberField q=q.clone()/> })}
        <Show when=move || !kiosk.get()>
            <TimePointPicker q=picker.clone()/>
        </Show>
        <button id="begin" class="big-button" disabled=invalid on:click=begin>
            {move || locale.text(if kiosk.get() { "q-start" } else { "q-start-with-patient" })}
        </button>
        <Show when=move || !kiosk.get() && !reviewing>
            {
                let first_step = first_step.clone();
                let blocked = blocked.clone();
                view! {
                    <button
                        id="hand-to-patient"
                        class="secondary-button"
                        disabled=blocked
                        on:click=move |_| {
                            hand_over.dispatch_local(first_step());
                        }
                    >
                        {locale.t("q-hand-over")}
                    </button>
                }
            }
        </Show>
    }
}
