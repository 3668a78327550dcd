//! Runs the core's [`ReportJob`] in the browser: a slice of items per step, the signature checks
//! a slice asks for done by WebCrypto (src/ui/webcrypto.rs), and a return to the browser's event
//! loop between slices, so no step blocks input or painting for long. Shared with the wasm
//! tests (tests/wasm.rs includes this file), so they run the page's own loop.

use super::webcrypto::verify_all;
use certscope::input::{Decoded, Reader, Source};
use certscope::report::{ReportJob, Step};
use certscope::trust::SignatureResults;
use certscope::Report;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Reads `sources` `blocks` PEM blocks per step (`input::read` in steps), returning to the
/// browser between steps, with `passwords` for encrypted keys and PKCS#12 bundles; `None` when
/// `superseded`. EC and Ed25519 private keys whose public key the page cannot compute are asked
/// of WebCrypto (src/ui/webcrypto.rs) and the sources read again with its answers; a key it
/// does not answer for stays "not checked".
pub async fn read(sources: &[Source], passwords: &certscope::keys::Passwords, blocks: usize, superseded: impl Fn() -> bool) -> Option<Decoded> {
    let passwords = passwords.isolated();
    let decoded = read_once(sources, &passwords, blocks, &superseded).await?;
    let wanted = passwords.take_wanted();
    if wanted.is_empty() {
        return Some(decoded);
    }
    let derived = super::webcrypto::derive_public_keys(&wanted).await;
    drop(wanted);
    if derived.is_empty() || superseded() {
        return Some(decoded);
    }
    read_once(sources, &passwords.with_derived(derived), blocks, &superseded).await
}

async fn read_once(sources: &[Source], passwords: &certscope::keys::Passwords, blocks: usize, superseded: &impl Fn() -> bool) -> Option<Decoded> {
    let mut reader = Reader::new(sources).with_passwords(passwords.clone());
    while !reader.step(blocks) {
        yield_to_browser().await;
        if superseded() {
            return None;
        }
    }
    Some(reader.finish())
}

/// Runs `job` to its report, `slice` items per step. `superseded` is asked between steps: when
/// it says yes (a newer input), the job stops and gives nothing.
pub async fn run(job: ReportJob<'_>, slice: usize, superseded: impl Fn() -> bool) -> Option<Report> {
    run_seeing_answers(job, slice, superseded, |_| {}).await
}

/// [`run`], showing `seen` every batch of WebCrypto's answers (the tests compare them with the
/// native verifier's).
pub async fn run_seeing_answers(
    mut job: ReportJob<'_>,
    slice: usize,
    superseded: impl Fn() -> bool,
    mut seen: impl FnMut(&SignatureResults),
) -> Option<Report> {
    loop {
        match job.step(slice) {
            Step::Evaluated { done, total } if done == total => break,
            Step::Evaluated { .. } => yield_to_browser().await,
            // WebCrypto answers asynchronously: the browser runs meanwhile. The same slice is
            // evaluated again with the answers (after `MAX_SLICE_ROUNDS` rounds the core
            // reports what is still missing as not checked).
            Step::NeedsSignatures(checks) => {
                let answers = verify_all(&checks).await;
                seen(&answers);
                job.add_results(answers);
            }
        }
        if superseded() {
            return None;
        }
    }
    let r = job.finish();
    Some(r)
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
