//! One question on screen, rendered from its answer format: a scale or a list of options as large
//! buttons, free text, or GAS goals. Texts come from the chosen translation when it has them.

use super::goals::{GoalEditor, GoalReview};
use crate::components::option_button::OptionButton;
use crate::i18n::{Lang, Locale};
use crate::speech::{self, Spoken};
use leptos::prelude::*;
use serde_json::Value;
use shared::goals::{Goal, check_goals};
use shared::instrument::{InstrumentDefinition, Item, ResponseFormat, is_right_to_left};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The definition's texts in the chosen language, falling back to the original.
#[derive(Clone)]
pub struct Texts {
    pub definition: Arc<InstrumentDefinition>,
    pub language: RwSignal<String>,
}

impl Texts {
    pub fn new(definition: Arc<InstrumentDefinition>, language: RwSignal<String>) -> Self {
        Self {
            definition,
            language,
        }
    }

    fn translation(&self) -> Option<&shared::instrument::Translation> {
        self.definition.translations.get(&self.language.get())
    }

    pub fn title(&self) -> String {
        self.translation()
            .and_then(|t| t.title.clone())
            .unwrap_or_else(|| self.definition.title.clone())
    }

    pub fn introduction(&self) -> String {
        self.translation()
            .and_then(|t| t.introduction.clone())
            .unwrap_or_else(|| self.definition.introduction.clone())
    }

    pub fn item_text(&self, item: &Item) -> String {
        self.translation()
            .and_then(|t| t.items.get(&item.id))
            .map(|t| t.text.clone())
            .unwrap_or_else(|| item.text.clone())
    }

    pub fn option_label(&self, item: &Item, value: i64, original: &str) -> String {
        self.translation()
            .and_then(|t| t.items.get(&item.id))
            .and_then(|t| t.options.get(&value).cloned())
            .unwrap_or_else(|| original.to_owned())
    }

    pub fn scale_labels(&self, item: &Item, min_label: &str, max_label: &str) -> (String, String) {
        let translated = self.translation().and_then(|t| t.items.get(&item.id));
        (
            translated
                .and_then(|t| t.min_label.clone())
                .unwrap_or_else(|| min_label.to_owned()),
            translated
                .and_then(|t| t.max_label.clone())
                .unwrap_or_else(|| max_label.to_owned()),
        )
    }
}

/// What "Read aloud" says for an item: its text, then its answers as shown.
fn spoken_text(texts: &Texts, item: &Item) -> String {
    let question = texts.item_text(item);
    let answers = match &item.response {
        ResponseFormat::Scale {
            min,
            max,
            min_label,
            max_label,
        } => {
            let (low, high) = texts.scale_labels(item, min_label, max_label);
            vec![format!("{min}: {low}"), format!("{max}: {high}")]
        }
        ResponseFormat::Choice { options } => options
            .iter()
            .map(|o| texts.option_label(item, o.value, &o.label))
            .collect(),
        ResponseFormat::Text { .. } | ResponseFormat::Goals { .. } => Vec::new(),
    };
    std::iter::once(question)
        .chain(answers)
        .collect::<Vec<_>>()
        .join(". ")
}

/// Whether the item's current answer lets the patient move on.
fn complete(item: &Item, answers: &BTreeMap<String, Value>, reviewing: bool) -> bool {
    let answer = answers.get(&item.id);
    match &item.response {
        ResponseFormat::Scale { .. } | ResponseFormat::Choice { .. } => {
            !item.required || answer.is_some_and(Value::is_i64)
        }
        ResponseFormat::Text { .. } => {
            !item.required
                || answer
                    .and_then(Value::as_str)
                    .is_some_and(|t| !t.trim().is_empty())
        }
        ResponseFormat::Goals { max_goals } => {
            let Some(goals) =
                answer.and_then(|v| serde_json::from_value::<Vec<Goal>>(v.clone()).ok())
            else {
                return false;
            };
            check_goals(&goals, *max_goals).is_empty()
                && (!reviewing || goals.iter().all(|g| g.attainment.is_some()))
        }
    }
}

