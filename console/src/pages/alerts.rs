//! The risk-alert inbox (practitioners and admins): the open alerts of the caller's part of the
//! hierarchy, newest first, with instrument, question, answer, time and tablet; acknowledging
//! one with an optional note (audited by the server); and the acknowledged ones below.

use crate::alerts::OpenAlerts;
use crate::api::encode;
use crate::browser::display_time;
use crate::components::message::{ErrorMessage, StatusMessage};
use crate::instruments::{Definition, Listed};
use crate::session::Session;
use leptos::prelude::*;
use shared::api::AlertView;

/// What people read of an alert's question and answer, from the instrument definitions.
#[derive(Debug, Clone, PartialEq)]
struct Described {
    instrument: String,
    question: String,
    answer: String,
}

fn describe(alert: &AlertView, definitions: &[Definition]) -> Described {
    let definition = definitions
        .iter()
        .filter(|d| d.id == alert.instrument_id)
        .max_by_key(|d| d.version);
    let item = definition.and_then(|d| d.items.iter().find(|i| i.id == alert.item));
    let label = item.and_then(|item| {
        item.response
            .options
            .iter()
            .find(|o| o.value == alert.answer)
            .map(|o| o.label.clone())
    });
    Described {
        instrument: definition
            .map(|d| d.title.clone())
            .unwrap_or_else(|| alert.instrument_id.clone()),
        question: item
            .map(|i| format!("{}: {}", alert.item, i.text))
            .unwrap_or_else(|| alert.item.clone()),
        answer: match label {
            Some(label) => format!("{label} ({})", alert.answer),
            None => alert.answer.to_string(),
        },
    }
}

