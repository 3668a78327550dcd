//! What the unit tests share: the fixtures under `tests/fixtures/` and times.

use crate::time::Timestamp;

/// The bytes of `tests/fixtures/{rel}`.
pub fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))).unwrap_or_else(|e| panic!("{rel}: {e}"))
    // ok: test
}

/// The text of `tests/fixtures/{rel}`.
pub fn fixture_text(rel: &str) -> String {
    String::from_utf8(fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")) // ok: test
}

/// An RFC 3339 time or a date.
pub fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap_or_else(|e| panic!("time {s}: {e:?}")) // ok: test
}
