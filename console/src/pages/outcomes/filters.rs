//! The filter form of the dashboard: period preset (with months from/to), organisation (admins
//! pick from their tree), role, domain, instrument, and one demographic attribute with a value.
//! Submitting it (Enter or "Show outcomes") applies the filters.

use super::selection::{DEMOGRAPHICS, Selection, demographic_values, period_presets};
use crate::components::organisation_picker::OrganisationPicker;
use crate::session::Session;
use leptos::prelude::*;
use shared::api::{OrganisationView, RoleView};
use shared::catalog::Domain;

/// What the form offers, loaded by the page.
#[derive(Debug, Clone, Copy)]
pub struct Choices {
    pub organisations: RwSignal<Vec<OrganisationView>>,
    pub roles: RwSignal<Vec<RoleView>>,
    pub domains: RwSignal<Vec<Domain>>,
    /// (id, title)
    pub instruments: RwSignal<Vec<(String, String)>>,
}

/// A labelled `<select>` bound to one text field of the draft selection.
#[component]
fn Choice(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional, into)] any: Option<String>,
) -> impl IntoView {
    let for_id = id.clone();
    view! {
        <div class="field">
            <label for=for_id>{label}</label>
            <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                {any.map(|text| view! { <option value="">{text}</option> })}
                {move || options
                    .get()
                    .into_iter()
                    .map(|(code, text)| {
                        let selected = value.get_untracked() == code;
                        view! { <option value=code selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn FilterForm(
    choices: Choices,
    /// Called with the selection when the form is submitted.
    apply: impl Fn(Selection) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let session = Session::current();
    let today = crate::browser::year_month();
    let period = RwSignal::new("all".to_owned());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let organisation = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let domain = RwSignal::new(String::new());
    let instrument = RwSignal::new(String::new());
    let demographic = RwSignal::new(String::new());
    let demographic_value = RwSignal::new(String::new());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        apply(Selection {
            period: period.get_untracked(),
            from: from.get_untracked(),
            to: to.get_untracked(),
            organisation: organisation.get_untracked(),
            role: role.get_untracked(),
            domain: domain.get_untracked(),
            instrument: instrument.get_untracked(),
            demographic: demographic.get_untracked(),
            demographic_value: demographic_value.get_untracked(),
        });
    };
    let presets = period_presets(today.0, today.1);
    let roles = Signal::derive(move || {
        choices
            .roles
            .get()
            .into_iter()
            .map(|r| {
                (
                    r.id,
                    if r.active {
                        r.name
                    } else {
                        format!("{} (retired)", r.name)
                    },
                )
            })
            .collect()
    });
    let domains = Signal::derive(move || {
        choices
            .domains
            .get()
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect()
    });
    let instruments = Signal::derive(move || choices.instruments.get());
    let attributes = DEMOGRAPHICS
        .iter()
        .map(|(code, label)| ((*code).to_owned(), (*label).to_owned()))
        .collect::<Vec<_>>();
    let values = Signal::derive(move || demographic_values(&demographic.get()));
    Effect::new(move |_| {
        demographic.track();
        demographic_value.set(String::new());
    });

    view! {
        <form id="outcome-filters" class="filters panel" on:submit=submit aria-label="Filters">
            <Choice id="filter-period" label="Period" value=period options=Signal::stored(presets)/>
            <Show when=move || period.get() == "custom">
                <div class="field">
                    <label for="filter-from">"From month"</label>
                    <input id="filter-from" type="month" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="filter-to">"To month"</label>
                    <input id="filter-to" type="month" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
                </div>
            </Show>
            <Show when=move || session.is_admin()>
                <OrganisationPicker id="filter-organisation" label="Organisation" organisations=choices.organisations value=organisation any_label="My organisation (all below it)"/>
            </Show>
            <Choice id="filter-role" label="Professional role" value=role options=roles any="All roles"/>
            <Choice id="filter-domain" label="Outcome domain" value=domain options=domains any="All domains"/>
            <Choice id="filter-instrument" label="Instrument" value=instrument options=instruments any="All instruments"/>
            <Choice id="filter-demographic" label="Demographic" value=demographic options=Signal::stored(attributes) any="No demographic filter"/>
            <Show when=move || !demographic.get().is_empty()>
                <Choice id="filter-demographic-value" label="Value" value=demographic_value options=values any="Any value"/>
            </Show>
            <div class="filter-actions">
                <button id="apply-filters" class="big-button" type="submit">"Show outcomes"</button>
            </div>
        </form>
    }
}
