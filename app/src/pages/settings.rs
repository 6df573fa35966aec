//! Settings: enrolling the tablet with a one-time code from an admin, and the practitioner's
//! professional role from the role list (kept as data).

use crate::app::{AppContext, Screen};
use crate::platform;
use crate::store::{schema, settings};
use crate::sync::{self, client};
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let screen = context.screen;
    let role = context.role;
    let error = RwSignal::new(None::<String>);

    let choose = move |id: String| {
        leptos::task::spawn_local(async move {
            let saved = match schema::open().await {
                Ok(db) => settings::set_role(&db, &id).await,
                Err(e) => Err(e),
            };
            match saved {
                Ok(()) => {
                    role.set(Some(id));
                    screen.set(Screen::Home);
                }
                Err(e) => error.set(Some(format!(
                    "{e}. Your role was not saved; please try again."
                ))),
            }
        });
    };

    let enrolled_to = context.enrolled_to;
    let code = RwSignal::new(String::new());
    let device_name = RwSignal::new("Tablet".to_owned());
    let enrolling = RwSignal::new(false);
    let enrol_error = RwSignal::new(None::<String>);
    let status = context.sync;
    let enrol = move |_| {
        if enrolling.get_untracked() {
            return;
        }
        enrolling.set(true);
        enrol_error.set(None);
        leptos::task::spawn_local(async move {
            let result = match client::enrol(
                &platform::origin(),
                &code.get_untracked(),
                &device_name.get_untracked(),
            )
            .await
            {
                Ok(enrolled) => {
                    let enrolment = settings::Enrolment {
                        device_id: enrolled.device_id,
                        credential: enrolled.credential,
                        organisation_name: enrolled.organisation_name.clone(),
                    };
                    match schema::open().await {
                        Ok(db) => settings::set_enrolment(&db, &enrolment)
                            .await
                            .map(|()| enrolled.organisation_name)
                            .map_err(|e| e.to_string()),
                        Err(e) => Err(e.to_string()),
                    }
                }
                Err(message) => Err(message),
            };
            enrolling.set(false);
            match result {
                Ok(organisation) => {
                    enrolled_to.set(Some(organisation));
                    code.set(String::new());
                    sync::trigger(status);
                }
                Err(message) => enrol_error.set(Some(message)),
            }
        });
    };

    let pin = RwSignal::new(String::new());
    let pin_set = RwSignal::new(false);
    let pin_message = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        if let Ok(db) = schema::open().await {
            pin_set.set(settings::has_pin(&db).await.unwrap_or(false));
        }
    });
    let save_pin = move |_| {
        let entered = pin.get_untracked();
        if let Err(problem) = settings::check_pin_format(&entered) {
            pin_message.set(Some(problem));
            return;
        }
        leptos::task::spawn_local(async move {
            let saved = match schema::open().await {
                Ok(db) => settings::set_pin(&db, &entered).await,
                Err(e) => Err(e),
            };
            pin.set(String::new());
            match saved {
                Ok(()) => {
                    pin_set.set(true);
                    pin_message.set(Some("PIN saved.".to_owned()));
                }
                Err(e) => pin_message.set(Some(e.to_string())),
            }
        });
    };

    view! {
        <h1>"Settings"</h1>
        <section class="enrolment" aria-labelledby="enrolment-heading">
            <h2 id="enrolment-heading">"This tablet"</h2>
            {move || match enrolled_to.get() {
                Some(organisation) => view! {
                    <p id="enrolled-to" class="notice">{format!("Enrolled to {organisation}.")}</p>
                }
                .into_any(),
                None => view! {
                    <p class="notice">"Not enrolled yet: responses are kept on this tablet until it is enrolled."</p>
                }
                .into_any(),
            }}
            <label class="field">
                "Enrolment code from your admin"
                <input
                    id="enrolment-code"
                    type="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))
                />
            </label>
            <label class="field">
                "Name for this tablet"
                <input
                    id="device-name"
                    type="text"
                    maxlength="100"
                    prop:value=move || device_name.get()
                    on:input=move |ev| device_name.set(event_target_value(&ev))
                />
            </label>
            <button
                id="enrol"
                class="big-button"
                disabled=move || enrolling.get() || code.get().trim().is_empty()
                on:click=enrol
            >
                {move || if enrolled_to.get().is_some() { "Enrol again" } else { "Enrol this tablet" }}
            </button>
            <Show when=move || enrol_error.get().is_some()>
                <p class="error" role="alert">{move || enrol_error.get().unwrap_or_default()}</p>
            </Show>
        </section>
        <section class="pin-setting" aria-labelledby="pin-heading">
            <h2 id="pin-heading">"Practitioner PIN"</h2>
            <p>"Needed to leave a questionnaire handed to a patient, and to see a risk alert raised while they held the tablet."</p>
            <Show when=move || pin_set.get()>
                <p id="pin-set" class="notice">"A PIN is set."</p>
            </Show>
            <label class="field">
                {move || if pin_set.get() { "New PIN (4 to 8 digits)" } else { "PIN (4 to 8 digits)" }}
                <input
                    id="new-pin"
                    type="password"
                    inputmode="numeric"
                    autocomplete="new-password"
                    maxlength="8"
                    prop:value=move || pin.get()
                    on:input=move |ev| pin.set(event_target_value(&ev))
                />
            </label>
            <button id="save-pin" class="secondary-button" on:click=save_pin>"Save PIN"</button>
            <Show when=move || pin_message.get().is_some()>
                <p class="notice" role="status">{move || pin_message.get().unwrap_or_default()}</p>
            </Show>
        </section>
        <fieldset class="role-picker">
            <legend>"Your professional role"</legend>
            {context
                .roles
                .iter()
                .map(|r| {
                    let id = r.id.clone();
                    let checked_id = r.id.clone();
                    view! {
                        <button
                            class="option-button"
                            role="radio"
                            data-role=r.id.clone()
                            aria-checked=move || (role.get().as_deref() == Some(checked_id.as_str())).to_string()
                            on:click=move |_| choose(id.clone())
                        >
                            {r.name.clone()}
                        </button>
                    }
                })
                .collect_view()}
        </fieldset>
        <Show when=move || error.get().is_some()>
            <p class="error" role="alert">{move || error.get().unwrap_or_default()}</p>
        </Show>
        <button class="secondary-button" on:click=move |_| screen.set(Screen::Home)>"Back"</button>
    }
}
