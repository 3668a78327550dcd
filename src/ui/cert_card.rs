//! A certificate: who it is, both verdicts, its dates on a timeline, its chains, fingerprints
//! and every field. All certificate text is rendered as text, never as markup.

use super::glossary::explain;
use super::apple_facts::Facts;
use super::chain::Chain;
use certscope::report::{can_trust_locally, is_locally_trusted, CertificateItem};
use certscope::trust::evaluate::IMITATION_NOTE;
use certscope::time::Timestamp;
use std::rc::Rc;
use certscope::report::Word;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub item: Rc<CertificateItem>,
    pub at: Timestamp,
    /// The browser's clock.
    pub today: Timestamp,
    /// Trust this CA certificate for the session (only top-level cards offer it).
    #[prop_or_default]
    pub on_trust: Option<Callback<certscope::cert::Certificate>>,
}

#[derive(Properties, PartialEq)]
struct FingerprintProps {
    label: AttrValue,
    value: AttrValue,
}

#[function_component(Fingerprint)]
fn fingerprint(p: &FingerprintProps) -> Html {
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

#[derive(Properties, PartialEq)]
struct TimelineProps {
    not_before: Timestamp,
    not_after: Timestamp,
    at: Timestamp,
    today: Timestamp,
}

/// not-before → not-after with the evaluation time marked; the part past expiry is hatched.
#[function_component(Timeline)]
fn timeline(p: &TimelineProps) -> Html {
    let start = p.not_before.0.min(p.at.0).min(p.today.0);
    let end = p.not_after.0.max(p.at.0).max(p.today.0);
    let span = (end - start).max(1) as f64;
    let pos = |t: i64| ((t - start) as f64 / span * 100.0).clamp(0.0, 100.0);
    let (vb, va, at, today) = (pos(p.not_before.0), pos(p.not_after.0), pos(p.at.0), pos(p.today.0));
    let same_day = (p.at.0 - p.today.0).abs() < 86_400;
    let state = if p.at < p.not_before { "not yet valid" } else if p.at > p.not_after { "expired" } else { "valid" };
    // SVG geometry attributes, not style attributes: the CSP allows no inline styles.
    html! {
        <div class="timeline" role="img" aria-label={format!("Valid {} to {}; at the evaluation time it is {state}", p.not_before.date(), p.not_after.date())}>
            <svg viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <rect class="tl-track" x="0" y="4" width="100" height="4" />
                <rect class="tl-valid" x={format!("{vb:.2}")} y="3" width={format!("{:.2}", (va - vb).max(0.5))} height="6" />
                if p.at > p.not_after {
                    <rect class="tl-expired" x={format!("{va:.2}")} y="3" width={format!("{:.2}", (at - va).max(0.5))} height="6" />
                }
                if !same_day {
                    <rect class="tl-today" x={format!("{:.2}", (today - 0.3).max(0.0))} y="1" width="0.6" height="10" />
                }
                <rect class="tl-marker" x={format!("{:.2}", (at - 0.4).max(0.0))} y="0" width="0.8" height="12" />
            </svg>
            <div class="tl-labels">
                // The bar's ends are the earliest and latest of the dates and times shown, not
                // always the validity: the validity is said in words, once.
                <span>{ format!("valid {} → {}", p.not_before.date(), p.not_after.date()) }</span>
                <span class="tl-state">{ format!("▮ evaluation time {}: {state}", p.at.date()) }
                    if !same_day { { format!(" · ▯ today {}", p.today.date()) } }
                </span>
            </div>
        </div>
    }
}

/// A safe file name from a certificate name.
fn file_stem(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '_' }).take(60).collect();
    if s.is_empty() { "certificate".into() } else { s }
}

