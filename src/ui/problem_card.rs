//! A located problem: what could not be read, and where.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub source: AttrValue,
    pub message: AttrValue,
}

#[function_component(ProblemCard)]
pub fn problem_card(props: &Props) -> Html {
    html! {
        <article class="card problem" data-kind="problem">
            <h3><span class="icon" aria-hidden="true">{ "⚠ " }</span>{ "Problem" }</h3>
            <p class="source">{ props.source.clone() }</p>
            <p>{ props.message.clone() }</p>
        </article>
    }
}
