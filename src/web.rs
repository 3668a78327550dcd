//! `certscope-web` — the browser app, built by Trunk for wasm32-unknown-unknown.
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
mod ui;

/// Starts the page (static/boot.js calls it once the wasm is compiled; Mozilla's roots come later,
/// when an input needs them).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn start() -> Result<(), wasm_bindgen::JsError> {
    ui::start().map_err(|e| wasm_bindgen::JsError::new(&e))
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("certscope-web is the browser app: build it with `trunk build --release` (see README). Use `certscope` on the command line.");
    std::process::exit(2);
}
