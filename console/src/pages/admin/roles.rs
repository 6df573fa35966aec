//! The professional role list: add a role, rename one, retire one (retired roles stay listed so
//! old responses keep their names). Changing it needs a top-level admin.

use crate::api::encode;
use crate::components::message::{ErrorMessage, StatusMessage};
use crate::session::Session;
use leptos::prelude::*;
use shared::api::{PutRoleRequest, RoleView};

#[component]
pub fn RolesPage() -> impl IntoView {
    let session = Session::current();
    let roles = RwSignal::new(None::<Vec<RoleView>>);
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    let reload = move || {
        session.spawn(async move {
            match session.get::<Vec<RoleView>>("/roles").await {
                Ok(list) => {
                    roles.try_set(Some(list));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    };
    reload();
    let save = move |id: String, request: PutRoleRequest, done: String| {
        error.set(None);
        status.set(None);
        session.spawn(async move {
            match session
                .put_no_content(&format!("/roles/{}", encode(&id)), &request)
                .await
            {
                Ok(()) => {
                    status.try_set(Some(done));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
            reload();
        });
    };
    let new_id = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = new_name.get_untracked();
        save(
            new_id.get_untracked(),
            PutRoleRequest {
                name: name.clone(),
                active: true,
            },
            format!("Added the role {name}."),
        );
        new_id.set(String::new());
        new_name.set(String::new());
    };
    view! {
        <section class="panel" aria-labelledby="add-role-heading">
            <h2 id="add-role-heading">"Add a role"</h2>
            <form id="add-role" class="inline-form" on:submit=add>
                <div class="field">
                    <label for="role-id">"Identifier (lower case and dashes, e.g. health-coach)"</label>
                    <input id="role-id" type="text" required autocomplete="off" pattern="[a-z0-9-]+" prop:value=move || new_id.get() on:input=move |ev| new_id.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="role-name">"Name"</label>
                    <input id="role-name" type="text" required maxlength="200" autocomplete="off" prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev))/>
                </div>
                <button id="add-role-button" class="big-button" type="submit">"Add the role"</button>
            </form>
        </section>
        <StatusMessage id="roles-status" message=status/>
        <ErrorMessage id="roles-error" message=error/>
        <section aria-labelledby="roles-heading">
            <h2 id="roles-heading">"Roles"</h2>
            {move || roles.get().map(|list| view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Professional roles (scrolls sideways on narrow screens)">
                    <table id="role-list">
                        <caption>"Professional roles"</caption>
                        <thead><tr>
                            <th scope="col">"Identifier"</th>
                            <th scope="col">"Name"</th>
                            <th scope="col">"State"</th>
                            <th scope="col">"Change"</th>
                        </tr></thead>
                        <tbody>{list.into_iter().map(|role| view! { <RoleRow role=role save=save/> }).collect_view()}</tbody>
                    </table>
                </div>
            })}
        </section>
    }
}

#[component]
fn RoleRow(
    role: RoleView,
    save: impl Fn(String, PutRoleRequest, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(role.name.clone());
    let input_id = format!("rename-{}", role.id);
    let label_for = input_id.clone();
    let (id, active) = (role.id.clone(), role.active);
    let rename = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let name = name.get_untracked();
            save(
                id.clone(),
                PutRoleRequest {
                    name: name.clone(),
                    active,
                },
                format!("Renamed to {name}."),
            );
        }
    };
    let toggle = {
        let id = id.clone();
        let current = role.name.clone();
        move |_| {
            let done = if active {
                format!("Retired {current}.")
            } else {
                format!("Restored {current}.")
            };
            save(
                id.clone(),
                PutRoleRequest {
                    name: current.clone(),
                    active: !active,
                },
                done,
            );
        }
    };
    let toggle_label = format!(
        "{} {}",
        if active { "Retire" } else { "Restore" },
        role.name
    );
    view! {
        <tr data-role=role.id.clone()>
            <th scope="row"><code>{role.id.clone()}</code></th>
            <td>
                <form class="inline-form" on:submit=rename>
                    <label class="visually-hidden" for=label_for>{format!("New name for {}", role.name)}</label>
                    <input id=input_id type="text" required maxlength="200" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    <button class="secondary-button rename" type="submit">"Rename"</button>
                </form>
            </td>
            <td class="role-state">{if active { "Active" } else { "Retired" }}</td>
            <td><button class="secondary-button retire" type="button" aria-label=toggle_label on:click=toggle>{if active { "Retire" } else { "Restore" }}</button></td>
        </tr>
    }
}
