//! The number of open risk alerts, shown on every page to practitioners and admins: read when
//! they sign in, every minute after, and whenever the inbox changes.

use crate::session::Session;
use leptos::prelude::*;
use shared::api::AlertView;

/// How often the count is read again while a page is open.
const POLL_MS: i32 = 60_000;

/// The count (none until first read); provided as context by the root.
#[derive(Debug, Clone, Copy)]
pub struct OpenAlerts {
    pub count: RwSignal<Option<usize>>,
    /// Which polling loop is current: starting one ends the one before.
    generation: RwSignal<u32>,
}

impl OpenAlerts {
    pub fn new() -> Self {
        Self {
            count: RwSignal::new(None),
            generation: RwSignal::new(0),
        }
    }

    pub fn current() -> Self {
        expect_context::<OpenAlerts>()
    }

    /// Reads the open alerts and updates the count; returns them.
    pub async fn refresh(self, session: Session) -> Result<Vec<AlertView>, String> {
        let open = session.get::<Vec<AlertView>>("/alerts?state=open").await?;
        self.count.set(Some(open.len()));
        Ok(open)
    }

    /// Keeps the count fresh while the account signed in now stays signed in (one loop at a
    /// time: a new sign-in's loop replaces the last one's).
    pub fn poll(self, session: Session) {
        self.generation.update(|g| *g = g.wrapping_add(1));
        self.schedule(session, self.generation.get_untracked());
    }

    fn schedule(self, session: Session, generation: u32) {
        crate::browser::after_ms(POLL_MS, move || {
            let current = self.generation.get_untracked() == generation;
            if current && session.signed_in() && session.is_staff() {
                leptos::task::spawn_local(async move {
                    let _ = self.refresh(session).await;
                    self.schedule(session, generation);
                });
            }
        });
    }
}

impl Default for OpenAlerts {
    fn default() -> Self {
        Self::new()
    }
}
