//! The paste area, the file picker / drop zone with the list of what was dropped, and the
//! evaluate-at control. It renders what it is given and reports through callbacks (the app
//! owns the state and reads the files).

use super::state::{Folded, Shot, Text, FOLD_ABOVE_BYTES};
use certscope::time::Timestamp;
use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, DragEvent, FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// A dropped or opened file as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub name: String,
    pub bytes: usize,
}

/// A change of the input text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextChange {
    pub text: String,
    /// A keystroke (its evaluation may wait for a pause), not a paste or a drop.
    pub typed: bool,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: Text,
    /// The text is kept out of the field (a big paste): a stand-in shows instead.
    pub folded: Option<Folded>,
    pub files: Vec<Listed>,
    pub shots: Vec<Shot>,
    /// The evaluation time (the clock while on now): where ↑/↓ start from on an empty field.
    pub at: Timestamp,
    pub on_now_mode: bool,
    /// The browser's time zone at `at`, e.g. `Europe/Paris, UTC+02:00`.
    pub zone: AttrValue,
    /// The evaluate-at field's text.
    pub at_input: AttrValue,
    pub at_error: Option<AttrValue>,
    pub on_text: Callback<TextChange>,
    /// A big paste replacing the whole field (kept out of the field: see [`Folded`]).
    pub on_paste: Callback<String>,
    /// "Show the text" of a folded paste.
    pub on_show_text: Callback<()>,
    pub on_files: Callback<FileList>,
    pub on_remove_file: Callback<usize>,
    pub on_remove_shot: Callback<u32>,
    pub on_clear_files: Callback<()>,
    /// The evaluate-at field's new text (empty means now).
    pub on_at: Callback<String>,
    pub on_now: Callback<()>,
}

