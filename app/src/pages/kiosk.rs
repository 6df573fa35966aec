//! Kiosk hand-over: while a patient holds the tablet, the only way back to the practitioner's
//! screens is the practitioner's PIN. The lock is kept in IndexedDB, so reloading the page comes
//! back to the lock screen, not to the practitioner's screens. The PIN prompt
//! ([`crate::components::pin_prompt`]) is the one that unlocks the tablet's encrypted storage.

use crate::components::pin_prompt::PinPrompt;
use crate::i18n::Locale;
use crate::state::{AppContext, Screen, screen_action};
use crate::store::settings;
use leptos::prelude::*;

/// Ends kiosk mode (after the PIN was given) and returns to the start screen.
async fn leave_kiosk(context: AppContext) {
    let _ = settings::set_kiosk(&context.db(), None).await;
    context.kiosk.set(false);
    context.navigate(Screen::Home);
}

/// The screen shown whenever the tablet is locked for a patient.
#[component]
pub fn LockedPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let leave = screen_action(move |()| leave_kiosk(context.clone()));
    let unlock = Callback::new(move |()| {
        leave.dispatch_local(());
    });
    let locale = Locale::current();
    view! {
        <div id="kiosk-locked" class="locked">
            <h1>{locale.t("kiosk-thanks")}</h1>
            <p class="big-text">{locale.t("kiosk-hand-back")}</p>
            <PinPrompt prompt=locale.text("kiosk-prompt") on_unlock=unlock/>
        </div>
    }
}
