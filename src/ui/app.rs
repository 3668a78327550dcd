//! The top-level component: input, toolbar, summary, then one card per item.

use super::browser;
use super::evaluate::use_report;
use super::files::read_files;
use super::fleet_view::FleetView;
use super::glossary::Glossary;
use super::helpdesk::Helpdesk;
use super::input_panel::{InputPanel, Listed, TextChange};
use super::local_trust::LocalTrust;
use super::results::Results;
use super::runtime::now;
use super::screenshot_card::ScreenshotCard;
use super::state::{Action, State, TimeMode};
use super::summary::Summary;
use super::toolbar::Toolbar;
use certscope::report::{time_banner, SummaryLine, TimeOrigin};
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

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

/// How long typing must pause before the input is evaluated.
const TYPING_PAUSE_MS: u32 = 150;

/// Each fleet file's summary line, by file name.
#[derive(Default, PartialEq)]
struct FleetLines(BTreeMap<String, SummaryLine>);

impl Reducible for FleetLines {
    type Action = SummaryLine;
    fn reduce(self: Rc<Self>, line: SummaryLine) -> Rc<Self> {
        let mut m = self.0.clone();
        m.insert(line.source.clone(), line);
        Rc::new(FleetLines(m))
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::new);
    // The children get callbacks, never the reducer handle (Yew's todomvc manner); the file
    // and OCR readers get this one.
    let dispatch = {
        let d = state.dispatcher();
        Callback::from(move |a: Action| d.dispatch(a))
    };
    // When the window last regained focus: a tab left open for days re-reads the clock then.
    let focused = use_state(|| 0u64);
    {
        let focused = focused.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| gloo::events::EventListener::new(&w, "focus", move |_| focused.set(js_sys::Date::now() as u64)));
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
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                gloo::events::EventListener::new(&doc, "paste", move |e| {
                    if let Some(files) = pasted_files(e) {
                        e.prevent_default();
                        read_files(files, dispatch.clone());
                    } else if let Some(text) = pasted_text(e) {
                        e.prevent_default();
                        dispatch.emit(Action::PasteText(text));
                    }
                })
            });
            move || drop(listener)
        });
    }
    // Files dropped anywhere on the page (the results, the text box, not only the drop zone),
    // with a visible drop state (`html[data-dropping]`) while files are dragged over it.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listeners = web_sys::window().and_then(|w| w.document()).map(|doc| {
                let root = doc.document_element();
                let mark = move |on: bool| {
                    if let Some(r) = &root {
                        let _ = if on { r.set_attribute("data-dropping", "") } else { r.remove_attribute("data-dropping") };
                    }
                };
                let files_dragged = |e: &web_sys::Event| {
                    e.dyn_ref::<web_sys::DragEvent>().and_then(|d| d.data_transfer()).is_some_and(|t| t.types().includes(&"Files".into(), 0))
                };
                let over = {
                    let mark = mark.clone();
                    gloo::events::EventListener::new_with_options(&doc, "dragover", gloo::events::EventListenerOptions::enable_prevent_default(), move |e| {
                        if files_dragged(e) {
                            e.prevent_default();
                            mark(true);
                        }
                    })
                };
                let leave = {
                    let mark = mark.clone();
                    gloo::events::EventListener::new(&doc, "dragleave", move |e| {
                        // Leaving the window (no element entered next).
                        if e.dyn_ref::<web_sys::DragEvent>().is_some_and(|d| d.related_target().is_none()) {
                            mark(false);
                        }
                    })
                };
                let drop =
                    gloo::events::EventListener::new_with_options(&doc, "drop", gloo::events::EventListenerOptions::enable_prevent_default(), move |e| {
                        mark(false);
                        if let Some(files) =
                            e.dyn_ref::<web_sys::DragEvent>().and_then(|d| d.data_transfer()).and_then(|t| t.files()).filter(|f| f.length() > 0)
                        {
                            e.prevent_default();
                            read_files(files, dispatch.clone());
                        }
                    });
                (over, leave, drop)
            });
            move || drop(listeners)
        });
    }
    // Only what the analysis reads is the memo key: OCR progress or the time control's text do
    // not re-run it. The clock is read again whenever that input changes (every evaluation) or
    // the tab regains focus.
    let inputs = state.inputs();
    // Typing is evaluated once it pauses; everything else (a paste, a file, an example) at once.
    // The inputs last evaluated: what a render while typing shows until the pause. Kept in a
    // cell, so that recording a paste's inputs costs no second render; the pause re-renders.
    let settled = use_mut_ref(|| inputs.clone());
    let paused = use_force_update();
    {
        let settled = settled.clone();
        let typing = state.typing;
        use_effect_with(inputs.clone(), move |i| {
            let i = i.clone();
            let timer = if typing {
                Some(gloo::timers::callback::Timeout::new(TYPING_PAUSE_MS, move || {
                    *settled.borrow_mut() = i;
                    paused.force_update();
                }))
            } else {
                *settled.borrow_mut() = i;
                None
            };
            move || drop(timer)
        });
    }
    let inputs = if state.typing { settled.borrow().clone() } else { inputs };
    let clock = *use_memo((inputs.clone(), state.time, *focused), |_| now());
    let at = state.time.at(clock);
    let sources = use_memo(inputs, |i| i.sources());
    let trusted = use_memo(state.trusted.clone(), |t| t.clone());
    // The TLS server the certificates are for (`verdicts.tls`): typed in the Server name field.
    let server = (*use_memo(state.server.clone(), |t| certscope::trust::PeerName::parse(t))).clone();
    let report = use_report(sources, trusted.clone(), state.password.clone(), at, server);
    let encrypted = super::key_card::has_encrypted(&report);
    // After a paste, a file or an example, bring the verdict into view (on a phone it is below
    // the input): once per arrival, once the summary is on the page.
    let revealed = use_mut_ref(|| 0u32);
    {
        let revealed = revealed.clone();
        // In the next frame, not in this task: measuring the page now would lay it out before
        // the verdicts are in it (a paste is evaluated in this task's microtasks), then again.
        use_effect_with((state.arrivals, Rc::as_ptr(&report) as usize), move |(arrivals, _)| {
            let arrivals = *arrivals;
            if *revealed.borrow() != arrivals {
                let reveal = wasm_bindgen::closure::Closure::once_into_js(move || {
                    if *revealed.borrow() != arrivals && browser::reveal("summary") {
                        *revealed.borrow_mut() = arrivals;
                    }
                });
                if let Some(w) = web_sys::window() {
                    let _ = w.request_animation_frame(reveal.unchecked_ref());
                }
            }
        });
    }
    let on_trust = dispatch.reform(|c: certscope::cert::Certificate| Action::Trust(Box::new(c)));
    let fleet_lines = use_reducer(FleetLines::default);
    let on_fleet_line = {
        let fleet_lines = fleet_lines.dispatcher();
        Callback::from(move |l: SummaryLine| fleet_lines.dispatch(l))
    };
    // Each fleet's Markdown for the copied report, by file name.
    let fleet_md = use_state(BTreeMap::<String, String>::new);
    let on_fleet_markdown = {
        let fleet_md = fleet_md.clone();
        Callback::from(move |(name, md): (String, String)| {
            let mut m = (*fleet_md).clone();
            m.insert(name, md);
            fleet_md.set(m);
        })
    };
    let fleet_md_now: Rc<Vec<String>> = Rc::new(state.fleets().filter_map(|f| fleet_md.get(&f.name).cloned()).collect());
    let has_fleet = state.fleets().next().is_some();
    let fleet_lines_now: Rc<Vec<SummaryLine>> = Rc::new(state.fleets().filter_map(|f| fleet_lines.0.get(&f.name).cloned()).collect());
    let today = clock;
    let origin = if matches!(state.time, TimeMode::Link(_)) { TimeOrigin::Link } else { TimeOrigin::Chosen };
    let banner = (state.time != TimeMode::Now).then(|| time_banner(&report, at, clock, origin)).flatten();
    let set_now = dispatch.reform(|_: MouseEvent| Action::SetNow);
    super::remember_text(&state.text);
    let empty = state.text.trim().is_empty() && state.files.is_empty() && state.shots.iter().all(|s| s.text.is_none());
    // A fleet file is the agent's own data: no "ask the user" panel for it.
    let fleet_only = has_fleet && report.items.is_empty() && report.problems.is_empty();
    // The diagnosis that asks for the certificate gives the command box itself: not twice.
    let show_helpdesk =
        !fleet_only && (empty || (report.needs_the_certificate() && !report.diagnosis.as_ref().is_some_and(super::helpdesk::gives_the_command)));
    // Browsers give WebCrypto only to secure contexts (HTTPS, localhost): without it no
    // signature can be checked, and the page says so before anything else.
    let no_webcrypto = super::webcrypto::NoWebCrypto(*use_memo((), |_| !super::webcrypto::available()));
    // An unreadable evaluate-at time leaves the results on the previous time: said, not hidden.
    let stale = state.at_error.is_some();
    let stale_words = stale.then(|| {
        AttrValue::from(format!(
            "Not evaluated again: the time typed under Evaluate at could not be read, so these results are still for {}.",
            if state.time == TimeMode::Now { "now".to_string() } else { format!("{} (your time)", browser::local_input(at)) }
        ))
    });
    let origin_text = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    html! {
        <>
        <header class="top">
            <h1><img src="favicon.svg" alt="" width="28" height="28" />{ " certscope" }</h1>
            <p class="tagline">{ "Offline certificate inspector for Mac admins and help desks. Nothing you paste or drop leaves this page." }</p>
        </header>
        <main>
            <ContextProvider<super::webcrypto::NoWebCrypto> context={no_webcrypto}>
            if no_webcrypto.0 {
                <div id="no-webcrypto" class="notice" role="alert">
                    <p><strong>{ "Open certscope over HTTPS (or from localhost) to get verdicts." }</strong></p>
                    <p>{ format!("This page ({origin_text}) has no WebCrypto (crypto.subtle): browsers give it only to pages opened over HTTPS or from localhost. No signature can be checked here, so certscope gives no verdict: every signature is \"not checked\", neither accepted nor rejected. What was read (names, dates, fingerprints) is shown, and Copy report and Share link still work.") }</p>
                </div>
            }
            if let Some(e) = &*restore_error {
                <p class="reason bad" role="alert">{ e.clone() }</p>
            }
            if !state.link_left_out.is_empty() {
                <div id="link-left-out" class="notice" role="note">
                    <p><strong>{ "This share link was made without part of the input." }</strong>{ " Share links never carry private keys, PKCS#12 bundles or profiles holding secrets; ask for the certificate alone if you need it:" }</p>
                    <ul>{ for state.link_left_out.iter().map(|l| html! { <li>{ l.describe() }</li> }) }</ul>
                </div>
            }
            <InputPanel
                text={state.text.clone()} folded={state.folded}
                files={state.files.iter().map(|f| Listed { name: f.name.clone(), bytes: f.bytes.len() }).collect::<Vec<_>>()}
                shots={state.shots.clone()}
                {at} on_now_mode={state.time == TimeMode::Now} zone={AttrValue::from(browser::zone_name(at))}
                at_input={AttrValue::from(state.at_input.clone())} at_error={state.at_error.clone().map(AttrValue::from)}
                on_text={dispatch.reform(|c: TextChange| if c.typed { Action::TypeText(c.text) } else { Action::SetText(c.text) })}
                on_files={{ let dispatch = dispatch.clone(); Callback::from(move |l| read_files(l, dispatch.clone())) }}
                on_paste={dispatch.reform(Action::PasteText)}
                on_show_text={dispatch.reform(|()| Action::ShowText)}
                on_remove_file={dispatch.reform(Action::RemoveFile)}
                on_remove_shot={dispatch.reform(Action::RemoveShot)}
                on_clear_files={dispatch.reform(|()| Action::ClearFiles)}
                on_at={dispatch.reform(Action::at)}
                on_now={dispatch.reform(|()| Action::SetNow)} />
            <super::server_name::ServerNameField value={AttrValue::from(state.server.clone())} on_input={dispatch.reform(Action::ServerName)} />
            if encrypted {
                <super::key_card::PasswordField value={AttrValue::from(state.password.first().to_string())} on_input={dispatch.reform(Action::Password)} />
            }
            <Toolbar report={report.clone()} fleet_markdown={fleet_md_now}
                empty={state.text.trim().is_empty() && state.files.is_empty() && state.shots.is_empty()}
                shared={{ let state = state.clone(); Callback::from(move |()| state.shared()) }}
                on_example={dispatch.reform(Action::Restore)}
                on_clear={dispatch.reform(|()| Action::Clear)} />
            if let Some(b) = banner.as_ref().filter(|_| !empty) {
                <div id="time-banner" class="time-banner" role="status"
                    data-origin={if origin == TimeOrigin::Link { "link" } else { "chosen" }} data-differs-today={b.differs_today.to_string()}>
                    <p>{ b.text.clone() }</p>
                    <button type="button" id="time-banner-now" onclick={set_now}>{ "Evaluate now instead" }</button>
                </div>
            }
            <LocalTrust trusted={trusted.clone()} on_forget={dispatch.reform(Action::Forget)} />
            if !empty {
                <Summary report={report.clone()} fleet_lines={fleet_lines_now} as_of={banner.as_ref().map(|b| AttrValue::from(b.as_of.clone()))} stale={stale_words} />
            }
            if show_helpdesk {
                <Helpdesk />
            }
            { for state.shots.iter().map(|s| html! { <ScreenshotCard key={format!("shot{}", s.id)} shot={s.clone()} on_edit={dispatch.reform(|(id, text)| Action::ShotEdited { id, text })} /> }) }
            { for state.fleets().enumerate().map(|(i, s)| html! { <FleetView key={format!("{i}:{}", s.name)} source={s.clone()} {at} on_line={on_fleet_line.clone()} on_markdown={on_fleet_markdown.clone()} {today} trusted={trusted.clone()} on_trust={on_trust.clone()} /> }) }
            <section class={classes!("results", stale.then_some("stale"))} aria-label="Results" data-stale={stale.then_some("true")}>
                if !empty {
                    <Results report={report.clone()} {at} {today} on_trust={on_trust.clone()} />
                }
            </section>
            </ContextProvider<super::webcrypto::NoWebCrypto>>
        </main>
        <footer>
            <Glossary />
            <p>{ "certscope runs entirely in your browser: no upload, no network requests (the page's security policy forbids them). Apple's device rule: dates of certificates issued by Apple iPhone Device CA are ignored; every signature is checked against Apple's keys." }</p>
        </footer>
        </>
    }
}
