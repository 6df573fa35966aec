//! The start screen: the device's role, unfinished questionnaires to resume, and the
//! questionnaires that can be started.

use crate::app::{AppContext, Screen};
use crate::store::{drafts, schema};
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

    // (draft id, instrument id, title, review_of, last change)
    let refresh_drafts = RwSignal::new(0u32);
    let unfinished = LocalResource::new(move || {
        refresh_drafts.track();
        async move {
            let Ok(db) = schema::open().await else {
                return Vec::new();
            };
            let mut listed = Vec::new();
            for draft in drafts::all(&db).await.unwrap_or_default() {
                if let Ok(Some((draft, content))) = drafts::load(&db, &draft.id).await {
                    listed.push((
                        draft.id,
                        draft.instrument_id,
                        content.review_of,
                        draft.updated_at,
                    ));
                }
            }
            listed
        }
    });
    let confirming = RwSignal::new(None::<String>);
    let discard = move |id: String| {
        leptos::task::spawn_local(async move {
            if let Ok(db) = schema::open().await {
                let _ = drafts::discard(&db, &id).await;
            }
            confirming.set(None);
            refresh_drafts.update(|n| *n += 1);
        });
    };

    view! {
        <h1>"Patient questionnaires"</h1>
        <Suspense fallback=|| ()>
            {move || unfinished.get().filter(|l| !l.is_empty()).map(|listed| view! {
                <section class="unfinished" aria-labelledby="unfinished-heading">
                    <h2 id="unfinished-heading">"Unfinished"</h2>
                    <ul class="instrument-list">
                        {listed.into_iter().map(|(id, instrument_id, review_of, updated_at)| {
                            let title = catalog.with_untracked(|c| c.latest(&instrument_id).map(|d| d.title.clone())).unwrap_or_else(|| instrument_id.clone());
                            let resume_id = id.clone();
                            let discard_id = id.clone();
                            let confirm_id = id.clone();
                            let shown_id = id.clone();
                            view! {
                                <li class="draft" data-draft=id.clone()>
                                    <button
                                        class="big-button resume-draft"
                                        on:click=move |_| screen.set(Screen::Questionnaire {
                                            instrument_id: instrument_id.clone(),
                                            review_of: review_of.clone(),
                                            draft: Some(resume_id.clone()),
                                        })
                                    >
                                        {format!("Resume {title} (last changed {})", crate::app::short_time(&updated_at))}
                                    </button>
                                    <Show
                                        when=move || confirming.get().as_deref() == Some(shown_id.as_str())
                                        fallback=move || {
                                            let id = discard_id.clone();
                                            view! {
                                                <button class="secondary-button discard-draft" on:click=move |_| confirming.set(Some(id.clone()))>
                                                    "Discard"
                                                </button>
                                            }
                                        }
                                    >
                                        {
                                            let id = confirm_id.clone();
                                            view! {
                                                <button class="secondary-button confirm-discard" on:click=move |_| discard(id.clone())>
                                                    "Discard these answers for good"
                                                </button>
                                            }
                                        }
                                    </Show>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </Suspense>
        <p class="role-line">"Practitioner role: " <strong id="current-role">{role_label}</strong></p>
        <Show when=move || role.get().is_none()>
            <p class="notice">"Choose your professional role in Settings before starting a questionnaire."</p>
        </Show>
        <crate::pages::patient::CaseloadSection/>
        <h2>"Questionnaires"</h2>
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
                                            draft: None,
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
