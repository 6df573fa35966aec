//! Tablets: issue a one-time enrolment code for an organisation (shown once, with its expiry),
//! the list of enrolled tablets, and revoking a lost one (its uploads are refused from then on;
//! what it sent is kept).

use crate::api::encode;
use crate::browser::display_time;
use crate::components::message::{ErrorMessage, StatusMessage};
use crate::components::organisation_picker::{self, OrganisationPicker};
use crate::session::Session;
use leptos::prelude::*;
use shared::api::{DeviceView, EnrolmentCodeRequest, EnrolmentCodeResponse, OrganisationView};

#[component]
pub fn TabletsPage() -> impl IntoView {
    let session = Session::current();
    let organisations = RwSignal::new(Vec::<OrganisationView>::new());
    let devices = RwSignal::new(None::<Vec<DeviceView>>);
    let organisation = RwSignal::new(String::new());
    let issued = RwSignal::new(None::<EnrolmentCodeResponse>);
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    organisation_picker::load(session, organisations, error);
    let reload = move || {
        session.spawn(async move {
            match session.get::<Vec<DeviceView>>("/devices").await {
                Ok(list) => {
                    devices.try_set(Some(list));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    };
    reload();
    // The own organisation is preselected once the list arrives.
    Effect::new(move |_| {
        if organisation.get_untracked().is_empty()
            && let Some(first) = organisations.get().first()
        {
            organisation.set(first.id.clone());
        }
    });
    let name_of = move |id: &str| {
        organisations.with(|all| {
            all.iter()
                .find(|o| o.id == id)
                .map(|o| o.name.as_str().to_owned())
                .unwrap_or_else(|| id.to_owned())
        })
    };

    let issue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let request = EnrolmentCodeRequest {
            organisation_id: organisation.get_untracked(),
        };
        session.spawn(async move {
            match session
                .post::<EnrolmentCodeResponse>("/devices/enrolment-codes", &request)
                .await
            {
                Ok(code) => {
                    issued.try_set(Some(code));
                    crate::browser::focus("issued-code");
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    };
    let revoke = move |device: DeviceView| {
        error.set(None);
        status.set(None);
        session.spawn(async move {
            let path = format!("/devices/{}/revoke", encode(&device.id));
            match session.post_no_content(&path, None).await {
                Ok(()) => {
                    status.try_set(Some(format!(
                        "{} is revoked: its uploads are refused from now on.",
                        device.name
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
        <section class="panel" aria-labelledby="issue-heading">
            <h2 id="issue-heading">"Enrol a tablet"</h2>
            <p>"Issue a one-time code, then type it into the tablet's Settings. The code works once, until it expires."</p>
            <form class="inline-form" on:submit=issue>
                <OrganisationPicker id="code-organisation" label="The tablet belongs to" organisations=organisations value=organisation/>
                <button id="issue-code" class="big-button" type="submit">"Issue an enrolment code"</button>
            </form>
            {move || issued.get().map(|code| view! {
                <div class="notice" id="issued" role="status">
                    <p>"Enrolment code for " {name_of(&code.organisation_id)} ":"</p>
                    <p id="issued-code" class="code-issued" tabindex="-1">{code.code.clone()}</p>
                    <p id="issued-expiry">"Valid until " {display_time(&code.expires_at)} ". It is shown only now."</p>
                </div>
            })}
        </section>
        <StatusMessage id="tablets-status" message=status/>
        <ErrorMessage id="tablets-error" message=error/>
        <section aria-labelledby="tablets-heading">
            <h2 id="tablets-heading">"Enrolled tablets"</h2>
            {move || match devices.get() {
                None => view! { <p>"Loading…"</p> }.into_any(),
                Some(list) if list.is_empty() => view! { <p>"No tablet is enrolled yet."</p> }.into_any(),
                Some(list) => view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Enrolled tablets (scrolls sideways on narrow screens)">
                        <table id="tablet-list">
                            <caption>"Tablets enrolled in your organisations"</caption>
                            <thead><tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"Organisation"</th>
                                <th scope="col">"Enrolled"</th>
                                <th scope="col">"State"</th>
                                <th scope="col">"Action"</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|device| {
                                    let revoked = device.revoked_at.clone();
                                    let label = format!("Revoke {}", device.name);
                                    let row = device.clone();
                                    view! {
                                        <tr data-device=device.id.clone()>
                                            <th scope="row">{device.name.clone()}</th>
                                            <td>{name_of(&device.organisation_id)}</td>
                                            <td>{display_time(&device.enrolled_at)}</td>
                                            <td class="device-state">{match &revoked {
                                                Some(at) => format!("Revoked {}", display_time(at)),
                                                None => "Active".to_owned(),
                                            }}</td>
                                            <td>{revoked.is_none().then(|| view! {
                                                <button class="secondary-button revoke" type="button" aria-label=label on:click=move |_| revoke(row.clone())>"Revoke"</button>
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
