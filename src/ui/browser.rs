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
