//! Settings: the practitioner picks their professional role from the role list (kept as data).

use crate::app::{AppContext, Screen};
use crate::store::{schema, settings};
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let screen = context.screen;
    let role = context.role;
    let error = RwSignal::new(None::<String>);

    let choose = move |id: String| {
        leptos::task::spawn_local(async move {
            let saved = match schema::open().await {
                Ok(db) => settings::set_role(&db, &id).await,
                Err(e) => Err(e),
            };
            match saved {
                Ok(()) => {
                    role.set(Some(id));
                    screen.set(Screen::Home);
                }
                Err(e) => error.set(Some(format!(
                    "{e}. Your role was not saved; please try again."
                ))),
            }
        });
    };

    view! {
        <h1>"Settings"</h1>
        <fieldset class="role-picker">
            <legend>"Your professional role"</legend>
            {context
                .roles
                .iter()
                .map(|r| {
                    let id = r.id.clone();
                    let checked_id = r.id.clone();
                    view! {
                        <button
                            class="option-button"
                            role="radio"
                            data-role=r.id.clone()
                            aria-checked=move || (role.get().as_deref() == Some(checked_id.as_str())).to_string()
                            on:click=move |_| choose(id.clone())
                        >
                            {r.name.clone()}
                        </button>
                    }
                })
                .collect_view()}
        </fieldset>
        <Show when=move || error.get().is_some()>
            <p class="error" role="alert">{move || error.get().unwrap_or_default()}</p>
        </Show>
        <button class="secondary-button" on:click=move |_| screen.set(Screen::Home)>"Back"</button>
    }
}
