//! Settings: enrolling the tablet with a one-time code from an admin, the practitioner's
//! professional role (from the role list, kept as data), the PIN and the inactivity lock, the
//! storage in use, the escape hatch (export and import of the waiting outbox), and the link to
//! the staff console.

use crate::components::secret_field::SecretField;
use crate::i18n::{Lang, Locale};
use crate::platform;
use crate::reactive::set_if_changed;
use crate::state::{AppContext, Screen, Settle, screen_action};
use crate::store::settings;
use crate::sync::client;
use crate::workflow::access;
use crate::{escape, storage, vault};
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let settle = Settle::current();
    let role = context.role;
    let error = RwSignal::new(None::<String>);

    let choose = {
        let context = context.clone();
        screen_action(move |id: &String| {
            let id = id.clone();
            let context = context.clone();
            async move {
                match settings::set_role(&context.db(), &id).await {
                    Ok(()) => {
                        role.set(Some(id));
                        context.navigate(Screen::Home);
                    }
                    Err(e) => error.set(Some(format!(
                        "{e}. Your role was not saved; please try again."
                    ))),
                }
            }
        })
    };

    let enrolled_to = context.enrolled_to;
    let code = RwSignal::new(String::new());
    let device_name = RwSignal::new("Tablet".to_owned());
    let enrol_error = RwSignal::new(None::<String>);
    let enrolment = {
        let context = context.clone();
        screen_action(move |(): &()| {
            let context = context.clone();
            async move {
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
                        settings::set_enrolment(&context.db(), &enrolment)
                            .await
                            .map(|()| enrolled.organisation_name)
                            .map_err(|e| e.to_string())
                    }
                    Err(message) => Err(message),
                };
                match result {
                    Ok(organisation) => {
                        enrolled_to.set(Some(organisation));
                        code.set(String::new());
                        context.trigger_sync();
                    }
                    Err(message) => enrol_error.set(Some(message)),
                }
            }
        })
    };
    let enrolling = enrolment.pending();
    let enrol = move |_| {
        if enrolling.get_untracked() {
            return;
        }
        enrol_error.set(None);
        enrolment.dispatch_local(());
    };

    let current_pin = RwSignal::new(String::new());
    let pin = RwSignal::new(String::new());
    let pin_message = RwSignal::new(None::<String>);
    let change_pin = {
        let context = context.clone();
        screen_action(move |(current, entered): &(String, String)| {
            let (current, entered) = (current.clone(), entered.clone());
            let db = context.db();
            async move {
                let changed = access::change_secret(&db, &current, &entered).await;
                current_pin.set(String::new());
                pin.set(String::new());
                pin_message.set(Some(match changed {
                    Ok(true) => "PIN changed.".to_owned(),
                    Ok(false) => "The current PIN is not right; nothing was changed.".to_owned(),
                    Err(e) => e.to_string(),
                }));
            }
        })
    };
    let save_pin = move |_| {
        let current = current_pin.get_untracked();
        let entered = pin.get_untracked();
        if let Err(problem) = vault::check_secret_format(&entered) {
            pin_message.set(Some(problem));
            return;
        }
        change_pin.dispatch_local((current, entered));
    };

    let lock_minutes = context.lock_minutes;
    let minutes_text = RwSignal::new(lock_minutes.get_untracked().to_string());
    let lock_message = RwSignal::new(None::<String>);
    let save_minutes = {
        let context = context.clone();
        screen_action(move |minutes: &u32| {
            let minutes = *minutes;
            let db = context.db();
            async move {
                match settings::set_lock_minutes(&db, minutes).await {
                    Ok(()) => {
                        lock_minutes.set(minutes);
                        lock_message
                            .set(Some(format!("Locks after {minutes} minutes without use.")));
                    }
                    Err(e) => lock_message.set(Some(e.to_string())),
                }
            }
        })
    };
    let save_lock_minutes = move |_| {
        let Ok(minutes) = minutes_text.get_untracked().trim().parse::<u32>() else {
            lock_message.set(Some("Enter a whole number of minutes.".to_owned()));
            return;
        };
        save_minutes.dispatch_local(minutes);
    };

    let storage_line = LocalResource::new(move || {
        settle.during(async {
            let used = match storage::estimate().await {
                Some((usage, quota)) => format!(
                    "Using {} of {} available to this app.",
                    storage::human_bytes(usage),
                    storage::human_bytes(quota)
                ),
                None => "This browser does not report its storage use.".to_owned(),
            };
            let kept = match storage::is_persistent().await {
                Some(true) => {
                    " Storage is persistent: the browser will not clear it to free space."
                }
                Some(false) => {
                    " The browser has not granted persistent storage: install the app to the home screen, and send or export responses often."
                }
                None => "",
            };
            format!("{used}{kept}")
        })
    });

    let export_passphrase = RwSignal::new(String::new());
    let export_message = RwSignal::new(None::<String>);
    let export = {
        let context = context.clone();
        screen_action(move |passphrase: &String| {
            let passphrase = passphrase.clone();
            let db = context.db();
            async move {
                let result = match escape::export(&db, &passphrase).await {
                    Ok((file, count)) => {
                        let name =
                            format!("prom-outbox-{}.json", file.created_at.replace(':', "-"));
                        serde_json::to_string_pretty(&file)
                            .map_err(|e| e.to_string())
                            .and_then(|text| platform::download(&name, &text))
                            .map(|()| format!("Exported {count} waiting responses to {name}. Keep the passphrase apart from the file."))
                    }
                    Err(e) => Err(e),
                };
                export_passphrase.set(String::new());
                export_message.set(Some(result.unwrap_or_else(|e| e)));
            }
        })
    };
    let export_outbox = move |_| {
        export.dispatch_local(export_passphrase.get_untracked());
    };

    let import_passphrase = RwSignal::new(String::new());
    let import_message = RwSignal::new(None::<String>);
    let import = {
        let context = context.clone();
        screen_action(move |passphrase: &String| {
            let passphrase = passphrase.clone();
            let context = context.clone();
            async move {
                let db = context.db();
                let result = async {
                    let text = platform::chosen_file_text("import-file").await?;
                    let contents = escape::open(&text, &passphrase).await?;
                    escape::import(&db, &contents).await
                }
                .await;
                import_passphrase.set(String::new());
                import_message.set(Some(match result {
                    Ok(done) => format!(
                        "Added {} responses to the waiting list; {} were already on this tablet.",
                        done.added, done.already_here
                    ),
                    Err(e) => e,
                }));
                context.after_outbox_change().await;
            }
        })
    };
    let import_outbox = move |_| {
        import.dispatch_local(import_passphrase.get_untracked());
    };

    let app_language = context.app_language;
    let language_db = context.db;
    let locale = Locale::current();
    view! {
        <h1>{locale.t("home-settings")}</h1>
        <section class="enrolment app-language" aria-labelledby="app-language-heading">
            <h2 id="app-language-heading">{locale.t("settings-language")}</h2>
            <div class="language-picker" role="group" aria-labelledby="app-language-heading">
                {Lang::ALL.into_iter().map(|lang| view! {
                    <button
                        class="option-button app-language-option"
                        data-language=lang.tag()
                        lang=lang.tag()
                        dir=lang.dir()
                        aria-pressed=move || (app_language.get() == lang).to_string()
                        on:click=move |_| {
                            set_if_changed(app_language, lang);
                            let db = language_db.get();
                            leptos::task::spawn_local(async move {
                                let _ = settings::set_app_language(&db, lang.tag()).await;
                            });
                        }
                    >
                        {lang.own_name()}
                    </button>
                }).collect_view()}
            </div>
        </section>
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
            <h2 id="pin-heading">"PIN and lock"</h2>
            <p>"The PIN or passphrase encrypts what this tablet keeps about patients. It unlocks the app, ends a hand-over to a patient, and shows a risk alert raised while they held the tablet."</p>
            <SecretField id="current-pin" label="Current PIN or passphrase" autocomplete="current-password" value=current_pin/>
            <SecretField id="new-pin" label="New PIN (at least 4 digits) or passphrase (at least 8 characters)" autocomplete="new-password" value=pin/>
            <button id="save-pin" class="secondary-button" on:click=save_pin>"Change PIN"</button>
            <Show when=move || pin_message.get().is_some()>
                <p id="pin-message" class="notice" role="status">{move || pin_message.get().unwrap_or_default()}</p>
            </Show>
            <label class="field">
                "Lock after this many minutes without use (1 to 60)"
                <input
                    id="lock-minutes"
                    type="number"
                    min="1"
                    max="60"
                    inputmode="numeric"
                    prop:value=move || minutes_text.get()
                    on:input=move |ev| minutes_text.set(event_target_value(&ev))
                />
            </label>
            <button id="save-lock-minutes" class="secondary-button" on:click=save_lock_minutes>"Save lock delay"</button>
            <Show when=move || lock_message.get().is_some()>
                <p id="lock-message" class="notice" role="status">{move || lock_message.get().unwrap_or_default()}</p>
            </Show>
        </section>
        <section class="storage" aria-labelledby="storage-heading">
            <h2 id="storage-heading">"Storage and escape hatch"</h2>
            <p id="storage-use">{move || storage_line.get().unwrap_or_default()}</p>
            <p>"If this tablet cannot reach the server, export the waiting responses to an encrypted file and import it on another tablet, or give it to your admin to import on the server. Responses already on the server are not stored twice."</p>
            <SecretField id="export-passphrase" label="Passphrase for the file (at least 8 characters)" autocomplete="new-password" value=export_passphrase/>
            <button id="export-outbox" class="secondary-button" on:click=export_outbox>"Export waiting responses"</button>
            <Show when=move || export_message.get().is_some()>
                <p id="export-message" class="notice" role="status">{move || export_message.get().unwrap_or_default()}</p>
            </Show>
            <label class="field">
                "Outbox file to import"
                <input id="import-file" type="file" accept=".json,application/json"/>
            </label>
            <SecretField id="import-passphrase" label="The file's passphrase" autocomplete="off" value=import_passphrase/>
            <button id="import-outbox" class="secondary-button" on:click=import_outbox>"Import responses"</button>
            <Show when=move || import_message.get().is_some()>
                <p id="import-message" class="notice" role="status">{move || import_message.get().unwrap_or_default()}</p>
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
                            on:click=move |_| { choose.dispatch_local(id.clone()); }
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
        <section class="staff-console" aria-labelledby="staff-heading">
            <h2 id="staff-heading">"Staff"</h2>
            <p>"Admins, evaluators and practitioners: risk alerts, outcomes and administration are in the staff console."</p>
            <a id="staff-sign-in" class="secondary-button link-button" href="/console">"Staff sign-in"</a>
        </section>
        <button class="secondary-button" on:click=move |_| context.navigate(Screen::Home)>"Back"</button>
    }
}
