//! Times written for people on the tablet.

/// An RFC 3339 time as `21 Nov 14:03` in the tablet's local time: short enough for the bar.
pub fn short_time(rfc3339: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let month = MONTHS[usize::try_from(date.get_month()).unwrap_or(0).min(11)];
    format!(
        "{} {month} {:02}:{:02}",
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// An RFC 3339 time as the tablet's local date, `12/10/2026` (day, month, year, as in the UK).
pub fn day(rfc3339: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    format!(
        "{:02}/{:02}/{}",
        date.get_date(),
        date.get_month() + 1,
        date.get_full_year()
    )
}
