//! Fleet CSV/JSON parsing and evaluation.
#![no_main]
use certscope::fleet::{Columns, FleetJob};
use certscope::time::Timestamp;
use certscope::trust::TrustStore;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static STORE: OnceLock<TrustStore> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = certscope::fleet::looks_like_fleet(&text);
    if let Ok(mut job) = FleetJob::new(&text, &Columns::default(), Timestamp(1_795_000_000)) {
        let store = STORE.get_or_init(TrustStore::builtin);
        while !job.step(64, store) {}
        let _ = certscope::fleet::to_csv(&job.report());
    }
});
