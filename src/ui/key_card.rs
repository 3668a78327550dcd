//! Private keys, certificate signing requests, PKCS#12 bundles and push requests (issue 21):
//! their public values only, and the password field asked for when something is encrypted.

use certscope::report::{Item, KeyItem, KeyKind, Report};
use std::rc::Rc;
use yew::prelude::*;

/// Whether the report holds an encrypted key or a PKCS#12 bundle: the page then asks for a
/// password (and only then).
pub fn has_encrypted(report: &Report) -> bool {
    report.items.iter().any(|i| matches!(i, Item::Key(k) if k.encrypted == Some(true) || k.kind == KeyKind::Pkcs12))
}

#[derive(Properties, PartialEq)]
pub struct PasswordProps {
    pub value: AttrValue,
    pub on_input: Callback<String>,
}

/// One password for every encrypted item; kept in memory only, cleared with the input.
#[function_component(PasswordField)]
pub fn password_field(props: &PasswordProps) -> Html {
    let on_input = {
        let cb = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                cb.emit(input.value());
            }
        })
    };
    html! {
        <div class="password-row">
            <label for="password">{ "Password for the encrypted key or PKCS#12 bundle" }</label>
            <input id="password" type="password" autocomplete="off" spellcheck="false" value={props.value.clone()} oninput={on_input} />
            <p class="hint">{ "Used in this page only, for every encrypted item; never stored or put in a share link." }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub item: Rc<KeyItem>,
}

fn title(k: &KeyItem) -> &'static str {
    match k.kind {
        KeyKind::PrivateKey => "Private key",
        KeyKind::Csr => "Certificate signing request",
        KeyKind::Pkcs12 => "PKCS#12 bundle",
        KeyKind::PushRequest => "Vendor-signed push request",
    }
}

#[function_component(KeyCard)]
pub fn key_card(props: &Props) -> Html {
    let k = &props.item;
    let flag = |b: Option<bool>| b.map(|b| if b { "true" } else { "false" });
    let signature = k.signature_ok.map(|s| match s {
        Some(true) => "ok",
        Some(false) => "failed",
        None => "not-checked",
    });
    let hash = k.public_key_sha256.clone().or_else(|| k.csr.as_ref().map(|c| c.public_key_sha256.clone()));
    html! {
        <article class="card key" data-kind={k.kind.as_str()} data-opened={flag(k.opened)} data-signature={signature}
            data-mac={k.mac_ok.flatten().map(|b| if b { "ok" } else { "failed" })}
            data-vendor-chain={k.vendor_chain_ok.map(|v| match v { Some(true) => "ok", Some(false) => "failed", None => "not-checked" })}
            data-public-key-sha256={hash.clone()}>
            <h3>{ title(k) }</h3>
            <p class="source">{ k.source.clone() }</p>
            <p>{ k.message.clone() }</p>
            if let Some(h) = hash {
                <p class="fingerprint">{ "Public key SHA-256: " }<code>{ h }</code></p>
            }
            if let Some(s) = &k.subject {
                <p>{ format!("Subject: {s}") }</p>
            }
            if let Some(c) = &k.csr {
                <p>{ format!("CSR subject: {}", c.subject) }</p>
            }
            if let Some(v) = &k.vendor_not_after {
                <p>{ format!("Vendor certificate expires: {v}") }</p>
            }
        </article>
    }
}
