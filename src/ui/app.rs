//! The top-level component: input, toolbar, summary, then one card per item.

use super::browser;
use super::evaluate::use_report;
use super::cert_card::CertCard;
use super::fleet_view::FleetView;
use super::helpdesk::Helpdesk;
use super::input_panel::InputPanel;
use super::local_trust::LocalTrust;
use super::note_card::NoteCard;
use super::problem_card::ProblemCard;
use super::profile_card::ProfileCard;
use super::signed_card::SignedCard;
use super::state::{Action, State, TimeMode};
use super::screenshot_card::ScreenshotCard;
use super::summary::Summary;
use super::toolbar::Toolbar;
use certscope::report::{time_banner, Item, TimeOrigin};
use certscope::time::Timestamp;
use certscope::trust::TrustStore;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

thread_local! {
    /// Decoded once per page: Apple's pinned CAs and Mozilla's roots.
    static STORE: TrustStore = TrustStore::builtin();
}

pub fn with_store<R>(f: impl FnOnce(&TrustStore) -> R) -> R {
    STORE.with(f)
}

pub fn now() -> Timestamp {
    Timestamp((js_sys::Date::now() / 1000.0) as i64)
}

/// Images pasted anywhere (a screenshot from the clipboard), form fields included.
fn pasted_files(e: &web_sys::Event) -> Option<web_sys::FileList> {
    let files = e.dyn_ref::<web_sys::ClipboardEvent>()?.clipboard_data()?.files()?;
    (files.length() > 0).then_some(files)
}

/// Text pasted anywhere on the page (outside form fields) goes into the input.
fn pasted_text(e: &web_sys::Event) -> Option<String> {
    let target = e.target()?;
    let tag = target.dyn_ref::<web_sys::Element>().map(|el| el.tag_name()).unwrap_or_default();
    if matches!(tag.as_str(), "TEXTAREA" | "INPUT") {
        return None;
    }
    let text = e.dyn_ref::<web_sys::ClipboardEvent>()?.clipboard_data()?.get_data("text/plain").ok()?;
    (!text.is_empty()).then_some(text)
}

