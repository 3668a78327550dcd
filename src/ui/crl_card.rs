//! A CRL given in the input (issue 22 §1): issuer, this and next update, how many entries, and
//! whether its signature verifies. `data-signature` (`ok` | `failed` | `not-checked`) and
//! `data-entries` say the same as the JSON's `crl` (`signature_ok`, `entries`).

use certscope::report::CrlSummary;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub title: AttrValue,
    pub crl: CrlSummary,
    pub source: AttrValue,
    pub message: AttrValue,
}

/// A CRL card's facts, one per line.
fn lines(c: &CrlSummary) -> Vec<String> {
    let signature = match (c.signature_ok, &c.signer) {
        (Some(true), Some(s)) => format!("Signature: ✓ (by {s})"),
        (Some(true), None) => "Signature: ✓".to_string(),
        (Some(false), _) => "Signature: ✗".to_string(),
        (None, _) => "Signature: not checked (the issuer's certificate is not in the input)".to_string(),
    };
    vec![
        format!("Issuer: {}", c.issuer),
        format!("This update: {}", c.this_update.long_date()),
        format!("Next update: {}", c.next_update.map_or_else(|| "none".to_string(), |t| t.long_date())),
        format!("Entries: {}{}", c.entries, if c.delta { " (a delta CRL)" } else { "" }),
        signature,
    ]
}

#[function_component(CrlCard)]
pub fn crl_card(props: &Props) -> Html {
    let c = &props.crl;
    let signature = match c.signature_ok {
        Some(true) => "ok",
        Some(false) => "failed",
        None => "not-checked",
    };
    html! {
        <article class="card note crl" data-kind="crl" data-signature={signature} data-entries={c.entries.to_string()}>
            <h3>{ props.title.clone() }</h3>
            <p class="source">{ props.source.clone() }</p>
            { for lines(c).into_iter().map(|l| html! { <p>{ l }</p> }) }
            <p>{ props.message.clone() }</p>
        </article>
    }
}
