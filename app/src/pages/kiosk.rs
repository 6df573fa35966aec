//! Kiosk hand-over: while a patient holds the tablet, the only way back to the practitioner's
//! screens is the practitioner's PIN. The lock is kept in IndexedDB, so reloading the page comes
//! back to the lock screen, not to the practitioner's screens. The PIN prompt here is the one that
//! unlocks the tablet's encrypted storage (see [`crate::vault`]).

use super::lock::SecretField;
use crate::app::{AppContext, Screen};
use crate::store::{schema, settings};
use crate::vault;
use leptos::prelude::*;

/// Asks for the PIN or passphrase, unlocks the tablet's storage with it, and calls `on_unlock`
/// when it was right.
#[component]
pub fn PinPrompt(#[prop(into)] prompt: String, on_unlock: Callback<()>) -> impl IntoView {
    let pin = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let checking = RwSignal::new(false);
    let submit = move |_| {
        if checking.get_untracked() {
            return;
        }
        checking.set(true);
        leptos::task::spawn_local(async move {
            let entered = pin.get_untracked();
            pin.set(String::new());
            let Ok(db) = schema::open().await else {
                checking.set(false);
                error.set(Some("Device storage cannot be opened.".to_owned()));
                return;
            };
            // Wrong PINs impose a growing wait, kept across reloads.
            let wait = settings::pin_wait_seconds(&db).await.unwrap_or(0);
            if wait > 0 {
                checking.set(false);
                error.set(Some(format!(
                    "Too many wrong PINs: try again in {wait} seconds."
                )));
                return;
            }
            let right = vault::unlock(&db, &entered).await.unwrap_or(false);
            if right {
                let _ = settings::reset_pin_failures(&db).await;
            } else {
                let _ = settings::record_pin_failure(&db).await;
            }
            checking.set(false);
            if right {
                error.set(None);
                on_unlock.run(());
            } else {
                error.set(Some("That PIN or passphrase is not right.".to_owned()));
            }
        });
    };
    view! {
        <div class="pin-prompt">
            <SecretField id="pin" label=prompt autocomplete="current-password" value=pin/>
            <button id="unlock" class="big-button" disabled=move || checking.get() on:click=submit>
                "Unlock"
            </button>
            <Show when=move || error.get().is_some()>
                <p id="pin-error" class="error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </div>
    }
}

/// Ends kiosk mode (after the PIN was given) and returns to the start screen.
pub fn leave_kiosk(context: &AppContext) {
    let kiosk = context.kiosk;
    let screen = context.screen;
    leptos::task::spawn_local(async move {
        if let Ok(db) = schema::open().await {
            let _ = settings::set_kiosk(&db, None).await;
        }
        kiosk.set(false);
        screen.set(Screen::Home);
    });
}

/// The screen shown whenever the tablet is locked for a patient.
#[component]
pub fn LockedPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let unlock = {
        let context = context.clone();
        Callback::new(move |()| leave_kiosk(&context))
    };
    view! {
        <div id="kiosk-locked" class="locked">
            <h1>"Thank you"</h1>
            <p class="big-text">"Please hand the tablet back to the person who gave it to you."</p>
            <PinPrompt prompt="Practitioner: enter your PIN to unlock" on_unlock=unlock/>
        </div>
    }
}
