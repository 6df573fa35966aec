//! Responses the server refused or that conflict with a stored one, each with the reason. They
//! stay on the tablet until someone deals with them: send again (after the cause was fixed, e.g.
//! an instrument enabled on the server), or export them with the waiting outbox in Settings.

use crate::app::{AppContext, Screen};
use crate::store::{outbox, schema};
use crate::sync;
use leptos::prelude::*;
use shared::response::ResponseRecord;

/// One refused response as listed: what it was, when, and why it was refused.
#[derive(Debug, Clone)]
struct Refused {
    id: String,
    what: String,
    queued_at: String,
    reason: String,
}

async fn load() -> Result<Vec<Refused>, String> {
    let db = schema::open().await.map_err(|e| e.to_string())?;
    let entries = outbox::needing_attention(&db)
        .await
        .map_err(|e| e.to_string())?;
    let mut listed = Vec::with_capacity(entries.len());
    for entry in entries {
        let what = match entry.open().await {
            Ok(text) => match serde_json::from_str::<ResponseRecord>(&text) {
                Ok(record) => format!(
                    "{} (version {})",
                    record.instrument_id, record.instrument_version
                ),
                Err(_) => "An unreadable record".to_owned(),
            },
            Err(e) => e.to_string(),
        };
        listed.push(Refused {
            id: entry.id,
            what,
            queued_at: entry.queued_at,
            reason: entry.reason,
        });
    }
    listed.sort_by(|a, b| a.queued_at.cmp(&b.queued_at));
    Ok(listed)
}

#[component]
pub fn AttentionPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let screen = context.screen;
    let status = context.sync;
    let refresh = RwSignal::new(0u32);
    let listed = LocalResource::new(move || {
        refresh.track();
        load()
    });
    let message = RwSignal::new(None::<String>);
    let send_again = move |id: String| {
        leptos::task::spawn_local(async move {
            let moved = match schema::open().await {
                Ok(db) => outbox::send_again(&db, &id).await,
                Err(e) => Err(e),
            };
            match moved {
                Ok(()) => {
                    message.set(Some("Moved back to the waiting responses.".to_owned()));
                    sync::refresh_counts(status).await;
                    sync::trigger(status);
                }
                Err(e) => message.set(Some(e.to_string())),
            }
            refresh.update(|n| *n += 1);
        });
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
                                view! {
                                    <li class="attention-item" data-id=refused.id.clone()>
                                        <strong>{refused.what}</strong>
                                        <span class="sync-detail">{format!(" queued {}", refused.queued_at)}</span>
                                        <p class="attention-reason">{refused.reason}</p>
                                        <button class="secondary-button send-again" on:click=move |_| send_again(id.clone())>
                                            "Send again"
                                        </button>
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
        <button class="secondary-button" on:click=move |_| screen.set(Screen::Home)>"Back"</button>
    }
}
