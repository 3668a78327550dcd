//! A fleet file: thousands of Macs' certificates, evaluated in chunks (the page never freezes),
//! with progress, cancel, a sortable and filterable table, an expiry histogram and CSV export.

use super::browser;
use super::cert_card::CertCard;
use super::runtime::{performance_now, store_for};
use certscope::fleet::{self, Chunk, Columns, FleetJob, FleetReport};
use certscope::input::Source;
use certscope::report::{CertificateItem, Word};
use certscope::time::Timestamp;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Rows evaluated between two yields to the browser (each chunk's signatures are checked by
/// WebCrypto in one batch, as the page's other evaluations are: src/ui/evaluate.rs). Measured on
/// bench workload B (10,000 rows, headless Chromium): chunks of 250 made tasks of about 250 ms;
/// chunks of 100, with a MessageChannel yield (`yield_to_browser`, no 4 ms timer clamp), tasks
/// of 25–85 ms at the same total time (1,989 → 2,030 ms, within the noise).
const CHUNK: usize = 100;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub source: Rc<Source>,
    pub at: Timestamp,
    /// This fleet's line for the summary, sent as the evaluation starts and ends.
    #[prop_or_default]
    pub on_line: Callback<certscope::report::SummaryLine>,
    /// This fleet for the copied report (its name and Markdown: counts and the devices that
    /// need attention), sent when the evaluation ends or is cancelled.
    #[prop_or_default]
    pub on_markdown: Callback<(String, String)>,
    /// The browser's clock, for an opened device's card.
    pub today: Timestamp,
    /// The roots trusted for this session: an opened device's card is evaluated with them, as
    /// the page's other cards are.
    #[prop_or_default]
    pub trusted: Rc<Vec<certscope::cert::Certificate>>,
    /// The device's card after the Trust button on it.
    #[prop_or_default]
    pub on_trust: Option<Callback<certscope::cert::Certificate>>,
}

/// A device's certificate card opened under its row (the file's row number).
#[derive(Clone, PartialEq)]
enum Opened {
    Reading(usize),
    Card(usize, Rc<CertificateItem>),
    Failed(usize, String),
}

impl Opened {
    fn row(&self) -> usize {
        match self {
            Opened::Reading(r) | Opened::Card(r, _) | Opened::Failed(r, _) => *r,
        }
    }
}

#[derive(Clone, PartialEq)]
enum Phase {
    Running { done: usize, total: usize },
    Done(Rc<FleetReport>),
    Cancelled(Rc<FleetReport>),
    Failed(String, Vec<String>),
}

#[derive(Clone, Copy, PartialEq)]
enum SortKey {
    Device,
    Expiry,
    Apple,
    Strict,
}

