//! The roots trusted for this session, listed above the summary, each with "Forget". The list
//! lives in the page's memory only (`State::trusted`): not in storage, not in share links.

use certscope::cert::Certificate;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub trusted: Rc<Vec<Certificate>>,
    /// Stop trusting the root with this SHA-256.
    pub on_forget: Callback<String>,
}

#[function_component(LocalTrust)]
pub fn local_trust(props: &Props) -> Html {
    let trusted = &props.trusted;
    if trusted.is_empty() {
        return html! {};
    }
    html! {
        <section id="local-trust" class="notice local-trust" aria-label="Trusted locally for this session">
            <p><strong>{ "Trusted locally for this session" }</strong>
                { " — local and temporary: these roots count for the strict and macOS verdicts in this tab only. They are not built in, not saved anywhere, never put in a share link, and forgotten when the page is closed or reloaded." }</p>
            <ul>
                { for trusted.iter().map(|c| {
                    let sha = c.sha256.clone();
                    html! {
                        <li data-sha256={c.sha256.clone()}>
                            { c.display_name() }
                            { " " }
                            <button type="button" class="small forget" aria-label={format!("Stop trusting {}", c.display_name())}
                                onclick={props.on_forget.reform(move |_: MouseEvent| sha.clone())}>{ "Forget" }</button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
