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
mod panic_screen;
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
mod unlock;
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

/// Shows "something went wrong" with the details, a link that reloads the page (without the
/// paste: [`panic_screen`]) and a button that copies the pasted text, kept in memory, to paste
/// again after the reload: a panic ends this instance of the app, not the user's work.
fn show_panic(info: &std::panic::PanicHookInfo<'_>) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let address = browser::address().unwrap_or_default();
    // A panic while the text was being remembered leaves it borrowed: then nothing to copy.
    let pasted = PASTED.with(|p| p.try_borrow().map(|t| t.to_string()).unwrap_or_default());
    let screen = panic_screen::panic_screen(&info.to_string(), &address, &pasted);
    let Some(el) = doc.get_element_by_id("panic") else { return };
    el.set_text_content(Some(&screen.message));
    if let Some(text) = screen.copy {
        if let Ok(button) = doc.create_element("button") {
            button.set_text_content(Some("Copy your pasted text"));
            let target = button.clone();
            // The listener lives as long as the page: the app that would drop it has ended.
            gloo::events::EventListener::new(&button, "click", move |_| {
                let said = if browser::copy_text(&text) { "Copied: reload, then paste it again" } else { "This browser would not copy it" };
                target.set_text_content(Some(said));
            })
            .forget();
            let _ = el.append_child(&button);
        }
    }
    if let Ok(a) = doc.create_element("a") {
        let _ = a.set_attribute("href", &screen.reload_href);
        a.set_text_content(Some("Reload certscope"));
        let _ = el.append_child(&a);
    }
    let _ = el.remove_attribute("hidden");
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
