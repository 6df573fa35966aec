//! Sign-in: e-mail and password (Enter submits), with a clear message for a wrong password and
//! for the rate limit, and the reason the last session ended.

use crate::session::{Session, SignInError};
use leptos::prelude::*;

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = Session::current();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        session.spawn(async move {
            let outcome = session
                .sign_in(email.get_untracked(), password.get_untracked())
                .await;
            // Signed in, this page is gone (the shell replaces it and picks the first page).
            if let Err(failure) = outcome {
                    error.set(Some(match failure {
                        SignInError::Wrong => {
                            "The e-mail address or password is not right. Check them and try again.".to_owned()
                        }
                        SignInError::RateLimited(Some(seconds)) => format!(
                            "Too many sign-in attempts. For your security, sign-in is paused: try again in {} minutes.",
                            seconds.div_ceil(60).max(1)
                        ),
                        SignInError::RateLimited(None) => {
                            "Too many sign-in attempts. For your security, sign-in is paused: try again in 15 minutes.".to_owned()
                        }
                        SignInError::Other(message) => message,
                    }));
                    crate::browser::focus("password");
            }
            pending.try_set(false);
        });
    };
    crate::browser::set_title("Sign in – staff console");
    let busy = crate::busy::Busy::current();
    view! {
        <main id="main" class="sign-in" data-page="sign-in" data-settled=move || busy.settled().to_string()>
            <h1>"Staff console"</h1>
            <p class="sign-in-intro">"Sign in with your prom-collector account to see risk alerts, outcomes and administration."</p>
            <Show when=move || session.notice.with(Option::is_some)>
                <p id="session-notice" class="notice" role="status">{move || session.notice.get().unwrap_or_default()}</p>
            </Show>
            <form id="sign-in-form" class="panel" on:submit=submit>
                <div class="field">
                    <label for="email">"E-mail address"</label>
                    <input id="email" type="email" autocomplete="username" required
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input id="password" type="password" autocomplete="current-password" required
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                <Show when=move || error.with(Option::is_some)>
                    <p id="sign-in-error" class="error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
                <button id="sign-in" class="big-button" type="submit" disabled=move || pending.get()>"Sign in"</button>
            </form>
            <p><a href="/">"Back to the tablet app"</a></p>
        </main>
    }
}
