//! Organisations: the hierarchy below the admin's own as a tree (ICB, PCNs, practices), and
//! adding a PCN under an ICB or a practice under a PCN.

use crate::components::message::{ErrorMessage, StatusMessage};
use crate::components::organisation_picker::{self, OrganisationPicker};
use crate::session::Session;
use leptos::prelude::*;
use shared::accounts::OrganisationKind;
use shared::api::{CreateOrganisationRequest, OrganisationView};

/// The list as nested `<ul>`s under `parent`.
fn tree(all: &[OrganisationView], parent: Option<&str>) -> AnyView {
    let ids: Vec<&str> = all.iter().map(|o| o.id.as_str()).collect();
    let mut level: Vec<&OrganisationView> = all
        .iter()
        .filter(|o| match parent {
            Some(parent) => o.parent_id.as_deref() == Some(parent),
            None => o.parent_id.as_deref().is_none_or(|p| !ids.contains(&p)),
        })
        .collect();
    if level.is_empty() {
        return ().into_any();
    }
    level.sort_by(|a, b| a.name.as_str().cmp(b.name.as_str()));
    let items = level
        .into_iter()
        .map(|o| {
            let children = tree(all, Some(&o.id));
            let ods = o
                .ods_code
                .as_ref()
                .map(|c| format!(", ODS {c}"))
                .unwrap_or_default();
            view! {
                <li data-organisation=o.id.clone()>
                    <span class="organisation-name">{o.name.as_str().to_owned()}</span>
                    {format!(" ({}{ods})", o.kind.as_str())}
                    {children}
                </li>
            }
        })
        .collect_view();
    view! { <ul class:tree=parent.is_none()>{items}</ul> }.into_any()
}

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let session = Session::current();
    let organisations = RwSignal::new(Vec::<OrganisationView>::new());
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    organisation_picker::load(session, organisations, error);
    let name = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let ods = RwSignal::new(String::new());
    // Only ICBs and PCNs can have children.
    let parents = RwSignal::new(Vec::<OrganisationView>::new());
    Effect::new(move |_| {
        let able: Vec<OrganisationView> = organisations
            .get()
            .into_iter()
            .filter(|o| o.kind != OrganisationKind::Practice)
            .collect();
        if parent.get_untracked().is_empty()
            && let Some(first) = able.first()
        {
            parent.set(first.id.clone());
        }
        parents.set(able);
    });
    let child_kind = move || {
        organisations.with(
            |all| match all.iter().find(|o| o.id == parent.get()).map(|o| o.kind) {
                Some(OrganisationKind::Icb) => "pcn",
                _ => "practice",
            },
        )
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        status.set(None);
        let request = CreateOrganisationRequest {
            name: name.get_untracked(),
            kind: child_kind().to_owned(),
            parent_id: parent.get_untracked(),
            ods_code: Some(ods.get_untracked()).filter(|c| !c.trim().is_empty()),
        };
        session.spawn(async move {
            match session
                .post::<OrganisationView>("/organisations", &request)
                .await
            {
                Ok(created) => {
                    status.try_set(Some(format!(
                        "Added {} ({}).",
                        created.name.as_str(),
                        created.kind.as_str()
                    )));
                    name.try_set(String::new());
                    ods.try_set(String::new());
                    organisations.try_update(|all| all.push(created));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    };
    view! {
        <section aria-labelledby="tree-heading">
            <h2 id="tree-heading">"Your organisations"</h2>
            <div id="organisation-tree" class="panel">{move || organisations.with(|all| tree(all, None))}</div>
        </section>
        <section class="panel" aria-labelledby="add-heading">
            <h2 id="add-heading">"Add a PCN or a practice"</h2>
            <p>"A PCN goes under an ICB, a practice under a PCN."</p>
            <form id="add-organisation" class="inline-form" on:submit=add>
                <OrganisationPicker id="organisation-parent" label="Under" organisations=parents value=parent/>
                <div class="field">
                    <label for="organisation-name">{move || if child_kind() == "pcn" { "Name of the new PCN" } else { "Name of the new practice" }}</label>
                    <input id="organisation-name" type="text" required maxlength="200" autocomplete="off" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="organisation-ods">"ODS code (optional)"</label>
                    <input id="organisation-ods" type="text" autocomplete="off" prop:value=move || ods.get() on:input=move |ev| ods.set(event_target_value(&ev))/>
                </div>
                <button id="add-organisation-button" class="big-button" type="submit">"Add"</button>
            </form>
        </section>
        <StatusMessage id="organisations-status" message=status/>
        <ErrorMessage id="organisations-error" message=error/>
    }
}
