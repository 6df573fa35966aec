//! Renders any instrument definition, one question per screen, then a confirmation.
//!
//! Nothing here is specific to one instrument: screens come from the definition's items, answer
//! formats and display conditions (see [`super::items`] and [`super::goals`]). A risk answer
//! (PHQ-9 item 9) shows the patient a supportive message at once and, before the confirmation,
//! asks for the tablet to be handed back and shows the practitioner the alert. The finished
//! response is checked, scored and queued by [`crate::workflow::finish`] before anyone sees the
//! confirmation. Until then every change is kept as a sealed draft ([`draft`]), written by one
//! tab only, so a reload, a lock or a closed tab loses nothing.
//!
//! The page is split by step: [`introduction`], [`question`] and the [`ending`] steps share the
//! state in [`model`]; this module creates it and switches between them. The step on show is a [`Memo`], so
//! only a real change of step rebuilds it.

mod draft;
mod ending;
mod introduction;
mod model;
mod question;

use crate::i18n::{Lang, Locale, instrument_language};
use crate::pages::items::Texts;
use crate::platform;
use crate::reactive::set_if_changed;
use crate::state::{AppContext, screen_action};
use crate::store::settings;
use crate::workflow::demographics;
use crate::workflow::finish::{Finish, finish};
use ending::{HandBack, PractitionerAlert, PractitionerPin, Saved};
use introduction::Introduction;
use leptos::context::Provider;
use leptos::prelude::*;
use model::{Questionnaire, Step};
use question::Question;
use shared::instrument::is_right_to_left;
use std::collections::BTreeMap;
use std::sync::Arc;

