//! Items that are recognised but are not certificates: keychain records, PKCS#12, error text.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub kind: AttrValue,
    pub title: AttrValue,
    pub source: AttrValue,
    pub lines: Vec<String>,
}

#[function_component(NoteCard)]
pub fn note_card(props: &Props) -> Html {
    html! {
        <article class="card note" data-kind={props.kind.clone()}>
            <h3>{ props.title.clone() }</h3>
            <p class="source">{ props.source.clone() }</p>
            { for props.lines.iter().map(|l| html! { <p>{ l.clone() }</p> }) }
        </article>
    }
}
