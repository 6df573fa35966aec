//! The always-visible sync status: how many responses wait and since when, the last successful
//! sync, how many need attention, progress while sending, and a button to lock the tablet.

use crate::format::short_time;
use crate::i18n::Locale;
use crate::session;
use crate::state::{AppContext, Screen};
use crate::vault;
use leptos::prelude::*;

#[component]
pub fn SyncBar() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let status = context.sync;
    let screen = context.screen;
    let locale = Locale::current();
    let summary = move || {
        let waiting = status.waiting.get();
        let state = match (status.syncing.get(), status.reachable.get()) {
            (true, _) if waiting > 0 => "sync-sending",
            (false, Some(false)) => "sync-offline",
            (false, Some(true)) if waiting == 0 => "sync-all-sent",
            _ if waiting > 0 && !vault::is_unlocked() => "sync-locked-waiting",
            _ => "sync-later",
        };
        locale.text(state)
    };
    let kiosk = context.kiosk;
    let unlocked_screen = Memo::new(move |_| screen.with(Screen::is_unlocked) && !kiosk.get());
    let attention_context = context.clone();
    view! {
        <header class="sync-bar" role="status" aria-live="polite">
            <span class="sync-waiting">
                <span id="waiting-count" data-count=move || status.waiting.get().to_string()>
                    {move || locale.text_args("sync-waiting", &[("count", status.waiting.get().into())])}
                </span>
                <Show when=move || status.oldest_waiting.get().is_some()>
                    <span id="oldest-waiting" class="sync-detail">
                        " "
                        {move || locale.text_args("sync-oldest", &[("time", short_time(&status.oldest_waiting.get().unwrap_or_default()).into())])}
                    </span>
                </Show>
            </span>
            <span id="sync-state" class="sync-state">{summary}</span>
            <Show when=move || status.progress.get().is_some()>
                <progress
                    id="sync-progress"
                    max="1"
                    value=move || status.progress.get().map_or(0.0, |p| p.fraction()).to_string()
                    aria-label=locale.t("sync-progress")
                ></progress>
            </Show>
            <Show when=move || status.last_success.get().is_some()>
                <span id="last-success" class="sync-detail">
                    {move || locale.text_args("sync-last-sent", &[("time", short_time(&status.last_success.get().unwrap_or_default()).into())])}
                </span>
            </Show>
            <Show when=move || { status.needs_attention.get() > 0 }>
                {
                    let context = attention_context.clone();
                    view! {
                        <button
                            id="needs-attention"
                            class="sync-attention"
                            data-count=move || status.needs_attention.get().to_string()
                            disabled=move || !unlocked_screen.get()
                            on:click=move |_| context.navigate(Screen::Attention)
                        >
                            {move || locale.text_args("sync-attention", &[("count", status.needs_attention.get().into())])}
                        </button>
                    }
                }
            </Show>
            <Show when=move || status.problem.get().is_some()>
                <span class="sync-problem">{move || status.problem.get().unwrap_or_default()}</span>
            </Show>
            <Show when=move || unlocked_screen.get()>
                {
                    let lock_context = context.clone();
                    view! {
                        <button id="lock-now" class="lock-button" on:click=move |_| session::lock(&lock_context)>
                            {locale.t("lock")}
                        </button>
                    }
                }
            </Show>
        </header>
    }
}
