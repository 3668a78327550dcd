//! What an Apple certificate says in plain words (the core's facts, in its order), and the line
//! that marks a verdict resting on a root trusted for this session.

use certscope::report::Fact;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FactsProps {
    pub facts: Vec<Fact>,
}

/// The facts as a small definition list; nothing when there are none.
#[function_component(Facts)]
pub fn facts(props: &FactsProps) -> Html {
    if props.facts.is_empty() {
        return html! {};
    }
    html! {
        <dl class="facts">
            { for props.facts.iter().map(|f| html! {
                <><dt>{ f.name.clone() }</dt><dd>{ f.value.clone() }</dd></>
            }) }
        </dl>
    }
}

/// Says, on a card, that its verdicts count a root the user trusted for this session.
#[function_component(LocalTrustLine)]
pub fn local_trust_line() -> Html {
    html! {
        <p class="local-trust-line" role="note">
            { "Trusted locally for this session: the chain ends at a root you chose to trust in this tab. That trust is local and temporary — not built in, not saved, not in share links, and other computers do not have it." }
        </p>
    }
}
