//! Running the core for the page: the signature checks it asks for are done by the browser's
//! WebCrypto (src/ui/webcrypto.rs), round by round, and the report replaces the previous one
//! when it is complete. `data-elapsed-ms` measures input → report including those checks. The sources are read once
//! per evaluation; each round re-evaluates with the signature results so far.

use super::runtime::performance_now;
use super::webcrypto::verify_all;
use certscope::cert::Certificate;
use certscope::input::Source;
use certscope::time::Timestamp;
use certscope::trust::{SignatureResults, TrustStore};
use certscope::{Analysis, Report};
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// More rounds than any input needs (each round only asks for checks not yet answered, and the
/// core's budget bounds them); past it the checks still missing are reported as not checked.
pub const MAX_ROUNDS: usize = 16;

/// The built-in store, or a copy with the roots trusted for this session added as the caller's
/// own (Custom), so the core marks every verdict that rests on them as local trust.
fn with_trust<R>(trusted: &[Certificate], f: impl FnOnce(&TrustStore) -> R) -> R {
    super::runtime::with_store(|store| {
        if trusted.is_empty() {
            f(store)
        } else {
            let mut store = store.clone();
            store.add_anchors(trusted.iter().cloned());
            f(&store)
        }
    })
}

/// The report for `sources` at `at`, with WebCrypto doing the signature checks.
pub async fn evaluate(sources: &[Source], trusted: &[Certificate], at: Timestamp) -> Report {
    let started = performance_now();
    // Reading depends on the sources alone: once per evaluation, not once per round.
    let read = certscope::input::read(sources);
    let mut results = SignatureResults::new();
    for _ in 0..MAX_ROUNDS {
        let round = with_trust(trusted, |store| certscope::analyze_read_with_signatures(sources, &read, store, at, results.clone()));
        match round {
            Analysis::Complete(mut report) => {
                report.elapsed_ms = performance_now() - started;
                return *report;
            }
            Analysis::NeedsSignatures(checks) => results.extend(verify_all(&checks).await),
        }
    }
    let mut report = with_trust(trusted, |store| certscope::analyze_read_unverified_rest(sources, &read, store, at, results));
    report.elapsed_ms = performance_now() - started;
    report
}

/// The latest complete report for `sources` at `at`. A newer input supersedes an evaluation
/// still waiting for the browser; until the first one completes, the report of no input.
#[hook]
pub fn use_report(sources: Rc<Vec<Source>>, trusted: Rc<Vec<Certificate>>, at: Timestamp) -> Rc<Report> {
    // No input: no signature to check.
    let report = use_state(|| Rc::new(super::runtime::with_store(|store| certscope::analyze_unverified_rest(&[], store, at, SignatureResults::new()))));
    let generation = use_mut_ref(|| Rc::new(Cell::new(0u64)));
    {
        let report = report.clone();
        let generation = generation.borrow().clone();
        use_effect_with((sources, trusted, at), move |(sources, trusted, at)| {
            let mine = generation.get() + 1;
            generation.set(mine);
            let (sources, trusted, at) = (sources.clone(), trusted.clone(), *at);
            wasm_bindgen_futures::spawn_local(async move {
                let r = evaluate(&sources, &trusted, at).await;
                if generation.get() == mine {
                    report.set(Rc::new(r));
                }
            });
        });
    }
    (*report).clone()
}
