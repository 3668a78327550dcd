//! Runs the core's [`ReportJob`] in the browser: a slice of items per step, the signature checks
//! a slice asks for done by WebCrypto (src/ui/webcrypto.rs), and a return to the browser's event
//! loop between slices, so no step blocks input or painting for long. Shared with the wasm
//! tests (tests/wasm.rs includes this file), so they run the page's own loop.

use super::webcrypto::verify_all;
use certscope::input::{Decoded, Reader, Source};
use certscope::report::{ReportJob, Step};
use certscope::trust::SignatureResults;
use certscope::Report;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// How long the page works before it returns to the browser, in milliseconds of its
/// performance timer: steps run back to back until this much time has passed, so a long input
/// never blocks typing or painting for much longer (one step more: a few milliseconds), and a
/// short one pays for no return it does not need. A return costs from a fraction of a
/// millisecond to a few on a busy machine (bench workload A, 60 returns with one per step:
/// 175 ms of 1,160 in Chromium on a loaded 2-core machine).
pub const YIELD_AFTER_MS: f64 = 8.0;

/// Reads `sources` `blocks` PEM blocks per step (`input::read` in steps), returning to the
/// browser every [`YIELD_AFTER_MS`], with `passwords` for encrypted keys and PKCS#12 bundles; `None` when
/// `superseded`. Private keys and bundles are read by the page's opener (src/ui/unlock.rs, a
/// worker with a wasm of its own, which asks WebCrypto for EC and Ed25519 public keys) and the
/// sources read again with its answers, as `input::read_with` does in process; a key whose public
/// key WebCrypto does not give stays "not checked".
pub async fn read(sources: &[Source], passwords: &certscope::keys::Passwords, blocks: usize, superseded: impl Fn() -> bool) -> Option<Decoded> {
    let passwords = passwords.isolated();
    let decoded = read_once(sources, &passwords, blocks, &superseded).await?;
    let locked = passwords.take_locked();
    if locked.is_empty() {
        return Some(decoded);
    }
    let answers = super::unlock::open(&locked, &passwords).await;
    drop(locked);
    if superseded() {
        return None;
    }
    read_once(sources, &passwords.with_unlocked(answers), blocks, &superseded).await
}

async fn read_once(sources: &[Source], passwords: &certscope::keys::Passwords, blocks: usize, superseded: &impl Fn() -> bool) -> Option<Decoded> {
    let mut phases = Phases::default();
    let mut reader = Reader::new(sources).with_passwords(passwords.clone());
    let mut since_yield = now();
    loop {
        let t = now();
        let done = reader.step(blocks);
        phases.read += now() - t;
        if done {
            break;
        }
        if now() - since_yield >= YIELD_AFTER_MS {
            let t = now();
            yield_to_browser().await;
            phases.yields += now() - t;
            since_yield = now();
        }
        if superseded() {
            return None;
        }
    }
    let t = now();
    let decoded = reader.finish();
    phases.read += now() - t;
    phases.measure();
    Some(decoded)
}

/// Runs `job` to its report, `slice` items per step. `superseded` is asked between steps: when
/// it says yes (a newer input), the job stops and gives nothing.
pub async fn run(job: ReportJob<'_>, slice: usize, superseded: impl Fn() -> bool) -> Option<Report> {
    run_seeing_answers(job, slice, superseded, |_| {}).await
}

