//! What an Apple certificate says in plain words: the core's facts, in the core's order.

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
