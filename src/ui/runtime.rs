//! What every part of the page shares from the browser: the trust store (decoded once), the
//! clock and the performance timer. The core never reads these; the shell passes them in.

use certscope::time::Timestamp;
use certscope::trust::anchors::public_roots_from_der;
use certscope::trust::{AppleCas, TrustStore};
use std::cell::OnceCell;
use std::rc::Rc;

thread_local! {
    /// Apple's pinned CAs and Mozilla's roots, decoded once per page by [`install_store`].
    static STORE: OnceCell<Rc<TrustStore>> = const { OnceCell::new() };
}

/// Builds the page's trust store from Mozilla's roots as the page loaded them
/// (`mozilla-roots.der`, which static/wasm-worker.js fetches beside the wasm). [`super::start`]
/// calls it before the app renders, so no verdict is ever computed without those roots.
pub fn install_store(mozilla_roots: &[u8]) -> Result<(), String> {
    let roots = public_roots_from_der(mozilla_roots).map_err(|e| format!("mozilla-roots.der: {e}"))?;
    let store = TrustStore::with_public_roots(AppleCas::load(), roots);
    STORE.with(|s| if s.set(Rc::new(store)).is_ok() { Ok(()) } else { Err("the trust store was built twice".to_string()) })
}

pub fn with_store<R>(f: impl FnOnce(&TrustStore) -> R) -> R {
    f(&store())
}

/// The page's trust store, to hold across the awaits of an evaluation.
pub fn store() -> Rc<TrustStore> {
    STORE.with(|s| match s.get() {
        Some(store) => store.clone(),
        // Unreachable: the app renders only after install_store succeeded. Were it reached, a
        // store without Mozilla's roots would call public chains untrusted, so say so loudly.
        None => {
            gloo::console::error!("certscope: the trust store was used before Mozilla's roots were loaded");
            s.get_or_init(|| Rc::new(TrustStore::with_public_roots(AppleCas::load(), Vec::new()))).clone()
        }
    })
}

/// The browser's clock, in whole seconds.
pub fn now() -> Timestamp {
    Timestamp((js_sys::Date::now() / 1000.0) as i64)
}

/// Milliseconds from the page's performance timer (for `elapsed_ms`).
pub fn performance_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}
