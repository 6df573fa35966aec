//! The root: it waits for start-up ([`crate::startup`]), then composes the sync bar and the screen
//! on show. It only composes; the screen state lives in [`crate::state`], the widgets in
//! [`crate::components`], the screens in [`crate::pages`].
//!
//! The screen is rendered from a [`Memo`] of the screen signal, so only a real change of screen
//! rebuilds `<main>` and the page in it; setting the screen to the one on show leaves the page,
//! and the element under the user's finger, alone.

use crate::components::sync_bar::SyncBar;
use crate::i18n::{self, Locale};
use crate::pages::{
    attention::AttentionPage,
    goals::GoalReviewPicker,
    home::HomePage,
    kiosk::LockedPage,
    lock::{SetUpLockPage, UnlockPage},
    patient::PatientPage,
    questionnaire::QuestionnairePage,
    settings::SettingsPage,
};
use crate::startup::{Boot, boot};
use crate::state::{AppContext, DbHandle, Screen, Settle};
use crate::sync::{self, SyncStatus};
use crate::{catalog, session, storage};
use leptos::prelude::*;
use shared::catalog::default_roles;
use std::rc::Rc;
use std::sync::Arc;

#[component]
pub fn App() -> impl IntoView {
    // Whether start-up succeeded (`None` while it runs); the app is built once, when it ends.
    let outcome = RwSignal::new(None::<bool>);
    let started = StoredValue::new_local(None::<Boot>);
    leptos::task::spawn_local(async move {
        let result = boot().await;
        let ok = result.is_ok();
        started.set_value(result.ok());
        outcome.set(Some(ok));
    });
    move || {
        match outcome.get() {
        None => view! {
            <main id="main" class="screen" data-screen="starting" data-settled="false">
                <p class="loading">"Starting…"</p>
            </main>
        }
        .into_any(),
        Some(false) => view! {
            <main id="main" class="screen" data-screen="storage-unavailable" data-settled="true">
                <p class="error" role="alert">
                    "This tablet's storage cannot be opened, so questionnaires cannot be kept safely. Close the app and open it again; if this persists, check the browser's storage settings."
                </p>
            </main>
        }
        .into_any(),
        Some(true) => match started.try_update_value(Option::take).flatten() {
            Some(started) => view! { <Collector started=started/> }.into_any(),
            None => ().into_any(),
        },
    }
    }
}

/// The app once storage is open: the context every page shares, the background work, the bar
/// and the screen.
#[component]
fn Collector(started: Boot) -> impl IntoView {
    let db = Rc::clone(&started.db);
    let context = AppContext {
        screen: RwSignal::new(started.screen),
        role: RwSignal::new(started.role),
        enrolled_to: RwSignal::new(started.enrolled_to),
        kiosk: RwSignal::new(started.kiosk),
        sync: SyncStatus::new(),
        lock_minutes: RwSignal::new(started.lock_minutes),
        open_draft: RwSignal::new(None),
        catalog: RwSignal::new(Arc::new(started.catalog)),
        roles: Arc::new(default_roles()),
        db: DbHandle::new(Rc::clone(&db)),
        app_language: RwSignal::new(started.app_language),
        patient_language: RwSignal::new(started.patient_language),
    };
    provide_context(context.clone());
    provide_context(Locale(context.app_language.into()));
    // The document speaks the app language; a questionnaire marks its own part with the
    // patient's.
    let app_language = context.app_language;
    Effect::new(move |_| i18n::set_document_language(app_language.get()));
    catalog::register(context.catalog);
    sync::start(context.sync, Rc::clone(&db));
    session::start(&context);
    leptos::task::spawn_local(async move {
        sync::pull::refresh_instruments(&db).await;
    });
    storage::request_persistence();

    let screen = context.screen;
    // Changes only when the screen really changes.
    let shown = Memo::new(move |_| screen.get());
    view! {
        <SyncBar/>
        {move || {
            let current = shown.get();
            let settle = Settle::for_new_screen();
            let name = current.name();
            let page = page(current);
            settle.mounted();
            view! {
                <main id="main" class="screen" data-screen=name data-settled=move || settle.is_settled().to_string()>
                    {page}
                </main>
            }
        }}
    }
}

/// The page for a screen.
fn page(screen: Screen) -> AnyView {
    match screen {
        Screen::SetUpLock => view! { <SetUpLockPage/> }.into_any(),
        Screen::Unlock { then } => view! { <UnlockPage then=*then/> }.into_any(),
        Screen::Home => view! { <HomePage/> }.into_any(),
        Screen::Attention => view! { <AttentionPage/> }.into_any(),
        Screen::Patient { id } => view! { <PatientPage id=id/> }.into_any(),
        Screen::Settings => view! { <SettingsPage/> }.into_any(),
        Screen::Questionnaire {
            instrument_id,
            review_of,
            draft,
        } => view! { <QuestionnairePage instrument_id=instrument_id review_of=review_of draft=draft/> }
            .into_any(),
        Screen::GoalReviewPicker { instrument_id } => {
            view! { <GoalReviewPicker instrument_id=instrument_id/> }.into_any()
        }
        Screen::Locked => view! { <LockedPage/> }.into_any(),
    }
}
