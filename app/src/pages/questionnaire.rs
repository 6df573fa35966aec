//! Renders any instrument definition, one question per screen, then a confirmation.
//!
//! Nothing here is specific to one instrument: screens come from the definition's items, answer
//! formats and display conditions (see [`super::items`] and [`super::goals`]). A risk answer
//! (PHQ-9 item 9) shows the patient a supportive message at once and, before the confirmation,
//! asks for the tablet to be handed back and shows the practitioner the alert. The finished
//! response is checked with the same shared validation the server runs, then queued in the
//! outbox before anyone sees the confirmation. Until then every change is kept as a sealed draft,
//! written by one tab only, so a reload, a lock or a closed tab loses nothing.

use super::goals::goal_set_for_review;
use super::items::{ItemScreen, Texts};
use super::kiosk::PinPrompt;
use crate::app::{AppContext, Screen};
use crate::platform;
use crate::store::drafts::{self, DraftContent};
use crate::store::goal_sets::{self, GoalSet};
use crate::store::outbox::{self, OutboxEntry};
use crate::store::schema;
use crate::sync;
use leptos::prelude::*;
use serde_json::Value;
use shared::ResponseId;
use shared::instrument::{InstrumentDefinition, ResponseFormat, RiskRule, is_right_to_left};
use shared::response::ResponseRecord;
use shared::risk::rules_fired_by;
use shared::scoring::score;
use shared::validate::{Answer, ValidationContext, is_enabled, validate_response};
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Introduction,
    Item(usize),
    /// The patient is asked to hand the tablet back (a risk answer was given).
    HandBack,
    /// In kiosk mode: the practitioner's PIN before the alert is shown.
    PractitionerPin,
    /// The practitioner sees the risk alert.
    PractitionerAlert,
    Saved,
}

/// The numeric answers, typed, for evaluating display conditions.
fn typed(answers: &BTreeMap<String, Value>) -> BTreeMap<String, Answer> {
    answers
        .iter()
        .filter_map(|(k, v)| v.as_i64().map(|n| (k.clone(), Answer::Integer(n))))
        .collect()
}

/// The first item at or after `from` that is shown given `answers`.
fn next_shown(
    definition: &InstrumentDefinition,
    answers: &BTreeMap<String, Value>,
    from: usize,
) -> Option<usize> {
    let typed = typed(answers);
    (from..definition.items.len()).find(|&i| is_enabled(&definition.items[i], &typed))
}

/// The last item before `before` that is shown given `answers`.
fn previous_shown(
    definition: &InstrumentDefinition,
    answers: &BTreeMap<String, Value>,
    before: usize,
) -> Option<usize> {
    let typed = typed(answers);
    (0..before)
        .rev()
        .find(|&i| is_enabled(&definition.items[i], &typed))
}

