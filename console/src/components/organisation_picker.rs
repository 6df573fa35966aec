//! A `<select>` of the organisations an admin may act on (their own and everything below it),
//! indented by level, read once from `GET /api/v1/organisations`.

use crate::session::Session;
use leptos::prelude::*;
use shared::api::OrganisationView;

/// The organisations in tree order with their depth (the top one first).
pub fn tree_order(all: &[OrganisationView]) -> Vec<(usize, OrganisationView)> {
    fn visit(
        all: &[OrganisationView],
        parent: Option<&str>,
        depth: usize,
        out: &mut Vec<(usize, OrganisationView)>,
    ) {
        let mut children: Vec<&OrganisationView> = all
            .iter()
            .filter(|o| o.parent_id.as_deref() == parent)
            .collect();
        children.sort_by(|a, b| a.name.as_str().cmp(b.name.as_str()));
        for child in children {
            out.push((depth, child.clone()));
            visit(all, Some(&child.id), depth + 1, out);
        }
    }
    let ids: Vec<&str> = all.iter().map(|o| o.id.as_str()).collect();
    let mut out = Vec::new();
    // Roots: organisations whose parent is not in the list (the admin's own).
    for root in all
        .iter()
        .filter(|o| o.parent_id.as_deref().is_none_or(|p| !ids.contains(&p)))
    {
        out.push((0, root.clone()));
        visit(all, Some(&root.id), 1, &mut out);
    }
    out
}

/// Loads the organisation list into `into` (tracked by the page's busy count).
pub fn load(
    session: Session,
    into: RwSignal<Vec<OrganisationView>>,
    error: RwSignal<Option<String>>,
) {
    session.spawn(async move {
        match session.get::<Vec<OrganisationView>>("/organisations").await {
            Ok(list) => into.set(list),
            Err(message) => error.set(Some(message)),
        }
    });
}

#[component]
pub fn OrganisationPicker(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    organisations: RwSignal<Vec<OrganisationView>>,
    value: RwSignal<String>,
    /// Offer "everything I may see" as the empty choice.
    #[prop(optional, into)]
    any_label: Option<String>,
) -> impl IntoView {
    let label_for = id.clone();
    view! {
        <div class="field">
            <label for=label_for>{label}</label>
            <select
                id=id
                on:change=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()
            >
                {any_label.map(|text| view! { <option value="">{text}</option> })}
                {move || {
                    tree_order(&organisations.get())
                        .into_iter()
                        .map(|(depth, organisation)| {
                            let indent = "\u{2003}".repeat(depth);
                            let selected = value.get_untracked() == organisation.id;
                            view! {
                                <option value=organisation.id.clone() selected=selected>
                                    {format!("{indent}{} ({})", organisation.name.as_str(), organisation.kind.as_str())}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}
