//! The audit log: who did what, when, to what, newest first; filtered by action, actor and UTC
//! days, fifty records a page with Previous and Next.

use crate::api::encode;
use crate::browser::display_time;
use crate::components::message::ErrorMessage;
use crate::session::Session;
use leptos::prelude::*;
use shared::api::AuditRecord;

const PAGE: usize = 50;

/// The filters as applied.
#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    action: String,
    actor: String,
    from: String,
    to: String,
}

impl Filters {
    /// The query of page `page` (from 0); one record more than a page shows whether a next
    /// page exists.
    fn query(&self, page: usize) -> String {
        let mut query = format!("limit={}&offset={}", PAGE + 1, page * PAGE);
        for (name, value) in [
            ("action", &self.action),
            ("actor", &self.actor),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !value.trim().is_empty() {
                query.push_str(&format!("&{name}={}", encode(value.trim())));
            }
        }
        query
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let session = Session::current();
    let applied = RwSignal::new(Filters::default());
    let page = RwSignal::new(0usize);
    let records = RwSignal::new(None::<Vec<AuditRecord>>);
    let error = RwSignal::new(None::<String>);
    let load = move || {
        let query = applied.get_untracked().query(page.get_untracked());
        error.set(None);
        session.spawn(async move {
            match session
                .get::<Vec<AuditRecord>>(&format!("/audit?{query}"))
                .await
            {
                Ok(list) => {
                    records.try_set(Some(list));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    };
    load();
    let action = RwSignal::new(String::new());
    let actor = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        applied.set(Filters {
            action: action.get_untracked(),
            actor: actor.get_untracked(),
            from: from.get_untracked(),
            to: to.get_untracked(),
        });
        page.set(0);
        load();
    };
    let more = move || records.with(|r| r.as_ref().is_some_and(|r| r.len() > PAGE));
    let turn = move |by: isize| {
        page.update(|p| *p = p.saturating_add_signed(by));
        load();
    };
    view! {
        <form id="audit-filters" class="filters panel" on:submit=apply aria-label="Audit log filters">
            <div class="field">
                <label for="audit-action">"Action (e.g. sign_in, acknowledge_alert)"</label>
                <input id="audit-action" type="text" autocomplete="off" list="audit-actions" prop:value=move || action.get() on:input=move |ev| action.set(event_target_value(&ev))/>
                <datalist id="audit-actions">
                    {move || {
                        let mut seen: Vec<String> = records.with(|r| r.iter().flatten().map(|r| r.action.clone()).collect());
                        seen.sort();
                        seen.dedup();
                        seen.into_iter().map(|a| view! { <option value=a></option> }).collect_view()
                    }}
                </datalist>
            </div>
            <div class="field">
                <label for="audit-actor">"Actor (account id, device:<id> or e-mail)"</label>
                <input id="audit-actor" type="text" autocomplete="off" prop:value=move || actor.get() on:input=move |ev| actor.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="audit-from">"From day (UTC)"</label>
                <input id="audit-from" type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="audit-to">"To day (UTC)"</label>
                <input id="audit-to" type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
            </div>
            <div class="filter-actions">
                <button id="apply-audit-filters" class="big-button" type="submit">"Show records"</button>
            </div>
        </form>
        <ErrorMessage id="audit-error" message=error/>
        {move || records.get().map(|list| {
            let shown: Vec<AuditRecord> = list.into_iter().take(PAGE).collect();
            let empty = shown.is_empty();
            view! {
                <p id="audit-page" role="status">{move || format!("Page {}", page.get() + 1)}</p>
                {empty.then(|| view! { <p class="notice">"No record matches."</p> })}
                <div class="table-wrap" tabindex="0" role="region" aria-label="Audit records (scrolls sideways on narrow screens)">
                    <table id="audit-log">
                        <caption>"Audit records, newest first"</caption>
                        <thead><tr>
                            <th scope="col">"When"</th>
                            <th scope="col">"Action"</th>
                            <th scope="col">"Actor"</th>
                            <th scope="col">"Subject"</th>
                            <th scope="col">"Detail"</th>
                            <th scope="col">"Address"</th>
                        </tr></thead>
                        <tbody>
                            {shown.into_iter().map(|r| view! {
                                <tr>
                                    <td>{display_time(&r.occurred_at)}</td>
                                    <td class="audit-action">{r.action}</td>
                                    <td>{r.actor}</td>
                                    <td>{r.subject.unwrap_or_default()}</td>
                                    <td>{r.detail.unwrap_or_default()}</td>
                                    <td>{r.address.unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        })}
        <nav class="button-row" aria-label="Audit log pages">
            <button id="audit-previous" class="secondary-button" type="button" disabled=move || page.get() == 0 on:click=move |_| turn(-1)>"Previous page"</button>
            <button id="audit-next" class="secondary-button" type="button" disabled=move || !more() on:click=move |_| turn(1)>"Next page"</button>
        </nav>
    }
}
