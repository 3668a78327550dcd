//! Small browser helpers: clipboard, downloads, the URL fragment. Errors are swallowed where
//! the user can simply try again (a blocked clipboard), and reported where it matters.

use base64::Engine;
use wasm_bindgen::JsCast;

/// Copies `text`; false when the browser would not. `navigator.clipboard` exists only in
/// secure contexts (HTTPS, localhost): over plain http it is undefined, and calling it threw
/// (Copy report copied nothing). There the older way is used: a selected text area and
/// `document.execCommand("copy")`, which browsers allow on a click in any context.
pub fn copy_text(text: &str) -> bool {
    let Some(w) = web_sys::window() else { return false };
    if let Some(clipboard) = clipboard(&w) {
        let _ = clipboard.write_text(text);
        return true;
    }
    copy_by_selection(&w, text).unwrap_or(false)
}

/// `navigator.clipboard`, which only secure contexts have (read without calling into undefined).
fn clipboard(w: &web_sys::Window) -> Option<web_sys::Clipboard> {
    let navigator = w.navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &wasm_bindgen::JsValue::from_str("clipboard")).ok().filter(|c| !c.is_undefined() && !c.is_null());
    clipboard.and_then(|c| c.dyn_into::<web_sys::Clipboard>().ok())
}

/// `execCommand("copy")` of a temporary, selected text area (out of view, read-only).
fn copy_by_selection(w: &web_sys::Window, text: &str) -> Option<bool> {
    let doc = w.document()?;
    let area = doc.create_element("textarea").ok()?.dyn_into::<web_sys::HtmlTextAreaElement>().ok()?;
    area.set_value(text);
    area.set_read_only(true);
    // Out of view by a class (static/style.css): the CSP forbids style attributes.
    area.set_class_name("copy-buffer");
    let body = doc.body()?;
    body.append_child(&area).ok()?;
    area.select();
    let exec = js_sys::Reflect::get(&doc, &wasm_bindgen::JsValue::from_str("execCommand")).ok()?.dyn_into::<js_sys::Function>().ok();
    let copied = exec.and_then(|f| f.call1(&doc, &wasm_bindgen::JsValue::from_str("copy")).ok()).and_then(|r| r.as_bool()).unwrap_or(false);
    area.remove();
    Some(copied)
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

/// This page's address without its fragment, for a share link made without changing the
/// address bar: the address bar, the history and the browser's sync never hold what a link carries.
pub fn address() -> Option<String> {
    let loc = web_sys::window()?.location();
    Some(format!("{}{}{}", loc.origin().ok()?, loc.pathname().ok()?, loc.search().ok()?))
}

/// Removes the fragment (a share link's contents, when the page was opened from one) from the
/// address bar, without a navigation or a history entry.
pub fn clear_fragment() {
    let Some(w) = web_sys::window() else { return };
    let loc = w.location();
    let (Ok(path), Ok(search)) = (loc.pathname(), loc.search()) else { return };
    if loc.hash().is_ok_and(|h| !h.is_empty()) {
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{search}")));
        }
    }
}

/// Writes `text` to the clipboard; false if the browser refused (no permission). Without
/// `navigator.clipboard` (plain http) the selection copy of [`copy_text`] is used.
pub async fn copy_text_checked(text: &str) -> bool {
    let Some(w) = web_sys::window() else { return false };
    match clipboard(&w) {
        Some(c) => wasm_bindgen_futures::JsFuture::from(c.write_text(text)).await.is_ok(),
        None => copy_by_selection(&w, text).unwrap_or(false),
    }
}

fn date_at(t: certscope::time::Timestamp) -> js_sys::Date {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.seconds() as f64 * 1000.0))
}

/// `t` in the browser's time zone as the evaluate-at control shows it: `2019-06-01 14:00`, with
/// the seconds only when they are not zero (`2019-06-01 14:00:30`).
pub fn local_input(t: certscope::time::Timestamp) -> String {
    let d = date_at(t);
    let seconds = d.get_seconds();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}{}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        if seconds == 0 { String::new() } else { format!(":{seconds:02}") }
    )
}

