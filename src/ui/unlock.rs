//! Opens the private keys and PKCS#12 bundles a reading asked about ([`certscope::keys::unlock`]):
//! `certscopeUnlock` (static/boot.js) posts the request to a worker of this site
//! (static/unlock-worker.js), which loads the second wasm, `certscope-unlock` (src/unlock_web.rs,
//! the crates that decode and decrypt keys), answers, and is ended. The first page load never
//! fetches it. EC and Ed25519 keys whose public key the opener cannot compute are asked of
//! WebCrypto (src/ui/webcrypto.rs), and the opener again for those items with its answers.

use certscope::keys::unlock::{wire, ItemId, Locked, Opening, Unlocked};
use certscope::keys::Passwords;
use wasm_bindgen::{JsCast, JsValue};

/// The answers for `locked`; when the opener cannot run, each item says why (never "opened").
pub async fn open(locked: &[Locked], passwords: &Passwords) -> Vec<(ItemId, Unlocked)> {
    let first = match ask(locked, passwords, &[]).await {
        Ok(o) => o,
        Err(why) => {
            let note = format!("not read: the part of the page that reads private keys and bundles could not run ({why})");
            return locked.iter().map(|l| (l.id, Unlocked::NotRun(note.clone()))).collect();
        }
    };
    if first.wanted.is_empty() {
        return first.answers;
    }
    let derived = super::webcrypto::derive_public_keys(&first.wanted).await;
    // Without WebCrypto's answers the keys stay as the first answer says: not checked.
    let again: Vec<Locked> = locked.iter().filter(|l| first.waiting.contains(&l.id)).cloned().collect();
    if derived.is_empty() || again.is_empty() {
        return first.answers;
    }
    // What the first run left of the work budget is all the second may use (one reading, one
    // budget: keys::MAX_WORK).
    let Ok(second) = ask(&again, &passwords.with_work(first.work_left), &derived).await else { return first.answers };
    let mut answers = first.answers;
    for (id, answer) in second.answers {
        if let Some(slot) = answers.iter_mut().find(|(i, _)| *i == id) {
            slot.1 = answer;
        }
    }
    answers
}

async fn ask(locked: &[Locked], passwords: &Passwords, derived: &[(ItemId, Vec<u8>)]) -> Result<Opening, String> {
    let request = wire::request(locked, passwords, derived);
    call(&request).await.and_then(|bytes| wire::answers(&bytes))
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
