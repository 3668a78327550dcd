//! `certscope-web` — the browser app, built by Trunk for wasm32-unknown-unknown.
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
mod ui;

#[cfg(target_arch = "wasm32")]
fn main() {
    ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("certscope-web is the browser app: build it with `trunk build --release` (see README). Use `certscope` on the command line.");
    std::process::exit(2);
}