/// A time typed in the evaluate-at control as a point in time; `None` if it is not one.
/// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` (a space or a `T`) are local time (midnight for a bare
/// date); a time with `Z` or an offset (the JSON's RFC 3339) is read as written.
pub fn parse_local(value: &str) -> Option<certscope::time::Timestamp> {
    let value = value.trim();
    let (date, time) = match value.split_once(['T', 't', ' ']) {
        Some((d, t)) => (d, t.trim()),
        None => (value, ""),
    };
    if time.ends_with(['Z', 'z']) || time.contains(['+', '-']) {
        // "2019-06-01 12:00Z", "2019-06-01 12:00+02:00": RFC 3339 wants the `T` and seconds.
        let at = time.find(['Z', 'z', '+', '-']).unwrap_or(time.len());
        let (clock, zone) = time.split_at(at);
        let seconds = if clock.matches(':').count() == 1 { ":00" } else { "" };
        return certscope::time::Timestamp::parse(value).ok().or_else(|| certscope::time::Timestamp::parse(&format!("{date}T{clock}{seconds}{zone}")).ok());
    }
    let numbers = |s: &str, sep: char| -> Option<Vec<u32>> {
        s.split(sep).map(|n| (!n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit())).then(|| n.parse().ok()).flatten()).collect()
    };
    let ymd = numbers(date, '-')?;
    let hms = if time.is_empty() { vec![0, 0] } else { numbers(time, ':')? };
    let ([y, mo, d], [h, mi, rest @ ..]) = (ymd.as_slice(), hms.as_slice()) else { return None };
    let s = match rest {
        [] => 0,
        [s] => *s,
        _ => return None,
    };
    if !(1..=12).contains(mo) || !(1..=31).contains(d) || *h > 23 || *mi > 59 || s > 59 {
        return None;
    }
    let js = js_sys::Date::new_with_year_month_day_hr_min_sec(*y, *mo as i32 - 1, *d as i32, *h as i32, *mi as i32, s as i32);
    // 31 February rolls over into March: not a date.
    if js.get_date() != *d || js.get_month() + 1 != *mo {
        return None;
    }
    let ms = js.get_time();
    ms.is_finite().then(|| certscope::time::Timestamp((ms / 1000.0).floor() as i64))
}

thread_local! {
    /// The browser's time zone name, read once: an `Intl.DateTimeFormat` costs milliseconds.
    static ZONE: std::cell::OnceCell<Option<String>> = const { std::cell::OnceCell::new() };
}

/// The browser's time zone and its offset at `t`, e.g. `Europe/Paris, UTC+02:00`.
pub fn zone_name(t: certscope::time::Timestamp) -> String {
    let name = ZONE.with(|z| {
        z.get_or_init(|| {
            let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
            js_sys::Reflect::get(&options, &wasm_bindgen::JsValue::from_str("timeZone")).ok().and_then(|v| v.as_string())
        })
        .clone()
    });
    let offset = -(date_at(t).get_timezone_offset() as i64);
    let sign = if offset < 0 { '-' } else { '+' };
    let utc = format!("UTC{sign}{:02}:{:02}", offset.abs() / 60, offset.abs() % 60);
    match name {
        Some(n) if n != "UTC" => format!("{n}, {utc}"),
        _ => utc,
    }
}

/// Brings the element with `id` to the top of the window unless its top already shows in the
/// upper half (on a phone the verdict is below the input after a paste). False if it is not
/// on the page (yet).
pub fn reveal(id: &str) -> bool {
    let Some(w) = web_sys::window() else { return false };
    let Some(el) = w.document().and_then(|d| d.get_element_by_id(id)) else { return false };
    let top = el.get_bounding_client_rect().top();
    let height = w.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    if top < 0.0 || top > height / 2.0 {
        // A little space above it (and never a fraction of a pixel above the window's top).
        let y = w.scroll_y().unwrap_or(0.0) + top - 8.0;
        w.scroll_to_with_x_and_y(w.scroll_x().unwrap_or(0.0), y.max(0.0).round());
    }
    true
}
