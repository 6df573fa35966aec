//! The research row export: pseudonymised responses of one instrument for approved research,
//! with its purpose and approval reference (both written to the audit log before any row is
//! read), an organisation and months, as CSV or NDJSON, and its data dictionary.

use crate::api::encode;
use crate::components::message::{ErrorMessage, StatusMessage};
use crate::components::organisation_picker::{self, OrganisationPicker};
use crate::session::Session;
use leptos::prelude::*;
use shared::api::OrganisationView;

#[component]
pub fn ResearchPage() -> impl IntoView {
    let session = Session::current();
    let organisations = RwSignal::new(Vec::<OrganisationView>::new());
    let instruments = RwSignal::new(Vec::<(String, String)>::new());
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    organisation_picker::load(session, organisations, error);
    session.spawn(async move {
        if let Ok(list) = session
            .get::<crate::instruments::Listed>("/instruments")
            .await
        {
            instruments.try_set(crate::instruments::titles(&list.definitions));
        }
    });
    let instrument = RwSignal::new(String::new());
    let purpose = RwSignal::new(String::new());
    let approval = RwSignal::new(String::new());
    let organisation = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let format = RwSignal::new("csv".to_owned());
    let download = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        status.set(None);
        let mut query = Vec::new();
        for (name, value) in [
            ("instrument", instrument.get_untracked()),
            ("purpose", purpose.get_untracked()),
            ("approval", approval.get_untracked()),
            ("organisation", organisation.get_untracked()),
            ("from", from.get_untracked()),
            ("to", to.get_untracked()),
        ] {
            if !value.trim().is_empty() {
                query.push(format!("{name}={}", encode(value.trim())));
            }
        }
        let extension = format.get_untracked();
        let path = format!("/admin/research/responses.{extension}?{}", query.join("&"));
        session.spawn(async move {
            match session
                .download(&path, &format!("research.{extension}"))
                .await
            {
                Ok(done) => {
                    status.try_set(Some(done));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    };
    let dictionary = move |_| {
        error.set(None);
        session.spawn(async move {
            let path = format!(
                "/admin/research/datapackage.json?instrument={}",
                encode(&instrument.get_untracked())
            );
            match session.download(&path, "datapackage.json").await {
                Ok(done) => {
                    status.try_set(Some(done));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    };
    view! {
        <p class="page-intro">"Pseudonymised responses for approved research: each export gets its own pseudonyms (two exports cannot be linked), free text is left out, and the purpose and approval are written to the audit log before any row is read."</p>
        <form id="research-export" class="filters panel" on:submit=download>
            <div class="field">
                <label for="research-instrument">"Instrument"</label>
                <select id="research-instrument" required on:change=move |ev| instrument.set(event_target_value(&ev))>
                    <option value="">"Choose an instrument"</option>
                    {move || instruments.get().into_iter().map(|(id, title)| view! { <option value=id>{title}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="research-purpose">"Purpose (10 to 500 characters)"</label>
                <textarea id="research-purpose" required minlength="10" maxlength="500" rows="3" prop:value=move || purpose.get() on:input=move |ev| purpose.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="research-approval">"Approval reference (e.g. IRAS or REC number)"</label>
                <input id="research-approval" type="text" required autocomplete="off" prop:value=move || approval.get() on:input=move |ev| approval.set(event_target_value(&ev))/>
            </div>
            <OrganisationPicker id="research-organisation" label="Organisation" organisations=organisations value=organisation any_label="My organisation (all below it)"/>
            <div class="field">
                <label for="research-from">"From month (optional)"</label>
                <input id="research-from" type="month" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="research-to">"To month (optional)"</label>
                <input id="research-to" type="month" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="research-format">"Format"</label>
                <select id="research-format" on:change=move |ev| format.set(event_target_value(&ev))>
                    <option value="csv" selected=true>"CSV"</option>
                    <option value="ndjson">"NDJSON (FHIR QuestionnaireResponse per line)"</option>
                </select>
            </div>
            <div class="filter-actions button-row">
                <button id="research-download" class="big-button" type="submit">"Export the rows"</button>
                <button id="research-dictionary" class="secondary-button" type="button" on:click=dictionary>"Data dictionary"</button>
            </div>
        </form>
        <StatusMessage id="research-status" message=status/>
        <ErrorMessage id="research-error" message=error/>
    }
}
