//! The page on show and its address under `/console`: deep links open the page they name (the
//! server answers every `/console/...` path with the console), links change the page without a
//! reload, and Back and Forward work.

use crate::browser;
use leptos::prelude::*;

/// A console page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `/console` itself: the right first page for the account (see `app`).
    Start,
    Alerts,
    Outcomes,
    Tablets,
    Accounts,
    Organisations,
    Roles,
    Instruments,
    Audit,
    Research,
    Lookups,
    NotFound,
}

/// Every page the navigation lists, in order.
pub const LISTED: [Page; 10] = [
    Page::Alerts,
    Page::Outcomes,
    Page::Tablets,
    Page::Accounts,
    Page::Organisations,
    Page::Roles,
    Page::Instruments,
    Page::Audit,
    Page::Research,
    Page::Lookups,
];

impl Page {
    pub fn from_path(path: &str) -> Self {
        match path.trim_end_matches('/') {
            "/console" | "" => Page::Start,
            "/console/alerts" => Page::Alerts,
            "/console/outcomes" => Page::Outcomes,
            "/console/admin/tablets" => Page::Tablets,
            "/console/admin/accounts" => Page::Accounts,
            "/console/admin/organisations" => Page::Organisations,
            "/console/admin/roles" => Page::Roles,
            "/console/admin/instruments" => Page::Instruments,
            "/console/admin/audit" => Page::Audit,
            "/console/admin/research" => Page::Research,
            "/console/admin/lookups" => Page::Lookups,
            _ => Page::NotFound,
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            Page::Start | Page::NotFound => "/console",
            Page::Alerts => "/console/alerts",
            Page::Outcomes => "/console/outcomes",
            Page::Tablets => "/console/admin/tablets",
            Page::Accounts => "/console/admin/accounts",
            Page::Organisations => "/console/admin/organisations",
            Page::Roles => "/console/admin/roles",
            Page::Instruments => "/console/admin/instruments",
            Page::Audit => "/console/admin/audit",
            Page::Research => "/console/admin/research",
            Page::Lookups => "/console/admin/lookups",
        }
    }

    /// The page's heading and navigation label.
    pub fn title(self) -> &'static str {
        match self {
            Page::Start => "Staff console",
            Page::Alerts => "Risk alerts",
            Page::Outcomes => "Outcomes",
            Page::Tablets => "Tablets",
            Page::Accounts => "Accounts",
            Page::Organisations => "Organisations",
            Page::Roles => "Professional roles",
            Page::Instruments => "Instruments",
            Page::Audit => "Audit log",
            Page::Research => "Research export",
            Page::Lookups => "Deprivation lookup",
            Page::NotFound => "Page not found",
        }
    }

    /// The name browser tests read from `data-page`.
    pub fn name(self) -> &'static str {
        match self {
            Page::Start => "start",
            Page::Alerts => "alerts",
            Page::Outcomes => "outcomes",
            Page::Tablets => "tablets",
            Page::Accounts => "accounts",
            Page::Organisations => "organisations",
            Page::Roles => "roles",
            Page::Instruments => "instruments",
            Page::Audit => "audit",
            Page::Research => "research",
            Page::Lookups => "lookups",
            Page::NotFound => "not-found",
        }
    }

    /// Who may open the page: `staff` practitioners and admins, `admin` admins only.
    pub fn needs(self) -> Needs {
        match self {
            Page::Start | Page::Outcomes | Page::NotFound => Needs::SignedIn,
            Page::Alerts => Needs::Staff,
            _ => Needs::Admin,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    SignedIn,
    Staff,
    Admin,
}

/// The page on show; provided as context by the root.
#[derive(Debug, Clone, Copy)]
pub struct Router {
    page: RwSignal<Page>,
}

impl Router {
    /// The page the address names, following Back and Forward from now on.
    pub fn from_address() -> Self {
        let page = RwSignal::new(Page::from_path(&browser::path()));
        browser::on_history_change(move || page.set(Page::from_path(&browser::path())));
        Self { page }
    }

    pub fn current() -> Self {
        expect_context::<Router>()
    }

    pub fn page(self) -> Page {
        self.page.get()
    }

    /// Shows `page` and adds its address to the history.
    pub fn go(self, page: Page) {
        if self.page.get_untracked() != page || browser::path() != page.path() {
            browser::push_path(page.path());
        }
        if self.page.get_untracked() != page {
            self.page.set(page);
        }
    }

    /// Shows `page` in place of the current address (no history entry), as for `/console`.
    pub fn replace(self, page: Page) {
        if let Ok(history) = web_sys::window().expect("a window").history() {
            let _ =
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(page.path()));
        }
        self.page.set(page);
    }
}
