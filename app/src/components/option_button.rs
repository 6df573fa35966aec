//! One large answer button: a scale value or a labelled option, shown as chosen when it is the
//! item's answer.

use leptos::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// The answer `value` for `item_id`, as a radio button in a `radiogroup`.
#[component]
pub fn OptionButton(
    item_id: String,
    value: i64,
    label: String,
    answers: RwSignal<BTreeMap<String, Value>>,
    on_answer: Callback<(String, Value)>,
    /// `scale-option` or `choice-option`.
    class: &'static str,
) -> impl IntoView {
    let selected_id = item_id.clone();
    let is_selected = Memo::new(move |_| {
        answers.with(|a| a.get(&selected_id).and_then(Value::as_i64) == Some(value))
    });
    view! {
        <button
            class=class
            role="radio"
            data-value=value.to_string()
            aria-checked=move || is_selected.get().to_string()
            class:selected=is_selected
            on:click=move |_| on_answer.run((item_id.clone(), Value::from(value)))
        >
            {label}
        </button>
    }
}
