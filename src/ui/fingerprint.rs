//! A fingerprint with its Copy button, which says "Copied" once clicked.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub label: AttrValue,
    pub value: AttrValue,
}

#[function_component(Fingerprint)]
pub fn fingerprint(p: &Props) -> Html {
    // "Copied" once clicked, like the command's button.
    let copied = use_state(|| false);
    let copy = {
        let (copied, value) = (copied.clone(), p.value.to_string());
        Callback::from(move |_: MouseEvent| {
            super::browser::copy_text(&value);
            copied.set(true);
        })
    };
    html! {
        <div class="fp">
            <span class="fp-label">{ p.label.clone() }</span>
            <code class="fp-value">{ p.value.clone() }</code>
            <button type="button" class="copy" aria-label={format!("Copy {}", p.label)} onclick={copy}>{ if *copied { "Copied" } else { "Copy" } }</button>
        </div>
    }
}