/// [`run`], showing `seen` WebCrypto's answers to the checks the job made, once all are made
/// (the tests compare them with the native verifier's: the same checks, the same answers;
/// checks verified ahead and never asked are not shown).
///
/// The checks the input's certificates most likely need (`ReportJob::likely_checks`) go to
/// WebCrypto at once, before the first step, and are not waited for: the steps run meanwhile
/// (the browser verifies on its own threads), and the first step that lacks an answer waits for
/// that batch. A round is always given every check it asked for (those the batch lacked are
/// verified then), so the rounds a slice takes are never more than without the batch; answers
/// given ahead count only when the job asks for them, so the report is the same.
pub async fn run_seeing_answers(
    mut job: ReportJob<'_>,
    slice: usize,
    superseded: impl Fn() -> bool,
    mut seen: impl FnMut(&SignatureResults),
) -> Option<Report> {
    let mut phases = Phases::default();
    let t = now();
    let likely = job.likely_checks();
    phases.core += now() - t;
    let mut ahead = Ahead::start(likely);
    let mut since_yield = now();
    loop {
        let t = now();
        let step = job.step(slice);
        phases.core += now() - t;
        match step {
            Step::Evaluated { done, total } if done == total => break,
            Step::Evaluated { .. } => {
                if now() - since_yield >= YIELD_AFTER_MS {
                    let t = now();
                    yield_to_browser().await;
                    phases.yields += now() - t;
                    since_yield = now();
                }
            }
            // WebCrypto answers asynchronously: the browser runs meanwhile. The same slice is
            // evaluated again with the answers (after `MAX_SLICE_ROUNDS` rounds the core
            // reports what is still missing as not checked).
            Step::NeedsSignatures(checks) => {
                let t = now();
                let mut answers = ahead.answers_for(&checks).await;
                let missing: Vec<_> = checks.into_iter().filter(|c| !answers.contains_key(&c.id)).collect();
                if !missing.is_empty() {
                    answers.extend(verify_all(&missing).await);
                }
                phases.webcrypto += now() - t;
                phases.rounds += 1.0;
                job.add_results(answers);
                since_yield = now();
            }
        }
        if superseded() {
            return None;
        }
    }
    seen(&job.checks_made().map(|(id, r)| (id.clone(), r.clone())).collect());
    let t = now();
    let r = job.finish();
    phases.finish += now() - t;
    phases.measure();
    Some(r)
}

/// Checks WebCrypto verifies while the page goes on, in batches of [`AHEAD_BATCH`] in the
/// order of the input, [`AHEAD_IN_FLIGHT`] at a time: each batch's answers are kept until asked
/// for. Given all at once, Chromium answers none before it has verified them all (measured on
/// bench workload A: 16 batches of 64 all answered together at 200-260 ms); two at a time, the
/// first answers come in 7-15 ms and all of them sooner (150-160 ms).
struct Ahead {
    batches: Vec<Batch>,
    /// The batch of each check.
    of: std::collections::HashMap<certscope::trust::CheckId, usize>,
}

/// Checks per batch given to WebCrypto ahead of the steps: about what two steps ask for.
const AHEAD_BATCH: usize = 64;

/// Batches WebCrypto is given at a time.
const AHEAD_IN_FLIGHT: usize = 2;

struct Batch {
    answers: Rc<RefCell<Option<SignatureResults>>>,
    /// Resolved once the answers are kept; `None` once they were taken.
    done: Option<js_sys::Promise>,
}

/// A batch waiting for WebCrypto: its checks, where its answers go, and what says they are there.
type Queued = (Vec<certscope::trust::SignatureCheck>, Rc<RefCell<Option<SignatureResults>>>, js_sys::Function);

impl Ahead {
    fn start(checks: Vec<certscope::trust::SignatureCheck>) -> Self {
        let mut of = std::collections::HashMap::new();
        let mut batches = Vec::new();
        let queue: Rc<RefCell<std::collections::VecDeque<Queued>>> = Rc::default();
        for chunk in checks.chunks(AHEAD_BATCH) {
            let answers = Rc::new(RefCell::new(None));
            let mut resolve = None;
            let done = js_sys::Promise::new(&mut |r, _| resolve = Some(r));
            // (The executor runs at once: a batch without it is not given ahead.)
            let Some(resolve) = resolve else { continue };
            of.extend(chunk.iter().map(|c| (c.id.clone(), batches.len())));
            queue.borrow_mut().push_back((chunk.to_vec(), answers.clone(), resolve));
            batches.push(Batch { answers, done: Some(done) });
        }
        for _ in 0..AHEAD_IN_FLIGHT {
            let queue = queue.clone();
            wasm_bindgen_futures::spawn_local(async move {
                loop {
                    let Some((checks, kept, resolve)) = queue.borrow_mut().pop_front() else { break };
                    let results = verify_all(&checks).await;
                    *kept.borrow_mut() = Some(results);
                    let _ = resolve.call0(&JsValue::NULL);
                }
            });
        }
        Ahead { batches, of }
    }