#[function_component(CertCard)]
pub fn cert_card(props: &Props) -> Html {
    let c = &props.item;
    let apple = &c.verdicts.apple_device;
    let strict = &c.verdicts.strict;
    let apple_attr = apple.word().as_str();
    let strict_attr = strict.word().as_str();
    let apple_text = match apple.word() {
        Word::Ok => "Apple rule: OK (dates ignored)".to_string(),
        Word::Failed => "Apple rule: FAILED".to_string(),
        Word::NotApplicable => "Apple rule: does not apply".to_string(),
    };
    // A root on its own that is not in the list is information, not a red failure.
    let lone_root = certscope::report::certificate_severity(c) == certscope::report::Severity::Info;
    let strict_text = if strict.ok { "Strict: OK".to_string() } else if lone_root { "Strict: a root not in the trusted list".to_string() } else { "Strict: FAILED".to_string() };
    let strict_chip = if lone_root { "na" } else { strict_attr };
    let macos = &c.verdicts.macos;
    let macos_attr = macos.word().as_str();
    let imitation = c.imitates_apple();
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
        <article class={classes!("card", "certificate", imitation.then_some("imitation"))} data-kind="certificate" data-sha256={c.sha256.clone()}
            data-role={c.role.code()} data-apple-device={apple_attr} data-strict={strict_attr} data-macos={macos_attr}
            data-local-trust={local.then_some("true")}>
            <header>
                <h3>{ c.name.clone() }</h3>
                <span class="badge role">{ c.role_label.as_str() }</span>
                if local { <span class="badge local">{ "trusted locally for this session" }</span> }
            </header>
            <p class="source">{ c.source.clone() }</p>
            if imitation {
                <p class="imitation-note" role="note"><strong>{ "Look-alike: " }</strong>{ format!("this certificate {IMITATION_NOTE}. It gets no Apple role.") }</p>
            }
            <div class="chips">
                <span class={classes!("chip", apple.word().token())} tabindex="0" title={explain("Apple rule")}>
                    <span aria-hidden="true">{ format!("{} ", apple.word().mark()) }</span>{ apple_text }
                </span>
                <span class={classes!("chip", strict_chip)} tabindex="0" title={explain("Strict")}>
                    <span aria-hidden="true">{ if strict.ok { "✓ " } else if lone_root { "– " } else { "✗ " } }</span>{ strict_text }
                </span>
                <span class={classes!("chip", "macos", macos_attr)} tabindex="0" title={explain("macOS")}>
                    <span aria-hidden="true">{ if macos.ok { "✓ " } else { "✗ " } }</span>{ if macos.ok { "macOS: trusted" } else { "macOS: not trusted" } }
                </span>
            </div>
            if let Some(d) = &c.verdicts.disagreement {
                <p class="disagreement">{ d.clone() }</p>
            }
            <Facts facts={c.facts.clone()} />
            if let Some(onclick) = trust {
                <p class="trust-offer">
                    <button type="button" class="trust-session" {onclick}>{ "Trust for this session" }</button>
                    <span class="note">{ " Your organisation's own CA? Trusting it counts for the strict and macOS verdicts in this tab only: not saved, not in share links, gone on reload." }</span>
                </p>
            }
            { for apple.reasons.iter().map(|r| html! { <p class="reason bad">{ r.clone() }</p> }) }
            if let Some(h) = &strict.headline {
                <p class="reason">{ format!("Strict check: {h}") }</p>
            }
            { for c.notes.iter().filter(|n| n.as_str() != IMITATION_NOTE).map(|n| html! { <p class="note">{ n.clone() }</p> }) }
            { for strict.notes.iter().map(|n| html! { <p class="note">{ n.clone() }</p> }) }
            if let Some(h) = macos.headline.as_ref().filter(|_| !macos.ok) {
                <p class="reason">{ format!("macOS: {h}") }</p>
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
                <button type="button" class="small" onclick={
                    let (pem, name) = (c.cert.to_pem(), format!("{}.pem", file_stem(&c.name)));
                    Callback::from(move |_: MouseEvent| super::browser::download(&name, "application/x-pem-file", pem.as_bytes()))
                }>{ "Download PEM" }</button>
                <button type="button" class="small" onclick={
                    let (der, name) = (c.cert.der.clone(), format!("{}.cer", file_stem(&c.name)));
                    Callback::from(move |_: MouseEvent| super::browser::download(&name, "application/pkix-cert", &der))
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
