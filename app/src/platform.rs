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

/// Offers `text` to the user as a file download named `file_name`.
pub fn download(file_name: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the file could not be made".to_owned())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the file could not be offered".to_owned())?;
    let document = window().document().ok_or("no document")?;
    let anchor = document
        .create_element("a")
        .map_err(|_| "no link")?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| "no link")?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The text of the first file chosen in the `<input type=file>` with this element id.
pub async fn chosen_file_text(input_id: &str) -> Result<String, String> {
    let input = window()
        .document()
        .and_then(|d| d.get_element_by_id(input_id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .ok_or("the file chooser is missing")?;
    let file = input
        .files()
        .and_then(|files| files.get(0))
        .ok_or("Choose a file first.")?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| "the file could not be read".to_owned())?;
    text.as_string()
        .ok_or_else(|| "the file is not text".to_owned())
}

thread_local! {
    /// Release functions of the Web Locks this page holds, by name.
    static HELD_LOCKS: std::cell::RefCell<std::collections::BTreeMap<String, js_sys::Function>> =
        const { std::cell::RefCell::new(std::collections::BTreeMap::new()) };
}

/// Takes the Web Lock `name` if no other tab or window of this app holds it, and keeps it until
/// [`release_lock`] (or until the page goes away). Returns whether this page now holds it. Where
/// the browser has no Web Locks, every page may write (there is then only one tab in practice).
pub async fn try_lock(name: &str) -> bool {
    use js_sys::{Function, Object, Promise, Reflect};
    use wasm_bindgen::JsValue;
    if HELD_LOCKS.with(|held| held.borrow().contains_key(name)) {
        return true;
    }
    let navigator = window().navigator();
    let Ok(locks) = Reflect::get(&navigator, &JsValue::from_str("locks")) else {
        return true;
    };
    let Ok(request) =
        Reflect::get(&locks, &JsValue::from_str("request")).and_then(|f| f.dyn_into::<Function>())
    else {
        return true;
    };
    // Resolved with true/false once the browser has decided.
    let mut answer: Option<Function> = None;
    let granted = Promise::new(&mut |resolve, _| answer = Some(resolve));
    let answer = answer.expect("the executor runs at once");
    // Resolving `release` ends the callback's promise, which releases the lock.
    let mut release: Option<Function> = None;
    let held = Promise::new(&mut |resolve, _| release = Some(resolve));
    let release = release.expect("the executor runs at once");
    let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        let _ = answer.call1(&JsValue::NULL, &JsValue::from_bool(!lock.is_null()));
        if lock.is_null() {
            JsValue::UNDEFINED
        } else {
            held.into()
        }
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &JsValue::from_str("ifAvailable"), &JsValue::TRUE);
    if request
        .call3(&locks, &JsValue::from_str(name), &options, &callback)
        .is_err()
    {
        return true;
    }
    let got = wasm_bindgen_futures::JsFuture::from(granted)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if got {
        HELD_LOCKS.with(|locks| locks.borrow_mut().insert(name.to_owned(), release));
    }
    got
}

/// Releases a Web Lock taken with [`try_lock`].
pub fn release_lock(name: &str) {
    if let Some(release) = HELD_LOCKS.with(|locks| locks.borrow_mut().remove(name)) {
        let _ = release.call0(&wasm_bindgen::JsValue::NULL);
    }
}

/// Resolves in a later task of the event loop, after every microtask queued before (the
/// reactive updates among them).
pub async fn next_task() {
    sleep_ms(0).await;
}
