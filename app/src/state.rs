//! Screen state, shared by every page and depending on none: which screen is showing
//! ([`Screen`]), what the pages share ([`AppContext`], provided as context, with the one database
//! handle), navigation that changes the screen only when it really changes, whether the screen
//! on show has settled ([`Settle`]), and the actions pages run their async work through
//! ([`ScreenAction`]).

use crate::i18n::Lang;
use crate::platform;
use crate::reactive::set_if_changed;
use crate::sync::{self, SyncStatus};
use leptos::prelude::*;
use rexie::Rexie;
use shared::catalog::{InstrumentCatalog, Role};
use std::any::Any;
use std::cell::RefCell;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

/// The screen on show. One question per screen is handled inside the questionnaire page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
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

impl Screen {
    /// The screen's name, shown as `data-screen` on `<main>`.
    pub fn name(&self) -> &'static str {
        match self {
            Screen::SetUpLock => "set-up-lock",
            Screen::Unlock { .. } => "unlock",
            Screen::Home => "home",
            Screen::Attention => "attention",
            Screen::Patient { .. } => "patient",
            Screen::Settings => "settings",
            Screen::Questionnaire { .. } => "questionnaire",
            Screen::GoalReviewPicker { .. } => "goal-review",
            Screen::Locked => "locked",
        }
    }

    /// True for the screens a practitioner reaches only after unlocking.
    pub fn is_unlocked(&self) -> bool {
        !matches!(
            self,
            Screen::SetUpLock | Screen::Unlock { .. } | Screen::Locked
        )
    }
}

/// The database, opened once at start; every page and task uses this one handle.
#[derive(Clone, Copy)]
pub struct DbHandle(StoredValue<Rc<Rexie>, LocalStorage>);

impl DbHandle {
    pub fn new(db: Rc<Rexie>) -> Self {
        Self(StoredValue::new_local(db))
    }

    pub fn get(&self) -> Rc<Rexie> {
        self.0.get_value()
    }
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
    pub db: DbHandle,
    /// The practitioner's app language (the root [`Locale`](crate::i18n::Locale)).
    pub app_language: RwSignal<Lang>,
    /// The language the last questionnaire was shown to a patient in; the next one starts in it.
    pub patient_language: RwSignal<Lang>,
}

impl AppContext {
    pub fn role_name(&self, id: &str) -> String {
        self.roles
            .iter()
            .find(|role| role.id == id)
            .map(|role| role.name.clone())
            .unwrap_or_else(|| id.to_owned())
    }

    /// The database handle.
    pub fn db(&self) -> Rc<Rexie> {
        self.db.get()
    }

    /// Shows `to`. Setting the screen it already shows does nothing (the page stays as it is).
    pub fn navigate(&self, to: Screen) {
        set_if_changed(self.screen, to);
    }

    /// Starts a sync now in the background.
    pub fn trigger_sync(&self) {
        sync::trigger(self.sync, self.db());
    }

    /// Re-reads the outbox counts for the sync bar, then starts a sync: after anything that
    /// queued or moved a response.
    pub async fn after_outbox_change(&self) {
        sync::refresh_counts(self.sync, &self.db()).await;
        self.trigger_sync();
    }
}

/// Whether the screen on show has settled: it is mounted, its initial loads have finished and
/// none of its actions is running. Each screen gets its own, provided as context while the
/// screen is built; `<main>` carries it as `data-settled`, which the browser tests wait for.
#[derive(Debug, Clone, Copy)]
pub struct Settle(Option<RwSignal<u32>>);

impl Settle {
    /// A new screen's: unsettled until [`Settle::mounted`]'s tick and its loads are done.
    pub fn for_new_screen() -> Self {
        let settle = Settle(Some(RwSignal::new(1)));
        provide_context(settle);
        settle
    }

    /// The current screen's (one that tracks nothing outside a screen).
    pub fn current() -> Self {
        use_context::<Settle>().unwrap_or(Settle(None))
    }

    /// Called once the screen is built: it counts as mounted after the work queued by mounting
    /// has run.
    pub fn mounted(self) {
        drop(Pending(self));
    }

    /// True when nothing is pending.
    pub fn is_settled(self) -> bool {
        self.0.is_none_or(|count| count.get() == 0)
    }

    /// Runs `work` with the screen unsettled until it is done and its effects have rendered.
    pub fn during<F: Future>(self, work: F) -> impl Future<Output = F::Output> {
        if let Some(count) = self.0 {
            count.try_update(|n| *n += 1);
        }
        let pending = Pending(self);
        async move {
            let output = work.await;
            drop(pending);
            output
        }
    }
}

/// One pending piece of a screen's work; released (also when dropped unfinished) only after the
/// reactive updates it caused have run.
struct Pending(Settle);

impl Drop for Pending {
    fn drop(&mut self) {
        let Settle(Some(count)) = self.0 else {
            return;
        };
        leptos::task::spawn_local(async move {
            platform::next_task().await;
            count.try_update(|n| *n = n.saturating_sub(1));
        });
    }
}

/// The work of one dispatch of a [`ScreenAction`], type-erased so that every screen action is
/// the same [`Action`] type (one copy of its machinery in the bundle, whatever the inputs).
struct Work(RefCell<Option<LocalWork>>);

type LocalWork = Pin<Box<dyn Future<Output = ()>>>;

/// The one [`Action`] type behind every [`ScreenAction`]: it runs the work it is given.
fn work_action() -> Action<Work, ()> {
    Action::new_local(|work: &Work| {
        let work = work.0.borrow_mut().take();
        async move {
            if let Some(work) = work {
                work.await;
            }
        }
    })
}

/// How a [`ScreenAction`] turns an input into its work; the input is passed as `Any`, so every
/// screen action is stored as the same type too.
type StartWork = Box<dyn Fn(&dyn Any) -> LocalWork>;

/// A page's async work (saving, checking a PIN, enrolling...) as a Leptos [`Action`]: while it
/// runs the screen is not settled, and [`ScreenAction::pending`] says it is running.
pub struct ScreenAction<I: 'static> {
    action: Action<Work, ()>,
    start: StoredValue<StartWork, LocalStorage>,
    input: PhantomData<fn(I)>,
}

impl<I: 'static> Clone for ScreenAction<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static> Copy for ScreenAction<I> {}

impl<I: 'static> ScreenAction<I> {
    /// Starts the work for `input`.
    pub fn dispatch_local(&self, input: I) {
        let work = self.start.with_value(|start| start(&input));
        self.action.dispatch_local(Work(RefCell::new(Some(work))));
    }

    /// True while any dispatch is running.
    pub fn pending(&self) -> Memo<bool> {
        self.action.pending()
    }
}

/// A [`ScreenAction`] running `work` for each input, on the current screen.
pub fn screen_action<I, F, Fu>(work: F) -> ScreenAction<I>
where
    I: 'static,
    F: Fn(&I) -> Fu + 'static,
    Fu: Future<Output = ()> + 'static,
{
    let settle = Settle::current();
    let start: StartWork = Box::new(move |input: &dyn Any| {
        let input = input
            .downcast_ref::<I>()
            .expect("a screen action is dispatched with its own input type");
        Box::pin(settle.during(work(input)))
    });
    ScreenAction {
        action: work_action(),
        start: StoredValue::new_local(start),
        input: PhantomData,
    }
}
