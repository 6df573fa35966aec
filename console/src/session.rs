//! The signed-in account: its token (kept in `sessionStorage`, so a reload keeps the sign-in
//! and closing the tab ends it), sign-in, sign-out, and the return to the sign-in page when the
//! sign-in expires or the server no longer accepts it. Every API call a page makes goes through
//! [`Session`], so a 401 anywhere ends the session the same way.

use crate::api::{self, Failure};
use crate::browser;
use crate::busy::Busy;
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::accounts::UserKind;
use shared::api::{SignInRequest, SignInResponse, UserView};

const STORAGE_KEY: &str = "prom-console-session";

/// The sign-in and what it allows; provided as context by the root.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    account: RwSignal<Option<SignInResponse>>,
    /// Shown on the sign-in page: why the last session ended.
    pub notice: RwSignal<Option<String>>,
    /// Set by a sign-in (not by a reload): the shell then opens the inbox if any alert is open.
    pub arrived: RwSignal<bool>,
    busy: Busy,
}

/// Why a sign-in failed, as the page tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInError {
    /// Wrong e-mail or password (or a disabled account: the server does not say which).
    Wrong,
    /// Too many attempts: wait this many seconds.
    RateLimited(Option<u64>),
    Other(String),
}

impl Session {
    /// The session kept by this tab, if it has not expired.
    pub fn restore(busy: Busy) -> Self {
        let kept = browser::stored(STORAGE_KEY)
            .and_then(|text| serde_json::from_str::<SignInResponse>(&text).ok())
            .filter(|kept| browser::parse_time_ms(&kept.expires_at) > browser::now_ms());
        let session = Self {
            account: RwSignal::new(None),
            notice: RwSignal::new(None),
            arrived: RwSignal::new(false),
            busy,
        };
        if let Some(kept) = kept {
            session.begin(kept);
        }
        session
    }

    pub fn current() -> Self {
        expect_context::<Session>()
    }

    pub fn signed_in(self) -> bool {
        self.account.with(Option::is_some)
    }

    /// The signed-in account (tracked).
    pub fn user(self) -> Option<UserView> {
        self.account.with(|a| a.as_ref().map(|a| a.user.clone()))
    }

    /// The signed-in account's kind (tracked).
    pub fn kind(self) -> Option<UserKind> {
        self.account.with(|a| a.as_ref().map(|a| a.user.kind))
    }

    /// Practitioners and admins see risk alerts.
    pub fn is_staff(self) -> bool {
        matches!(self.kind(), Some(UserKind::Admin | UserKind::Practitioner))
    }

    pub fn is_admin(self) -> bool {
        self.kind() == Some(UserKind::Admin)
    }

    fn token(self) -> Option<String> {
        self.account
            .with_untracked(|a| a.as_ref().map(|a| a.token.clone()))
    }

    fn begin(self, account: SignInResponse) {
        browser::store(
            STORAGE_KEY,
            &serde_json::to_string(&account).expect("a sign-in serialises"),
        );
        let remaining = browser::parse_time_ms(&account.expires_at) - browser::now_ms();
        let token = account.token.clone();
        self.notice.set(None);
        self.account.set(Some(account));
        // Back to the sign-in page the moment the sign-in expires, even on an idle page.
        let delay = remaining.clamp(0.0, f64::from(i32::MAX)) as i32;
        browser::after_ms(delay, move || {
            if self.token().as_deref() == Some(token.as_str()) {
                self.end(Some(
                    "Your sign-in has expired. Please sign in again.".to_owned(),
                ));
            }
        });
    }

    fn end(self, notice: Option<String>) {
        browser::forget(STORAGE_KEY);
        self.account.set(None);
        self.notice.set(notice);
    }

    pub async fn sign_in(self, email: String, password: String) -> Result<(), SignInError> {
        let request = SignInRequest { email, password };
        match api::post::<SignInResponse>(None, "/auth/sign-in", &request).await {
            Ok(account) => {
                self.arrived.set(true);
                self.begin(account);
                Ok(())
            }
            Err(Failure::Refused { status: 401, .. }) => Err(SignInError::Wrong),
            Err(Failure::Refused {
                status: 429,
                retry_after,
                ..
            }) => Err(SignInError::RateLimited(retry_after)),
            Err(other) => Err(SignInError::Other(other.message())),
        }
    }

    /// Ends the sign-in on the server too (the token stops working at once).
    pub async fn sign_out(self) {
        let token = self.token();
        let _ = api::post_no_content(token.as_deref(), "/auth/sign-out", None).await;
        self.end(Some("You have signed out.".to_owned()));
    }

    fn settle<T>(self, result: Result<T, Failure>) -> Result<T, String> {
        result.map_err(|failure| {
            if let Failure::SignedOut(_) = failure {
                self.end(Some(
                    "Your sign-in has ended (it expired or was revoked). Please sign in again."
                        .to_owned(),
                ));
            }
            failure.message()
        })
    }

    /// Runs `work` in the background, counted by [`Busy`].
    pub fn spawn(self, work: impl std::future::Future<Output = ()> + 'static) {
        self.busy.spawn(work);
    }

    pub async fn get<T: DeserializeOwned>(self, path: &str) -> Result<T, String> {
        let token = self.token();
        self.settle(api::get(token.as_deref(), path).await)
    }

    pub async fn post<T: DeserializeOwned>(
        self,
        path: &str,
        body: &impl Serialize,
    ) -> Result<T, String> {
        let token = self.token();
        self.settle(api::post(token.as_deref(), path, body).await)
    }

    pub async fn put<T: DeserializeOwned>(
        self,
        path: &str,
        body: &impl Serialize,
    ) -> Result<T, String> {
        let token = self.token();
        self.settle(api::put(token.as_deref(), path, body).await)
    }

    pub async fn post_text<T: DeserializeOwned>(
        self,
        path: &str,
        content_type: &str,
        text: String,
    ) -> Result<T, String> {
        let token = self.token();
        self.settle(api::post_text(token.as_deref(), path, content_type, text).await)
    }

    pub async fn put_no_content(self, path: &str, body: &impl Serialize) -> Result<(), String> {
        let token = self.token();
        self.settle(api::put_no_content(token.as_deref(), path, body).await)
    }

    pub async fn post_no_content(
        self,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<(), String> {
        let token = self.token();
        self.settle(api::post_no_content(token.as_deref(), path, body).await)
    }

    /// Downloads a file and offers it to the person; returns its name and size.
    pub async fn download(self, path: &str, fallback_name: &str) -> Result<String, String> {
        let token = self.token();
        let file = self.settle(api::file(token.as_deref(), path, fallback_name).await)?;
        browser::download(&file.name, &file.content_type, &file.bytes)?;
        Ok(format!(
            "Downloaded {} ({}).",
            file.name,
            crate::format::bytes(file.bytes.len())
        ))
    }
}
