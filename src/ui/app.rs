//! The top-level component: input on the left, the report below.

use super::cert_card::CertCard;
use super::input_panel::InputPanel;
use super::note_card::NoteCard;
use super::problem_card::ProblemCard;
use super::profile_card::ProfileCard;
use super::signed_card::SignedCard;
use super::state::State;
use super::summary::Summary;
use certscope::report::{Item, Report};
use certscope::time::Timestamp;
use certscope::trust::TrustStore;
use std::rc::Rc;
use yew::prelude::*;

thread_local! {
    /// Decoded once per page: Apple's pinned CAs and Mozilla's roots.
    static STORE: TrustStore = TrustStore::builtin();
}

fn now() -> Timestamp {
    Timestamp((js_sys::Date::now() / 1000.0) as i64)
}

fn performance_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Runs the core and measures the time spent in it.
fn evaluate(state: &State) -> Report {
    let sources = state.sources();
    let started = performance_now();
    let mut report = STORE.with(|store| certscope::analyze(&sources, store, state.at));
    report.elapsed_ms = performance_now() - started;
    report
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| State::new(now()));
    let report = {
        let s = (*state).clone();
        use_memo(s, evaluate)
    };
    let empty = state.text.trim().is_empty() && state.files.is_empty();
    html! {
        <>
        <header class="top">
            <h1><img src="favicon.svg" alt="" width="28" height="28" />{ " certscope" }</h1>
            <p class="tagline">{ "Offline certificate inspector for Mac admins and help desks. Nothing you paste or drop leaves this page." }</p>
        </header>
        <main>
            <InputPanel state={state.clone()} />
            if !empty {
                <Summary report={report.clone()} />
            }
            <section class="results" aria-label="Results">
                if !empty {
                    { for report.items.iter().enumerate().map(|(i, item)| match item {
                        Item::Certificate(c) => html! { <CertCard key={format!("c{i}")} item={Rc::new((**c).clone())} at={state.at} /> },
                        Item::SignedData(s) => html! { <SignedCard key={format!("s{i}")} item={Rc::new((**s).clone())} at={state.at} /> },
                        Item::Profile(p) => html! { <ProfileCard key={format!("f{i}")} item={Rc::new((**p).clone())} at={state.at} /> },
                        Item::KeychainRecord(k) => html! { <NoteCard key={format!("k{i}")} kind="keychain-record" title="Keychain record (attributes only)" source={k.source.clone()} lines={
                            [("Label", &k.label), ("Subject", &k.subject), ("Issuer", &k.issuer), ("Serial", &k.serial)].iter()
                                .filter_map(|(l, v)| v.as_ref().map(|v| format!("{l}: {v}"))).chain(std::iter::once(k.message.clone())).collect::<Vec<_>>()
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
            <p>{ "certscope runs entirely in your browser: no upload, no network requests. Apple's device rule: dates of certificates issued by Apple iPhone Device CA are ignored; every signature is checked against Apple's keys." }</p>
        </footer>
        </>
    }
}
