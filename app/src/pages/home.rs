//! The start screen: the device's role and the questionnaires that can be started.

use crate::app::{AppContext, Screen};
use leptos::prelude::*;
use shared::instrument::ResponseFormat;

#[component]
pub fn HomePage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let screen = context.screen;
    let role = context.role;
    let catalog = context.catalog;
    let role_label = {
        let context = context.clone();
        move || match role.get() {
            Some(id) => context.role_name(&id),
            None => "not chosen yet".to_owned(),
        }
    };
    // (id, title, is a goal-setting instrument)
    let instruments = move || {
        catalog.with(|catalog| {
            catalog
                .latest_versions()
                .into_iter()
                .map(|d| {
                    let goals = d
                        .items
                        .iter()
                        .any(|i| matches!(i.response, ResponseFormat::Goals { .. }));
                    (d.id.clone(), d.title.clone(), goals)
                })
                .collect::<Vec<_>>()
        })
    };

    view! {
        <h1>"Patient questionnaires"</h1>
        <p class="role-line">"Practitioner role: " <strong id="current-role">{role_label}</strong></p>
        <Show when=move || role.get().is_none()>
            <p class="notice">"Choose your professional role in Settings before starting a questionnaire."</p>
        </Show>
        <ul class="instrument-list">
            {move || {
                instruments()
                    .into_iter()
                    .map(|(id, title, goals)| {
                        let start_id = id.clone();
                        let review_id = id.clone();
                        let start_label = if goals { format!("{title}: set goals") } else { title.clone() };
                        view! {
                            <li>
                                <button
                                    class="big-button"
                                    id=format!("start-{id}")
                                    disabled=move || role.get().is_none()
                                    on:click=move |_| {
                                        screen.set(Screen::Questionnaire {
                                            instrument_id: start_id.clone(),
                                            review_of: None,
                                        })
                                    }
                                >
                                    {start_label}
                                </button>
                                <Show when=move || goals>
                                    {
                                        let review_id = review_id.clone();
                                        let title = title.clone();
                                        view! {
                                            <button
                                                class="big-button review-button"
                                                id=format!("review-{}", review_id)
                                                disabled=move || role.get().is_none()
                                                on:click=move |_| {
                                                    screen.set(Screen::GoalReviewPicker {
                                                        instrument_id: review_id.clone(),
                                                    })
                                                }
                                            >
                                                {format!("{title}: review goals")}
                                            </button>
                                        }
                                    }
                                </Show>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
        <button id="open-settings" class="secondary-button" on:click=move |_| screen.set(Screen::Settings)>
            "Settings"
        </button>
    }
}
