//! Screenshots: OCR in the browser (static/ocr.js, tesseract.js in a worker), then the text is
//! editable and triaged by the core like any paste, marked "from a screenshot".

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/static/ocr.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn recognize(bytes: &[u8], progress: &js_sys::Function) -> Result<JsValue, JsValue>;
}

thread_local! {
    static NEXT_ID: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
}

/// Reads a screenshot: registers it, runs OCR with progress, stores the text (effects run here,
/// outside the reducer).
pub fn start(name: String, bytes: Vec<u8>, dispatch: yew::Callback<super::state::Action>) {
    use super::state::Action;
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    dispatch.emit(Action::ShotAdded { id, name });
    wasm_bindgen_futures::spawn_local(async move {
        let progress = dispatch.clone();
        let result = read_text(bytes, move |p| progress.emit(Action::ShotProgress { id, progress: p })).await;
        match result {
            Ok((text, ms)) => dispatch.emit(Action::ShotRead { id, text, ms }),
            Err(error) => dispatch.emit(Action::ShotFailed { id, error }),
        }
    });
}

/// True for the image formats screenshots come in.
pub fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.starts_with(&[0xFF, 0xD8, 0xFF]) || (bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"))
}

/// What went wrong, for the person reading: the text reader's files not reachable (offline before
/// any online visit) says so and offers pasting the text; anything else is its message alone.
fn plain_error(e: &JsValue) -> String {
    let message = e
        .as_string()
        .or_else(|| js_sys::Reflect::get(e, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| "the text reader stopped".into());
    let unreachable = ["Failed to fetch", "dynamically imported module", "NetworkError", "Importing a module script failed", "Load failed", "Failed to load"];
    if unreachable.iter().any(|u| message.contains(u)) {
        "reading screenshots needs one online visit first (the text reader is downloaded then and kept for offline use). Paste the certificate or the error text instead, or open the page once while online.".into()
    } else {
        message
    }
}

/// Runs OCR; `progress` gets 0..=100.
pub async fn read_text(bytes: Vec<u8>, progress: impl Fn(u32) + 'static) -> Result<(String, f64), String> {
    let cb = Closure::<dyn Fn(JsValue, f64)>::new(move |_status: JsValue, p: f64| progress((p * 100.0) as u32));
    let result = recognize(&bytes, cb.as_ref().unchecked_ref()).await.map_err(|e| plain_error(&e))?;
    let text = js_sys::Reflect::get(&result, &"text".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let ms = js_sys::Reflect::get(&result, &"ms".into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    drop(cb);
    Ok((text, ms))
}
