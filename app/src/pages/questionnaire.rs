//! Renders any instrument definition, one question per screen, then a confirmation.
//!
//! Nothing here is specific to one instrument: the screens come from the definition's items and
//! answer formats. The finished response is checked with the same shared validation the server
//! runs, then queued in the outbox before the patient sees the confirmation.

use crate::app::{AppContext, Screen};
use crate::platform;
use crate::store::outbox::{self, OutboxEntry};
use crate::store::schema;
use crate::sync;
use leptos::prelude::*;
use shared::ResponseId;
use shared::instrument::{InstrumentDefinition, ResponseFormat};
use shared::response::ResponseRecord;
use shared::validate::{ValidationContext, validate_response};
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Introduction,
    Item(usize),
    Saved,
}

#[component]
pub fn QuestionnairePage(instrument_id: String) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let Some(definition) = context.catalog.latest(&instrument_id).cloned() else {
        return view! { <p class="error" role="alert">"This questionnaire is not available on this tablet."</p> }
            .into_any();
    };
    let definition = Arc::new(definition);
    let step = RwSignal::new(Step::Introduction);
    let answers = RwSignal::new(BTreeMap::<String, i64>::new());
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let screen = context.screen;

    let finish = {
        let context = context.clone();
        let definition = Arc::clone(&definition);
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
            let record = ResponseRecord {
                id: ResponseId::from_uuid(platform::new_uuid()),
                instrument_id: definition.id.clone(),
                instrument_version: definition.version,
                recorded_at: platform::now(),
                role,
                answers: answers
                    .get_untracked()
                    .into_iter()
                    .map(|(item, value)| (item, serde_json::Value::from(value)))
                    .collect(),
            };
            let check = ValidationContext {
                catalog: &context.catalog,
                roles: &context.roles,
                now: platform::now(),
            };
            if let Err(issues) = validate_response(&record, &check) {
                let text: Vec<String> = issues.iter().map(|i| i.message.clone()).collect();
                error.set(Some(text.join("; ")));
                return;
            }
            saving.set(true);
            let status = context.sync;
            leptos::task::spawn_local(async move {
                let entry = OutboxEntry::new(&record, platform::now_text());
                let saved = match schema::open().await {
                    Ok(db) => outbox::add(&db, &entry).await,
                    Err(e) => Err(e),
                };
                saving.set(false);
                match saved {
                    Ok(()) => {
                        step.set(Step::Saved);
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

    let total = definition.items.len();
    view! {
        <section class="questionnaire" aria-labelledby="q-title">
            <h1 id="q-title" class="q-title">{definition.title.clone()}</h1>
            {move || match step.get() {
                Step::Introduction => view! {
                    <p class="introduction">{definition.introduction.clone()}</p>
                    <button id="begin" class="big-button" on:click=move |_| step.set(Step::Item(0))>"Start"</button>
                }
                .into_any(),
                Step::Item(index) => {
                    let finish = finish.clone();
                    item_screen(Arc::clone(&definition), index, total, step, answers, saving, finish).into_any()
                }
                Step::Saved => view! {
                    <div class="confirmation" role="status">
                        <p id="saved-message" class="big-text">"Thank you. Your answers have been saved."</p>
                        <p>"They are kept safely on this tablet and sent automatically when there is a connection."</p>
                        <button id="back-home" class="big-button" on:click=move |_| screen.set(Screen::Home)>
                            "Done"
                        </button>
                    </div>
                }
                .into_any(),
            }}
            <Show when=move || error.get().is_some()>
                <p class="error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </section>
    }
    .into_any()
}

/// One question with its answer buttons and navigation.
fn item_screen(
    definition: Arc<InstrumentDefinition>,
    index: usize,
    total: usize,
    step: RwSignal<Step>,
    answers: RwSignal<BTreeMap<String, i64>>,
    saving: RwSignal<bool>,
    finish: impl Fn() + Clone + 'static,
) -> impl IntoView {
    let item = definition.items[index].clone();
    let is_last = index + 1 == total;
    let item_id = item.id.clone();
    let answered = move || answers.with(|a| a.contains_key(&item_id));
    let ResponseFormat::Scale {
        min,
        max,
        min_label,
        max_label,
    } = item.response.clone();
    let options = (min..=max)
        .map(|value| {
            let selected_id = item.id.clone();
            let click_id = item.id.clone();
            let is_selected =
                Memo::new(move |_| answers.with(|a| a.get(&selected_id) == Some(&value)));
            view! {
                <button
                    class="scale-option"
                    role="radio"
                    data-value=value.to_string()
                    aria-checked=move || is_selected.get().to_string()
                    class:selected=is_selected
                    on:click=move |_| answers.update(|a| {
                        a.insert(click_id.clone(), value);
                    })
                >
                    {value}
                </button>
            }
        })
        .collect_view();
    let next = move |_| {
        if is_last {
            finish();
        } else {
            step.set(Step::Item(index + 1));
        }
    };
    let back = move |_| {
        step.set(if index == 0 {
            Step::Introduction
        } else {
            Step::Item(index - 1)
        })
    };
    view! {
        <p class="progress">{format!("Question {} of {}", index + 1, total)}</p>
        <h2 class="question" id="question-text">{item.text.clone()}</h2>
        <div class="scale" role="radiogroup" aria-labelledby="question-text">{options}</div>
        <div class="scale-labels" aria-hidden="true">
            <span>{format!("{min} = {min_label}")}</span>
            <span>{format!("{max} = {max_label}")}</span>
        </div>
        <nav class="q-nav">
            <button id="back" class="secondary-button" on:click=back>"Back"</button>
            <button
                id="next"
                class="big-button"
                disabled=move || !answered() || saving.get()
                on:click=next
            >
                {if is_last { "Finish" } else { "Next" }}
            </button>
        </nav>
    }
}
