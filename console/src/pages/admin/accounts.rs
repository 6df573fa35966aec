//! Accounts: the accounts in the admin's organisations, creating one (admin, practitioner with
//! a professional role, or evaluator) and disabling one (its sign-ins end at once).

use crate::api::encode;
use crate::components::message::{ErrorMessage, StatusMessage};
use crate::components::organisation_picker::{self, OrganisationPicker};
use crate::session::Session;
use leptos::prelude::*;
use shared::api::{CreateUserRequest, OrganisationView, RoleView, UserView};

#[component]
pub fn AccountsPage() -> impl IntoView {
    let session = Session::current();
    let organisations = RwSignal::new(Vec::<OrganisationView>::new());
    let roles = RwSignal::new(Vec::<RoleView>::new());
    let users = RwSignal::new(None::<Vec<UserView>>);
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    organisation_picker::load(session, organisations, error);
    session.spawn(async move {
        if let Ok(list) = session.get::<Vec<RoleView>>("/roles").await {
            roles.try_set(list.into_iter().filter(|r| r.active).collect());
        }
    });
    let reload = move || {
        session.spawn(async move {
            match session.get::<Vec<UserView>>("/users").await {
                Ok(list) => {
                    users.try_set(Some(list));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    };
    reload();

    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new("practitioner".to_owned());
    let organisation = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    Effect::new(move |_| {
        if organisation.get_untracked().is_empty()
            && let Some(first) = organisations.get().first()
        {
            organisation.set(first.id.clone());
        }
    });
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        status.set(None);
        let request = CreateUserRequest {
            email: email.get_untracked(),
            display_name: name.get_untracked(),
            kind: kind.get_untracked(),
            organisation_id: organisation.get_untracked(),
            professional_role: (kind.get_untracked() == "practitioner")
                .then(|| role.get_untracked())
                .filter(|r| !r.is_empty()),
            password: password.get_untracked(),
        };
        session.spawn(async move {
            match session.post::<UserView>("/users", &request).await {
                Ok(created) => {
                    status.try_set(Some(format!(
                        "Account created for {} ({}).",
                        created.display_name.as_str(),
                        created.email.as_str()
                    )));
                    email.try_set(String::new());
                    name.try_set(String::new());
                    password.try_set(String::new());
                    reload();
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    };
    let disable = move |user: UserView| {
        error.set(None);
        status.set(None);
        session.spawn(async move {
            let path = format!("/users/{}/disable", encode(&user.id));
            match session.post_no_content(&path, None).await {
                Ok(()) => {
                    status.try_set(Some(format!(
                        "{} is disabled and signed out everywhere.",
                        user.email.as_str()
                    )));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
            reload();
        });
    };

    view! {
        <section class="panel" aria-labelledby="create-heading">
            <h2 id="create-heading">"Create an account"</h2>
            <form id="create-account" class="filters" on:submit=create>
                <div class="field">
                    <label for="account-email">"E-mail address"</label>
                    <input id="account-email" type="email" autocomplete="off" required prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="account-name">"Name"</label>
                    <input id="account-name" type="text" autocomplete="off" required maxlength="200" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="account-kind">"Kind of account"</label>
                    <select id="account-kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="practitioner" selected=true>"Practitioner (risk alerts, uploads)"</option>
                        <option value="evaluator">"Evaluator (outcomes only)"</option>
                        <option value="admin">"Admin"</option>
                    </select>
                </div>
                <OrganisationPicker id="account-organisation" label="Organisation" organisations=organisations value=organisation/>
                <Show when=move || kind.get() == "practitioner">
                    <div class="field">
                        <label for="account-role">"Professional role"</label>
                        <select id="account-role" required prop:value=move || role.get() on:change=move |ev| role.set(event_target_value(&ev))>
                            <option value="">"Choose a role"</option>
                            {move || roles.get().into_iter().map(|r| view! { <option value=r.id>{r.name}</option> }).collect_view()}
                        </select>
                    </div>
                </Show>
                <div class="field">
                    <label for="account-password">"First password (at least 12 characters)"</label>
                    <input id="account-password" type="password" autocomplete="new-password" required minlength="12" prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                <div class="filter-actions">
                    <button id="create-account-button" class="big-button" type="submit">"Create the account"</button>
                </div>
            </form>
        </section>
        <StatusMessage id="accounts-status" message=status/>
        <ErrorMessage id="accounts-error" message=error/>
        <section aria-labelledby="accounts-heading">
            <h2 id="accounts-heading">"Accounts"</h2>
            {move || match users.get() {
                None => view! { <p>"Loading…"</p> }.into_any(),
                Some(list) => view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Accounts (scrolls sideways on narrow screens)">
                        <table id="account-list">
                            <caption>"Accounts in your organisations"</caption>
                            <thead><tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"E-mail"</th>
                                <th scope="col">"Kind"</th>
                                <th scope="col">"Role"</th>
                                <th scope="col">"State"</th>
                                <th scope="col">"Action"</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|user| {
                                    let me = session.user().is_some_and(|u| u.id == user.id);
                                    let label = format!("Disable {}", user.email.as_str());
                                    let row = user.clone();
                                    view! {
                                        <tr data-email=user.email.as_str().to_owned()>
                                            <th scope="row">{user.display_name.as_str().to_owned()}</th>
                                            <td>{user.email.as_str().to_owned()}</td>
                                            <td>{user.kind.as_str()}</td>
                                            <td>{user.professional_role.clone().unwrap_or_default()}</td>
                                            <td class="account-state">{if user.disabled { "Disabled" } else { "Active" }}</td>
                                            <td>{(!user.disabled && !me).then(|| view! {
                                                <button class="secondary-button disable" type="button" aria-label=label on:click=move |_| disable(row.clone())>"Disable"</button>
                                            })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any(),
            }}
        </section>
    }
}
