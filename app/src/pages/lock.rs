//! Protecting the tablet: choosing the practitioner's PIN or passphrase on first use, and the
//! unlock screen shown at start and after the inactivity lock. Nothing about a patient can be
//! read or saved until the tablet is unlocked (see [`crate::vault`]).

use crate::components::pin_prompt::PinPrompt;
use crate::components::secret_field::SecretField;
use crate::i18n::Locale;
use crate::state::{AppContext, Screen, screen_action};
use crate::workflow::access;
use crate::{session, vault};
use leptos::prelude::*;

/// First use: the practitioner chooses the PIN or passphrase that protects the tablet.
#[component]
pub fn SetUpLockPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let secret = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let create = screen_action(move |chosen: &String| {
        let chosen = chosen.clone();
        let context = context.clone();
        async move {
            match access::protect(&context.db(), &chosen).await {
                Ok(()) => {
                    secret.set(String::new());
                    confirm.set(String::new());
                    session::unlocked(&context, Screen::Home);
                }
                Err(e) => message.set(Some(e.to_string())),
            }
        }
    });
    let working = create.pending();
    let protect = move |_| {
        let chosen = secret.get_untracked();
        if let Err(problem) = vault::check_secret_format(&chosen) {
            message.set(Some(problem));
            return;
        }
        if chosen != confirm.get_untracked() {
            message.set(Some(
                "The two entries differ: type the same PIN twice.".to_owned(),
            ));
            return;
        }
        create.dispatch_local(chosen);
    };
    view! {
        <div id="set-up-lock" class="locked">
            <h1>"Protect this tablet"</h1>
            <p>
                "Choose a PIN (at least 4 digits) or a passphrase (at least 8 characters). Everything this tablet keeps about patients is encrypted with it, and it is asked for when the app starts and after a period without use. It cannot be recovered: responses not yet sent cannot be read without it."
            </p>
            <SecretField id="new-secret" label="PIN or passphrase" autocomplete="new-password" value=secret/>
            <SecretField id="confirm-secret" label="The same again" autocomplete="new-password" value=confirm/>
            <button id="protect" class="big-button" disabled=move || working.get() on:click=protect>
                {move || if working.get() { "Protecting…" } else { "Protect this tablet" }}
            </button>
            <Show when=move || message.get().is_some()>
                <p id="protect-error" class="error" role="alert">{move || message.get().unwrap_or_default()}</p>
            </Show>
        </div>
    }
}

/// The app is locked: the PIN or passphrase unlocks it and returns to `then`.
#[component]
pub fn UnlockPage(then: Screen) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let unlock = Callback::new(move |()| session::unlocked(&context, then.clone()));
    let locale = Locale::current();
    view! {
        <div id="app-locked" class="locked">
            <h1>{locale.t("locked-title")}</h1>
            <p class="big-text">{locale.t("locked-kept")}</p>
            <PinPrompt prompt=locale.text("locked-prompt") on_unlock=unlock/>
        </div>
    }
}
