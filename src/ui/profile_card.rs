//! An unsigned profile: macOS would show it as Unsigned.

use super::profile_view::ProfileView;
use certscope::report::ProfileItem;
use certscope::time::Timestamp;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub item: Rc<ProfileItem>,
    pub at: Timestamp,
    /// The browser's clock, marked on timelines beside the evaluation time.
    pub today: Timestamp,
    /// Trust a CA certificate found inside for the session (its card says where it was found).
    #[prop_or_default]
    pub on_trust: Option<Callback<certscope::cert::Certificate>>,
}

#[function_component(ProfileCard)]
pub fn profile_card(props: &Props) -> Html {
    let p = &props.item;
    html! {
        <article class="card profile-card" data-kind="profile" data-signature="none" data-macos-label={p.macos_label.as_str()}>
            <header><h3>{ "Unsigned profile" }</h3></header>
            <p class="source">{ p.source.clone() }</p>
            <p class="label unsigned">{ "macOS would show: Unsigned" }</p>
            <p class="reason">{ p.macos_label_reason.clone() }</p>
            <ProfileView profile={Rc::new(p.profile.clone())} at={props.at} today={props.today} on_trust={props.on_trust.clone()} />
        </article>
    }
}