    /// The answers of every batch holding one of `checks` (waiting for those batches), and of
    /// every other batch already answered.
    async fn answers_for(&mut self, checks: &[certscope::trust::SignatureCheck]) -> SignatureResults {
        let mut needed: Vec<usize> = checks.iter().filter_map(|c| self.of.get(&c.id).copied()).collect();
        needed.sort_unstable();
        needed.dedup();
        let mut answers = SignatureResults::new();
        for n in needed {
            if let Some(done) = self.batches[n].done.take() {
                if self.batches[n].answers.borrow().is_none() {
                    let _ = JsFuture::from(done).await;
                }
                answers.extend(self.batches[n].answers.borrow_mut().take().unwrap_or_default());
            }
        }
        for b in &mut self.batches {
            if let Some(ready) = b.answers.borrow_mut().take() {
                b.done = None;
                answers.extend(ready);
            }
        }
        answers
    }
}

/// Where an evaluation's time went, in milliseconds of the page's performance timer (the shell
/// may read clocks; the core never does): shown as `certscope:<phase>` User Timing measures
/// (bench/browsers.mjs sums them; a browser's profiler shows them too).
#[derive(Default)]
struct Phases {
    /// Reading the input (`Reader::step`, `finish`).
    read: f64,
    /// The core's steps (`ReportJob::step`): path search, verdicts, items.
    core: f64,
    /// Waiting for WebCrypto's answers (`verify_all`), the browser running meanwhile.
    webcrypto: f64,
    /// Returns to the browser between steps.
    yields: f64,
    /// `ReportJob::finish`: summary lines, diagnosis.
    finish: f64,
    /// Steps that asked for signatures (a count, not milliseconds).
    rounds: f64,
}

impl Phases {
    fn measure(&self) {
        for (name, ms) in
            [("read", self.read), ("core", self.core), ("webcrypto", self.webcrypto), ("yields", self.yields), ("finish", self.finish), ("rounds", self.rounds)]
        {
            if ms > 0.0 {
                measure(&format!("certscope:{name}"), ms);
            }
        }
    }
}

/// The page's performance timer, in milliseconds.
fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// A User Timing measure `name` of `ms` milliseconds (`performance.measure(name, { start: 0,
/// duration })`); nothing where the browser has no such call.
fn measure(name: &str, ms: f64) {
    use wasm_bindgen::JsCast;
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else { return };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("start"), &JsValue::from_f64(0.0));
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("duration"), &JsValue::from_f64(ms));
    if let Ok(f) = js_sys::Reflect::get(&performance, &JsValue::from_str("measure")).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = f.call2(&performance, &JsValue::from_str(name), &options);
    }
}

/// Returns to the browser's event loop as a new task (a MessageChannel message, as React's
/// scheduler does), so input and rendering run before the next slice. A resolved promise would
/// be a microtask, run before anything else; `setTimeout(0)` is clamped to 4 ms once timers nest
/// (HTML's timer nesting level), which would add 4 ms per slice.
pub async fn yield_to_browser() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        gloo::timers::future::TimeoutFuture::new(0).await;
        return;
    };
    let port = channel.port1();
    let message = js_sys::Promise::new(&mut |resolve, _reject| port.set_onmessage(Some(&resolve)));
    if channel.port2().post_message(&JsValue::NULL).is_err() {
        gloo::timers::future::TimeoutFuture::new(0).await;
        return;
    }
    let _ = JsFuture::from(message).await;
    port.set_onmessage(None);
}
