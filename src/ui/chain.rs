//! A chain drawn as a list of links, each with its signature mark and dates.

use certscope::trust::ChainLink;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub links: Vec<ChainLink>,
    pub label: AttrValue,
    /// True when dates are not part of this chain's rule (Apple's).
    #[prop_or_default]
    pub dates_ignored: bool,
}

#[function_component(Chain)]
pub fn chain(props: &Props) -> Html {
    if props.links.is_empty() {
        return html! {};
    }
    html! {
        <ol class="chain" aria-label={props.label.clone()}>
            { for props.links.iter().map(|l| {
                let mark = match l.signature_ok {
                    _ if l.signature_not_checked => "? signature not checked",
                    Some(true) => "✓ signature verifies",
                    Some(false) => "✗ signature fails",
                    None => "anchor",
                };
                let dates = match (l.not_before, l.not_after) {
                    (Some(a), Some(b)) => format!("{} → {}{}", a.date(), b.date(), if props.dates_ignored { " (ignored)" } else { "" }),
                    _ => "trusted key".to_string(),
                };
                html! {
                    <li class={classes!(match l.signature_ok { _ if l.signature_not_checked => "unchecked", Some(false) => "bad", _ => "good" })}>
                        <span class="link-name">{ l.name.clone() }</span>
                        <span class="link-mark">{ mark }</span>
                        <span class="link-dates">{ dates }</span>
                        if l.builtin { <span class="badge">{ "built-in" }</span> }
                    </li>
                }
            }) }
        </ol>
    }
}