#[component]
pub fn QuestionnairePage(
    instrument_id: String,
    review_of: Option<String>,
    draft: Option<String>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let Some(definition) = context
        .catalog
        .with_untracked(|c| c.latest(&instrument_id).cloned())
    else {
        return view! { <p class="error" role="alert">"This questionnaire is not available on this tablet."</p> }
            .into_any();
    };
    let definition = Arc::new(definition);
    let language = RwSignal::new(definition.language.clone());
    let texts = Texts::new(Arc::clone(&definition), language);
    let step = RwSignal::new(Step::Introduction);
    let answers = RwSignal::new(BTreeMap::<String, Value>::new());
    let raised = RwSignal::new(Vec::<RiskRule>::new());
    let support = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    // Optional: the patient's NHS number, checked with the shared Modulus 11 rule as it is typed.
    let nhs_number = RwSignal::new(None::<String>);
    let nhs_problem = move || {
        nhs_number.with(|n| {
            n.as_deref()
                .filter(|n| !n.trim().is_empty())
                .and_then(|n| shared::nhs_number::NhsNumber::parse(n).err())
                .map(|e| e.to_string())
        })
    };
    // (measure id, label, value, band) as the tablet scored the saved response.
    let device_scores = RwSignal::new(Vec::<(String, String, f64, Option<String>)>::new());
    let reviewing = review_of.is_some();
    let screen = context.screen;
    let kiosk = context.kiosk;

    // The draft: resumed, or new. Only the tab holding its lock writes it.
    let resuming = draft.is_some();
    let draft_id = draft.unwrap_or_else(|| platform::new_uuid().to_string());
    let writable = RwSignal::new(None::<bool>);
    // Set when this questionnaire corrects a refused response.
    let supersedes = RwSignal::new(None::<String>);
    let finished = RwSignal::new(false);
    let lock_name = format!("prom-draft-{draft_id}");
    context.open_draft.set(Some((
        definition.id.clone(),
        review_of.clone(),
        draft_id.clone(),
    )));
    {
        let open_draft = context.open_draft;
        let lock_name = lock_name.clone();
        on_cleanup(move || {
            platform::release_lock(&lock_name);
            open_draft.set(None);
        });
    }
    {
        let draft_id = draft_id.clone();
        let definition = Arc::clone(&definition);
        leptos::task::spawn_local(async move {
            let got = platform::try_lock(&lock_name).await;
            if got && resuming {
                let loaded = match schema::open().await {
                    Ok(db) => drafts::load(&db, &draft_id).await,
                    Err(e) => Err(e),
                };
                match loaded {
                    Ok(Some((_, content))) => {
                        for (item, value) in &content.answers {
                            if let Some(n) = value.as_i64() {
                                for rule in rules_fired_by(&definition, item, n) {
                                    raised.update(|r| {
                                        if !r.iter().any(|x| x.id == rule.id) {
                                            r.push(rule.clone());
                                        }
                                    });
                                }
                            }
                        }
                        if let Some(l) = content.language {
                            language.set(l);
                        }
                        nhs_number.set(content.nhs_number);
                        supersedes.set(content.supersedes);
                        answers.set(content.answers);
                        step.set(content.item.map_or(Step::Introduction, Step::Item));
                    }
                    Ok(None) => {}
                    Err(e) => error.set(Some(e.to_string())),
                }
            }
            writable.set(Some(got));
        });
    }
    // Every change is saved; only the newest save writes, so an older one finishing late cannot
    // overwrite it.
    let save_generation = StoredValue::new(0u64);
    {
        let draft_id = draft_id.clone();
        let instrument_id = definition.id.clone();
        let review_of = review_of.clone();
        Effect::new(move |_| {
            let content = DraftContent {
                answers: answers.get(),
                item: match step.get() {
                    Step::Item(index) => Some(index),
                    _ => None,
                },
                nhs_number: nhs_number.get(),
                language: Some(language.get()),
                review_of: review_of.clone(),
                supersedes: supersedes.get(),
            };
            let in_progress = matches!(step.get_untracked(), Step::Introduction | Step::Item(_));
            let empty = content.answers.is_empty()
                && content
                    .nhs_number
                    .as_deref()
                    .is_none_or(|n| n.trim().is_empty());
            if writable.get() != Some(true) || finished.get_untracked() || !in_progress || empty {
                return;
            }
            save_generation.update_value(|g| *g += 1);
            let generation = save_generation.get_value();
            let draft_id = draft_id.clone();
            let instrument_id = instrument_id.clone();
            leptos::task::spawn_local(async move {
                let Ok(db) = schema::open().await else {
                    return;
                };
                let Ok(sealed) = drafts::seal(&draft_id, &content).await else {
                    return;
                };
                if save_generation.get_value() == generation && !finished.get_untracked() {
                    let draft = drafts::Draft {
                        id: draft_id,
                        instrument_id,
                        updated_at: platform::now_text(),
                        content: sealed,
                    };
                    if let Err(e) = drafts::put(&db, &draft).await {
                        error.set(Some(format!("{e}. The answers are still on screen.")));
                    }
                }
            });
        });
    }

    if let Some(set_id) = review_of.filter(|_| !resuming) {
        let goals_item = definition
            .items
            .iter()
            .find(|i| matches!(i.response, ResponseFormat::Goals { .. }))
            .map(|i| i.id.clone());
        leptos::task::spawn_local(async move {
            match (goal_set_for_review(&set_id).await, goals_item) {
                (Ok(goals), Some(item)) => answers.update(|a| {
                    a.insert(item, goals);
                }),
                (Err(message), _) => error.set(Some(message)),
                (_, None) => error.set(Some("This instrument has no goals to review.".to_owned())),
            }
        });
    }

    let on_answer = {
        let definition = Arc::clone(&definition);
        Callback::new(move |(item, value): (String, Value)| {
            if let Some(n) = value.as_i64() {
                let fired = rules_fired_by(&definition, &item, n);
                if let Some(first) = fired.first() {
                    support.set(Some(first.patient_message.clone()));
                    raised.update(|raised| {
                        for rule in &fired {
                            if !raised.iter().any(|r| r.id == rule.id) {
                                raised.push((*rule).clone());
                            }
                        }
                    });
                }
            }
            answers.update(|a| {
                a.insert(item, value);
            });
        })
    };

    let finish = {
        let context = context.clone();
        let definition = Arc::clone(&definition);
        let draft_id = draft_id.clone();
        move || {
            if saving.get_untracked() {
                return;
            }
            let Some(role) = context.role.get_untracked() else {
                error.set(Some(
                    "Choose your professional role in Settings first.".to_owned(),
                ));
                return;
            };
            // Keep only answers to questions that are shown given the final answers.
            let all = answers.get_untracked();
            let typed_all = typed(&all);
            let kept: BTreeMap<String, Value> = all
                .into_iter()
                .filter(|(id, _)| {
                    definition
                        .item(id)
                        .is_some_and(|item| is_enabled(item, &typed_all))
                })
                .collect();
            let record = ResponseRecord {
                id: ResponseId::from_uuid(platform::new_uuid()),
                instrument_id: definition.id.clone(),
                instrument_version: definition.version,
                recorded_at: platform::now(),
                role,
                answers: kept,
                patient: nhs_number
                    .get_untracked()
                    .filter(|n| !n.trim().is_empty())
                    .map(|number| shared::response::PatientRef {
                        pseudonym: platform::new_uuid().to_string(),
                        nhs_number: Some(number),
                    }),
                supersedes: supersedes
                    .get_untracked()
                    .and_then(|id| ResponseId::parse(&id).ok()),
            };
            let catalog = context.catalog.get_untracked();
            let check = ValidationContext {
                catalog: &catalog,
                roles: &context.roles,
                now: platform::now(),
            };
            match validate_response(&record, &check) {
                Ok(valid) => {
                    let scores = score(&valid);
                    device_scores.set(
                        scores
                            .measures
                            .into_iter()
                            .map(|m| {
                                let label = definition
                                    .measures
                                    .iter()
                                    .find(|d| d.id == m.measure)
                                    .map(|d| d.label.clone())
                                    .unwrap_or_else(|| m.measure.clone());
                                (m.measure, label, m.value, m.band)
                            })
                            .collect(),
                    );
                }
                Err(issues) => {
                    let text: Vec<String> = issues.iter().map(|i| i.message.clone()).collect();
                    error.set(Some(text.join("; ")));
                    return;
                }
            }
            saving.set(true);
            error.set(None);
            let status = context.sync;
            let has_goals = definition
                .items
                .iter()
                .any(|i| matches!(i.response, ResponseFormat::Goals { .. }));
            let draft_id = draft_id.clone();
            leptos::task::spawn_local(async move {
                let queued_at = platform::now_text();
                let saved = match schema::open().await {
                    Ok(db) => match OutboxEntry::seal(&record, queued_at.clone()).await {
                        Ok(entry) => {
                            finished.set(true);
                            let queued = drafts::finish(&db, &entry, &draft_id).await;
                            if queued.is_err() {
                                finished.set(false);
                            } else if let Some(old) = record.supersedes {
                                let _ =
                                    outbox::mark_corrected(&db, &old.to_string(), &entry.id).await;
                            }
                            if queued.is_ok() && has_goals && !reviewing {
                                let set = GoalSet {
                                    id: record.id.to_string(),
                                    instrument_id: record.instrument_id.clone(),
                                    recorded_at: queued_at,
                                    goals: record
                                        .answers
                                        .values()
                                        .next()
                                        .map(Value::to_string)
                                        .unwrap_or_default(),
                                };
                                let _ = goal_sets::save(&db, &set).await;
                            }
                            queued
                        }
                        Err(e) => Err(e),
                    },
                    Err(e) => Err(e),
                };
                saving.set(false);
                match saved {
                    Ok(()) => {
                        let alert = !raised.get_untracked().is_empty();
                        step.set(if alert { Step::HandBack } else { Step::Saved });
                        sync::refresh_counts(status).await;
                        sync::trigger(status);
                    }
                    Err(e) => error.set(Some(format!(
                        "{e}. The answers are still on screen: please try Finish again."
                    ))),
                }
            });
        }
    };

    let languages: Vec<String> = std::iter::once(definition.language.clone())
        .chain(definition.translations.keys().cloned())
        .collect();
    let dir = move || {
        if is_right_to_left(&language.get()) {
            "rtl"
        } else {
            "ltr"
        }
    };
    let title = {
        let texts = texts.clone();
        move || texts.title()
    };
    let introduction = {
        let texts = texts.clone();
        move || texts.introduction()
    };

    view! {
        <section class="questionnaire" aria-labelledby="q-title" lang=move || language.get() dir=dir>
            <h1 id="q-title" class="q-title">{title}</h1>
            <Show when=move || writable.get() == Some(false)>
                <p id="draft-elsewhere" class="notice" role="status">
                    "This questionnaire is open in another tab or window of this app. Carry on there; this copy is not saved."
                </p>
            </Show>
            {move || if writable.get() == Some(false) { None } else { Some(match step.get() {
                Step::Introduction => {
                    let definition = Arc::clone(&definition);
                    let languages = languages.clone();
                    let introduction = introduction.clone();
                    view! {
                        <Show when={
                            let count = languages.len();
                            move || count > 1
                        }>
                            <div class="language-picker" role="group" aria-label="Language">
                                {languages
                                    .iter()
                                    .map(|tag| {
                                        let chosen = tag.clone();
                                        let current = tag.clone();
                                        view! {
                                            <button
                                                class="option-button language-option"
                                                data-language=tag.clone()
                                                aria-pressed=move || (language.get() == current).to_string()
                                                on:click=move |_| language.set(chosen.clone())
                                            >
                                                {tag.clone()}
                                            </button>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        </Show>
                        <p class="introduction">{introduction}</p>
                        <p class="licence-notice">{definition.licence.notice.clone()}</p>
                        <Show when=move || !reviewing>
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
                            <Show when=move || nhs_problem().is_some()>
                                <p id="nhs-number-problem" class="error" role="alert">{move || nhs_problem().unwrap_or_default()}</p>
                            </Show>
                        </Show>
                        <button
                            id="begin"
                            class="big-button"
                            disabled=move || nhs_problem().is_some()
                            on:click={
                                let definition = Arc::clone(&definition);
                                move |_| {
                                    let first = answers.with_untracked(|a| next_shown(&definition, a, 0));
                                    step.set(first.map_or(Step::Saved, Step::Item));
                                }
                            }
                        >
                            {move || if kiosk.get() { "Start" } else { "Start with the patient" }}
                        </button>
                        <Show when=move || !kiosk.get() && !reviewing>
                            {
                                let definition = Arc::clone(&definition);
                                view! {
                                                <button
                                                    id="hand-to-patient"
                                                    class="secondary-button"
                                                    disabled=move || nhs_problem().is_some()
                                                    on:click=move |_| {
                                                        let id = definition.id.clone();
                                                        let first = answers.with_untracked(|a| next_shown(&definition, a, 0));
                                                        leptos::task::spawn_local(async move {
                                                            if let Ok(db) = schema::open().await
                                                                && crate::store::settings::set_kiosk(&db, Some(&id)).await.is_ok()
                                                            {
                                                                kiosk.set(true);
                                                                step.set(first.map_or(Step::Saved, Step::Item));
                                                            }
                                                        });
                                                    }
                                                >
                                                    "Hand the tablet to the patient"
                                                </button>
                                }
                            }
                        </Show>
                    }
                    .into_any()
                }
                Step::Item(index) => {
                    let definition = Arc::clone(&definition);
                    let finish = finish.clone();
                    let next_definition = Arc::clone(&definition);
                    let back_definition = Arc::clone(&definition);
                    let go_next = Callback::new(move |()| {
                        let next = answers.with_untracked(|a| next_shown(&next_definition, a, index + 1));
                        match next {
                            Some(next) => step.set(Step::Item(next)),
                            None => finish(),
                        }
                    });
                    let go_back = Callback::new(move |()| {
                        let previous = answers.with_untracked(|a| previous_shown(&back_definition, a, index));
                        step.set(previous.map_or(Step::Introduction, Step::Item));
                    });
                    let is_last = {
                        let definition = Arc::clone(&definition);
                        Signal::derive(move || answers.with(|a| next_shown(&definition, a, index + 1).is_none()))
                    };
                    view! {
                        <ItemScreen
                            texts=texts.clone()
                            index=index
                            answers=answers
                            on_answer=on_answer
                            on_next=go_next
                            on_back=go_back
                            is_last=is_last
                            busy=saving.into()
                            reviewing=reviewing
                        />
                    }
                    .into_any()
                }
                Step::HandBack => view! {
                    <div class="hand-back" role="status">
                        <p id="hand-back" class="big-text">"Thank you. Please hand the tablet back to the person who gave it to you."</p>
                        <button
                            id="practitioner-continue"
                            class="secondary-button"
                            on:click=move |_| {
                                step.set(if kiosk.get_untracked() { Step::PractitionerPin } else { Step::PractitionerAlert })
                            }
                        >
                            "I am the practitioner"
                        </button>
                    </div>
                }
                .into_any(),
                Step::PractitionerPin => {
                    let unlock = Callback::new(move |()| {
                        leptos::task::spawn_local(async move {
                            if let Ok(db) = schema::open().await {
                                let _ = crate::store::settings::set_kiosk(&db, None).await;
                            }
                            kiosk.set(false);
                            step.set(Step::PractitionerAlert);
                        });
                    });
                    view! { <PinPrompt prompt="Practitioner: enter your PIN to see the alert" on_unlock=unlock/> }.into_any()
                }
                Step::PractitionerAlert => view! {
                    <div id="practitioner-alert" class="risk-alert" role="alert">
                        <h2>"Risk alert"</h2>
                        {move || raised.get().into_iter().map(|rule| view! {
                            <p class="risk-message">{rule.practitioner_message.clone()}</p>
                        }).collect_view()}
                        <p>"The response is saved and the alert is sent to the server with it."</p>
                        <button id="acknowledge-alert" class="big-button" on:click=move |_| step.set(Step::Saved)>
                            "I have seen this alert"
                        </button>
                    </div>
                }
                .into_any(),
                Step::Saved => view! {
                    <div class="confirmation" role="status">
                        <p id="saved-message" class="big-text">"Thank you. Your answers have been saved."</p>
                        <p>"They are kept safely on this tablet and sent automatically when there is a connection."</p>
                        <Show when=move || !kiosk.get()>
                        <details id="practitioner-summary" class="practitioner-summary">
                            <summary>"Scores (for the practitioner)"</summary>
                            <ul>
                                {move || device_scores.get().into_iter().map(|(id, label, value, band)| {
                                    let shown = (value * 100.0).round() / 100.0;
                                    let band = band.map(|b| format!(" ({b})")).unwrap_or_default();
                                    view! {
                                        <li class="device-score" data-measure=id data-value=value.to_string()>
                                            {format!("{label}: {shown}{band}")}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </details>
                        </Show>
                        <button
                            id="back-home"
                            class="big-button"
                            on:click=move |_| screen.set(if kiosk.get_untracked() { Screen::Locked } else { Screen::Home })
                        >
                            "Done"
                        </button>
                    </div>
                }
                .into_any(),
            })}}
            <Show when=move || support.get().is_some()>
                <div id="risk-support" class="support-message" role="dialog" aria-modal="true" aria-labelledby="support-text">
                    <p id="support-text">{move || support.get().unwrap_or_default()}</p>
                    <button id="support-continue" class="big-button" on:click=move |_| support.set(None)>
                        "Continue"
                    </button>
                </div>
            </Show>
            <Show when=move || error.get().is_some()>
                <p id="questionnaire-error" class="error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </section>
    }
    .into_any()
}
