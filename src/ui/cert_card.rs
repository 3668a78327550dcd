//! A certificate: who it is, both verdicts, its dates on a timeline, its chains, fingerprints
//! and every field. All certificate text is rendered as text, never as markup.

use super::apple_facts::Facts;
use super::chain::Chain;
use super::fingerprint::Fingerprint;
use super::glossary::explain;
use super::timeline::Timeline;
use certscope::report::{can_trust_locally, is_locally_trusted, CertificateItem};
use certscope::time::Timestamp;
use certscope::trust::evaluate::Imitation;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub item: Rc<CertificateItem>,
    pub at: Timestamp,
    /// The browser's clock.
    pub today: Timestamp,
    /// Trust this CA certificate for the session (top-level cards, and those inside a profile or
    /// signature with `found_in`).
    #[prop_or_default]
    pub on_trust: Option<Callback<certscope::cert::Certificate>>,
    /// Where a certificate offered for trust was found, when not given on its own ("this
    /// profile"): the offer says so.
    #[prop_or_default]
    pub found_in: Option<AttrValue>,
}

/// A safe file name from a certificate name.
fn file_stem(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '_' }).take(60).collect();
    if s.is_empty() {
        "certificate".into()
    } else {
        s
    }
}

/// A verdict chip that takes keyboard focus: its explanation shows on hover and on focus alike
/// (a `title` shows on hover only), and is its accessible description.
fn chip(tone: &'static str, mark: &'static str, text: &'static str, term: &'static str, extra: Option<&'static str>) -> Html {
    html! {
        <span class={classes!("chip", extra, tone)} tabindex="0">
            <span aria-hidden="true">{ format!("{mark} ") }</span>{ text }
            <span class="chip-tip" role="tooltip">{ explain(term) }</span>
        </span>
    }
}

