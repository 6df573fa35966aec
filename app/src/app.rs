//! The root component: which screen is showing, the device's role, and the sync status bar.

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
use crate::store::{schema, settings};
use crate::sync::{self, SyncStatus};
use crate::{session, vault};
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
    /// First use: the practitioner chooses the PIN or passphrase that protects the tablet.
    SetUpLock,
    /// Locked (at start, by the practitioner, or after inactivity); unlocking goes to `then`.
    Unlock {
        then: Box<Screen>,
    },
    Home,
    /// Responses the server refused, with the reasons.
    Attention,
    /// A patient on the caseload: earlier scores, and questionnaires to start for them.
    Patient {
        id: String,
    },
    Settings,
    /// A questionnaire; `review_of` names a goal set on this device being reviewed (GAS);
    /// `draft` names an unfinished one being resumed.
    Questionnaire {
        instrument_id: String,
        review_of: Option<String>,
        draft: Option<String>,
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
    /// Minutes without a touch before the app locks itself.
    pub lock_minutes: RwSignal<u32>,
    /// The questionnaire on screen as (instrument id, review_of, draft id), to come back to
    /// after a lock.
    pub open_draft: RwSignal<Option<(String, Option<String>, String)>>,
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
        lock_minutes: RwSignal::new(settings::DEFAULT_LOCK_MINUTES),
        open_draft: RwSignal::new(None),
        catalog: RwSignal::new(Arc::new(crate::catalog::offline_default())),
        roles: Arc::new(default_roles()),
    };
    provide_context(context.clone());

    let role = context.role;
    let enrolled_to = context.enrolled_to;
    let kiosk = context.kiosk;
    let screen = context.screen;
    let lock_minutes = context.lock_minutes;
    leptos::task::spawn_local(async move {
        let Ok(db) = schema::open().await else {
            screen.set(Screen::StorageUnavailable);
            return;
        };
        {
            // The app always starts locked. A reload while a patient holds the tablet comes back
            // to the kiosk lock; if the kiosk state cannot be read, stay there rather than open
            // the practitioner's screens.
            match (vault::exists(&db).await, settings::kiosk(&db).await) {
                (Ok(false), Ok(None)) => screen.set(Screen::SetUpLock),
                (Ok(true), Ok(None)) => screen.set(Screen::Unlock {
                    then: Box::new(Screen::Home),
                }),
                (Err(_), _) => screen.set(Screen::StorageUnavailable),
                (_, Ok(Some(_)) | Err(_)) => {
                    kiosk.set(true);
                    screen.set(Screen::Locked);
                }
            }
            if let Ok(minutes) = settings::lock_minutes(&db).await {
                lock_minutes.set(minutes);
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
    session::start(&context);
    crate::catalog::load(context.catalog);
    crate::storage::request_persistence();

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
                Screen::SetUpLock => view! { <SetUpLockPage/> }.into_any(),
                Screen::Unlock { then } => view! { <UnlockPage then=*then/> }.into_any(),
                Screen::Home => view! { <HomePage/> }.into_any(),
                Screen::Attention => view! { <AttentionPage/> }.into_any(),
                Screen::Patient { id } => view! { <PatientPage id=id/> }.into_any(),
                Screen::Settings => view! { <SettingsPage/> }.into_any(),
                Screen::Questionnaire { instrument_id, review_of, draft } => {
                    view! { <QuestionnairePage instrument_id=instrument_id review_of=review_of draft=draft/> }
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

/// Always-visible sync status: how many responses wait and since when, the last successful
/// sync, how many need attention, progress while sending, and a button to lock the tablet.
#[component]
fn SyncBar() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let status = context.sync;
    let screen = context.screen;
    let summary = move || {
        let waiting = status.waiting.get();
        let state = match (status.syncing.get(), status.reachable.get()) {
            (true, _) if waiting > 0 => "Sending…",
            (false, Some(false)) => "Offline: kept safely on this tablet",
            (false, Some(true)) if waiting == 0 => "All sent",
            _ if waiting > 0 && !vault::is_unlocked() => "Locked: unlock to send",
            _ => "Will send when connected",
        };
        state.to_owned()
    };
    let kiosk = context.kiosk;
    let unlocked_screen = move || {
        !matches!(
            screen.get(),
            Screen::Starting
                | Screen::StorageUnavailable
                | Screen::SetUpLock
                | Screen::Unlock { .. }
                | Screen::Locked
        ) && !kiosk.get()
    };
    view! {
        <header class="sync-bar" role="status" aria-live="polite">
            <span class="sync-waiting">
                <span id="waiting-count" data-count=move || status.waiting.get().to_string()>
                    {move || status.waiting.get()}
                </span>
                {move || if status.waiting.get() == 1 { " response waiting" } else { " responses waiting" }}
                <Show when=move || status.oldest_waiting.get().is_some()>
                    <span id="oldest-waiting" class="sync-detail">
                        {move || format!(" (oldest {})", short_time(&status.oldest_waiting.get().unwrap_or_default()))}
                    </span>
                </Show>
            </span>
            <span id="sync-state" class="sync-state">{summary}</span>
            <Show when=move || status.progress.get().is_some()>
                <progress
                    id="sync-progress"
                    max="1"
                    value=move || status.progress.get().map_or(0.0, |p| p.fraction()).to_string()
                    aria-label="Sending progress"
                ></progress>
            </Show>
            <Show when=move || status.last_success.get().is_some()>
                <span id="last-success" class="sync-detail">
                    {move || format!("Last sent {}", short_time(&status.last_success.get().unwrap_or_default()))}
                </span>
            </Show>
            <Show when=move || { status.needs_attention.get() > 0 }>
                <button
                    id="needs-attention"
                    class="sync-attention"
                    data-count=move || status.needs_attention.get().to_string()
                    disabled=move || !unlocked_screen()
                    on:click=move |_| screen.set(Screen::Attention)
                >
                    {move || status.needs_attention.get()} " need attention"
                </button>
            </Show>
            <Show when=move || status.problem.get().is_some()>
                <span class="sync-problem">{move || status.problem.get().unwrap_or_default()}</span>
            </Show>
            <Show when=unlocked_screen>
                {
                    let lock_context = context.clone();
                    view! {
                        <button id="lock-now" class="lock-button" on:click=move |_| session::lock(&lock_context)>
                            "Lock"
                        </button>
                    }
                }
            </Show>
        </header>
    }
}

/// An RFC 3339 time as `21 Nov 14:03` in the tablet's local time: short enough for the bar.
pub(crate) fn short_time(rfc3339: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let month = MONTHS[usize::try_from(date.get_month()).unwrap_or(0).min(11)];
    format!(
        "{} {month} {:02}:{:02}",
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}
