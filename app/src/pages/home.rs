//! The start screen: the device's role, unfinished questionnaires to resume, and the
//! questionnaires that can be started.

use crate::format::short_time;
use crate::i18n::Locale;
use crate::pages::patient::CaseloadSection;
use crate::state::{AppContext, Screen, Settle, screen_action};
use crate::store::drafts;
use leptos::prelude::*;
use shared::instrument::ResponseFormat;

/// An instrument offered on the start screen.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Offered {
    id: String,
    title: String,
    /// A goal-setting instrument (GAS): it can also be reviewed.
    goals: bool,
}

#[component]
pub fn HomePage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let locale = Locale::current();
    let settle = Settle::current();
    let role = context.role;
    let catalog = context.catalog;
    let role_label = {
        let context = context.clone();
        move || match role.get() {
            Some(id) => context.role_name(&id),
            None => "not chosen yet".to_owned(),
        }
    };
    // Changes only when what is offered changes, so a refreshed list from the server that offers
    // the same leaves the buttons alone; each button is kept by what it offers.
    let offered = Memo::new(move |_| {
        catalog.with(|catalog| {
            catalog
                .latest_versions()
                .into_iter()
                .map(|d| Offered {
                    id: d.id.clone(),
                    title: d.title.clone(),
                    goals: d
                        .items
                        .iter()
                        .any(|i| matches!(i.response, ResponseFormat::Goals { .. })),
                })
                .collect::<Vec<_>>()
        })
    });

    // (draft id, instrument id, review_of, last change)
    let refresh_drafts = RwSignal::new(0u32);
    let db = context.db;
    let unfinished = LocalResource::new(move || {
        refresh_drafts.track();
        let db = db.get();
        settle.during(async move {
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
        })
    });
    let confirming = RwSignal::new(None::<String>);
    let discard = screen_action(move |id: &String| {
        let id = id.clone();
        let db = db.get();
        async move {
            let _ = drafts::discard(&db, &id).await;
            confirming.set(None);
            refresh_drafts.update(|n| *n += 1);
        }
    });

    let navigate = {
        let context = context.clone();
        move |to: Screen| context.navigate(to)
    };
    let resume = navigate.clone();
    let start = navigate.clone();
    let review = navigate.clone();
    // The whole screen shows once its lists have loaded (the caseload's too: it is read under
    // the same boundary), so no button moves down under the user's finger as they arrive; later
    // reloads of a list keep the screen as it is.
    view! {
        <Transition fallback=|| ()>
        <h1>{locale.t("home-title")}</h1>
            {move || unfinished.get().filter(|l| !l.is_empty()).map(|listed| view! {
                <section class="unfinished" aria-labelledby="unfinished-heading">
                    <h2 id="unfinished-heading">{locale.t("home-unfinished")}</h2>
                    <ul class="instrument-list">
                        {listed.into_iter().map(|(id, instrument_id, review_of, updated_at)| {
                            let title = catalog.with_untracked(|c| c.latest(&instrument_id).map(|d| d.title.clone())).unwrap_or_else(|| instrument_id.clone());
                            let resume_id = id.clone();
                            let discard_id = id.clone();
                            let confirm_id = id.clone();
                            let shown_id = id.clone();
                            let resume = resume.clone();
                            view! {
                                <li class="draft" data-draft=id.clone()>
                                    <button
                                        class="big-button resume-draft"
                                        on:click=move |_| resume(Screen::Questionnaire {
                                            instrument_id: instrument_id.clone(),
                                            review_of: review_of.clone(),
                                            draft: Some(resume_id.clone()),
                                        })
                                    >
                                        {format!("Resume {title} (last changed {})", short_time(&updated_at))}
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
                                                <button class="secondary-button confirm-discard" on:click=move |_| { discard.dispatch_local(id.clone()); }>
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
        <p class="role-line">{locale.t("home-role")} " " <strong id="current-role">{role_label}</strong></p>
        <Show when=move || role.get().is_none()>
            <p class="notice">{locale.t("home-choose-role")}</p>
        </Show>
        <CaseloadSection/>
        <h2>{locale.t("home-questionnaires")}</h2>
        <ul class="instrument-list">
            <For each=move || offered.get() key=Offered::clone let:offered>
                {
                    let Offered { id, title, goals } = offered;
                    let start = start.clone();
                    let review = review.clone();
                    let start_id = id.clone();
                    let start_label = if goals { format!("{title}: set goals") } else { title.clone() };
                    view! {
                        <li>
                            <button
                                class="big-button"
                                id=format!("start-{id}")
                                disabled=move || role.get().is_none()
                                on:click=move |_| {
                                    start(Screen::Questionnaire {
                                        instrument_id: start_id.clone(),
                                        review_of: None,
                                        draft: None,
                                    })
                                }
                            >
                                {start_label}
                            </button>
                            {goals.then(|| {
                                let review_id = id.clone();
                                view! {
                                    <button
                                        class="big-button review-button"
                                        id=format!("review-{id}")
                                        disabled=move || role.get().is_none()
                                        on:click=move |_| {
                                            review(Screen::GoalReviewPicker {
                                                instrument_id: review_id.clone(),
                                            })
                                        }
                                    >
                                        {format!("{title}: review goals")}
                                    </button>
                                }
                            })}
                        </li>
                    }
                }
            </For>
        </ul>
        <button id="open-settings" class="secondary-button" on:click=move |_| navigate(Screen::Settings)>
            {locale.t("home-settings")}
        </button>
        </Transition>
    }
}
