//! `certscope-unlock` — the page's opener for private keys and PKCS#12 bundles: a second, small
//! wasm that static/unlock-worker.js loads in a worker of the site only when the page meets one
//! (src/ui/unlock.rs). It holds the crates that decode and decrypt keys, so the page's first load
//! does not (issue 21's budget); the core's [`certscope::keys::unlock`] does the work, the same
//! code the CLI runs in process.
#![forbid(unsafe_code)]

/// Answers one request (`certscope::keys::unlock::wire::request`) with the items opened.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn open(request: &[u8]) -> Vec<u8> {
    certscope::keys::unlock::wire::serve(request)
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("certscope-unlock is part of the browser app (built by `./dev dist`): use `certscope --password-file` on the command line.");
    std::process::exit(2);
}
