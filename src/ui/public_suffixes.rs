//! The Public Suffix List for the page's TLS verdicts (`verdicts.tls`): the site's own
//! `psl/public_suffix_list.dat` (static/psl/, the file the CLI compiles in), fetched only when a
//! server name needs it — never on the first load — through a worker of the site
//! (static/site-file.js: the page's CSP forbids the page any fetch), read by the core's one
//! parser ([`PublicSuffixList::parse`]) and kept for the session. When it cannot be had, the
//! core calls a match through a wildcard "not checked", never valid.

use certscope::trust::public_suffix::{PublicSuffixList, MAX_LIST_BYTES};
use std::cell::RefCell;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/static/site-file.js")]
extern "C" {
    /// A promise of the file's bytes (a Uint8Array); it rejects with why it could not be had.
    #[wasm_bindgen(js_name = fetchSiteFile)]
    fn fetch_site_file(path: &str, max_bytes: u32) -> js_sys::Promise;
}

/// The list's path in the site (relative: the site works from any sub-path).
const FILE: &str = "psl/public_suffix_list.dat";

enum Slot {
    /// Not asked for yet, or the last attempt failed (the next need tries again).
    Idle,
    /// Being fetched: every evaluation that needs it waits for this one fetch.
    Loading(js_sys::Promise),
    Loaded(Arc<PublicSuffixList>),
}

thread_local! {
    static SLOT: RefCell<Slot> = const { RefCell::new(Slot::Idle) };
}

fn loaded() -> Option<Arc<PublicSuffixList>> {
    SLOT.with(|s| match &*s.borrow() {
        Slot::Loaded(list) => Some(list.clone()),
        _ => None,
    })
}

/// The list, fetched on first need; `None` when it cannot be had (not served, not the list,
/// offline before it was ever fetched).
pub async fn load() -> Option<Arc<PublicSuffixList>> {
    let promise = SLOT.with(|s| {
        let mut s = s.borrow_mut();
        match &*s {
            Slot::Loaded(list) => Err(list.clone()),
            Slot::Loading(p) => Ok(p.clone()),
            Slot::Idle => {
                let p = fetch_site_file(FILE, u32::try_from(MAX_LIST_BYTES).unwrap_or(u32::MAX));
                *s = Slot::Loading(p.clone());
                Ok(p)
            }
        }
    });
    let promise = match promise {
        Err(list) => return Some(list),
        Ok(p) => p,
    };
    let answer = wasm_bindgen_futures::JsFuture::from(promise).await;
    // Another evaluation waiting for the same fetch may have read it first.
    if let Some(list) = loaded() {
        return Some(list);
    }
    let list = match answer {
        Ok(bytes) => match bytes.dyn_into::<js_sys::Uint8Array>().map(|a| a.to_vec()) {
            Ok(bytes) => match std::str::from_utf8(&bytes).map_err(|e| e.to_string()).and_then(|t| PublicSuffixList::parse(t).map_err(|e| e.to_string())) {
                Ok(list) => Some(Arc::new(list)),
                Err(e) => {
                    gloo::console::warn!(format!("certscope: {FILE}: {e}"));
                    None
                }
            },
            Err(_) => None,
        },
        Err(e) => {
            gloo::console::warn!(format!(
                "certscope: the Public Suffix List could not be loaded: {}",
                e.as_string().or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message()))).unwrap_or_default()
            ));
            None
        }
    };
    SLOT.with(|s| {
        *s.borrow_mut() = match &list {
            Some(l) => Slot::Loaded(l.clone()),
            None => Slot::Idle,
        }
    });
    list
}
