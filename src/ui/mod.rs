//! The browser shell (Yew, wasm32 only). It renders the core's [`certscope::Report`]; all
//! decoding and trust decisions happen in the core. The page reads the browser's clock only to
//! set the default evaluation time.

mod app;
mod browser;
mod cert_card;
mod cert_table;
mod chain;
mod files;
mod fingerprint;
mod fleet_view;
mod glossary;
mod helpdesk;
mod input_panel;
mod local_trust;
mod apple_facts;
mod note_card;
mod ocr;
mod screenshot_card;
mod problem_card;
mod profile_card;
mod profile_view;
mod report_job;
mod results;
mod runtime;
mod signed_card;
mod state;
mod summary;
mod timeline;
mod toolbar;
mod evaluate;
mod webcrypto;

pub use app::App;

/// Shows "something went wrong" with the details, and a link that reloads the page with the
/// user's pasted text kept (as a share-link fragment): a panic ends this instance of the app, not
/// the user's work.
fn show_panic(info: &std::panic::PanicHookInfo<'_>) {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let text = doc
        .get_element_by_id("input")
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .map(|t| t.value())
        .unwrap_or_default();
    let link = format!("?reloaded#{}", certscope::share::encode(&certscope::share::Shared::new(text, Vec::new())));
    if let Some(el) = doc.get_element_by_id("panic") {
        el.set_text_content(Some(&format!("Something went wrong inside certscope. Details to copy into a bug report:\n{info}\n")));
        if let Ok(a) = doc.create_element("a") {
            let _ = a.set_attribute("href", &link);
            a.set_text_content(Some("Reload certscope (your pasted text is kept)"));
            let _ = el.append_child(&a);
        }
        let _ = el.remove_attribute("hidden");
    }
}

/// Builds the trust store from Mozilla's roots (`mozilla-roots.der`, loaded with the wasm), then
/// mounts the app on `<body>`; a panic shows a message instead of a dead page. A roots file that
/// does not decode stops the start (boot.js shows why): no verdict without the roots.
pub fn start(mozilla_roots: &[u8]) -> Result<(), String> {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panic(info);
    }));
    runtime::install_store(mozilla_roots)?;
    yew::Renderer::<App>::new().render();
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-ready", "true");
    }
    Ok(())
}
