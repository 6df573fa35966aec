//! The messages pages show after an action: an error (announced at once) and a status line
//! (announced politely; a page may move the focus to it after an action), each shown only
//! while it has text.

use leptos::prelude::*;

#[component]
pub fn ErrorMessage(#[prop(into)] id: String, message: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.with(Option::is_some)>
            <p id=id.clone() class="error" role="alert">{move || message.get().unwrap_or_default()}</p>
        </Show>
    }
}

#[component]
pub fn StatusMessage(#[prop(into)] id: String, message: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <p id=id class="notice status-line" role="status" tabindex="-1" class:empty=move || message.with(Option::is_none)>
            {move || message.get().unwrap_or_default()}
        </p>
    }
}
