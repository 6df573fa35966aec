//! The few browser facilities the console uses directly: the origin, timers, `sessionStorage`,
//! the history, the document title and focus, file downloads and reading a chosen file.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

fn window() -> web_sys::Window {
    web_sys::window().expect("the console runs in a browser window")
}

/// `https://host:port` of the page, for absolute API addresses.
pub fn origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// The path of the page's address, e.g. `/console/alerts`.
pub fn path() -> String {
    window().location().pathname().unwrap_or_default()
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// An RFC 3339 time as milliseconds since the epoch (NaN when unreadable).
pub fn parse_time_ms(text: &str) -> f64 {
    js_sys::Date::parse(text)
}

/// The current UTC year and month (1-12).
pub fn year_month() -> (i32, u32) {
    let date = js_sys::Date::new_0();
    (date.get_utc_full_year() as i32, date.get_utc_month() + 1)
}

/// A time for people: `2026-03-04 14:05 UTC` from an RFC 3339 text.
pub fn display_time(text: &str) -> String {
    let ms = parse_time_ms(text);
    if ms.is_nan() {
        return text.to_owned();
    }
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        date.get_utc_full_year(),
        date.get_utc_month() + 1,
        date.get_utc_date(),
        date.get_utc_hours(),
        date.get_utc_minutes()
    )
}

/// Runs `work` once after `ms` milliseconds.
pub fn after_ms(ms: i32, work: impl FnOnce() + 'static) {
    let callback = Closure::once_into_js(work);
    let _ = window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
}

/// Resolves after `ms` milliseconds (0: after the work already queued, renders included).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

pub fn stored(key: &str) -> Option<String> {
    session_storage()?.get_item(key).ok().flatten()
}

pub fn store(key: &str, value: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(key, value);
    }
}

pub fn forget(key: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(key);
    }
}

/// Adds `path` to the history (no page load).
pub fn push_path(path: &str) {
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
}

/// Calls `handler` whenever the user goes back or forward in the history.
pub fn on_history_change(handler: impl FnMut() + 'static) {
    let closure = Closure::<dyn FnMut()>::new(handler);
    let _ = window().add_event_listener_with_callback("popstate", closure.as_ref().unchecked_ref());
    closure.forget();
}

pub fn set_title(title: &str) {
    if let Some(document) = window().document() {
        document.set_title(title);
    }
}

/// Moves the keyboard focus to the element with this id (if it exists).
pub fn focus(id: &str) {
    if let Some(element) = window()
        .document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Offers `bytes` as a file download named `file_name`.
pub fn download(file_name: &str, content_type: &str, bytes: &[u8]) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
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

/// The text of the first file chosen in the `<input type=file>` with this id.
pub async fn chosen_file_text(input_id: &str) -> Result<String, String> {
    let input = window()
        .document()
        .and_then(|d| d.get_element_by_id(input_id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .ok_or("the file chooser is missing")?;
    let file = input
        .files()
        .and_then(|files| files.get(0))
        .ok_or("choose a file first")?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| "the file could not be read")?;
    text.as_string()
        .ok_or_else(|| "the file is not text".to_owned())
}