fn is_fleet(s: &certscope::input::Source) -> bool {
    std::str::from_utf8(&s.bytes).map(certscope::fleet::looks_like_fleet).unwrap_or(false)
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::new);
    // When the window last regained focus: a tab left open for days re-reads the clock then.
    let focused = use_state(|| 0u64);
    {
        let focused = focused.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo::events::EventListener::new(&w, "focus", move |_| focused.set(js_sys::Date::now() as u64))
            });
            move || drop(listener)
        });
    }
    // On load: restore a share link from the URL fragment.
    let restore_error = use_state(|| None::<String>);
    {
        let state = state.clone();
        let restore_error = restore_error.clone();
        use_effect_with((), move |_| {
            let fragment = browser::fragment();
            if fragment.len() > 1 {
                match certscope::share::decode(&fragment) {
                    Ok(shared) => state.dispatch(Action::OpenLink(shared)),
                    Err(e) => restore_error.set(Some(e.to_string())),
                }
            }
        });
    }
    // Paste anywhere on the page.
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                gloo::events::EventListener::new(&doc, "paste", move |e| {
                    if let Some(files) = pasted_files(e) {
                        e.prevent_default();
                        super::input_panel::read_files(Some(files), state.clone());
                    } else if let Some(text) = pasted_text(e) {
                        e.prevent_default();
                        state.dispatch(Action::SetText(text));
                    }
                })
            });
            move || drop(listener)
        });
    }
    // The clock, read again whenever the input changes (every evaluation) or the tab regains focus.
    let clock = *use_memo(((*state).clone(), *focused), |_| now());
    let at = state.time.at(clock);
    let sources = use_memo((*state).clone(), |s| s.sources().into_iter().filter(|s| !is_fleet(s)).collect::<Vec<_>>());
    let trusted = use_memo(state.trusted.clone(), |t| t.clone());
    let report = use_report(sources, trusted, at);
    let today = clock;
    let origin = if matches!(state.time, TimeMode::Link(_)) { TimeOrigin::Link } else { TimeOrigin::Chosen };
    let banner = (state.time != TimeMode::Now).then(|| time_banner(&report, at, clock, origin)).flatten();
    let set_now = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetNow))
    };
    let empty = state.text.trim().is_empty() && state.files.is_empty() && state.shots.iter().all(|s| s.text.is_none());
    let code = report.diagnosis.as_ref().map(|d| d.code).unwrap_or("");
    let on_trust = {
        let state = state.clone();
        Callback::from(move |c: certscope::cert::Certificate| state.dispatch(Action::Trust(Box::new(c))))
    };
    let show_helpdesk = empty || matches!(code, "enrollment-403" | "not-a-device-identity") || report.items.is_empty();
    html! {
        <>
        <header class="top">
            <h1><img src="favicon.svg" alt="" width="28" height="28" />{ " certscope" }</h1>
            <p class="tagline">{ "Offline certificate inspector for Mac admins and help desks. Nothing you paste or drop leaves this page." }</p>
        </header>
        <main>
            if let Some(e) = &*restore_error {
                <p class="reason bad" role="alert">{ e.clone() }</p>
            }
            if !state.link_left_out.is_empty() {
                <div id="link-left-out" class="notice" role="note">
                    <p><strong>{ "This share link was made without part of the input." }</strong>{ " Share links never carry private keys, PKCS#12 bundles or profiles holding secrets; ask for the certificate alone if you need it:" }</p>
                    <ul>{ for state.link_left_out.iter().map(|l| html! { <li>{ l.describe() }</li> }) }</ul>
                </div>
            }
            <InputPanel state={state.clone()} />
            <Toolbar state={state.clone()} report={report.clone()} />
            if let Some(b) = banner.as_ref().filter(|_| !empty) {
                <div id="time-banner" class="time-banner" role="status"
                    data-origin={if origin == TimeOrigin::Link { "link" } else { "chosen" }} data-differs-today={b.differs_today.to_string()}>
                    <p>{ b.text.clone() }</p>
                    <button type="button" id="time-banner-now" onclick={set_now}>{ "Evaluate now instead" }</button>
                </div>
            }
            <LocalTrust state={state.clone()} />
            if !empty {
                <Summary report={report.clone()} as_of={banner.as_ref().map(|b| AttrValue::from(b.as_of.clone()))} />
            }
            if show_helpdesk {
                <Helpdesk />
            }
            { for state.shots.iter().map(|s| html! { <ScreenshotCard key={format!("shot{}", s.id)} shot={s.clone()} state={state.clone()} /> }) }
            { for state.sources().into_iter().filter(is_fleet).map(|s| html! { <FleetView source={Rc::new(s)} {at} /> }) }
            <section class="results" aria-label="Results">
                if !empty {
                    { for report.items.iter().enumerate().map(|(i, item)| match item {
                        Item::Certificate(c) => html! { <CertCard key={format!("c{i}")} item={Rc::new((**c).clone())} {at} {today} on_trust={on_trust.clone()} /> },
                        Item::SignedData(s) => html! { <SignedCard key={format!("s{i}")} item={Rc::new((**s).clone())} {at} {today} /> },
                        Item::Profile(p) => html! { <ProfileCard key={format!("f{i}")} item={Rc::new((**p).clone())} {at} {today} /> },
                        Item::KeychainRecord(k) => html! { <NoteCard key={format!("k{i}")} kind="keychain-record" title="Keychain record (attributes only)" source={k.source.clone()} lines={
                            [("Label", &k.label), ("Subject", &k.subject), ("Issuer", &k.issuer), ("Serial", &k.serial)].iter()
                                .filter_map(|(l, v)| v.as_ref().map(|v| format!("{l}: {v}"))).chain(std::iter::once(k.message.clone())).collect::<Vec<_>>()
                        } /> },
                        Item::Screenshot(s) => html! { <NoteCard key={format!("t{i}")} kind="screenshot" title="From a screenshot — confirm with the certificate" source={s.source.clone()} lines={
                            [("Issued by", s.findings.issuer.clone()), ("Name", s.findings.subject.clone()),
                             ("Valid from", s.findings.not_before.map(|t| t.date())), ("Expires", s.findings.expires.map(|t| t.date())),
                             ("SHA-256", s.findings.sha256.clone()), ("SHA-1", s.findings.sha1.clone())].into_iter()
                                .filter_map(|(l, v)| v.map(|v| format!("{l}: {v}")))
                                .chain(s.findings.errors.iter().map(|e| format!("Error shown: {e}")))
                                .chain(std::iter::once(s.message.clone())).collect::<Vec<_>>()
                        } /> },
                        Item::Note(n) => html! { <NoteCard key={format!("n{i}")} kind={n.kind} title={match n.kind { "pkcs12" => "PKCS#12 bundle", "device-request" => "Device request (unsigned)", _ => "Error message" }} source={n.source.clone()} lines={
                            std::iter::once(n.message.clone()).chain(n.matched.iter().map(|m| format!("Recognised: {m}"))).collect::<Vec<_>>()
                        } /> },
                    }) }
                    { for report.problems.iter().enumerate().map(|(i, p)| html! { <ProblemCard key={format!("p{i}")} source={p.source.clone()} message={p.message.clone()} /> }) }
                }
            </section>
        </main>
        <footer>
            <p>{ "certscope runs entirely in your browser: no upload, no network requests (the page's security policy forbids them). Apple's device rule: dates of certificates issued by Apple iPhone Device CA are ignored; every signature is checked against Apple's keys." }</p>
        </footer>
        </>
    }
}
