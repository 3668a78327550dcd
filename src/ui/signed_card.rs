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
            <p class={classes!("label", s.macos_label.as_str())}>{ format!("macOS would show: {}", s.macos_label.word()) }</p>
            <p class="reason">{ s.macos_label_reason.clone() }</p>
            if let Some(then) = &s.macos_label_at_signing {
                <p class="note">{ then.clone() }</p>
            }
            <ul class="signers">
                { for s.signers.iter().map(|x| html! {
                    <li>
                        { format!("Signer {}: signature {}, content digest {}",
                            x.signer_name.clone().unwrap_or_else(|| "(certificate not included)".into()),
                            match x.signature_state() { SignatureState::Ok => "✓ verifies", SignatureState::Failed => "✗ fails", _ => "not checked" },
                            match x.digest_state() { SignatureState::Ok => "✓ matches", SignatureState::Failed => "✗ changed", _ => "not checked" }) }
                        { for x.problems.iter().map(|p| html! { <div class="reason bad">{ p.clone() }</div> }) }
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
                { for s.certificates.iter().map(|c| html! { <CertCard item={Rc::new(c.clone())} at={props.at} today={props.today} /> }) }
            </div>
            if let Some(p) = &s.profile {
                <ProfileView profile={Rc::new(p.clone())} at={props.at} today={props.today} />
            }
        </article>
    }
}
