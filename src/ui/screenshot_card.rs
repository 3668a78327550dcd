//! A screenshot being read: progress, then the recognised text, editable (OCR makes mistakes;
//! the agent corrects them and the triage follows).

use super::state::Shot;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub shot: Shot,
    /// The text as corrected: (screenshot id, text).
    pub on_edit: Callback<(u32, String)>,
}

#[function_component(ScreenshotCard)]
pub fn screenshot_card(props: &Props) -> Html {
    let s = &props.shot;
    let id = s.id;
    let on_edit = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            on_edit.emit((id, area.value()));
        })
    };
    let field = format!("ocr-text-{id}");
    html! {
        <article class="card shot" data-kind="screenshot-text" data-state={if s.error.is_some() { "failed" } else if s.text.is_some() { "read" } else { "reading" }}>
            <header><h3>{ format!("Screenshot: {}", s.name) }</h3></header>
            if let Some(e) = &s.error {
                <p class="reason bad" role="alert">{ format!("The text could not be read: {e}") }</p>
            } else if let Some(text) = &s.text {
                <p class="note">{ format!("Text read in the browser in {:.1} s. Correct it if the recognition went wrong; the triage follows your edits.", s.ocr_ms / 1000.0) }</p>
                <label for={field.clone()} class="label">{ "Recognised text" }</label>
                <textarea id={field} class="ocr-text" rows="8" spellcheck="false" value={text.clone()} oninput={on_edit} />
            } else {
                <label for={field.clone()}>{ format!("Reading the text in the browser… {}%", s.progress) }</label>
                <progress id={field} max="100" value={s.progress.to_string()}></progress>
            }
        </article>
    }
}
