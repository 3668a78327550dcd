//! Opens the private keys and PKCS#12 bundles a reading asked about ([`certscope::keys::unlock`]):
//! `certscopeUnlock` (static/boot.js) posts the request to a worker of this site
//! (static/unlock-worker.js), which loads the second wasm, `certscope-unlock` (src/unlock_web.rs,
//! the crates that decode and decrypt keys), answers, and is ended. The first page load never
//! fetches it. EC and Ed25519 keys whose public key the opener cannot compute are asked of
//! WebCrypto (src/ui/webcrypto.rs), and the opener again for those items with its answers.

use certscope::keys::unlock::{wire, ItemId, Locked, Opening, Unlocked};
use certscope::keys::Passwords;

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

/// The opener's answer to `request`, from `certscopeUnlock` (static/boot.js).
async fn call(request: &[u8]) -> Result<Vec<u8>, String> {
    // A copy in a JS buffer of its own (the request is transferred to the worker).
    super::runtime::call_loader("certscopeUnlock", &[&js_sys::Uint8Array::from(request).into()]).await
}
