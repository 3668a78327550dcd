//! Helpers shared by the integration tests that read fixtures (each test file is its own crate,
//! so not every helper is used by every file).
#![allow(dead_code)]

use certscope::cert::Certificate;
use certscope::input::{self, Source};
use certscope::report::Report;
use certscope::time::Timestamp;
use certscope::trust::TrustStore;

pub const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

pub fn read(rel: &str) -> Vec<u8> {
    std::fs::read(format!("{FIX}/{rel}")).unwrap_or_else(|e| panic!("{rel}: {e}"))
    // ok: test
}

/// The first certificate of a fixture.
pub fn cert(rel: &str) -> Certificate {
    input::read(&[Source::file(rel, read(rel))]).certificates().next().cloned().expect("a certificate")
    // ok: test
}

pub fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).expect("time") // ok: test
}

/// Analyses fixture files against `store` at `t`.
pub fn analyze(files: &[&str], store: &TrustStore, t: Timestamp) -> Report {
    let sources: Vec<Source> = files.iter().map(|f| Source::file(*f, read(f))).collect();
    certscope::analyze(&sources, store, t)
}
