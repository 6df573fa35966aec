//! Thin wrappers over the browser facilities the app needs: the clock, random UUIDs, random
//! numbers for jitter, sleeping, and the page origin.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

fn window() -> web_sys::Window {
    web_sys::window().expect("the app runs in a browser window")
}

/// The current time from the device clock, in UTC.
pub fn now() -> OffsetDateTime {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    OffsetDateTime::parse(&iso, &Rfc3339).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The current time as RFC 3339 text.
pub fn now_text() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// A random (version 4) UUID from the browser's cryptographic generator.
pub fn new_uuid() -> Uuid {
    let text = window()
        .crypto()
        .expect("WebCrypto is available in a secure context")
        .random_uuid();
    Uuid::parse_str(&text).expect("crypto.randomUUID returns a valid UUID")
}

/// A random number in [0, 1) for retry jitter (not for anything secret).
pub fn random_unit() -> f64 {
    js_sys::Math::random()
}

/// The page's origin, e.g. `http://127.0.0.1:8080`.
pub fn origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// Resolves after `ms` milliseconds.
pub async fn sleep_ms(ms: u64) {
    let ms = i32::try_from(ms).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Calls `handler` every time the window fires `event` (e.g. `online`), for the page's lifetime.
pub fn on_window_event(event: &str, handler: impl FnMut() + 'static) {
    let mut handler = handler;
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |_event| handler());
    let _ = window().add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}
