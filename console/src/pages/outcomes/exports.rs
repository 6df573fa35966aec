//! The export buttons: every outcome file format of the API for the filters on show, with the
//! rows of the file grouped as chosen. Each download is fetched with the sign-in and offered as
//! a file; the status line names the file and its size.

use super::selection::Selection;
use crate::components::message::{ErrorMessage, StatusMessage};
use crate::session::Session;
use leptos::prelude::*;

/// (button id, label, API path, fallback file name)
const FORMATS: [(&str, &str, &str, &str); 5] = [
    ("export-csv", "CSV", "/outcomes/export.csv", "outcomes.csv"),
    (
        "export-xlsx",
        "Excel workbook (XLSX)",
        "/outcomes/export.xlsx",
        "outcomes.xlsx",
    ),
    (
        "export-json",
        "JSON",
        "/outcomes/export.json",
        "outcomes.json",
    ),
    (
        "export-fhir",
        "FHIR MeasureReport",
        "/outcomes/export.fhir.json",
        "outcomes.fhir.json",
    ),
    (
        "export-datapackage",
        "Data package (datapackage.json)",
        "/outcomes/datapackage.json",
        "datapackage.json",
    ),
];

#[component]
pub fn ExportButtons(selection: RwSignal<Selection>) -> impl IntoView {
    let session = Session::current();
    let group_by = RwSignal::new("role".to_owned());
    let status = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let export = move |path: &'static str, fallback: &'static str| {
        status.set(None);
        error.set(None);
        let query = selection
            .get_untracked()
            .query(&group_by.get_untracked(), crate::browser::year_month());
        session.spawn(async move {
            match session.download(&format!("{path}?{query}"), fallback).await {
                Ok(done) => {
                    status.try_set(Some(done));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            };
        });
    };
    view! {
        <section class="exports panel" aria-labelledby="exports-heading">
            <h2 id="exports-heading">"Download these outcomes"</h2>
            <p>"Files hold exactly the figures shown here, with the same suppression (withheld figures are empty, with the reason)."</p>
            <div class="field">
                <label for="export-group-by">"One row per"</label>
                <select id="export-group-by" prop:value=move || group_by.get() on:change=move |ev| group_by.set(event_target_value(&ev))>
                    <option value="">"Everything selected (one row)"</option>
                    <option value="role" selected=true>"Professional role"</option>
                    <option value="organisation">"Organisation below the one reported on"</option>
                    <option value="month">"Month"</option>
                    <option value="financial_year">"Financial year"</option>
                    <option value="instrument">"Instrument"</option>
                </select>
            </div>
            <div class="button-row">
                {FORMATS
                    .into_iter()
                    .map(|(id, label, path, fallback)| view! {
                        <button id=id class="secondary-button" type="button" on:click=move |_| export(path, fallback)>{label}</button>
                    })
                    .collect_view()}
            </div>
            <StatusMessage id="export-status" message=status/>
            <ErrorMessage id="export-error" message=error/>
        </section>
    }
}