#[component]
pub fn QuestionnairePage(
    instrument_id: String,
    review_of: Option<String>,
    draft: Option<String>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let Some(definition) = context
        .catalog
        .with_untracked(|c| c.latest(&instrument_id).cloned())
    else {
        let locale = Locale::current();
        return view! { <p class="error" role="alert">{locale.t("q-not-available")}</p> }
            .into_any();
    };
    let definition = Arc::new(definition);
    // The patient's language: the app's words follow it at once; the questions follow it only
    // into a validated translation.
    let patient_language = RwSignal::new(context.patient_language.get_untracked());
    let language = RwSignal::new(instrument_language(
        &definition,
        patient_language.get_untracked(),
    ));
    {
        let definition = Arc::clone(&definition);
        let context = context.clone();
        Effect::new(move |previous: Option<Lang>| {
            let chosen = patient_language.get();
            set_if_changed(language, instrument_language(&definition, chosen));
            if previous.is_some_and(|p| p != chosen) {
                set_if_changed(context.patient_language, chosen);
                let db = context.db();
                leptos::task::spawn_local(async move {
                    let _ = settings::set_patient_language(&db, chosen.tag()).await;
                });
            }
            chosen
        });
    }
    // The draft: resumed, or new. Only the tab holding its lock writes it.
    let resuming = draft.is_some();
    let q = Questionnaire {
        texts: Texts::new(Arc::clone(&definition), language),
        definition,
        language,
        patient_language,
        auto_read: RwSignal::new(false),
        easy_read: RwSignal::new(false),
        step: RwSignal::new(Step::Introduction),
        answers: RwSignal::new(BTreeMap::new()),
        raised: RwSignal::new(Vec::new()),
        support: RwSignal::new(None),
        error: RwSignal::new(None),
        nhs_number: RwSignal::new(None),
        supersedes: RwSignal::new(None),
        time_point: RwSignal::new(None),
        device_scores: RwSignal::new(Vec::new()),
        writable: RwSignal::new(None),
        finished: RwSignal::new(false),
        reviewing: review_of.is_some(),
        draft_id: draft.unwrap_or_else(|| platform::new_uuid().to_string()),
    };
    context.open_draft.set(Some((
        q.definition.id.clone(),
        review_of.clone(),
        q.draft_id.clone(),
    )));
    let lock_name = format!("prom-draft-{}", q.draft_id);
    {
        let open_draft = context.open_draft;
        let lock_name = lock_name.clone();
        on_cleanup(move || {
            platform::release_lock(&lock_name);
            open_draft.set(None);
        });
    }
    draft::open(&q, context.db(), resuming, lock_name);
    draft::autosave(&q, context.db, review_of.clone());
    if let Some(set_id) = review_of.filter(|_| !resuming) {
        draft::load_goals_for_review(&q, context.db(), set_id);
    }

    let finishing = {
        let q = q.clone();
        let context = context.clone();
        screen_action(move |(): &()| {
            let q = q.clone();
            let context = context.clone();
            async move {
                let catalog = context.catalog.get_untracked();
                // The draft must not be written back while its response is being queued.
                q.finished.set(true);
                let db = context.db();
                let nhs_number = q.nhs_number.get_untracked();
                let patient = demographics::for_response(&db, nhs_number.as_deref()).await;
                let done = finish(
                    &context.db(),
                    Finish {
                        definition: &q.definition,
                        catalog: &catalog,
                        roles: &context.roles,
                        role: context.role.get_untracked(),
                        answers: q.answers.get_untracked(),
                        nhs_number: q.nhs_number.get_untracked(),
                        supersedes: q.supersedes.get_untracked(),
                        time_point: q.time_point.get_untracked(),
                        draft_id: &q.draft_id,
                        reviewing: q.reviewing,
                        demographics: patient.as_ref().map(|(_, sent)| sent.clone()),
                    },
                )
                .await;
                match done {
                    Ok(done) => {
                        if let Some((patient, sent)) = &patient {
                            let _ = demographics::queued(&db, patient, sent).await;
                        }
                        q.device_scores.set(done.scores);
                        q.error.set(None);
                        let alert = q.raised.with_untracked(|r| !r.is_empty());
                        q.go(if alert { Step::HandBack } else { Step::Saved });
                        context.after_outbox_change().await;
                    }
                    Err(e) => {
                        q.finished.set(false);
                        q.error.set(Some(e.to_string()));
                    }
                }
            }
        })
    };

    let locale = Locale(patient_language.into());
    let dir = move || patient_language.get().dir();
    let questions_dir = move || {
        if is_right_to_left(&language.get()) {
            "rtl"
        } else {
            "ltr"
        }
    };
    let title = {
        let texts = q.texts.clone();
        move || texts.title()
    };
    let writable = q.writable;
    let support = q.support;
    let error = q.error;
    let step = q.step;
    let easy_read = q.easy_read;
    let shown_step = Memo::new(move |_| step.get());
    let steps = q.clone();

    // The steps speak the patient's language: a child owner, so the app's own Locale is left as
    // it is for everything outside the questionnaire.
    view! {
        <Provider value=locale>
        <section class="questionnaire" class:easy-read=move || easy_read.get() aria-labelledby="q-title" lang=move || patient_language.get().tag() dir=dir>
            <h1 id="q-title" class="q-title" lang=move || language.get() dir=questions_dir>{title}</h1>
            <Show when=move || writable.get() == Some(false)>
                <p id="draft-elsewhere" class="notice" role="status">
                    {locale.t("q-other-tab")}
                </p>
            </Show>
            // Known to be writable or not yet known: the steps show (and are not rebuilt when the
            // lock is granted); only a copy open elsewhere hides them.
            <Show when=move || writable.get() != Some(false)>
                {
                    let q = steps.clone();
                    move || {
                        let q = q.clone();
                        match shown_step.get() {
                            Step::Introduction => view! { <Introduction q=q/> }.into_any(),
                            Step::Item(index) => view! { <Question q=q index=index finish=finishing/> }.into_any(),
                            Step::HandBack => view! { <HandBack q=q/> }.into_any(),
                            Step::PractitionerPin => view! { <PractitionerPin q=q/> }.into_any(),
                            Step::PractitionerAlert => view! { <PractitionerAlert q=q/> }.into_any(),
                            Step::Saved => view! { <Saved q=q/> }.into_any(),
                        }
                    }
                }
            </Show>
            <Show when=move || support.get().is_some()>
                <div id="risk-support" class="support-message" role="dialog" aria-modal="true" aria-labelledby="support-text">
                    <p id="support-text" lang=move || language.get() dir=questions_dir>{move || support.get().unwrap_or_default()}</p>
                    <button id="support-continue" class="big-button" on:click=move |_| support.set(None)>
                        {locale.t("q-continue")}
                    </button>
                </div>
            </Show>
            <Show when=move || error.get().is_some()>
                <p id="questionnaire-error" class="error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </section>
        </Provider>
    }
    .into_any()
}
