//! The start screen: the device's role and the questionnaires that can be started.

use crate::app::{AppContext, Screen};
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let screen = context.screen;
    let role = context.role;
    let role_label = {
        let context = context.clone();
        move || match role.get() {
            Some(id) => context.role_name(&id),
            None => "not chosen yet".to_owned(),
        }
    };
    let instruments: Vec<(String, String)> = context
        .catalog
        .latest_versions()
        .into_iter()
        .map(|definition| (definition.id.clone(), definition.title.clone()))
        .collect();

    view! {
        <h1>"Patient questionnaires"</h1>
        <p class="role-line">"Practitioner role: " <strong id="current-role">{role_label}</strong></p>
        <Show when=move || role.get().is_none()>
            <p class="notice">"Choose your professional role in Settings before starting a questionnaire."</p>
        </Show>
        <ul class="instrument-list">
            {instruments
                .into_iter()
                .map(|(id, title)| {
                    let start_id = id.clone();
                    view! {
                        <li>
                            <button
                                class="big-button"
                                id=format!("start-{id}")
                                disabled=move || role.get().is_none()
                                on:click=move |_| {
                                    screen.set(Screen::Questionnaire { instrument_id: start_id.clone() })
                                }
                            >
                                {title}
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <button id="open-settings" class="secondary-button" on:click=move |_| screen.set(Screen::Settings)>
            "Settings"
        </button>
    }
}
