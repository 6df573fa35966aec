//! The browser's storage for this site: asking that it be persistent (so the browser does not
//! evict it under storage pressure, which would lose unsent responses) and reading how much is
//! used of the quota, for Settings.

use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn storage_manager() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    Reflect::get(&navigator, &JsValue::from_str("storage"))
        .ok()
        .filter(|s| !s.is_undefined())
}

async fn call(method: &str) -> Option<JsValue> {
    let manager = storage_manager()?;
    let function = Reflect::get(&manager, &JsValue::from_str(method))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let promise = function.call0(&manager).ok()?.dyn_into::<Promise>().ok()?;
    JsFuture::from(promise).await.ok()
}

/// Asks the browser to keep this site's storage even under storage pressure. Runs in the
/// background; the answer is shown in Settings.
pub fn request_persistence() {
    leptos::task::spawn_local(async {
        if call("persisted").await.and_then(|v| v.as_bool()) != Some(true) {
            let _ = call("persist").await;
        }
    });
}

/// Whether the browser has granted persistent storage.
pub async fn is_persistent() -> Option<bool> {
    call("persisted").await.and_then(|v| v.as_bool())
}

/// Bytes used and the quota, as the browser estimates them.
pub async fn estimate() -> Option<(f64, f64)> {
    let estimate = call("estimate").await?;
    let number = |key: &str| {
        Reflect::get(&estimate, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_f64())
    };
    Some((number("usage")?, number("quota")?))
}

/// `12345678` -> `11.8 MB`.
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
    let mut value = bytes.max(0.0);
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
