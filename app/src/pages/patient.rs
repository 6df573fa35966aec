//! The caseload: patients the practitioner keeps on this tablet, each with the earlier scores
//! and goals pulled from the server (available offline), and questionnaires started for them
//! with their NHS number already filled in.

use crate::app::{AppContext, Screen, short_time};
use crate::platform;
use crate::store::caseload::{self, Patient};
use crate::store::drafts::{self, DraftContent};
use crate::store::schema;
use crate::sync;
use leptos::prelude::*;
use shared::api::PatientChange;
use shared::instrument::ResponseFormat;
use shared::nhs_number::NhsNumber;

/// The caseload on the home screen: the patients, and a form to add one.
#[component]
pub fn CaseloadSection() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let screen = context.screen;
    let status = context.sync;
    let refresh = RwSignal::new(0u32);
    let patients = LocalResource::new(move || {
        refresh.track();
        async move {
            match schema::open().await {
                Ok(db) => caseload::all(&db).await.unwrap_or_default(),
                Err(_) => Vec::new(),
            }
        }
    });
    let label = RwSignal::new(String::new());
    let nhs_number = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let add = move |_| {
        let chosen = label.get_untracked().trim().to_owned();
        let number = nhs_number.get_untracked();
        if chosen.is_empty() {
            message.set(Some(
                "Give the patient a name or initials you will recognise.".to_owned(),
            ));
            return;
        }
        let digits = match NhsNumber::parse(&number) {
            Ok(n) => n.digits().to_owned(),
            Err(e) => {
                message.set(Some(e.to_string()));
                return;
            }
        };
        leptos::task::spawn_local(async move {
            let patient = Patient {
                id: platform::new_uuid().to_string(),
                label: chosen,
                nhs_number: digits,
                patient_key: None,
            };
            let saved = match schema::open().await {
                Ok(db) => caseload::put(&db, &patient, &platform::now_text()).await,
                Err(e) => Err(e),
            };
            match saved {
                Ok(()) => {
                    label.set(String::new());
                    nhs_number.set(String::new());
                    message.set(None);
                    refresh.update(|n| *n += 1);
                    // Look the patient's key up (and pull) as soon as the server is reachable.
                    sync::trigger(status);
                }
                Err(e) => message.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="caseload" aria-labelledby="caseload-heading">
            <h2 id="caseload-heading">"Caseload"</h2>
            <Suspense fallback=|| ()>
                {move || patients.get().map(|patients| view! {
                    <ul class="instrument-list">
                        {patients.into_iter().map(|p| {
                            let id = p.id.clone();
                            view! {
                                <li>
                                    <button
                                        class="big-button caseload-patient"
                                        data-patient=p.id.clone()
                                        on:click=move |_| screen.set(Screen::Patient { id: id.clone() })
                                    >
                                        {p.label.clone()}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
            </Suspense>
            <details class="add-patient">
                <summary>"Add a patient"</summary>
                <label class="field">
                    "Name or initials (kept only on this tablet, encrypted)"
                    <input id="patient-label" type="text" autocomplete="off"
                        prop:value=move || label.get()
                        on:input=move |ev| label.set(event_target_value(&ev))/>
                </label>
                <label class="field">
                    "NHS number"
                    <input id="patient-nhs" type="text" inputmode="numeric" autocomplete="off" maxlength="12"
                        prop:value=move || nhs_number.get()
                        on:input=move |ev| nhs_number.set(event_target_value(&ev))/>
                </label>
                <button id="add-patient" class="secondary-button" on:click=add>"Add to caseload"</button>
                <Show when=move || message.get().is_some()>
                    <p class="error" role="alert">{move || message.get().unwrap_or_default()}</p>
                </Show>
            </details>
        </section>
    }
}

/// Opens a questionnaire for `patient` as a new draft with the NHS number (and, for a goal
/// review, the goals) filled in.
fn start_for(
    screen: RwSignal<Screen>,
    instrument_id: String,
    patient: &Patient,
    review: Option<(String, String, serde_json::Value)>,
) {
    let mut content = DraftContent {
        nhs_number: Some(patient.nhs_number.clone()),
        ..DraftContent::default()
    };
    let review_of = review.map(|(response_id, item, goals)| {
        content.answers.insert(item, goals);
        content.review_of = Some(response_id.clone());
        response_id
    });
    leptos::task::spawn_local(async move {
        let Ok(db) = schema::open().await else {
            return;
        };
        if let Ok(id) = drafts::create(&db, &instrument_id, &content).await {
            screen.set(Screen::Questionnaire {
                instrument_id,
                review_of,
                draft: Some(id),
            });
        }
    });
}

/// One patient: their earlier responses (offline), and questionnaires to start for them.
#[component]
pub fn PatientPage(id: String) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let screen = context.screen;
    let catalog = context.catalog;
    let loaded = LocalResource::new(move || {
        let id = id.clone();
        async move {
            let db = schema::open().await.map_err(|e| e.to_string())?;
            let patient = caseload::all(&db)
                .await
                .map_err(|e| e.to_string())?
                .into_iter()
                .find(|p| p.id == id)
                .ok_or_else(|| "This patient is no longer on the caseload.".to_owned())?;
            let (history, _, pulled_ms) =
                caseload::history(&db).await.map_err(|e| e.to_string())?;
            let earlier: Vec<PatientChange> = patient
                .patient_key
                .as_ref()
                .and_then(|key| history.get(key).cloned())
                .unwrap_or_default();
            Ok::<_, String>((patient, earlier, pulled_ms))
        }
    });
    let title = move |instrument_id: &str| {
        catalog
            .with_untracked(|c| c.latest(instrument_id).map(|d| d.title.clone()))
            .unwrap_or_else(|| instrument_id.to_owned())
    };
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || loaded.get().map(|loaded| match loaded {
                Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Ok((patient, earlier, pulled_ms)) => {
                    let instruments: Vec<(String, String)> = catalog.with_untracked(|c| {
                        c.latest_versions().into_iter().map(|d| (d.id.clone(), d.title.clone())).collect()
                    });
                    let count = earlier.len();
                    let note = match (&patient.patient_key, pulled_ms) {
                        (None, _) => "Earlier scores appear once the tablet has been online after adding this patient.".to_owned(),
                        (Some(_), None) => "Earlier scores have not been fetched yet.".to_owned(),
                        (Some(_), Some(ms)) => {
                            let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
                            format!("Earlier scores as of {}.", short_time(&String::from(at.to_iso_string())))
                        }
                    };
                    let start_patient = patient.clone();
                    view! {
                        <h1 id="patient-label-heading">{patient.label.clone()}</h1>
                        <p class="role-line">"NHS number " {patient.nhs_number.clone()}</p>
                        <h2>"Earlier responses"</h2>
                        <p class="notice">{note}</p>
                        <ul id="earlier-responses" class="earlier" data-count=count.to_string()>
                            {earlier.into_iter().rev().map(|change| {
                                let scores = change.scores.iter().map(|s| match &s.band {
                                    Some(band) => format!("{} {} ({band})", s.measure, s.value),
                                    None => format!("{} {}", s.measure, s.value),
                                }).collect::<Vec<_>>().join(", ");
                                let review = change.goals.clone().map(|goals| {
                                    let patient = patient.clone();
                                    let instrument_id = change.instrument_id.clone();
                                    let response_id = change.response_id.clone();
                                    let item = catalog.with_untracked(|c| {
                                        c.get(&change.instrument_id, change.instrument_version).and_then(|d| {
                                            d.items.iter().find(|i| matches!(i.response, ResponseFormat::Goals { .. })).map(|i| i.id.clone())
                                        })
                                    });
                                    let cleared = match goals {
                                        serde_json::Value::Array(list) => serde_json::Value::Array(list.into_iter().map(|mut g| {
                                            if let Some(o) = g.as_object_mut() { o.remove("attainment"); }
                                            g
                                        }).collect()),
                                        other => other,
                                    };
                                    view! {
                                        <button class="secondary-button review-earlier-goals" on:click=move |_| {
                                            if let Some(item) = item.clone() {
                                                start_for(screen, instrument_id.clone(), &patient, Some((response_id.clone(), item, cleared.clone())));
                                            }
                                        }>"Review these goals"</button>
                                    }
                                });
                                view! {
                                    <li class="earlier-response" data-response=change.response_id.clone()>
                                        <strong>{title(&change.instrument_id)}</strong>
                                        {format!(" {}: ", short_time(&change.recorded_at))}
                                        <span class="earlier-scores">{scores}</span>
                                        {review}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <h2>"Start a questionnaire"</h2>
                        <ul class="instrument-list">
                            {instruments.into_iter().map(|(instrument_id, name)| {
                                let patient = start_patient.clone();
                                let start_id = instrument_id.clone();
                                view! {
                                    <li>
                                        <button class="big-button" id=format!("patient-start-{instrument_id}")
                                            on:click=move |_| start_for(screen, start_id.clone(), &patient, None)>
                                            {name}
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            })}
        </Suspense>
        <button class="secondary-button" on:click=move |_| screen.set(Screen::Home)>"Back"</button>
    }
}
