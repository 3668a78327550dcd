//! The summary: a line per input (each file, the pasted text, each fleet file), worst first, as
//! the core decides them; the diagnosis; then the technical one-line summary; announced to screen
//! readers.

use certscope::report::{sort_lines, Diagnosis, Item, KeyKind, Report, Severity, SummaryLine, APSD_COMMAND};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    pub report: Rc<Report>,
    /// The fleet files' lines (evaluated apart from the report).
    #[prop_or_default]
    pub fleet_lines: Rc<Vec<SummaryLine>>,
    /// "On 1 June 2019" when the report is not for now: the verdict is prefixed with it and
    /// loses its green or red, so it never reads as today's.
    #[prop_or_default]
    pub as_of: Option<AttrValue>,
    /// The evaluate-at field holds a time that could not be read: these results are still for
    /// the previous time, and say so (never silently kept) in these words.
    #[prop_or_default]
    pub stale: Option<AttrValue>,
}

/// The same evaluation (its `Rc`), not an equal one: comparing reports item by item costs more
/// than rendering the summary.
impl PartialEq for Props {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.report, &o.report) && self.fleet_lines == o.fleet_lines && self.as_of == o.as_of && self.stale == o.stale
    }
}

fn mark(s: Severity) -> &'static str {
    match s {
        Severity::Failed => "✗",
        Severity::Warning => "!",
        Severity::Info => "i",
        Severity::Ok => "✓",
    }
}

/// A diagnosis: its title and a paragraph per line (the first says who acts next).
fn diagnosis(d: &Diagnosis, prefix: &str, then: bool, extra: Option<&'static str>) -> Html {
    let code = d.code.as_str();
    html! {
        <div class={classes!("diagnosis", code, d.severity().as_str(), then.then_some("then"), extra)} data-severity={d.severity().as_str()} data-code={code}>
            <h2>{ format!("{prefix}{}", d.title) }</h2>
            { for d.text.lines().map(|l| if l == APSD_COMMAND { html! { <super::helpdesk::Command /> } } else { html! { <p>{ l.to_string() }</p> } }) }
        </div>
    }
}

/// Whether an input holds a PKCS#12 bundle or an encrypted key not opened yet: its line then
/// offers the next step, the password field (which the key cards read).
fn needs_a_password(r: &Report, l: &SummaryLine) -> bool {
    l.items.iter().filter_map(|&i| r.items.get(i)).any(
        |i| matches!(i, Item::Key(k) if k.opened != Some(true) && (k.kind == KeyKind::Pkcs12 || (k.kind == KeyKind::PrivateKey && k.encrypted == Some(true)))),
    )
}

/// Moves the keyboard to the password field (shown whenever a bundle or an encrypted key is in
/// the input) and brings it into view.
fn focus_password(_: MouseEvent) {
    use wasm_bindgen::JsCast;
    if let Some(field) =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("password")).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        field.scroll_into_view_with_bool(false);
        let _ = field.focus();
    }
}

#[function_component(Summary)]
pub fn summary(props: &Props) -> Html {
    let r = &props.report;
    let code = r.diagnosis.as_ref().map(|d| d.code.as_str()).unwrap_or("");
    let prefix = props.as_of.as_ref().map(|a| format!("{a}: ")).unwrap_or_default();
    let mut lines: Vec<SummaryLine> = r.summary_lines.iter().chain(props.fleet_lines.iter()).cloned().collect();
    sort_lines(&mut lines);
    // Only fleet files: the fleet lines say it all (no "No certificate" headline).
    let has_report = !r.items.is_empty() || !r.problems.is_empty();
    // Several inputs with a diagnosis each: they stand beside their lines, not once below.
    let per_line = lines.iter().any(|l| l.diagnosis.is_some());
    html! {
        <section id="summary" class={classes!("summary", props.stale.is_some().then_some("stale"))} aria-live="polite" data-stale={props.stale.is_some().then_some("true")}
            data-diagnosis={code} data-elapsed-ms={format!("{:.2}", r.elapsed_ms)}>
            // Inside the section (a sibling that comes and goes before it upsets Yew's positions).
            if let Some(words) = &props.stale {
                <p id="stale-results" class="notice stale-note" role="status">{ words.clone() }</p>
            }
            <ul class={classes!("summary-lines", props.as_of.is_some().then_some("then"))} aria-label="One line per input, worst first">
                { for lines.iter().map(|l| html! {
                    <li class={classes!("summary-line", l.severity.as_str())} data-summary-line="" data-source={l.source.clone()} data-severity={l.severity.as_str()}>
                        <span class="sev-mark" aria-hidden="true">{ mark(l.severity) }</span>
                        <span class="line-text">
                            <strong class="line-source">{ l.source.clone() }</strong>{ ": " }{ format!("{prefix}{}", l.headline) }
                            if needs_a_password(r, l) {
                                { " " }<button type="button" class="small enter-password" onclick={Callback::from(focus_password)}>{ "Enter the password" }</button>
                            }
                            // With several inputs, each input's own diagnosis under its line.
                            if let Some(d) = &l.diagnosis {
                                { diagnosis(d, &prefix, props.as_of.is_some(), Some("line-diagnosis")) }
                            }
                        </span>
                    </li>
                }) }
            </ul>
            if let Some(d) = r.diagnosis.as_ref().filter(|_| !per_line) {
                { diagnosis(d, &prefix, props.as_of.is_some(), None) }
            }
            // The technical one-liner (the JSON's `summary`) after the plain words, not before.
            if has_report {
                <>
                <p class="headline">{ format!("{prefix}{}", r.summary) }</p>
                <p class="meta">{ format!("Evaluated at {} · {} signatures verified · {:.1} ms", r.evaluated_at, r.signatures_verified, r.elapsed_ms) }</p>
                </>
            }
        </section>
    }
}
