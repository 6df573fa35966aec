//! The PIN prompt: it unlocks the tablet's encrypted storage (see [`crate::workflow::access`]) and
//! is used by the lock screen, the kiosk lock and the risk alert shown after a hand-over.

use super::secret_field::SecretField;
use crate::i18n::{Arg, Locale};
use crate::state::{AppContext, screen_action};
use crate::workflow::access::{self, Unlock};
use leptos::prelude::*;

/// Asks for the PIN or passphrase, unlocks the tablet's storage with it, and calls `on_unlock`
/// when it was right.
#[component]
pub fn PinPrompt(#[prop(into)] prompt: String, on_unlock: Callback<()>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let pin = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let locale = Locale::current();
    let check = screen_action(move |entered: &String| {
        let entered = entered.clone();
        let db = context.db();
        async move {
            // Wrong PINs impose a growing wait, kept across reloads.
            match access::unlock(&db, &entered).await {
                Ok(Unlock::Opened) => {
                    error.set(None);
                    on_unlock.run(());
                }
                Ok(Unlock::Wrong) => {
                    error.set(Some(locale.text("pin-wrong")));
                }
                Ok(Unlock::Wait(wait)) => error.set(Some(
                    locale.text_args("pin-wait", &[("seconds", Arg::Number(wait as f64))]),
                )),
                Err(e) => error.set(Some(e.to_string())),
            }
        }
    });
    let checking = check.pending();
    let submit = move |_| {
        if checking.get_untracked() {
            return;
        }
        let entered = pin.get_untracked();
        pin.set(String::new());
        check.dispatch_local(entered);
    };
    view! {
        <div class="pin-prompt">
            <SecretField id="pin" label=prompt autocomplete="current-password" value=pin/>
            <button id="unlock" class="big-button" disabled=move || checking.get() on:click=submit>
                {locale.t("pin-unlock")}
            </button>
            <Show when=move || error.get().is_some()>
                <p id="pin-error" class="error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </div>
    }
}
