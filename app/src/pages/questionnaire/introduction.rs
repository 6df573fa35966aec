//! The questionnaire's first step: the language, the introduction and licence notice, the
//! optional NHS number, the time point (chosen by the practitioner, so not shown once the tablet
//! is handed over), and starting with the patient or handing the tablet over (kiosk).

use super::model::{Questionnaire, Step};
use crate::reactive::set_if_changed;
use crate::state::{AppContext, screen_action};
use crate::store::settings;
use crate::workflow::answers::next_shown;
use leptos::prelude::*;
use shared::outcomes::pairing::TimePoint;

/// The buttons that choose the language the questions are shown in (when there is a choice).
#[component]
fn LanguagePicker(q: Questionnaire) -> impl IntoView {
    let languages: Vec<String> = std::iter::once(q.definition.language.clone())
        .chain(q.definition.translations.keys().cloned())
        .collect();
    let language = q.language;
    (languages.len() > 1).then(|| {
        view! {
            <div class="language-picker" role="group" aria-label="Language">
                {languages
                    .into_iter()
                    .map(|tag| {
                        let chosen = tag.clone();
                        let current = tag.clone();
                        let shown = tag.clone();
                        view! {
                            <button
                                class="option-button language-option"
                                data-language=tag.clone()
                                aria-pressed=move || (language.get() == current).to_string()
                                on:click=move |_| language.set(chosen.clone())
                            >
                                {shown}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        }
    })
}

/// The time point choices: automatic (none: pairing decides), then the three the server knows.
const TIME_POINTS: [(Option<TimePoint>, &str, &str); 4] = [
    (None, "automatic", "Automatic"),
    (Some(TimePoint::Baseline), "baseline", "Baseline"),
    (Some(TimePoint::Review), "review", "Review"),
    (Some(TimePoint::Final), "final", "Final"),
];

/// Where in the piece of work this response is: automatic (the first response is the baseline,
/// later ones follow-ups) unless the practitioner says otherwise.
#[component]
fn TimePointPicker(q: Questionnaire) -> impl IntoView {
    let time_point = q.time_point;
    view! {
        <div class="time-point-picker" role="group" aria-labelledby="time-point-label">
            <span id="time-point-label" class="field-label">"Time point"</span>
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
                            {label}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// The optional NHS number, checked as it is typed.
#[component]
fn NhsNumberField(q: Questionnaire) -> impl IntoView {
    let nhs_number = q.nhs_number;
    let problem = Memo::new(move |_| q.nhs_problem());
    view! {
        <label class="field nhs-number">
            "NHS number (optional)"
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
    view! {
        <LanguagePicker q=q.clone()/>
        <p class="introduction">{introduction}</p>
        <p class="licence-notice">{q.definition.licence.notice.clone()}</p>
        {(!reviewing).then(|| view! { <NhsNumberField q=q.clone()/> })}
        <Show when=move || !kiosk.get()>
            <TimePointPicker q=picker.clone()/>
        </Show>
        <button id="begin" class="big-button" disabled=invalid on:click=begin>
            {move || if kiosk.get() { "Start" } else { "Start with the patient" }}
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
                        "Hand the tablet to the patient"
                    </button>
                }
            }
        </Show>
    }
}