#[component]
pub fn ItemScreen(
    texts: Texts,
    index: usize,
    answers: RwSignal<BTreeMap<String, Value>>,
    on_answer: Callback<(String, Value)>,
    on_next: Callback<()>,
    on_back: Callback<()>,
    is_last: Signal<bool>,
    busy: Signal<bool>,
    reviewing: bool,
    /// Read the question aloud as soon as it shows.
    auto_read: bool,
) -> impl IntoView {
    let definition = Arc::clone(&texts.definition);
    let item = definition.items[index].clone();
    let total = definition.items.len();
    let question = {
        let texts = texts.clone();
        let item = item.clone();
        move || texts.item_text(&item)
    };
    let can_continue = {
        let item = item.clone();
        move || answers.with(|a| complete(&item, a, reviewing))
    };
    let optional = !item.required;
    let has_answer = {
        let id = item.id.clone();
        move || {
            answers.with(|a| {
                a.get(&id).is_some_and(|v| {
                    !v.is_null() && v.as_str().is_none_or(|t| !t.trim().is_empty())
                })
            })
        }
    };

    let body = match item.response.clone() {
        ResponseFormat::Scale {
            min,
            max,
            min_label,
            max_label,
        } => {
            let labels = {
                let texts = texts.clone();
                let item = item.clone();
                move || texts.scale_labels(&item, &min_label, &max_label)
            };
            let labels_max = labels.clone();
            view! {
                <div class="scale" role="radiogroup" aria-labelledby="question-text">
                    {(min..=max)
                        .map(|value| view! {
                            <OptionButton item_id=item.id.clone() value=value label=value.to_string() answers=answers on_answer=on_answer class="scale-option"/>
                        })
                        .collect_view()}
                </div>
                <div class="scale-labels" aria-hidden="true">
                    <span>{move || format!("{min} = {}", labels().0)}</span>
                    <span>{move || format!("{max} = {}", labels_max().1)}</span>
                </div>
            }
            .into_any()
        }
        ResponseFormat::Choice { options } => view! {
            <div class="choices" role="radiogroup" aria-labelledby="question-text">
                {options
                    .iter()
                    .map(|option| {
                        let label = texts.option_label(&item, option.value, &option.label);
                        view! {
                            <OptionButton item_id=item.id.clone() value=option.value label=label answers=answers on_answer=on_answer class="choice-option"/>
                        }
                    })
                    .collect_view()}
            </div>
        }
        .into_any(),
        ResponseFormat::Text { max_length } => {
            let id = item.id.clone();
            let value_id = item.id.clone();
            view! {
                <textarea
                    id="text-answer"
                    class="text-answer"
                    aria-labelledby="question-text"
                    maxlength=max_length.to_string()
                    rows="6"
                    prop:value=move || {
                        answers.with(|a| a.get(&value_id).and_then(Value::as_str).unwrap_or_default().to_owned())
                    }
                    on:input=move |ev| on_answer.run((id.clone(), Value::String(event_target_value(&ev))))
                ></textarea>
            }
            .into_any()
        }
        ResponseFormat::Goals { max_goals } => {
            if reviewing {
                view! { <GoalReview item_id=item.id.clone() answers=answers on_answer=on_answer/> }.into_any()
            } else {
                view! { <GoalEditor item_id=item.id.clone() max_goals=max_goals on_answer=on_answer/> }.into_any()
            }
        }
    };

    let locale = Locale::current();
    let language = texts.language;
    let dir = move || {
        if is_right_to_left(&language.get()) {
            "rtl"
        } else {
            "ltr"
        }
    };
    // Read aloud: the question and its answers, in the language they are shown in; reading
    // stops when this question leaves the screen.
    let no_voice = RwSignal::new(false);
    let read = {
        let texts = texts.clone();
        let item = item.clone();
        move || {
            let spoken = spoken_text(&texts, &item);
            let started = speech::speak(&spoken, &language.get_untracked()) == Spoken::Started;
            no_voice.set(!started);
        }
    };
    on_cleanup(speech::stop);
    if auto_read {
        read();
    }
    let no_voice_text = move || {
        let shown = language.get();
        let name = Lang::parse(&shown).map_or(shown, |l| locale.text(l.name_id()));
        locale.text_args("q-no-voice", &[("language", name.into())])
    };
    view! {
        <p class="progress">
            {move || locale.text_args("q-progress", &[("number", (index + 1).into()), ("total", total.into())])}
        </p>
        <h2 class="question" id="question-text" lang=move || language.get() dir=dir>{question}</h2>
        <button id="read-aloud" class="secondary-button read-aloud" on:click=move |_| read()>
            {locale.t("q-read-aloud")}
        </button>
        <Show when=move || no_voice.get()>
            <p id="no-voice" class="notice" role="status">{no_voice_text}</p>
        </Show>
        <div class="answers" lang=move || language.get() dir=dir>{body}</div>
        <nav class="q-nav">
            <button id="back" class="secondary-button" on:click=move |_| on_back.run(())>{locale.t("q-back")}</button>
            <button
                id="next"
                class="big-button"
                disabled=move || !can_continue() || busy.get()
                on:click=move |_| on_next.run(())
            >
                {move || locale.text(match (is_last.get(), optional && !has_answer()) {
                    (true, _) => "q-finish",
                    (false, true) => "q-skip",
                    (false, false) => "q-next",
                })}
            </button>
        </nav>
    }
}
