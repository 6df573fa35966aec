//! Responses the server refused or that conflict with a stored one, each with the reason. They
//! stay on the tablet until someone deals with them: send again (after the cause was fixed, e.g.
//! an instrument enabled on the server), correct them (a new response, prefilled, that supersedes
//! the refused one, which is kept and marked), or export them with the waiting outbox.

use crate::format::short_time;
use crate::state::{AppContext, Screen, Settle, screen_action};
use crate::store::drafts::{self, DraftContent};
use crate::store::outbox;
use leptos::prelude::*;
use rexie::Rexie;
use shared::response::ResponseRecord;

/// One refused response as listed: what it was, when, and why it was refused.
#[derive(Debug, Clone)]
struct Refused {
    id: String,
    what: String,
    queued_at: String,
    reason: String,
    record: Option<ResponseRecord>,
    corrected_by: Option<String>,
}

async fn load(db: &Rexie) -> Result<Vec<Refused>, String> {
    let entries = outbox::needing_attention(db)
        .await
        .map_err(|e| e.to_string())?;
    let mut listed = Vec::with_capacity(entries.len());
    for entry in entries {
        let record = match entry.open().await {
            Ok(text) => serde_json::from_str::<ResponseRecord>(&text).ok(),
            Err(_) => None,
        };
        let what = match &record {
            Some(record) => format!(
                "{} (version {})",
                record.instrument_id, record.instrument_version
            ),
            None => "An unreadable record".to_owned(),
        };
        listed.push(Refused {
            id: entry.id,
            what,
            queued_at: entry.queued_at,
            reason: entry.reason,
            record,
            corrected_by: entry.corrected_by,
        });
    }
    listed.sort_by(|a, b| a.queued_at.cmp(&b.queued_at));
    Ok(listed)
}

#[component]
pub fn AttentionPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let settle = Settle::current();
    let db = context.db;
    let refresh = RwSignal::new(0u32);
    let listed = LocalResource::new(move || {
        refresh.track();
        let db = db.get();
        settle.during(async move { load(&db).await })
    });
    let message = RwSignal::new(None::<String>);
    let send_again = {
        let context = context.clone();
        screen_action(move |id: &String| {
            let id = id.clone();
            let context = context.clone();
            async move {
                match outbox::send_again(&context.db(), &id).await {
                    Ok(()) => {
                        message.set(Some("Moved back to the waiting responses.".to_owned()));
                        context.after_outbox_change().await;
                    }
                    Err(e) => message.set(Some(e.to_string())),
                }
                refresh.update(|n| *n += 1);
            }
        })
    };
    // A correction: a draft prefilled with the refused answers, which supersedes the refused one.
    let correct = {
        let context = context.clone();
        screen_action(move |(refused_id, record): &(String, ResponseRecord)| {
            let content = DraftContent {
                answers: record.answers.clone(),
                nhs_number: record.patient.as_ref().and_then(|p| p.nhs_number.clone()),
                supersedes: Some(refused_id.clone()),
                ..DraftContent::default()
            };
            let instrument_id = record.instrument_id.clone();
            let context = context.clone();
            async move {
                match drafts::create(&context.db(), &instrument_id, &content).await {
                    Ok(id) => context.navigate(Screen::Questionnaire {
                        instrument_id,
                        review_of: None,
                        draft: Some(id),
                    }),
                    Err(e) => message.set(Some(e.to_string())),
                }
            }
        })
    };
    view! {
        <h1>"Responses that need attention"</h1>
        <p>"The server did not accept these. They stay on this tablet until they are sent again or exported; nothing is deleted."</p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || listed.get().map(|listed| match listed {
                Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Ok(listed) if listed.is_empty() => {
                    view! { <p id="attention-empty" class="notice">"Nothing needs attention."</p> }.into_any()
                }
                Ok(listed) => view! {
                    <ul id="attention-list" class="attention-list">
                        {listed
                            .into_iter()
                            .map(|refused| {
                                let id = refused.id.clone();
                                let correct_id = refused.id.clone();
                                let record = refused.record.clone();
                                let open = refused.corrected_by.is_none();
                                view! {
                                    <li class="attention-item" data-id=refused.id.clone() data-corrected=(!open).to_string()>
                                        <strong>{refused.what}</strong>
                                        <span class="sync-detail">{format!(" queued {}", short_time(&refused.queued_at))}</span>
                                        <p class="attention-reason">{refused.reason}</p>
                                        <Show
                                            when=move || open
                                            fallback=|| view! { <p class="notice">"Corrected: a new response replaces this one."</p> }
                                        >
                                            {
                                                let id = id.clone();
                                                let correct_id = correct_id.clone();
                                                let record = record.clone();
                                                view! {
                                                    <button class="secondary-button send-again" on:click=move |_| { send_again.dispatch_local(id.clone()); }>
                                                        "Send again"
                                                    </button>
                                                    {record.map(|record| view! {
                                                        <button class="secondary-button correct-response" on:click=move |_| { correct.dispatch_local((correct_id.clone(), record.clone())); }>
                                                            "Correct"
                                                        </button>
                                                    })}
                                                }
                                            }
                                        </Show>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any(),
            })}
        </Suspense>
        <Show when=move || message.get().is_some()>
            <p class="notice" role="status">{move || message.get().unwrap_or_default()}</p>
        </Show>
        <button class="secondary-button" on:click=move |_| context.navigate(Screen::Home)>"Back"</button>
    }
}
