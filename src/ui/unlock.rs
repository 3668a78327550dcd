//! Opens the encrypted keys and PKCS#12 bundles a reading asked about ([`certscope::keys::unlock`]):
//! `certscopeUnlock` (static/boot.js) posts the request to a worker of this site
//! (static/unlock-worker.js), which loads the second wasm, `certscope-unlock` (src/unlock_web.rs,
//! the decryption crates), answers, and is ended. The first page load never fetches it.

use certscope::keys::unlock::{self, ItemId, Locked, Unlocked};
use certscope::keys::Passwords;
use wasm_bindgen::{JsCast, JsValue};

/// The answers for `locked`; when the opener cannot run, each item says why (never "opened").
pub async fn open(locked: &[Locked], passwords: &Passwords) -> Vec<(ItemId, Unlocked)> {
    let request = unlock::request(locked, passwords);
    let answer = call(&request).await.and_then(|bytes| unlock::answers(&bytes));
    answer.unwrap_or_else(|why| {
        let note = format!("not opened: the part of the page that opens encrypted items could not run ({why})");
        locked.iter().map(|l| (l.id, Unlocked::NotRun(note.clone()))).collect()
    })
}

async fn call(request: &[u8]) -> Result<Vec<u8>, String> {
    let missing = || "the page's loader (boot.js) is missing".to_string();
    let f = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("certscopeUnlock")).map_err(|_| missing())?;
    let f = f.dyn_into::<js_sys::Function>().map_err(|_| missing())?;
    // A copy in a JS buffer of its own (the request is transferred to the worker).
    let bytes = js_sys::Uint8Array::from(request);
    let promise = f.call1(&JsValue::NULL, &bytes).map_err(js_error)?;
    let answer = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await.map_err(js_error)?;
    Ok(js_sys::Uint8Array::new(&answer).to_vec())
}

fn js_error(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| "unlock-worker.js failed".to_string())
}
