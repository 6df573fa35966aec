//! Instruments: the versions published on this server with their licences; recording a
//! licensed instrument's registration (which enables it); importing a FHIR R4 Questionnaire:
//! first a preview, checked by the server exactly as publishing would (its validation errors
//! shown as the server words them), then publishing it as a new version.

use crate::api::encode;
use crate::components::message::{ErrorMessage, StatusMessage};
use crate::instruments::{Definition, Listed};
use crate::session::Session;
use leptos::prelude::*;
use shared::api::{DisabledInstrument, FhirImportRequest, FhirImportResponse, RegistrationRequest};

#[component]
pub fn InstrumentsPage() -> impl IntoView {
    let session = Session::current();
    let listed = RwSignal::new(None::<Listed>);
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    let reload = move || {
        session.spawn(async move {
            match session.get::<Listed>("/instruments").await {
                Ok(list) => {
                    listed.try_set(Some(list));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    };
    reload();
    let register = move |id: String, reference: String| {
        error.set(None);
        status.set(None);
        let recorded_by = session
            .user()
            .map(|u| u.display_name.as_str().to_owned())
            .unwrap_or_default();
        session.spawn(async move {
            let request = RegistrationRequest {
                reference,
                recorded_by,
            };
            let path = format!("/admin/instruments/{}/registration", encode(&id));
            match session.put_no_content(&path, &request).await {
                Ok(()) => {
                    status.try_set(Some(format!(
                        "Registration recorded: {id} is enabled and offered to tablets."
                    )));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
            reload();
        });
    };
    view! {
        <StatusMessage id="instruments-status" message=status/>
        <ErrorMessage id="instruments-error" message=error/>
        {move || listed.get().map(|list| view! {
            <Versions definitions=list.definitions/>
            <Disabled disabled=list.disabled register=register/>
        })}
        <FhirImport on_published=reload/>
    }
}

#[component]
fn Versions(definitions: Vec<Definition>) -> impl IntoView {
    view! {
        <section aria-labelledby="versions-heading">
            <h2 id="versions-heading">"Published versions"</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Instrument versions (scrolls sideways on narrow screens)">
                <table id="instrument-versions">
                    <caption>"Instrument versions offered to tablets"</caption>
                    <thead><tr>
                        <th scope="col">"Instrument"</th>
                        <th scope="col">"Id"</th>
                        <th scope="col">"Version"</th>
                        <th scope="col">"Questions"</th>
                        <th scope="col">"Licence"</th>
                    </tr></thead>
                    <tbody>
                        {definitions.into_iter().map(|d| view! {
                            <tr data-instrument=d.id.clone()>
                                <th scope="row">{d.title.clone()}</th>
                                <td><code>{d.id.clone()}</code></td>
                                <td>{d.version}</td>
                                <td>{d.items.len()}</td>
                                <td>{format!("{} ({})", d.licence.kind, d.licence.holder)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Disabled(
    disabled: Vec<DisabledInstrument>,
    register: impl Fn(String, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <section aria-labelledby="licensed-heading">
            <h2 id="licensed-heading">"Licensed instruments not yet enabled"</h2>
            {if disabled.is_empty() {
                view! { <p>"Every licensed instrument this server ships is enabled."</p> }.into_any()
            } else {
                disabled.into_iter().map(|d| {
                    let reference = RwSignal::new(String::new());
                    let input = format!("registration-{}", d.id);
                    let label_for = input.clone();
                    let id = d.id.clone();
                    let submit = move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        register(id.clone(), reference.get_untracked());
                    };
                    view! {
                        <form class="panel inline-form registration" data-instrument=d.id.clone() on:submit=submit>
                            <p><strong>{d.title.clone()}</strong> ": " {d.reason.clone()}</p>
                            <div class="field">
                                <label for=label_for>{format!("Registration or licence reference for {}", d.title)}</label>
                                <input id=input type="text" required autocomplete="off" prop:value=move || reference.get() on:input=move |ev| reference.set(event_target_value(&ev))/>
                            </div>
                            <button class="big-button" type="submit">"Record the registration"</button>
                        </form>
                    }
                }).collect_view().into_any()
            }}
        </section>
    }
}

#[component]
fn FhirImport(on_published: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let session = Session::current();
    let text = RwSignal::new(String::new());
    let id = RwSignal::new(String::new());
    let domain = RwSignal::new(String::new());
    let preview = RwSignal::new(None::<FhirImportResponse>);
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    let send = move |publish: bool| {
        error.set(None);
        status.set(None);
        if !publish {
            preview.set(None);
        }
        session.spawn(async move {
            let questionnaire =
                match serde_json::from_str::<serde_json::Value>(&text.get_untracked()) {
                    Ok(value) => value,
                    Err(e) => {
                        error.try_set(Some(format!("The text is not JSON: {e}")));
                        return;
                    }
                };
            let request = FhirImportRequest {
                questionnaire,
                id: Some(id.get_untracked()).filter(|i| !i.trim().is_empty()),
                domain: Some(domain.get_untracked()).filter(|d| !d.is_empty()),
                preview: !publish,
            };
            match session
                .post::<FhirImportResponse>("/admin/instruments/fhir", &request)
                .await
            {
                Ok(summary) if publish => {
                    status.try_set(Some(format!(
                        "Published {} version {}: tablets are offered it at once.",
                        summary.id, summary.version
                    )));
                    preview.try_set(None);
                    on_published();
                }
                Ok(summary) => {
                    preview.try_set(Some(summary));
                }
                Err(message) => {
                    error.try_set(Some(format!("Not importable: {message}")));
                }
            }
        });
    };
    let load_file = move |_| {
        session.spawn(async move {
            match crate::browser::chosen_file_text("fhir-file").await {
                Ok(contents) => {
                    text.try_set(contents);
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    };
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(false);
    };
    view! {
        <section class="panel" aria-labelledby="fhir-heading">
            <h2 id="fhir-heading">"Import a FHIR Questionnaire"</h2>
            <p>"Paste a FHIR R4 Questionnaire (or choose its file), check it, then publish it as a new instrument version. A published version is never changed."</p>
            <form id="fhir-import" on:submit=check>
                <div class="field">
                    <label for="fhir-file">"Questionnaire file (JSON)"</label>
                    <input id="fhir-file" type="file" accept=".json,application/json,application/fhir+json" on:change=load_file/>
                </div>
                <div class="field">
                    <label for="fhir-text">"Questionnaire JSON"</label>
                    <textarea id="fhir-text" rows="8" required prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </div>
                <div class="inline-form">
                    <div class="field">
                        <label for="fhir-id">"Publish under the id (optional)"</label>
                        <input id="fhir-id" type="text" autocomplete="off" prop:value=move || id.get() on:input=move |ev| id.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="fhir-domain">"Outcome domain of its total (optional)"</label>
                        <select id="fhir-domain" on:change=move |ev| domain.set(event_target_value(&ev))>
                            <option value="">"As the Questionnaire says"</option>
                            {shared::catalog::default_domains().into_iter().map(|d| view! { <option value=d.id>{d.name}</option> }).collect_view()}
                        </select>
                    </div>
                    <button id="fhir-check" class="secondary-button" type="submit">"Check"</button>
                </div>
            </form>
            <ErrorMessage id="fhir-error" message=error/>
            <StatusMessage id="fhir-status" message=status/>
            {move || preview.get().map(|p| view! {
                <div id="fhir-preview" class="notice">
                    <h3>"It can be published"</h3>
                    <dl class="facts">
                        <dt>"Instrument"</dt><dd>{format!("{} ({} version {})", p.title, p.id, p.version)}</dd>
                        <dt>"Questions"</dt><dd>{p.items}</dd>
                        <dt>"Scores"</dt><dd>{p.measures.join(", ")}</dd>
                    </dl>
                    <button id="fhir-publish" class="big-button" type="button" on:click=move |_| send(true)>"Publish this version"</button>
                </div>
            })}
        </section>
    }
}
