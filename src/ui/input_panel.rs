//! The paste area, the file picker / drop zone, and the evaluate-at control.

use super::state::{Action, State, TimeMode};
use certscope::input::Source;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<State>,
}

/// Reads every file and dispatches it (images go to OCR); a file that cannot be read is skipped
/// with a console note.
pub fn read_files(list: Option<FileList>, state: UseReducerHandle<State>) {
    let Some(list) = list else { return };
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        let state = state.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let name = file.name();
            let file = gloo::file::File::from(file);
            match gloo::file::futures::read_as_bytes(&file).await {
                Ok(bytes) if super::ocr::is_image(&bytes) => super::ocr::start(name, bytes, state),
                Ok(bytes) => state.dispatch(Action::AddFile(Source::file(name, bytes))),
                Err(e) => gloo::console::error!(format!("cannot read {name}: {e}")),
            }
        });
    }
}

/// What a value of the evaluate-at control means: empty is now.
fn at_action(value: String) -> Action {
    if value.trim().is_empty() {
        return Action::SetNow;
    }
    match super::browser::parse_local(&value) {
        Some(at) => Action::SetAt { at, input: value },
        None => Action::BadAt { error: format!("\"{value}\" is not a date and time: type it as 2019-06-01 14:30 (your time), or press Now"), input: value },
    }
}

#[function_component(InputPanel)]
pub fn input_panel(props: &Props) -> Html {
    let state = props.state.clone();
    let dragging = use_state(|| false);

    let on_input = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            // A paste or a drop is evaluated at once; typing waits for a pause (app.rs).
            // Read as plain properties: an `input` event fired by a script (or another browser)
            // may be a bare Event without inputType/data, which must not panic.
            let prop = |name: &str| js_sys::Reflect::get(&e, &wasm_bindgen::JsValue::from_str(name)).ok().and_then(|v| v.as_string());
            let kind = prop("inputType").unwrap_or_default();
            let keystroke = kind == "insertText" && prop("data").is_some_and(|d| d.chars().count() <= 2);
            let typed = keystroke || kind.starts_with("delete") || kind == "insertLineBreak";
            state.dispatch(if typed { Action::TypeText(area.value()) } else { Action::SetText(area.value()) });
        })
    };
    let on_file = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            read_files(input.files(), state.clone());
            input.set_value("");
        })
    };
    let on_drop = {
        let state = state.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            read_files(e.data_transfer().and_then(|d| d.files()), state.clone());
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
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
                state.dispatch(at_action(input.value()));
            }
        })
    };
    let on_at_key = {
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            let step = match e.key().as_str() {
                "ArrowUp" => 1,
                "ArrowDown" => -1,
                "Enter" => 0,
                _ => return,
            };
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            e.prevent_default();
            if step == 0 {
                state.dispatch(at_action(input.value()));
                return;
            }
            let from = super::browser::parse_local(&input.value()).unwrap_or_else(|| state.time.at(super::runtime::now()));
            let at = certscope::time::Timestamp(from.0 + step * if e.shift_key() { 3_600 } else { 86_400 });
            let value = super::browser::local_input(at);
            input.set_value(&value);
            state.dispatch(Action::SetAt { at, input: value });
        })
    };
    let on_now = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetNow))
    };
    let on_now_mode = state.time == TimeMode::Now;
    let zone = super::browser::zone_name(state.time.at(super::runtime::now()));
    let on_clear_files = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ClearFiles))
    };

    html! {
        <section class="input" aria-label="Input">
            <label for="input" class="label">{ "Paste certificates, " }<code>{ "security find-certificate" }</code>{ " output, or an error message" }</label>
            <textarea id="input" spellcheck="false" autocomplete="off" rows="10"
                placeholder={"-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----"}
                value={state.text.clone()} oninput={on_input} />
            <div class={classes!("drop", (*dragging).then_some("dragging"))}
                ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}>
                <label for="file" class="button">{ "Open file…" }</label>
                <input id="file" type="file" multiple=true class="visually-hidden" onchange={on_file} />
                <span>{ " or drop .pem, .cer, .der, .p7s, .mobileconfig files, a fleet .csv, or a screenshot here" }</span>
                if !state.files.is_empty() || !state.shots.is_empty() {
                    <ul class="files">
                        { for state.files.iter().enumerate().map(|(i, f)| {
                            let state = state.clone();
                            let remove = Callback::from(move |_: MouseEvent| state.dispatch(Action::RemoveFile(i)));
                            html! { <li data-file={f.name.clone()}>{ format!("{} ({} bytes) ", f.name, f.bytes.len()) }
                                <button type="button" class="small" aria-label={format!("Remove {}", f.name)} onclick={remove}>{ "Remove" }</button></li> }
                        }) }
                        // A dropped or pasted image is an input too: listed with the files.
                        { for state.shots.iter().map(|shot| {
                            let state = state.clone();
                            let id = shot.id;
                            let remove = Callback::from(move |_: MouseEvent| state.dispatch(Action::RemoveShot(id)));
                            html! { <li data-file={shot.name.clone()} data-screenshot="">{ format!("{} (screenshot, {}) ", shot.name, shot.status()) }
                                <button type="button" class="small" aria-label={format!("Remove {}", shot.name)} onclick={remove}>{ "Remove" }</button></li> }
                        }) }
                    </ul>
                    <button type="button" onclick={on_clear_files}>{ "Remove all files" }</button>
                }
            </div>
            <div class="at">
                <label for="evaluate-at">{ "Evaluate at" }<span class="muted">{ format!(" (your time: {zone})") }</span></label>
                <input id="evaluate-at" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" size="19"
                    placeholder="now — or 2019-06-01 14:30" value={state.at_input.clone()} onchange={on_at} onkeydown={on_at_key}
                    aria-describedby="evaluate-at-mode" aria-invalid={state.at_error.is_some().then_some("true")} />
                <button type="button" id="evaluate-now" onclick={on_now} disabled={on_now_mode}>{ "Now" }</button>
                <span id="evaluate-at-mode" class="muted" data-mode={if on_now_mode { "now" } else { "set" }}>{
                    if on_now_mode { "now: the clock is read for every evaluation. Type a date (YYYY-MM-DD, a time optional) to evaluate then; ↑/↓ change it by a day" } else { "a set time, not now" }
                }</span>
                if let Some(err) = &state.at_error {
                    <span class="error" role="alert">{ err.clone() }</span>
                }
            </div>
        </section>
    }
}
