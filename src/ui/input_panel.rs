//! The paste area, the file picker / drop zone with the list of what was dropped, and the
//! evaluate-at control. It renders what it is given and reports through callbacks (the app
//! owns the state and reads the files).

use super::state::Shot;
use certscope::time::Timestamp;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, FileList, HtmlInputElement, HtmlTextAreaElement};
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
    pub text: AttrValue,
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
    let on_drop = {
        let on_files = props.on_files.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(list) = e.data_transfer().and_then(|d| d.files()) {
                on_files.emit(list);
            }
        })
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
            <label for="input" class="label">{ "Paste certificates, " }<code>{ "security find-certificate" }</code>{ " output, or an error message" }</label>
            <textarea id="input" spellcheck="false" autocomplete="off" rows="10"
                placeholder={"-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----"}
                value={props.text.clone()} oninput={on_input} />
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
                <input id="evaluate-at" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" size="24"
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