#[function_component(FleetView)]
pub fn fleet_view(props: &Props) -> Html {
    let phase = use_state(|| Phase::Running { done: 0, total: 0 });
    let columns = use_state(Columns::default);
    let cancel = use_mut_ref(|| false);
    let sort = use_state(|| (SortKey::Expiry, true));
    let filter = use_state(String::new);
    let only = use_state(|| "all".to_string());
    let opened = use_state(|| None::<Opened>);
    // Which click the card being read belongs to: a later click (another row, or closing) wins
    // over an evaluation still running.
    let clicks = use_mut_ref(|| 0u32);

    {
        let phase = phase.clone();
        let cancel = cancel.clone();
        let source = props.source.clone();
        let at = props.at;
        let on_line = props.on_line.clone();
        let on_markdown = props.on_markdown.clone();
        let opened = opened.clone();
        let clicks = clicks.clone();
        use_effect_with((source.clone(), at, (*columns).clone()), move |(_, _, cols)| {
            // A card opened (or being read) at another time or from other columns is not this
            // evaluation's.
            opened.set(None);
            let stale_click = clicks.borrow().wrapping_add(1);
            *clicks.borrow_mut() = stale_click;
            let cols = cols.clone();
            let stop: Rc<RefCell<bool>> = Rc::new(RefCell::new(false));
            *cancel.borrow_mut() = false;
            let stop_here = stop.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = String::from_utf8_lossy(&source.bytes).into_owned();
                let started = performance_now();
                // A fleet's rows may chain to any public CA: Mozilla's roots first (fetched once).
                let store = match store_for(true).await {
                    Ok(store) => store,
                    Err(e) => {
                        phase.set(Phase::Failed(format!("Mozilla's roots could not be loaded ({e}): no verdict is given."), Vec::new()));
                        return;
                    }
                };
                let mut job = match FleetJob::with_signature_rounds(&text, &cols, at) {
                    Ok(j) => j,
                    Err(e) => {
                        on_line.emit(fleet::fleet_error_line(&source.name, &e));
                        let header = match &e {
                            fleet::FleetError::NoCertificateColumn(h) => h.clone(),
                            _ => Vec::new(),
                        };
                        phase.set(Phase::Failed(e.to_string(), header));
                        return;
                    }
                };
                let total = job.len();
                on_line.emit(certscope::report::fleet_running_line(&source.name, 0, total));
                loop {
                    if *stop_here.borrow() {
                        return;
                    }
                    let finished = match job.step_round(CHUNK, &store) {
                        // The core bounds a chunk's rounds (`FleetJob::step_round`).
                        Chunk::NeedsSignatures(checks) => {
                            job.add_results(super::webcrypto::verify_all(&checks).await);
                            continue;
                        }
                        Chunk::Done(finished) => finished,
                    };
                    if finished {
                        break;
                    }
                    if *cancel.borrow() {
                        let mut r = job.report();
                        r.elapsed_ms = performance_now() - started;
                        on_line.emit(fleet::fleet_line(&source.name, &r));
                        on_markdown.emit((source.name.clone(), fleet::fleet_markdown(&source.name, &r, at)));
                        phase.set(Phase::Cancelled(Rc::new(r)));
                        return;
                    }
                    phase.set(Phase::Running { done: job.done(), total });
                    super::report_job::yield_to_browser().await;
                }
                let mut r = job.report();
                r.elapsed_ms = performance_now() - started;
                on_line.emit(fleet::fleet_line(&source.name, &r));
                on_markdown.emit((source.name.clone(), fleet::fleet_markdown(&source.name, &r, at)));
                phase.set(Phase::Done(Rc::new(r)));
            });
            move || *stop.borrow_mut() = true
        });
    }

    let on_cancel = {
        let cancel = cancel.clone();
        Callback::from(move |_: MouseEvent| *cancel.borrow_mut() = true)
    };
    let set_column = |which: &'static str| {
        let columns = columns.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
                let mut c = (*columns).clone();
                let v = sel.value();
                let v = (!v.is_empty()).then_some(v);
                if which == "device" {
                    c.device = v
                } else {
                    c.certificate = v
                }
                columns.set(c);
            }
        })
    };

    let body = match &*phase {
        Phase::Running { done, total } => html! {
            <div class="fleet-progress">
                <label for="fleet-progress">{ format!("Evaluating {done} of {total} devices…") }</label>
                <progress id="fleet-progress" max={total.to_string()} value={done.to_string()}></progress>
                <button type="button" id="fleet-cancel" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        },
        Phase::Failed(msg, header) => html! {
            <div>
                <p class="reason bad" role="alert">{ msg.clone() }</p>
                if !header.is_empty() {
                    <label for="fleet-cert-column">{ "Certificate column " }</label>
                    <select id="fleet-cert-column" onchange={set_column("certificate")}>
                        <option value="">{ "(choose)" }</option>
                        { for header.iter().map(|h| html! { <option value={h.clone()}>{ h.clone() }</option> }) }
                    </select>
                }
            </div>
        },
        Phase::Done(r) | Phase::Cancelled(r) => {
            let cancelled = matches!(&*phase, Phase::Cancelled(_));
            let (key, asc) = *sort;
            let needle = filter.to_lowercase();
            let now = props.at;
            let mut rows: Vec<&fleet::FleetRow> = r
                .rows
                .iter()
                .filter(|row| {
                    needle.is_empty()
                        || row.device.to_lowercase().contains(&needle)
                        || row.name.as_deref().is_some_and(|n| n.to_lowercase().contains(&needle))
                        || row.sha256.as_deref().unwrap_or("").to_lowercase().contains(&needle)
                })
                .filter(|row| match only.as_str() {
                    "rejected" => row.expiry(now) == fleet::Expiry::RejectedNow,
                    "soon" => row.expiry(now).soon(),
                    "forged" => row.apple_device == Word::Failed,
                    "other" => row.expiry(now) == fleet::Expiry::NotADeviceCertificate,
                    _ => true,
                })
                .collect();
            certscope::sort::sort_by(&mut rows, |a, b| {
                let o = match key {
                    SortKey::Device => a.device.cmp(&b.device),
                    SortKey::Expiry => a.not_after_ts.cmp(&b.not_after_ts),
                    SortKey::Apple => a.apple_device.cmp(&b.apple_device),
                    SortKey::Strict => a.strict.cmp(&b.strict),
                };
                if asc {
                    o
                } else {
                    o.reverse()
                }
            });
            let header_button = |label: &'static str, k: SortKey| {
                let sort = sort.clone();
                let mark = if key == k {
                    if asc {
                        " ▲"
                    } else {
                        " ▼"
                    }
                } else {
                    ""
                };
                html! {
                    <th scope="col" aria-sort={if key == k { if asc { "ascending" } else { "descending" } } else { "none" }}>
                        <button type="button" class="sort" onclick={Callback::from(move |_: MouseEvent| sort.set((k, if key == k { !asc } else { true })))}>{ format!("{label}{mark}") }</button>
                    </th>
                }
            };
            let h = r.histogram;
            let max = [
                h.fails_apple_rule,
                h.rejected_now,
                h.rejected_within_30_days,
                h.rejected_within_90_days,
                h.fine_beyond_90_days,
                h.not_a_device_certificate,
                h.no_certificate,
            ]
            .into_iter()
            .max()
            .unwrap_or(1)
            .max(1) as f64;
            let bar = |i: usize, label: &str, n: usize, class: &'static str| {
                html! {
                    <g>
                        <rect class={class} x="0" y={(i * 22).to_string()} width={format!("{:.1}", 160.0 * n as f64 / max + 1.0)} height="16" />
                        <text x={format!("{:.1}", 160.0 * n as f64 / max + 5.0)} y={(i * 22 + 12).to_string()}>{ format!("{n} {label}") }</text>
                    </g>
                }
            };
            let csv = {
                let r = r.clone();
                Callback::from(move |_: MouseEvent| browser::download("certscope-fleet.csv", "text/csv", fleet::to_csv(&r).as_bytes()))
            };
            // A row's certificate, read again from the file (the table keeps only verdicts) and
            // evaluated as the page's other inputs are, opens as a card under its row (again:
            // closes it). The summary and the input stay as they are: the admin is looking at the
            // fleet, and the card is where the row is.
            let open_device = |row: &fleet::FleetRow| {
                let source = props.source.clone();
                let columns = (*columns).clone();
                let opened = opened.clone();
                let trusted = props.trusted.clone();
                let clicks = clicks.clone();
                let (number, at, device) = (row.row, props.at, row.device.clone());
                Callback::from(move |_: MouseEvent| {
                    let click = {
                        let mut n = clicks.borrow_mut();
                        *n = n.wrapping_add(1);
                        *n
                    };
                    if opened.as_ref().is_some_and(|o| o.row() == number) {
                        opened.set(None);
                        return;
                    }
                    let text = String::from_utf8_lossy(&source.bytes);
                    let cell = FleetJob::with_signature_rounds(&text, &columns, at).ok().and_then(|j| j.certificate_text(number).map(str::to_string));
                    let Some(cell) = cell.filter(|c| !c.trim().is_empty()) else {
                        opened.set(Some(Opened::Failed(number, format!("Row {number} has no certificate to show."))));
                        return;
                    };
                    opened.set(Some(Opened::Reading(number)));
                    let (opened, trusted, device, clicks) = (opened.clone(), trusted.clone(), device.clone(), clicks.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        let sources = [Source::file(format!("{device} (row {number})"), cell.into_bytes())];
                        let report = super::evaluate::evaluate(&sources, &trusted, &Default::default(), at, None, || *clicks.borrow() != click).await;
                        if *clicks.borrow() != click {
                            return;
                        }
                        // The device certificate when the cell holds a chain, else its first certificate.
                        let card = report
                            .as_ref()
                            .and_then(|r| r.certificates().find(|c| c.verdicts.apple_device.applies).or_else(|| r.certificates().next()).cloned());
                        opened.set(Some(match card {
                            Some(c) => Opened::Card(number, Rc::new(c)),
                            None => Opened::Failed(number, format!("The certificate of row {number} could not be read.")),
                        }));
                    });
                })
            };
            let columns_shown = if r.name_column.is_some() { 6 } else { 5 };
            let card_row = |row: &fleet::FleetRow| -> Html {
                match &*opened {
                    Some(o) if o.row() == row.row => html! {
                        <tr class="device-card" data-device={row.device.clone()}>
                            <td colspan={columns_shown.to_string()}>{ match o {
                                Opened::Reading(_) => html! { <p class="meta" role="status">{ "Reading the certificate…" }</p> },
                                Opened::Failed(_, why) => html! { <p class="reason bad" role="alert">{ why.clone() }</p> },
                                Opened::Card(_, item) => html! { <CertCard item={item.clone()} at={props.at} today={props.today} on_trust={props.on_trust.clone()} /> },
                            } }</td>
                        </tr>
                    },
                    _ => html! {},
                }
            };
            let on_filter = {
                let filter = filter.clone();
                Callback::from(move |e: InputEvent| {
                    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                    filter.set(input.value());
                })
            };
            let on_only = {
                let only = only.clone();
                Callback::from(move |e: Event| {
                    if let Some(sel) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
                        only.set(sel.value());
                    }
                })
            };
            html! {
                <>
                <p class="headline">{ format!("{}{}", fleet::fleet_headline(r), if cancelled { " (cancelled before the end)" } else { "" }) }</p>
                <p class="meta">{ format!("Device column: {}{} · certificate column: {} · {:.0} ms", r.device_column.as_deref().unwrap_or("(row number)"), r.name_column.as_deref().map(|n| format!(" (with {n})")).unwrap_or_default(), r.certificate_column, r.elapsed_ms) }</p>
                { for r.problems.iter().map(|p| html! { <p class="reason bad" role="alert">{ p.clone() }</p> }) }
                <svg class="histogram" viewBox="0 0 330 154" role="img" aria-label={format!("Expiry histogram: {} fail Apple's rule, {} rejected now, {} within 30 days, {} within 90 days, {} fine beyond 90 days, {} not a device certificate, {} without certificate", h.fails_apple_rule, h.rejected_now, h.rejected_within_30_days, h.rejected_within_90_days, h.fine_beyond_90_days, h.not_a_device_certificate, h.no_certificate)}>
                    { bar(0, "fail Apple's rule", h.fails_apple_rule, "h-forged") }
                    { bar(1, "rejected now", h.rejected_now, "h-now") }
                    { bar(2, "within 30 days", h.rejected_within_30_days, "h-30") }
                    { bar(3, "within 90 days", h.rejected_within_90_days, "h-90") }
                    { bar(4, "fine beyond 90 days", h.fine_beyond_90_days, "h-ok") }
                    { bar(5, "not a device certificate", h.not_a_device_certificate, "h-other") }
                    { bar(6, "without certificate", h.no_certificate, "h-none") }
                </svg>
                <div class="fleet-controls">
                    <label for="fleet-filter">{ "Filter " }</label>
                    <input id="fleet-filter" type="search" placeholder="device, name or SHA-256" value={(*filter).clone()} oninput={on_filter} />
                    <label for="fleet-only">{ "Show " }</label>
                    <select id="fleet-only" onchange={on_only}>
                        <option value="all" selected={*only == "all"}>{ "all devices" }</option>
                        <option value="rejected" selected={*only == "rejected"}>{ "rejected now" }</option>
                        <option value="soon" selected={*only == "soon"}>{ "rejected within 90 days" }</option>
                        <option value="forged" selected={*only == "forged"}>{ "failing Apple's rule" }</option>
                        <option value="other" selected={*only == "other"}>{ "not a device certificate" }</option>
                    </select>
                    <button type="button" id="fleet-csv" onclick={csv}>{ "Export CSV" }</button>
                </div>
                <div class="table-wrap">
                    <table class="fleet">
                        <caption class="visually-hidden">{ "Devices and their certificate verdicts" }</caption>
                        <thead><tr>
                            { header_button("Device", SortKey::Device) }
                            if let Some(n) = &r.name_column {
                                <th scope="col" class="fleet-name">{ n.clone() }</th>
                            }
                            { header_button("Certificate expiry", SortKey::Expiry) }
                            { header_button("Apple rule", SortKey::Apple) }
                            { header_button("Strict", SortKey::Strict) }
                            <th scope="col">{ "Reason" }</th>
                        </tr></thead>
                        <tbody>
                            { for rows.iter().take(500).map(|row| html! { <>
                                <tr class={classes!((row.apple_device == Word::Failed).then_some("forged"))} data-device={row.device.clone()} data-apple-device={row.apple_device.as_str()} data-strict={row.strict.as_str()}>
                                    <td class="f-device">{ row.device.clone() }{ " " }
                                        <button type="button" class="small open-device" data-row={row.row.to_string()} onclick={open_device(row)}
                                            aria-expanded={opened.as_ref().is_some_and(|o| o.row() == row.row).to_string()}
                                            aria-label={format!("Show the certificate card of {}", row.device)}>{ if opened.as_ref().is_some_and(|o| o.row() == row.row) { "Hide card" } else { "Show card" } }</button>
                                    </td>
                                    if r.name_column.is_some() {
                                        <td class="fleet-name" data-name="">{ row.name.clone().unwrap_or_default() }</td>
                                    }
                                    <td class="f-expiry">{ row.not_after.as_deref().map(|d| d.get(..10).unwrap_or(d).to_string()).unwrap_or_else(|| "—".into()) }</td>
                                    if row.apple_device == Word::Failed {
                                        <td class="verdict failed f-apple"><strong>{ "✗ forged or damaged" }</strong></td>
                                    } else {
                                        <td class="f-apple">{ row.apple_device.as_str() }</td>
                                    }
                                    <td class="f-strict">{ row.strict.as_str() }</td>
                                    <td class="f-reason">{ row.reason.clone().unwrap_or_default() }</td>
                                </tr>
                                { card_row(row) }
                            </> }) }
                        </tbody>
                    </table>
                </div>
                if rows.len() > 500 {
                    <p class="meta">{ format!("Showing 500 of {} matching devices; filter to narrow, or export the CSV for all.", rows.len()) }</p>
                }
                </>
            }
        }
    };
    let (state, rows, elapsed) = match &*phase {
        Phase::Done(r) => ("done", r.rows.len(), r.elapsed_ms),
        Phase::Cancelled(r) => ("cancelled", r.rows.len(), r.elapsed_ms),
        Phase::Running { done, .. } => ("running", *done, 0.0),
        Phase::Failed(..) => ("failed", 0, 0.0),
    };
    html! {
        <section id="fleet" class="card fleet-card" data-kind="fleet" data-state={state} data-rows={rows.to_string()} data-elapsed-ms={format!("{elapsed:.1}")} aria-live="polite">
            <h3>{ format!("Fleet: {}", props.source.name) }</h3>
            { body }
        </section>
    }
}
