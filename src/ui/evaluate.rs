//! Running the core for the page: the core's [`ReportJob`] evaluates a slice of items per step,
//! the signature checks a slice asks for are done by the browser's WebCrypto
//! (src/ui/webcrypto.rs), and the page returns to the browser between slices
//! (src/ui/report_job.rs), so a long input never blocks typing or painting for long. The report
//! replaces the previous one when it is complete; a newer input stops an older evaluation
//! between two slices. `data-elapsed-ms` measures input → report including those checks.
//! With a server name, the TLS verdicts also wait for the Public Suffix List
//! (src/ui/public_suffixes.rs), fetched from the site then, as the others wait for WebCrypto.

use super::runtime::performance_now;
use certscope::cert::Certificate;
use certscope::input::Source;
use certscope::keys::Passwords;
use certscope::report::ReportJob;
use certscope::time::Timestamp;
use certscope::trust::{PeerName, SignatureResults, StrictOptions, TrustStore};
use certscope::Report;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// Items per step. Measured in headless Chromium on bench workload A (1,000 certificates
/// pasted, on a busy 2-core machine): steps of 32 took 3 to 9 ms, the longest of the 64 steps
/// (a slice is evaluated twice when it needs signatures: once to ask, once with WebCrypto's
/// answers), while the return to the browser between slices (a MessageChannel task) stays a
/// small share of the time.
pub const SLICE: usize = 32;

/// PEM blocks decoded per reading step (`input::Reader`). Same workload: the first step (the
/// megabyte cleaned and scanned for blocks) took 28 to 45 ms, the steps decoding 32 blocks
/// each less; reading in one piece had taken 230 to 290 ms.
pub const READ_SLICE: usize = 32;

/// The built-in store, or a copy with the roots trusted for this session added as the caller's
/// own (Custom), so the core marks every verdict that rests on them as local trust.
fn with_trust(store: Rc<TrustStore>, trusted: &[Certificate]) -> Rc<TrustStore> {
    if trusted.is_empty() {
        return store;
    }
    let mut store = (*store).clone();
    store.add_anchors(trusted.iter().cloned());
    Rc::new(store)
}

/// The report for `sources` at `at` (each leaf also as the TLS certificate of `server`, when
/// given), with WebCrypto doing the signature checks; `None` when `superseded` says a newer
/// input replaced this one (asked between slices).
pub async fn evaluate(
    sources: &[Source],
    trusted: &[Certificate],
    passwords: &Passwords,
    at: Timestamp,
    server: Option<PeerName>,
    superseded: impl Fn() -> bool,
) -> Option<Report> {
    let started = performance_now();
    mark("certscope:evaluate-start");
    // Reading depends on the sources alone: once per evaluation, in steps too.
    let read = super::report_job::read(sources, passwords, READ_SLICE, &superseded).await?;
    // Mozilla's roots only when a chain could reach them (fetched once, then kept); the verdict
    // waits for them as it waits for WebCrypto. Without them, no verdict at all.
    let public = certscope::report::needs_public_roots(&read, &super::runtime::store());
    let store = match super::runtime::store_for(public).await {
        Ok(store) => with_trust(store, trusted),
        Err(e) => return (!superseded()).then(|| without_roots(at, &e)),
    };
    // A server name given: its TLS verdicts wait for the Public Suffix List (fetched from the
    // site the first time; `None` when it cannot be had: wildcards are then "not checked").
    let mut tried = server.is_some();
    let mut suffixes = if tried { super::public_suffixes::load().await } else { None };
    loop {
        if superseded() {
            return None;
        }
        let options = StrictOptions { server_name: server.clone(), public_suffixes: suffixes.clone(), ..StrictOptions::default() };
        let job = ReportJob::new(sources, &read, &store, at, options, SignatureResults::new());
        let mut report = super::report_job::run(job, SLICE, &superseded).await?;
        // A profile named a server and a wildcard needs the list: load it, and evaluate again.
        if !tried && report.needs_public_suffixes() {
            tried = true;
            suffixes = super::public_suffixes::load().await;
            if suffixes.is_some() {
                continue;
            }
        }
        report.elapsed_ms = performance_now() - started;
        mark("certscope:evaluate-end");
        return Some(report);
    }
}

/// The report when Mozilla's roots could not be loaded: nothing evaluated, one problem saying why.
fn without_roots(at: Timestamp, why: &str) -> Report {
    let mut report = super::runtime::with_store(|store| certscope::analyze_unverified_rest(&[], store, at, SignatureResults::new()));
    report.problems.push(certscope::report::ProblemItem {
        source: "mozilla-roots.der".to_string(),
        message: format!("Mozilla's roots could not be loaded ({why}), and this input may need them: no verdict is given. Reload the page to try again."),
    });
    report
}

/// A User Timing mark (bench/browsers.mjs reads where an evaluation starts and ends after the
/// input; a browser's profiler shows them too).
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// The latest complete report for `sources` at `at`. A newer input supersedes an evaluation
/// still running; until the first one completes, the report of no input.
#[hook]
pub fn use_report(sources: Rc<Vec<Source>>, trusted: Rc<Vec<Certificate>>, passwords: Passwords, at: Timestamp, server: Option<PeerName>) -> Rc<Report> {
    // No input: no signature to check.
    let report = use_state(|| Rc::new(super::runtime::with_store(|store| certscope::analyze_unverified_rest(&[], store, at, SignatureResults::new()))));
    let generation = use_mut_ref(|| Rc::new(Cell::new(0u64)));
    {
        let report = report.clone();
        let generation = generation.borrow().clone();
        use_effect_with((sources, trusted, passwords, at, server), move |(sources, trusted, passwords, at, server)| {
            let mine = generation.get() + 1;
            generation.set(mine);
            let (sources, trusted, passwords, at, server) = (sources.clone(), trusted.clone(), passwords.clone(), *at, server.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let superseded = || generation.get() != mine;
                if let Some(r) = evaluate(&sources, &trusted, &passwords, at, server, superseded).await {
                    if generation.get() == mine {
                        report.set(Rc::new(r));
                    }
                }
            });
        });
    }
    (*report).clone()
}