#[component]
pub fn AlertsPage() -> impl IntoView {
    let session = Session::current();
    let alerts = OpenAlerts::current();
    let open = RwSignal::new(None::<Vec<AlertView>>);
    let acknowledged = RwSignal::new(None::<Vec<AlertView>>);
    let definitions = RwSignal::new(Vec::<Definition>::new());
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);

    let reload = move || {
        session.spawn(async move {
            match alerts.refresh(session).await {
                Ok(list) => {
                    open.try_set(Some(list));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            };
            match session
                .get::<Vec<AlertView>>("/alerts?state=acknowledged")
                .await
            {
                Ok(list) => {
                    acknowledged.try_set(Some(list));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            };
        });
    };
    session.spawn(async move {
        if let Ok(list) = session.get::<Listed>("/instruments").await {
            definitions.try_set(list.definitions);
        }
    });
    reload();

    let acknowledge = move |alert: AlertView, note: String| {
        error.set(None);
        status.set(None);
        session.spawn(async move {
            let path = format!(
                "/alerts/{}/{}/acknowledge",
                encode(&alert.response_id),
                encode(&alert.rule)
            );
            let body = serde_json::json!({ "note": note });
            match session.post_no_content(&path, Some(&body)).await {
                Ok(()) => {
                    status.try_set(Some(format!(
                        "Alert acknowledged ({} raised {}).",
                        alert.instrument_id,
                        display_time(&alert.raised_at)
                    )));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
            reload();
            crate::browser::focus("alerts-status");
        });
    };

    view! {
        <p class="page-intro">"Answers that need a practitioner's attention, from responses uploaded in your part of the organisation. Acknowledge an alert once it has been acted on; the acknowledgement, with your name and the time, is kept and audited."</p>
        <StatusMessage id="alerts-status" message=status/>
        <ErrorMessage id="alerts-error" message=error/>
        <section aria-labelledby="open-heading">
            <h2 id="open-heading">"Open alerts"</h2>
            {move || match open.get() {
                None => view! { <p>"Loading…"</p> }.into_any(),
                Some(list) if list.is_empty() => view! {
                    <p id="no-open-alerts" class="notice">"No open risk alerts."</p>
                }
                .into_any(),
                Some(list) => view! {
                    <ul class="alert-list" id="open-alerts">
                        {list
                            .into_iter()
                            .map(|alert| view! { <OpenAlert alert=alert definitions=definitions acknowledge=acknowledge/> })
                            .collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </section>
        <section aria-labelledby="acknowledged-heading">
            <h2 id="acknowledged-heading">"Acknowledged alerts"</h2>
            {move || match acknowledged.get() {
                None => view! { <p>"Loading…"</p> }.into_any(),
                Some(list) if list.is_empty() => view! { <p>"None yet."</p> }.into_any(),
                Some(list) => view! { <AcknowledgedTable list=list definitions=definitions/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn OpenAlert(
    alert: AlertView,
    definitions: RwSignal<Vec<Definition>>,
    acknowledge: impl Fn(AlertView, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let key = format!("{}-{}", alert.response_id, alert.rule);
    let note_id = format!("note-{key}");
    let heading_id = format!("alert-{key}");
    let labelled_by = heading_id.clone();
    let described = {
        let alert = alert.clone();
        move || describe(&alert, &definitions.get())
    };
    let tablet = alert
        .device_name
        .clone()
        .unwrap_or_else(|| "uploaded without a tablet (signed-in upload or file import)".into());
    let submit = {
        let alert = alert.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            acknowledge(alert.clone(), note.get_untracked());
        }
    };
    view! {
        <li class="alert-item" data-response=alert.response_id.clone()>
            <article aria-labelledby=labelled_by>
                <h3 id=heading_id>{{ let d = described.clone(); move || d().instrument }} " – " {alert.rule.clone()}</h3>
                <dl class="facts">
                    <dt>"Question"</dt><dd>{{ let d = described.clone(); move || d().question }}</dd>
                    <dt>"Answer"</dt><dd class="alert-answer">{move || described().answer}</dd>
                    <dt>"Raised"</dt><dd>{display_time(&alert.raised_at)}</dd>
                    <dt>"Tablet"</dt><dd>{tablet}</dd>
                    <dt>"Role"</dt><dd>{alert.role.clone()}</dd>
                    <dt>"Response"</dt><dd><code>{alert.response_id.clone()}</code></dd>
                </dl>
                <form class="acknowledge-form" on:submit=submit>
                    <div class="field">
                        <label for=note_id.clone()>"Note (optional): what was done"</label>
                        <textarea id=note_id maxlength="1000" rows="2"
                            prop:value=move || note.get()
                            on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    </div>
                    <button class="big-button acknowledge" type="submit">"Acknowledge"</button>
                </form>
            </article>
        </li>
    }
}

#[component]
fn AcknowledgedTable(
    list: Vec<AlertView>,
    definitions: RwSignal<Vec<Definition>>,
) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Acknowledged alerts (scrolls sideways on narrow screens)">
            <table id="acknowledged-alerts">
                <caption>"Acknowledged alerts, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Raised"</th>
                        <th scope="col">"Instrument"</th>
                        <th scope="col">"Answer"</th>
                        <th scope="col">"Tablet"</th>
                        <th scope="col">"Acknowledged"</th>
                        <th scope="col">"By"</th>
                        <th scope="col">"Note"</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|alert| {
                            let described = {
                                let alert = alert.clone();
                                move || describe(&alert, &definitions.get())
                            };
                            view! {
                                <tr>
                                    <td>{display_time(&alert.raised_at)}</td>
                                    <td>{{ let d = described.clone(); move || d().instrument }}</td>
                                    <td>{move || described().answer}</td>
                                    <td>{alert.device_name.clone().unwrap_or_default()}</td>
                                    <td>{alert.acknowledged_at.as_deref().map(display_time).unwrap_or_default()}</td>
                                    <td>{alert.acknowledged_by.clone().unwrap_or_default()}</td>
                                    <td class="alert-note">{alert.acknowledgement_note.clone().unwrap_or_default()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
