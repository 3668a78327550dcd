//! The whole pipeline: input, certificates, both verdicts, CMS, profiles, report, JSON.
#![no_main]
use certscope::input::Source;
use certscope::time::Timestamp;
use certscope::trust::TrustStore;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static STORE: OnceLock<TrustStore> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let store = STORE.get_or_init(TrustStore::builtin);
    let r = certscope::analyze(&[Source::file("fuzz", data.to_vec())], store, Timestamp(1_795_000_000));
    let _ = certscope::report::markdown(&r);
});
