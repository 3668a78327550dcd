//! What every part of the page shares from the browser: the trust store (decoded once), the
//! clock and the performance timer. The core never reads these; the shell passes them in.

use certscope::time::Timestamp;
use certscope::trust::anchors::public_roots_from_der;
use certscope::trust::{AppleCas, TrustStore};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// Apple's pinned CAs; with Mozilla's roots once [`store_for`] has loaded them.
    static STORE: RefCell<Option<Rc<TrustStore>>> = const { RefCell::new(None) };
    /// Whether [`STORE`] holds Mozilla's roots.
    static PUBLIC: Cell<bool> = const { Cell::new(false) };
}

/// The page's trust store as it is now: Apple's pinned CAs, and Mozilla's roots once an input
/// needed them (see [`store_for`]).
pub fn store() -> Rc<TrustStore> {
    STORE.with(|s| s.borrow_mut().get_or_insert_with(|| Rc::new(TrustStore::with_public_roots(AppleCas::load(), Vec::new()))).clone())
}

pub fn with_store<R>(f: impl FnOnce(&TrustStore) -> R) -> R {
    f(&store())
}

/// The trust store to evaluate with: [`store`] when `public` is false (the input cannot reach a
/// public root: `certscope::report::needs_public_roots`), else the store with Mozilla's roots,
/// fetched the first time (`mozilla-roots.der`: static/boot.js asks a worker of the site, since
/// the page's CSP forbids the page any fetch; the service worker keeps the file for offline use).
/// An error says why they could not be had: then no verdict may be given.
pub async fn store_for(public: bool) -> Result<Rc<TrustStore>, String> {
    if !public || PUBLIC.with(Cell::get) {
        return Ok(store());
    }
    let der = fetch_mozilla_roots().await?;
    let roots = public_roots_from_der(&der).map_err(|e| format!("mozilla-roots.der: {e}"))?;
    // Another evaluation may have loaded them meanwhile: the same file, the same store.
    if !PUBLIC.with(Cell::get) {
        let store = TrustStore::with_public_roots(AppleCas::load(), roots);
        STORE.with(|s| *s.borrow_mut() = Some(Rc::new(store)));
        PUBLIC.with(|p| p.set(true));
    }
    Ok(store())
}

/// The bytes of `mozilla-roots.der`, from `certscopeMozillaRoots()` (static/boot.js).
async fn fetch_mozilla_roots() -> Result<Vec<u8>, String> {
    call_loader("certscopeMozillaRoots", &[]).await
}

/// Calls `name`, a function the page's loader (static/boot.js) defines for what the page may not
/// do itself (its workers fetch and run), with `args`, and gives the bytes its promise resolves
/// to; `Err` says why in words.
pub async fn call_loader(name: &str, args: &[&JsValue]) -> Result<Vec<u8>, String> {
    let missing = || "the page's loader (boot.js) is missing".to_string();
    let f = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name)).map_err(|_| missing())?;
    let f = f.dyn_into::<js_sys::Function>().map_err(|_| missing())?;
    let promise = f.apply(&JsValue::NULL, &args.iter().copied().collect::<js_sys::Array>()).map_err(js_error)?;
    let bytes = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await.map_err(js_error)?;
    Ok(js_sys::Uint8Array::new(&bytes).to_vec())
}

fn js_error(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| "the loader failed".to_string())
}

/// The browser's clock, in whole seconds.
pub fn now() -> Timestamp {
    Timestamp((js_sys::Date::now() / 1000.0) as i64)
}

/// Milliseconds from the page's performance timer (for `elapsed_ms`).
pub fn performance_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}
