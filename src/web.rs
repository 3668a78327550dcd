//! `certscope-web` — the browser app, built by Trunk for wasm32-unknown-unknown.
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
mod ui;

/// Starts the page (static/boot.js calls it once the wasm and Mozilla's roots have both arrived).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn start(mozilla_roots: &[u8]) -> Result<(), wasm_bindgen::JsError> {
    ui::start(mozilla_roots).map_err(|e| wasm_bindgen::JsError::new(&e))
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("certscope-web is the browser app: build it with `trunk build --release` (see README). Use `certscope` on the command line.");
    std::process::exit(2);
}
