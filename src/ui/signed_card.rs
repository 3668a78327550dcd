//! Signed data (a signed profile or device request): the label macOS would show, each signer,
//! and the certificates inside.

use super::cert_card::CertCard;
use super::profile_view::ProfileView;
use certscope::report::{ContentType, SignatureState, SignedDataItem};
use certscope::time::Timestamp;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub item: Rc<SignedDataItem>,
    pub at: Timestamp,
    /// The browser's clock, marked on timelines beside the evaluation time.
    pub today: Timestamp,
    /// Trust a CA certificate found inside for the session (its card says where it was found).
    #[prop_or_default]
    pub on_trust: Option<Callback<certscope::cert::Certificate>>,
}

/// `a` and `b` say the same thing (ignoring case, spaces and a final period).
fn same(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.trim().trim_end_matches('.').to_lowercase();
    !b.trim().is_empty() && norm(a) == norm(b)
}

/// Each reason once per card: a later sentence that repeats the label's reason says "for the
/// same reason" instead of repeating it.
fn once(text: &str, reason: &str) -> String {
    let said = reason.trim().trim_end_matches('.');
    if said.len() < 12 {
        return text.to_string();
    }
    let lower = text.to_lowercase();
    match lower.find(&said.to_lowercase()) {
        Some(at) if text.is_char_boundary(at) && text.is_char_boundary(at + said.len()) => {
            format!("{}for the same reason{}", &text[..at], &text[at + said.len()..])
        }
        _ => text.to_string(),
    }
}

#[function_component(SignedCard)]
pub fn signed_card(props: &Props) -> Html {
    let s = &props.item;
    let signature = s.signature.as_str();
    let title = match s.content_type {
        ContentType::Profile => "Signed profile",
        ContentType::DeviceRequest => "Signed device request",
        ContentType::None => "Detached signature",
        ContentType::Data => "Signed data",
    };
    html! {
        <article class="card signed" data-kind="signed-data" data-signature={signature} data-macos-label={s.macos_label.as_str()}>
            <header>
                <h3>{ title }</h3>
                <span class="badge">{ s.encoding.as_str() }</span>
            </header>
            <p class="source">{ s.source.clone() }</p>
            <p class={classes!("label", s.macos_label.as_str())}>{ s.macos_label.line() }</p>
            <p class="reason">{ s.macos_label_reason.clone() }</p>
            if let Some(then) = &s.macos_label_at_signing {
                <p class="note">{ once(then, &s.macos_label_reason) }</p>
            }
            <ul class="signers">
                { for s.signers.iter().map(|x| html! {
                    <li>
                        { format!("Signer {}: signature {}, content digest {}",
                            x.signer_name.clone().unwrap_or_else(|| "(certificate not included)".into()),
                            match x.signature_state() { SignatureState::Ok => "✓ verifies", SignatureState::Failed => "✗ fails", _ => "not checked" },
                            match x.digest_state() { SignatureState::Ok => "✓ matches", SignatureState::Failed => "✗ changed", _ => "not checked" }) }
                        { for x.problems.iter().filter(|p| !same(p, &s.macos_label_reason)).map(|p| html! { <div class={classes!("reason", (!x.signature_not_checked).then_some("bad"))}>{ p.clone() }</div> }) }
                        { for x.notes.iter().map(|n| html! { <div class="note">{ n.clone() }</div> }) }
                    </li>
                }) }
            </ul>
            if let Some(fields) = &s.device_request {
                <dl class="fields">
                    { for fields.iter().map(|(k, v)| html! { <><dt>{ k.clone() }</dt><dd>{ v.clone() }</dd></> }) }
                </dl>
            }
            <h4>{ "Certificates in the signature" }</h4>
            <div class="nested">
                { for s.certificates.iter().map(|c| html! { <CertCard item={Rc::new(c.clone())} at={props.at} today={props.today} on_trust={props.on_trust.clone()} found_in={AttrValue::from(if s.profile.is_some() { "this profile" } else { "this signature" })} /> }) }
            </div>
            if let Some(p) = &s.profile {
                <ProfileView profile={Rc::new(p.clone())} at={props.at} today={props.today} on_trust={props.on_trust.clone()} />
            }
        </article>
    }
}
