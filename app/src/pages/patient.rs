//! The caseload: patients the practitioner keeps on this tablet, each with the earlier scores
//! and goals pulled from the server (available offline), and questionnaires started for them
//! with their NHS number already filled in.

use crate::format::short_time;
use crate::i18n::Locale;
use crate::pages::change::ChangeSummary;
use crate::pages::demographics::DemographicsForm;
use crate::platform;
use crate::state::{AppContext, Screen, Settle, screen_action};
use crate::store::caseload::{self, Patient};
use crate::store::drafts::{self, DraftContent};
use leptos::prelude::*;
use shared::api::PatientChange;
use shared::demographics::PatientDemographics;
use shared::instrument::ResponseFormat;
use shared::nhs_number::NhsNumber;

/// The caseload on the home screen: the patients, and a form to add one.
#[component]
pub fn CaseloadSection() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let settle = Settle::current();
    let db = context.db;
    let refresh = RwSignal::new(0u32);
    let patients = LocalResource::new(move || {
        refresh.track();
        let db = db.get();
        settle.during(async move { caseload::all(&db).await.unwrap_or_default() })
    });
    let label = RwSignal::new(String::new());
    let nhs_number = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let save = {
        let context = context.clone();
        screen_action(move |patient: &Patient| {
            let patient = patient.clone();
            let context = context.clone();
            async move {
                match caseload::put(&context.db(), &patient, &platform::now_text()).await {
                    Ok(()) => {
                        label.set(String::new());
                        nhs_number.set(String::new());
                        message.set(None);
                        refresh.update(|n| *n += 1);
                        // Look the patient's key up (and pull) as soon as the server is reachable.
                        context.trigger_sync();
                    }
                    Err(e) => message.set(Some(e.to_string())),
                }
            }
        })
    };
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
        save.dispatch_local(Patient {
            id: platform::new_uuid().to_string(),
            label: chosen,
            nhs_number: digits,
            patient_key: None,
            demographics: PatientDemographics::default(),
            postcode_sent: false,
        });
    };
    let open = {
        let context = context.clone();
        move |id: String| context.navigate(Screen::Patient { id })
    };
    view! {
        <section class="caseload" aria-labelledby="caseload-heading">
            <h2 id="caseload-heading">"Caseload"</h2>
            // Read under the start screen's boundary, which shows once this list has loaded.
            {move || patients.get().map(|patients| view! {
                    <ul class="instrument-list">
                        {patients.into_iter().map(|p| {
                            let id = p.id.clone();
                            let open = open.clone();
                            view! {
                                <li>
                                    <button
                                        class="big-button caseload-patient"
                                        data-patient=p.id.clone()
                                        on:click=move |_| open(id.clone())
                                    >
                                        {p.label.clone()}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
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

/// A questionnaire to open for a patient: the instrument and, for a goal review, the earlier
/// response with its goals item and goals.
#[derive(Debug, Clone)]
struct StartFor {
    instrument_id: String,
    patient: Patient,
    review: Option<(String, String, serde_json::Value)>,
}

/// Opens a questionnaire for the patient as a new draft with the NHS number (and, for a goal
/// review, the goals) filled in.
async fn start_for(context: AppContext, start: StartFor) {
    let StartFor {
        instrument_id,
        patient,
        review,
    } = start;
    let mut content = DraftContent {
        nhs_number: Some(patient.nhs_number.clone()),
        ..DraftContent::default()
    };
    let review_of = review.map(|(response_id, item, goals)| {
        content.answers.insert(item, goals);
        content.review_of = Some(response_id.clone());
        response_id
    });
    if let Ok(id) = drafts::create(&context.db(), &instrument_id, &content).await {
        context.navigate(Screen::Questionnaire {
            instrument_id,
            review_of,
            draft: Some(id),
        });
    }
}

/// One patient: their earlier responses (offline), and questionnaires to start for them.
#[component]
pub fn PatientPage(id: String) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let settle = Settle::current();
    let catalog = context.catalog;
    let db = context.db;
    let start = {
        let context = context.clone();
        screen_action(move |start: &StartFor| start_for(context.clone(), start.clone()))
    };
    let loaded = LocalResource::new(move || {
        let id = id.clone();
        let db = db.get();
        settle.during(async move {
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
        })
    });
    let title = move |instrument_id: &str| {
        catalog
            .with_untracked(|c| c.latest(instrument_id).map(|d| d.title.clone()))
            .unwrap_or_else(|| instrument_id.to_owned())
    };
    // `ons4.happiness` as its definition names it.
    let measure_label = move |key: &str| -> String {
        let (instrument, measure) = key.split_once('.').unwrap_or((key, ""));
        catalog
            .with_untracked(|c| {
                c.latest(instrument)
                    .and_then(|d| d.measures.iter().find(|m| m.id == measure))
                    .map(|m| m.label.clone())
            })
            .unwrap_or_else(|| key.to_owned())
    };
    let locale = Locale::current();
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
                        <DemographicsForm patient=patient.clone()/>
                        <p class="notice">{note}</p>
                        {(count > 0).then(|| view! {
                            <ChangeSummary changes=earlier.clone() catalog=catalog.get_untracked()/>
                        })}
                        <h2>{locale.t("patient-earlier")}</h2>
                        <ul id="earlier-responses" class="earlier" data-count=count.to_string()>
                            {earlier.into_iter().rev().map(|change| {
                                let scores = change.scores.iter().map(|s| {
                                    let label = measure_label(&s.measure);
                                    match &s.band {
                                        Some(band) => format!("{label} {} ({band})", s.value),
                                        None => format!("{label} {}", s.value),
                                    }
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
                                                start.dispatch_local(StartFor {
                                                    instrument_id: instrument_id.clone(),
                                                    patient: patient.clone(),
                                                    review: Some((response_id.clone(), item, cleared.clone())),
                                                });
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
                        <h2>{locale.t("patient-start")}</h2>
                        <ul class="instrument-list">
                            {instruments.into_iter().map(|(instrument_id, name)| {
                                let patient = start_patient.clone();
                                let start_id = instrument_id.clone();
                                view! {
                                    <li>
                                        <button class="big-button" id=format!("patient-start-{instrument_id}")
                                            on:click=move |_| {
                                                start.dispatch_local(StartFor {
                                                    instrument_id: start_id.clone(),
                                                    patient: patient.clone(),
                                                    review: None,
                                                });
                                            }>
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
        <button class="secondary-button" on:click=move |_| context.navigate(Screen::Home)>"Back"</button>
    }
}
