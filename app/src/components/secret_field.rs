//! A labelled password field: PINs, passphrases, file passphrases.

use leptos::prelude::*;

/// A labelled password field bound to `value`.
#[component]
pub fn SecretField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    /// `new-password`, `current-password` or `off`.
    autocomplete: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label class="field">
            {label}
            <input
                id=id
                type="password"
                autocomplete=autocomplete
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </label>
    }
}
