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
}

impl OpenAlerts {
    pub fn new() -> Self {
        Self {
            count: RwSignal::new(None),
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

    /// Keeps the count fresh while the account signed in now stays signed in.
    pub fn poll(self, session: Session) {
        let user = session.user().map(|u| u.id);
        crate::browser::after_ms(POLL_MS, move || {
            if session.user().map(|u| u.id) == user && session.is_staff() {
                leptos::task::spawn_local(async move {
                    let _ = self.refresh(session).await;
                    self.poll(session);
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
