//! The browser shell (Yew, wasm32 only). It renders the core's [`certscope::Report`]; all
//! decoding and trust decisions happen in the core. The page reads the browser's clock only to
//! set the default evaluation time.

mod app;
mod apple_facts;
mod browser;
mod cert_card;
mod cert_table;
mod chain;
mod crl_card;
mod evaluate;
mod files;
mod fingerprint;
mod fleet_view;
mod glossary;
mod helpdesk;
mod input_panel;
mod key_card;
mod local_trust;
mod note_card;
mod ocr;
mod problem_card;
mod profile_card;
mod profile_view;
mod public_suffixes;
mod report_job;
mod results;
mod runtime;
mod screenshot_card;
mod server_name;
mod signed_card;
mod state;
mod summary;
mod timeline;
mod toolbar;
mod webcrypto;

pub use app::App;

thread_local! {
    /// The pasted text as the app last rendered it, for [`show_panic`]: a big paste is not in the
    /// text field (the page shows a stand-in), so the field cannot be where the text is read.
    static PASTED: std::cell::RefCell<std::rc::Rc<str>> = std::cell::RefCell::new(std::rc::Rc::from(""));
}

/// Remembers the pasted text for [`show_panic`] (shared, not copied).
fn remember_text(text: &state::Text) {
    PASTED.with(|p| *p.borrow_mut() = text.shared());
}

/// Shows "something went wrong" with the details, and a link that reloads the page with the
/// user's pasted text kept (as a share-link fragment): a panic ends this instance of the app, not
/// the user's work.
fn show_panic(info: &std::panic::PanicHookInfo<'_>) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let text = PASTED.with(|p| p.borrow().to_string());
    // Redacted as every share link is: the link sits beside details meant for a bug report.
    let link = certscope::share::encode(&certscope::share::redact(&certscope::share::Shared::new(text, Vec::new()))).map(|f| format!("?reloaded#{f}"));
    if let Some(el) = doc.get_element_by_id("panic") {
        el.set_text_content(Some(&format!("Something went wrong inside certscope. Details to copy into a bug report:\n{info}\n")));
        match (link, doc.create_element("a")) {
            (Ok(link), Ok(a)) => {
                let _ = a.set_attribute("href", &link);
                a.set_text_content(Some("Reload certscope (your pasted text is kept)"));
                let _ = el.append_child(&a);
            }
            (Err(too_large), _) => {
                let _ = el.append_with_str_1(&format!("Your pasted text is too large to keep across a reload. {too_large}"));
            }
            (Ok(_), Err(_)) => {}
        }
        let _ = el.remove_attribute("hidden");
    }
}

/// Mounts the app on `<body>`; a panic shows a message instead of a dead page. Mozilla's roots
/// are fetched later, when an input needs them (`runtime::store_for`).
pub fn start() -> Result<(), String> {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panic(info);
    }));
    // The static "must be served" message of index.html: the app runs, it is not needed.
    if let Some(note) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("not-started")) {
        note.remove();
    }
    yew::Renderer::<App>::new().render();
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-ready", "true");
    }
    Ok(())
}
