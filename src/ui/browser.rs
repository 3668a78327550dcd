//! Small browser helpers: clipboard, downloads, the URL fragment. Errors are swallowed where
//! the user can simply try again (a blocked clipboard), and reported where it matters.

use base64::Engine;
use wasm_bindgen::JsCast;

pub fn copy_text(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Offers `bytes` as a download named `name` (a data: URL on a temporary link; no network).
pub fn download(name: &str, mime: &str, bytes: &[u8]) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(el) = doc.create_element("a") else { return };
    let Ok(a) = el.dyn_into::<web_sys::HtmlAnchorElement>() else { return };
    a.set_href(&format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes)));
    a.set_download(name);
    a.click();
}

pub fn fragment() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Sets the URL fragment without a navigation or history entry; returns the full link.
pub fn set_fragment(fragment: &str) -> Option<String> {
    let w = web_sys::window()?;
    let loc = w.location();
    let base = format!("{}{}{}", loc.origin().ok()?, loc.pathname().ok()?, loc.search().ok()?);
    let link = format!("{base}#{fragment}");
    w.history().ok()?.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&link)).ok()?;
    Some(link)
}

fn date_at(t: certscope::time::Timestamp) -> js_sys::Date {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.seconds() as f64 * 1000.0))
}

/// `t` in the browser's time zone as a `datetime-local` control shows it (`2019-06-01T14:00:00`).
pub fn local_input(t: certscope::time::Timestamp) -> String {
    let d = date_at(t);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// A `datetime-local` value (local time, no zone) as a point in time; `None` if it is not one.
pub fn parse_local(value: &str) -> Option<certscope::time::Timestamp> {
    // ECMAScript reads a date-time form without an offset as local time.
    let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value.trim())).get_time();
    ms.is_finite().then(|| certscope::time::Timestamp((ms / 1000.0).floor() as i64))
}

/// The browser's time zone and its offset at `t`, e.g. `Europe/Paris, UTC+02:00`.
pub fn zone_name(t: certscope::time::Timestamp) -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
    let name = js_sys::Reflect::get(&options, &wasm_bindgen::JsValue::from_str("timeZone")).ok().and_then(|v| v.as_string());
    let offset = -(date_at(t).get_timezone_offset() as i64);
    let sign = if offset < 0 { '-' } else { '+' };
    let utc = format!("UTC{sign}{:02}:{:02}", offset.abs() / 60, offset.abs() % 60);
    match name {
        Some(n) if n != "UTC" => format!("{n}, {utc}"),
        _ => utc,
    }
}
