//! The deprivation lookup: an admin of the top organisation imports an English Indices of
//! Deprivation "File 1" CSV (2019 or 2025 edition); the server checks every row before writing
//! any and says which line is wrong. The postcode directory is too large for a browser upload:
//! it is imported with `server import-postcodes`.

use crate::components::message::{ErrorMessage, StatusMessage};
use crate::session::Session;
use leptos::prelude::*;
use shared::api::LookupImportResponse;

#[component]
pub fn LookupsPage() -> impl IntoView {
    let session = Session::current();
    let edition = RwSignal::new("2025".to_owned());
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    let import = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        status.set(None);
        let edition = edition.get_untracked();
        session.spawn(async move {
            let text = match crate::browser::chosen_file_text("imd-file").await {
                Ok(text) => text,
                Err(message) => {
                    error.try_set(Some(message));
                    return;
                }
            };
            let path = format!("/admin/lookups/imd?edition={edition}");
            match session
                .post_text::<LookupImportResponse>(&path, "text/csv", text)
                .await
            {
                Ok(done) => {
                    status.try_set(Some(format!(
                        "Imported IMD {}: {} rows checked, {} written.",
                        done.edition, done.rows, done.written
                    )));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    };
    view! {
        <p class="page-intro">"The Index of Multiple Deprivation decile of each LSOA turns a patient's postcode into a deprivation decile when their responses arrive (the postcode itself is never stored). Download File 1 of the English Indices of Deprivation (MHCLG, Open Government Licence), save its IMD sheet as CSV (UTF-8) and import it with its edition. Importing again replaces each LSOA's decile."</p>
        <form id="imd-import" class="panel inline-form" on:submit=import>
            <div class="field">
                <label for="imd-edition">"Edition"</label>
                <select id="imd-edition" on:change=move |ev| edition.set(event_target_value(&ev))>
                    <option value="2025" selected=true>"2025 (LSOAs of 2021)"</option>
                    <option value="2019">"2019 (LSOAs of 2011)"</option>
                </select>
            </div>
            <div class="field">
                <label for="imd-file">"File 1 as CSV"</label>
                <input id="imd-file" type="file" required accept=".csv,text/csv"/>
            </div>
            <button id="imd-import-button" class="big-button" type="submit">"Import"</button>
        </form>
        <StatusMessage id="lookups-status" message=status/>
        <ErrorMessage id="lookups-error" message=error/>
        <p>"The postcode to LSOA directory (ONS NSPL or ONSPD, about 1 GB) is imported on the server with " <code>"server import-postcodes"</code> "."</p>
    }
}
