//! The root component: which screen is showing, the device's role, and the sync status bar.

use crate::pages::{
    goals::GoalReviewPicker, home::HomePage, kiosk::LockedPage, questionnaire::QuestionnairePage,
    settings::SettingsPage,
};
use crate::store::{schema, settings};
use crate::sync::{self, SyncStatus};
use leptos::prelude::*;
use shared::catalog::{InstrumentCatalog, Role, default_roles};
use std::sync::Arc;

/// The screen on show. One question per screen is handled inside the questionnaire page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// Until device storage says whether the tablet is handed to a patient.
    Starting,
    /// Device storage cannot be opened: nothing can be shown safely.
    StorageUnavailable,
    Home,
    Settings,
    /// A questionnaire; `review_of` names a goal set on this device being reviewed (GAS).
    Questionnaire {
        instrument_id: String,
        review_of: Option<String>,
    },
    /// Choosing which goal set on this device to review.
    GoalReviewPicker {
        instrument_id: String,
    },
    /// Handed to a patient and finished: only the practitioner's PIN leads back.
    Locked,
}

/// Everything the pages share, provided as context.
#[derive(Clone)]
pub struct AppContext {
    pub screen: RwSignal<Screen>,
    /// The practitioner's professional role id on this device.
    pub role: RwSignal<Option<String>>,
    /// The organisation this tablet is enrolled to, once enrolled.
    pub enrolled_to: RwSignal<Option<String>>,
    /// True while the tablet is handed to a patient (kiosk mode).
    pub kiosk: RwSignal<bool>,
    pub sync: SyncStatus,
    /// Instruments offered on this tablet (built-in open ones plus those the server enabled).
    pub catalog: RwSignal<Arc<InstrumentCatalog>>,
    pub roles: Arc<Vec<Role>>,
}

impl AppContext {
    pub fn role_name(&self, id: &str) -> String {
        self.roles
            .iter()
            .find(|role| role.id == id)
            .map(|role| role.name.clone())
            .unwrap_or_else(|| id.to_owned())
    }
}

#[component]
pub fn App() -> impl IntoView {
    let context = AppContext {
        screen: RwSignal::new(Screen::Starting),
        role: RwSignal::new(None),
        enrolled_to: RwSignal::new(None),
        kiosk: RwSignal::new(false),
        sync: SyncStatus::new(),
        catalog: RwSignal::new(Arc::new(crate::catalog::offline_default())),
        roles: Arc::new(default_roles()),
    };
    provide_context(context.clone());

    let role = context.role;
    let enrolled_to = context.enrolled_to;
    let kiosk = context.kiosk;
    let screen = context.screen;
    leptos::task::spawn_local(async move {
        let Ok(db) = schema::open().await else {
            screen.set(Screen::StorageUnavailable);
            return;
        };
        {
            // A reload while a patient holds the tablet comes back locked; if the kiosk state
            // cannot be read, stay locked rather than open the practitioner's screens.
            match settings::kiosk(&db).await {
                Ok(None) => screen.set(Screen::Home),
                Ok(Some(_)) | Err(_) => {
                    kiosk.set(true);
                    screen.set(Screen::Locked);
                }
            }
            if let Ok(saved) = settings::role(&db).await {
                role.set(saved);
            }
            if let Ok(Some(enrolment)) = settings::enrolment(&db).await {
                enrolled_to.set(Some(enrolment.organisation_name));
            }
        }
    });
    sync::start(context.sync);
    crate::catalog::load(context.catalog);

    let screen = context.screen;
    view! {
        <SyncBar/>
        <main id="main" class="screen">
            {move || match screen.get() {
                Screen::Starting => view! { <p class="loading">"Starting…"</p> }.into_any(),
                Screen::StorageUnavailable => view! {
                    <p class="error" role="alert">
                        "This tablet's storage cannot be opened, so questionnaires cannot be kept safely. Close the app and open it again; if this persists, check the browser's storage settings."
                    </p>
                }
                .into_any(),
                Screen::Home => view! { <HomePage/> }.into_any(),
                Screen::Settings => view! { <SettingsPage/> }.into_any(),
                Screen::Questionnaire { instrument_id, review_of } => {
                    view! { <QuestionnairePage instrument_id=instrument_id review_of=review_of/> }
                        .into_any()
                }
                Screen::GoalReviewPicker { instrument_id } => {
                    view! { <GoalReviewPicker instrument_id=instrument_id/> }.into_any()
                }
                Screen::Locked => view! { <LockedPage/> }.into_any(),
            }}
        </main>
    }
}

/// Always-visible sync status: how many responses wait, whether the server is reachable.
#[component]
fn SyncBar() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let status = context.sync;
    let summary = move || {
        let waiting = status.waiting.get();
        let state = match (status.syncing.get(), status.reachable.get()) {
            (true, _) if waiting > 0 => "Sending…",
            (false, Some(false)) => "Offline: kept safely on this tablet",
            (false, Some(true)) if waiting == 0 => "All sent",
            _ => "Will send when connected",
        };
        state.to_owned()
    };
    view! {
        <header class="sync-bar" role="status" aria-live="polite">
            <span class="sync-waiting">
                <span id="waiting-count" data-count=move || status.waiting.get().to_string()>
                    {move || status.waiting.get()}
                </span>
                {move || if status.waiting.get() == 1 { " response waiting" } else { " responses waiting" }}
            </span>
            <span id="sync-state" class="sync-state">{summary}</span>
            <Show when=move || { status.needs_attention.get() > 0 }>
                <span id="needs-attention" class="sync-attention">
                    {move || status.needs_attention.get()} " need attention"
                </span>
            </Show>
            <Show when=move || status.problem.get().is_some()>
                <span class="sync-problem">{move || status.problem.get().unwrap_or_default()}</span>
            </Show>
        </header>
    }
}