#[function_component(CertCard)]
pub fn cert_card(props: &Props) -> Html {
    let c = &props.item;
    let apple = &c.verdicts.apple_device;
    let strict = &c.verdicts.strict;
    let apple_attr = apple.word().as_str();
    let strict_attr = strict.word().as_str();
    let (apple_chip, strict_chip, macos_chip) = (c.apple_chip(), c.strict_chip(), c.macos_chip());
    let macos = &c.verdicts.macos;
    let macos_attr = macos.word().as_str();
    // With a server name: what a Mac says of it as that server's TLS certificate.
    let tls = c.verdicts.tls.as_ref().zip(c.tls_chip());
    let server = c.verdicts.tls_server.clone().unwrap_or_default();
    let imitation = c.imitation.as_ref().map(Imitation::note);
    // Without WebCrypto nothing is decided: no chip (the notice at the top of the page says why).
    let chips = !use_context::<super::webcrypto::NoWebCrypto>().is_some_and(|n| n.0);
    let local = is_locally_trusted(c);
    let trust = props.on_trust.clone().filter(|_| can_trust_locally(c)).map(|cb| {
        let cert = c.cert.clone();
        Callback::from(move |_: MouseEvent| cb.emit(cert.clone()))
    });
    // Every field is rendered only once the details are opened: most cards are never opened,
    // and a paste should paint fast.
    let open = use_state(|| false);
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            if let Some(d) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                open.set(d.open());
            }
        })
    };
    html! {
        <article class={classes!("card", "certificate", imitation.is_some().then_some("imitation"))} data-kind="certificate" data-sha256={c.sha256.clone()}
            data-role={c.role.code()} data-apple-device={apple_attr} data-strict={strict_attr} data-macos={macos_attr}
            data-tls={tls.map(|(t, _)| t.word().as_str())}
            data-local-trust={local.then_some("true")} data-key-pair={(!c.key_pair.is_empty()).then_some("matched")}>
            <header>
                <h3>{ c.name.clone() }</h3>
                <span class="badge role">{ c.role_label.as_str() }</span>
                if local { <span class="badge local">{ "trusted locally for this session" }</span> }
            </header>
            <p class="source">{ c.source.clone() }</p>
            if let Some(note) = &imitation {
                <p class="imitation-note" role="note"><strong>{ "Look-alike: " }</strong>{ format!("this certificate {note}.{}", if c.imitation == Some(Imitation::Names) { " It gets no Apple role." } else { "" }) }</p>
            }
            if chips {
            <div class="chips">
                { chip(apple_chip.tone.token(), apple_chip.tone.mark(), apple_chip.text, "Apple rule", None) }
                { chip(strict_chip.tone.token(), strict_chip.tone.mark(), strict_chip.text, "Strict", None) }
                { chip(macos_chip.tone.token(), macos_chip.tone.mark(), macos_chip.text, "macOS", Some("macos")) }
                if let Some((_, chip)) = tls {
                    <span class={classes!("chip", "tls", chip.tone.token())} tabindex="0" title="What a Mac says of this certificate as the TLS certificate of the server named (Apple's TLS server evaluation)">
                        <span aria-hidden="true">{ format!("{} ", chip.tone.mark()) }</span>{ format!("TLS server ({server}): {}", chip.text) }
                    </span>
                }
            </div>
            }
            if let Some(d) = &c.verdicts.disagreement {
                <p class="disagreement">{ d.clone() }</p>
            }
            <Facts facts={c.facts.clone()} />
            if let Some(onclick) = trust {
                <p class="trust-offer">
                    <button type="button" class="trust-session" {onclick}>{ match &props.found_in {
                        Some(w) => format!("Trust for this session (found inside {w})"),
                        None => "Trust for this session".to_string(),
                    } }</button>
                    <span class="note">{ " Your organisation's own CA? Trusting it counts for the strict and macOS verdicts in this tab only: not saved, not in share links, gone on reload." }</span>
                </p>
            }
            { for apple.reasons.iter().map(|r| html! { <p class={classes!("reason", (!apple.not_checked).then_some("bad"))}>{ certscope::report::capitalize(r) }</p> }) }
            if let Some(h) = &strict.headline {
                <p class="reason">{ format!("Strict check: {h}") }</p>
            }
            { for c.notes.iter().filter(|n| Some(*n) != imitation.as_ref()).map(|n| html! { <p class="note">{ n.clone() }</p> }) }
            { for strict.notes.iter().map(|n| html! { <p class="note">{ n.clone() }</p> }) }
            if let Some(h) = macos.headline.as_ref().filter(|_| !macos.ok) {
                <p class="reason">{ format!("macOS: {h}") }</p>
            }
            if let Some((t, _)) = tls.filter(|(t, _)| !t.ok) {
                <p class="reason tls">{ format!("TLS server ({server}): {}", t.reasons.join("; ")) }</p>
            }
            { for c.hash_lines.iter().map(|h| if h.matches {
                html! { <p class="hash ok">{ format!("✓ printed {} hash matches", h.algorithm) }</p> }
            } else {
                html! { <p class="hash bad" role="alert">{ format!("✗ printed {} hash {} does NOT match this certificate", h.algorithm, h.printed) }</p> }
            }) }
            <Timeline not_before={c.not_before_ts} not_after={c.not_after_ts} at={props.at} today={props.today} />
            if apple.applies {
                <h4>{ "Apple's chain (dates ignored)" }</h4>
                <Chain links={c.apple_chain.clone()} label="Apple device chain" dates_ignored=true />
            }
            <h4>{ "Strict chain" }</h4>
            <Chain links={c.chain_links.clone()} label="Strict chain" />
            <Fingerprint label="SHA-256" value={c.sha256.clone()} />
            <Fingerprint label="SHA-1" value={c.sha1.clone()} />
            <div class="downloads">
                // Encoded when clicked, not on every render.
                <button type="button" class="small" onclick={
                    let item = props.item.clone();
                    Callback::from(move |_: MouseEvent| super::browser::download(&format!("{}.pem", file_stem(&item.name)), "application/x-pem-file", item.cert.to_pem().as_bytes()))
                }>{ "Download PEM" }</button>
                <button type="button" class="small" onclick={
                    let item = props.item.clone();
                    Callback::from(move |_: MouseEvent| super::browser::download(&format!("{}.cer", file_stem(&item.name)), "application/pkix-cert", &item.cert.der))
                }>{ "Download DER" }</button>
            </div>
            <details ontoggle={on_toggle}>
                <summary>{ "All fields" }</summary>
                if *open {
                <dl class="fields">
                    <dt>{ "Subject" }</dt><dd>{ c.subject.clone() }</dd>
                    <dt>{ "Issuer" }</dt><dd>{ c.issuer.clone() }</dd>
                    <dt>{ "Serial" }</dt><dd><code>{ c.serial.clone() }</code></dd>
                    <dt>{ "Valid" }</dt><dd>{ format!("{} → {} ({} days)", c.not_before, c.not_after, c.validity_days) }</dd>
                    <dt>{ "Version" }</dt><dd>{ c.version }</dd>
                    <dt>{ "Public key" }</dt><dd>{ format!("{} {}", c.public_key.algorithm, c.public_key.bits.map(|b| format!("{b} bits")).or(c.public_key.curve.clone()).unwrap_or_default()) }</dd>
                    <dt>{ "Key SHA-256 (SPKI)" }</dt><dd><code>{ c.public_key.spki_sha256.clone() }</code></dd>
                    <dt>{ "Signature" }</dt><dd>{ c.signature_algorithm.clone() }</dd>
                    { for c.extensions.iter().map(|e| html! {
                        <>
                        <dt>{ format!("{}{}", e.name, if e.critical { " (critical)" } else { "" }) }</dt>
                        <dd>
                            { for e.value.iter().map(|v| html! { <div>{ v.clone() }</div> }) }
                            if let Some(h) = &e.hex { <code class="hex">{ format!("{} {}", e.oid, h) }</code> }
                        </dd>
                        </>
                    }) }
                    { for strict.reasons.iter().skip(1).map(|r| html! { <><dt>{ "Also" }</dt><dd>{ r.clone() }</dd></> }) }
                </dl>
                }
            </details>
        </article>
    }
}
