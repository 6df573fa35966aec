//! The root: the sign-in page, or the shell of a signed-in console: a skip link, the banner
//! (who is signed in, the open-alert count, Sign out), the navigation, and the page on show
//! under its heading. On every change of page the heading takes the focus and the document
//! title follows, so a screen reader announces where the person is.

use crate::alerts::OpenAlerts;
use crate::busy::Busy;
use crate::pages;
use crate::route::{LISTED, Needs, Page, Router};
use crate::session::Session;
use leptos::prelude::*;
use shared::accounts::UserKind;

#[component]
pub fn App() -> impl IntoView {
    let busy = Busy::new();
    provide_context(busy);
    let session = Session::restore(busy);
    provide_context(session);
    provide_context(Router::from_address());
    provide_context(OpenAlerts::new());
    let signed_in = Memo::new(move |_| session.signed_in());
    move || {
        if signed_in.get() {
            view! { <Shell/> }.into_any()
        } else {
            view! { <pages::sign_in::SignInPage/> }.into_any()
        }
    }
}

fn allowed(session: Session, needs: Needs) -> bool {
    match needs {
        Needs::SignedIn => true,
        Needs::Staff => session.is_staff(),
        Needs::Admin => session.is_admin(),
    }
}

/// Picks the first page of a session: the inbox when any alert is open (on sign-in, whatever
/// the address), else the address's page, else the inbox for practitioners and the outcomes
/// for everyone else.
fn choose_first_page(session: Session, router: Router, alerts: OpenAlerts) {
    let arrived = session.arrived.get_untracked();
    session.arrived.set(false);
    session.spawn(async move {
        let open = if session.is_staff() {
            alerts.refresh(session).await.map(|o| o.len()).unwrap_or(0)
        } else {
            0
        };
        let page = router.page();
        let start = matches!(page, Page::Start | Page::NotFound);
        if open > 0 && (arrived || start) {
            router.replace(Page::Alerts);
        } else if page == Page::Start {
            router.replace(if session.kind() == Some(UserKind::Practitioner) {
                Page::Alerts
            } else {
                Page::Outcomes
            });
        }
        if session.is_staff() {
            alerts.poll(session);
        }
    });
}

#[component]
fn Shell() -> impl IntoView {
    let session = Session::current();
    let router = Router::current();
    let alerts = OpenAlerts::current();
    let busy = Busy::current();
    choose_first_page(session, router, alerts);

    let page = Memo::new(move |_| router.page());
    Effect::new(move |previous: Option<Page>| {
        let now = page.get();
        crate::browser::set_title(&format!("{} – staff console", now.title()));
        if previous != Some(now) {
            // The shell's heading is always there: only its text changes with the page.
            crate::browser::focus("page-heading");
        }
        now
    });
    let who = move || {
        session
            .user()
            .map(|u| format!("{} ({})", u.display_name.as_str(), u.kind.as_str()))
            .unwrap_or_default()
    };
    let sign_out = move |_| session.spawn(session.sign_out());
    view! {
        <a class="skip-link" href="#main">"Skip to the page content"</a>
        <header class="console-banner">
            <a class="console-brand" href="/console">"prom-collector staff console"</a>
            <Show when=move || session.is_staff()>
                <AlertCount/>
            </Show>
            <span class="console-user">"Signed in as " {who}</span>
            <button id="sign-out" class="banner-button" type="button" on:click=sign_out>"Sign out"</button>
        </header>
        <div class="console-layout">
            <nav class="console-nav" aria-label="Console pages">
                <ul>
                    {LISTED
                        .into_iter()
                        .map(|listed| {
                            view! {
                                <Show when=move || allowed(session, listed.needs())>
                                    <li><NavLink page=listed/></li>
                                </Show>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <main
                id="main"
                tabindex="-1"
                data-page=move || page.get().name()
                data-settled=move || busy.settled().to_string()
            >
                <h1 id="page-heading" tabindex="-1">{move || page.get().title()}</h1>
                {move || {
                    let page = page.get();
                    if page == Page::Start {
                        view! { <p>"Opening…"</p> }.into_any()
                    } else if allowed(session, page.needs()) {
                        page_view(page)
                    } else {
                        view! {
                            <p class="notice" id="not-allowed">"This page is for admins (and the risk-alert inbox for practitioners and admins). Your account cannot open it."</p>
                        }
                        .into_any()
                    }
                }}
            </main>
        </div>
    }
}

fn page_view(page: Page) -> AnyView {
    use pages::admin;
    match page {
        Page::Start => ().into_any(),
        Page::Alerts => view! { <pages::alerts::AlertsPage/> }.into_any(),
        Page::Outcomes => view! { <pages::outcomes::OutcomesPage/> }.into_any(),
        Page::Tablets => view! { <admin::tablets::TabletsPage/> }.into_any(),
        Page::Accounts => view! { <admin::accounts::AccountsPage/> }.into_any(),
        Page::Organisations => view! { <admin::organisations::OrganisationsPage/> }.into_any(),
        Page::Roles => view! { <admin::roles::RolesPage/> }.into_any(),
        Page::Instruments => view! { <admin::instruments::InstrumentsPage/> }.into_any(),
        Page::Audit => view! { <admin::audit::AuditPage/> }.into_any(),
        Page::Research => view! { <admin::research::ResearchPage/> }.into_any(),
        Page::Lookups => view! { <admin::lookups::LookupsPage/> }.into_any(),
        Page::NotFound => view! {
            <p class="notice">"There is no such page. Choose one from the list."</p>
        }
        .into_any(),
    }
}

/// A navigation link: changes the page without a reload (unless opened in a new tab).
#[component]
fn NavLink(page: Page) -> impl IntoView {
    let router = Router::current();
    let current = move || (router.page() == page).then_some("page");
    let click = move |ev: leptos::ev::MouseEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 {
            return;
        }
        ev.prevent_default();
        router.go(page);
    };
    view! {
        <a href=page.path() id=format!("nav-{}", page.name()) aria-current=current on:click=click>{page.title()}</a>
    }
}

/// The open-alert count: on every page, red while any alert is open, a link to the inbox.
#[component]
fn AlertCount() -> impl IntoView {
    let router = Router::current();
    let count = OpenAlerts::current().count;
    let text = move || match count.get() {
        None => "Risk alerts".to_owned(),
        Some(0) => "No open risk alerts".to_owned(),
        Some(1) => "1 open risk alert".to_owned(),
        Some(n) => format!("{n} open risk alerts"),
    };
    let click = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        router.go(Page::Alerts);
    };
    view! {
        <a
            id="open-alert-count"
            class="alert-count"
            class:alert-count-open=move || count.get().is_some_and(|n| n > 0)
            href=Page::Alerts.path()
            data-count=move || count.get().map(|n| n.to_string()).unwrap_or_default()
            on:click=click
        >
            <span aria-live="polite">{text}</span>
        </a>
    }
}
