//! A profile's name, flags and payloads, and the certificates its payloads install.

use super::cert_card::CertCard;
use certscope::report::ProfileJson;
use certscope::time::Timestamp;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub profile: Rc<ProfileJson>,
    pub at: Timestamp,
    /// The browser's clock, marked on timelines beside the evaluation time.
    pub today: Timestamp,
    /// Trust a CA certificate found inside for the session (its card says where it was found).
    #[prop_or_default]
    pub on_trust: Option<Callback<certscope::cert::Certificate>>,
}

#[function_component(ProfileView)]
pub fn profile_view(props: &Props) -> Html {
    let p = &props.profile.profile;
    html! {
        <div class="profile">
            <h4>{ "Profile" }</h4>
            <dl class="fields">
                <dt>{ "Name" }</dt><dd>{ p.display_name.clone().unwrap_or_else(|| "(none)".into()) }</dd>
                <dt>{ "Identifier" }</dt><dd>{ p.identifier.clone().unwrap_or_default() }</dd>
                if let Some(o) = &p.organization { <dt>{ "Organization" }</dt><dd>{ o.clone() }</dd> }
                if let Some(u) = &p.uuid { <dt>{ "UUID" }</dt><dd>{ u.clone() }</dd> }
                if let Some(s) = &p.scope { <dt>{ "Scope" }</dt><dd>{ s.clone() }</dd> }
                if let Some(r) = p.removal_disallowed { <dt>{ "Removal" }</dt><dd>{ if r { "not allowed" } else { "allowed" } }</dd> }
                if let Some(d) = &p.removal_date { <dt>{ "Removal date" }</dt><dd>{ d.clone() }</dd> }
                if let Some(c) = &p.consent_text { <dt>{ "Consent text" }</dt><dd>{ c.clone() }</dd> }
            </dl>
            { for p.flags.iter().map(|f| html! { <p class="flag">{ format!("⚑ {f}") }</p> }) }
            <ul class="payloads">
                { for p.payloads.iter().map(|pl| html! {
                    <li>
                        <strong>{ pl.friendly.clone() }</strong>{ format!(" ({})", pl.kind) }
                        if let Some(d) = &pl.display_name { { format!(" — {d}") } }
                        { for pl.flags.iter().map(|f| html! { <div class="flag">{ format!("⚑ {f}") }</div> }) }
                    </li>
                }) }
            </ul>
            <div class="nested">
                { for props.profile.certificates.iter().map(|c| html! { <CertCard item={Rc::new(c.clone())} at={props.at} today={props.today} on_trust={props.on_trust.clone()} found_in={AttrValue::from("this profile")} /> }) }
            </div>
        </div>
    }
}