#[function_component(InputPanel)]
pub fn input_panel(props: &Props) -> Html {
    let dragging = use_state(|| false);

    let on_input = {
        let on_text = props.on_text.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            // A paste or a drop is evaluated at once; typing waits for a pause (app.rs).
            // Read as plain properties: an `input` event fired by a script (or another browser)
            // may be a bare Event without inputType/data, which must not panic.
            let prop = |name: &str| js_sys::Reflect::get(&e, &wasm_bindgen::JsValue::from_str(name)).ok().and_then(|v| v.as_string());
            let kind = prop("inputType").unwrap_or_default();
            let keystroke = kind == "insertText" && prop("data").is_some_and(|d| d.chars().count() <= 2);
            let typed = keystroke || kind.starts_with("delete") || kind == "insertLineBreak";
            on_text.emit(TextChange { text: area.value(), typed });
        })
    };
    // A big paste that replaces the whole field is taken from the clipboard and kept out of the
    // field; a small one, or one into the middle of a text, is the browser's (then `input`).
    let on_paste = {
        let on_paste = props.on_paste.clone();
        Callback::from(move |e: Event| {
            let Some(text) = e.dyn_ref::<ClipboardEvent>().and_then(|c| c.clipboard_data()).and_then(|d| d.get_data("text/plain").ok()) else { return };
            if text.len() <= FOLD_ABOVE_BYTES {
                return;
            }
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let len = area.text_length();
            let (start, end) = (area.selection_start().ok().flatten().unwrap_or(0), area.selection_end().ok().flatten().unwrap_or(0));
            if len == 0 || (start == 0 && end == len) {
                e.prevent_default();
                on_paste.emit(text);
            }
        })
    };
    let on_file = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(list) = input.files() {
                on_files.emit(list);
            }
            input.set_value("");
        })
    };
    // The files themselves are taken by the page-wide drop listener (app.rs), wherever they land.
    let on_drop = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    // One text field (one Tab stop, unlike a `datetime-local` control's seven segments): typed
    // in local time, read on Enter or when focus leaves; ↑/↓ move a day (with Shift an hour).
    let on_at = {
        let on_at = props.on_at.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
                on_at.emit(input.value());
            }
        })
    };
    let on_at_key = {
        let on_at = props.on_at.clone();
        let at = props.at;
        Callback::from(move |e: KeyboardEvent| {
            let step = match e.key().as_str() {
                "ArrowUp" => 1,
                "ArrowDown" => -1,
                "Enter" => 0,
                _ => return,
            };
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            e.prevent_default();
            if step != 0 {
                let from = super::browser::parse_local(&input.value()).unwrap_or(at);
                let to = Timestamp(from.0 + step * if e.shift_key() { 3_600 } else { 86_400 });
                input.set_value(&super::browser::local_input(to));
            }
            on_at.emit(input.value());
        })
    };
    let on_now = props.on_now.reform(|_: MouseEvent| ());
    let on_clear_files = props.on_clear_files.reform(|_: MouseEvent| ());
    let on_now_mode = props.on_now_mode;

    html! {
        <section class="input" aria-label="Input">
            <label for={if props.folded.is_some() { "input-show" } else { "input" }} class="label">{ "Paste certificates, " }<code>{ "security find-certificate" }</code>{ " output, or an error message" }</label>
            if let Some(f) = props.folded {
                <div id="input-folded" class="folded" role="group" aria-label="Pasted text" data-bytes={f.bytes.to_string()}>
                    <p>{ folded_words(f) }</p>
                    <button type="button" id="input-show" onclick={props.on_show_text.reform(|_: MouseEvent| ())}>{ "Show the text" }</button>
                    <button type="button" id="input-clear" onclick={props.on_text.reform(|_: MouseEvent| TextChange { text: String::new(), typed: false })}>{ "Clear" }</button>
                </div>
            } else {
                <textarea id="input" spellcheck="false" autocomplete="off" rows="10"
                    placeholder={"-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----"}
                    value={props.text.attr()} oninput={on_input} onpaste={on_paste} />
            }
            <div class={classes!("drop", (*dragging).then_some("dragging"))}
                ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}>
                <label for="file" class="button">{ "Open file…" }</label>
                <input id="file" type="file" multiple=true class="visually-hidden" onchange={on_file} />
                <span>{ " or drop .pem, .cer, .der, .p7s, .mobileconfig files, a fleet .csv, or a screenshot here" }</span>
                if !props.files.is_empty() || !props.shots.is_empty() {
                    <ul class="files">
                        { for props.files.iter().enumerate().map(|(i, f)| html! {
                            <li data-file={f.name.clone()}>{ format!("{} ({} bytes) ", f.name, f.bytes) }
                                <button type="button" class="small" aria-label={format!("Remove {}", f.name)}
                                    onclick={props.on_remove_file.reform(move |_: MouseEvent| i)}>{ "Remove" }</button></li>
                        }) }
                        // A dropped or pasted image is an input too: listed with the files.
                        { for props.shots.iter().map(|shot| {
                            let id = shot.id;
                            html! { <li data-file={shot.name.clone()} data-screenshot="">{ format!("{} (screenshot, {}) ", shot.name, shot.status()) }
                                <button type="button" class="small" aria-label={format!("Remove {}", shot.name)}
                                    onclick={props.on_remove_shot.reform(move |_: MouseEvent| id)}>{ "Remove" }</button></li> }
                        }) }
                    </ul>
                    <button type="button" onclick={on_clear_files}>{ "Remove all files" }</button>
                }
            </div>
            <div class="at">
                <label for="evaluate-at">{ "Evaluate at" }<span class="muted">{ format!(" (your time: {})", props.zone) }</span></label>
                <input id="evaluate-at" type="text" autocomplete="off" spellcheck="false" size="24"
                    placeholder="now, or 2019-06-01 14:30" value={props.at_input.clone()} onchange={on_at} onkeydown={on_at_key}
                    aria-describedby="evaluate-at-mode" aria-invalid={props.at_error.is_some().then_some("true")} />
                <button type="button" id="evaluate-now" onclick={on_now} disabled={on_now_mode}>{ "Now" }</button>
                <span id="evaluate-at-mode" class="muted" data-mode={if on_now_mode { "now" } else { "set" }}>{
                    if on_now_mode { "now: the clock is read for every evaluation (type a date to evaluate then; ↑/↓ a day)" } else { "a set time, not now" }
                }</span>
                if let Some(err) = &props.at_error {
                    <span class="error" role="alert">{ err.clone() }</span>
                }
            </div>
        </section>
    }
}

/// "1.0 MB pasted: 1,000 certificates".
fn folded_words(f: Folded) -> String {
    let size = if f.bytes >= 1_000_000 { format!("{:.1} MB", f.bytes as f64 / 1e6) } else { format!("{} KB", f.bytes.div_ceil(1000)) };
    let what = match f.certificates {
        0 => String::from("text kept out of the field"),
        1 => String::from("1 certificate"),
        n => format!("{} certificates", thousands(n)),
    };
    format!(
        "{size} pasted: {what}. The text is the input (share links and the report include it); it is not shown, as a text this long only slows the page down."
    )
}

/// 1000 → "1,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
