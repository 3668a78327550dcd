//! What every part of the page shares from the browser: the trust store (decoded once), the
//! clock and the performance timer. The core never reads these; the shell passes them in.

use certscope::time::Timestamp;
use certscope::trust::TrustStore;

thread_local! {
    /// Decoded once per page: Apple's pinned CAs and Mozilla's roots.
    static STORE: TrustStore = TrustStore::builtin();
}

pub fn with_store<R>(f: impl FnOnce(&TrustStore) -> R) -> R {
    STORE.with(f)
}

/// The browser's clock, in whole seconds.
pub fn now() -> Timestamp {
    Timestamp((js_sys::Date::now() / 1000.0) as i64)
}

/// Milliseconds from the page's performance timer (for `elapsed_ms`).
pub fn performance_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}
