//! The browser shell (Yew, wasm32 only). It renders the core's [`certscope::Report`]; all
//! decoding and trust decisions happen in the core. The page reads the browser's clock only to
//! set the default evaluation time.

mod app;
mod browser;
mod cert_card;
mod chain;
mod fleet_view;
mod helpdesk;
mod input_panel;
mod note_card;
mod problem_card;
mod profile_card;
mod profile_view;
mod signed_card;
mod state;
mod summary;
mod toolbar;

pub use app::App;

/// Mounts the app on `<body>`; a panic shows a message instead of a dead page.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(el) = doc.get_element_by_id("panic") {
                el.set_text_content(Some(&format!("Something went wrong inside certscope. Please reload the page and report this:\n{info}")));
                let _ = el.remove_attribute("hidden");
            }
        }
    }));
    yew::Renderer::<App>::new().render();
    // Decode the trust store now, while the user is still reading, not on the first paste.
    app::with_store(|_| ());
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-ready", "true");
    }
}
