//! What the app reads before it shows anything: the database is opened (once), and the screen to
//! start on, the settings the pages show and the cached instrument list are read from it, so the
//! first screen is built with them instead of changing under the user's finger as they arrive.

use crate::catalog;
use crate::i18n::Lang;
use crate::state::Screen;
use crate::store::{StoreError, schema, settings};
use crate::vault;
use rexie::Rexie;
use shared::catalog::InstrumentCatalog;
use std::rc::Rc;

/// The state the app starts in.
pub struct Boot {
    pub db: Rc<Rexie>,
    pub screen: Screen,
    /// A patient holds the tablet (or that cannot be read, which is treated the same).
    pub kiosk: bool,
    pub lock_minutes: u32,
    pub role: Option<String>,
    pub enrolled_to: Option<String>,
    pub catalog: InstrumentCatalog,
    pub app_language: Lang,
    pub patient_language: Lang,
}

/// Opens device storage and reads the start-up state. An error means storage cannot be used, and
/// nothing can be shown safely.
pub async fn boot() -> Result<Boot, StoreError> {
    let db = schema::open().await?;
    // The app always starts locked. A reload while a patient holds the tablet comes back to the
    // kiosk lock; if the kiosk state cannot be read, stay there rather than open the
    // practitioner's screens.
    let (screen, kiosk) = match (vault::exists(&db).await, settings::kiosk(&db).await) {
        (Ok(false), Ok(None)) => (Screen::SetUpLock, false),
        (Ok(true), Ok(None)) => (
            Screen::Unlock {
                then: Box::new(Screen::Home),
            },
            false,
        ),
        (Err(e), _) => return Err(e.into()),
        (_, Ok(Some(_)) | Err(_)) => (Screen::Locked, true),
    };
    Ok(Boot {
        screen,
        kiosk,
        lock_minutes: settings::lock_minutes(&db)
            .await
            .unwrap_or(settings::DEFAULT_LOCK_MINUTES),
        role: settings::role(&db).await.unwrap_or(None),
        enrolled_to: settings::enrolment(&db)
            .await
            .ok()
            .flatten()
            .map(|e| e.organisation_name),
        catalog: catalog::cached(&db).await,
        app_language: stored_language(settings::app_language(&db).await),
        patient_language: stored_language(settings::patient_language(&db).await),
        db: Rc::new(db),
    })
}

/// A stored language tag as a language (English when none, or one this build does not speak).
fn stored_language(stored: Result<Option<String>, StoreError>) -> Lang {
    stored
        .ok()
        .flatten()
        .and_then(|tag| Lang::parse(&tag))
        .unwrap_or_default()
}
