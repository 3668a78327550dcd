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

/// The first certificate of a PEM text (standard base64 between the armour lines), decoded
/// without the input module, so that the modules `input` builds on can test with real
/// certificates and no import circle.
pub fn pem_certificate(pem: impl AsRef<[u8]>) -> crate::cert::Certificate {
    use base64::Engine;
    let text = String::from_utf8_lossy(pem.as_ref());
    let body: String = text
        .lines()
        .skip_while(|l| !l.starts_with("-----BEGIN CERTIFICATE-----"))
        .skip(1)
        .take_while(|l| !l.starts_with("-----END CERTIFICATE-----"))
        .collect();
    let der = base64::engine::general_purpose::STANDARD.decode(body.trim()).expect("PEM base64"); // ok: test
    crate::cert::Certificate::from_der(&der).expect("a certificate") // ok: test
}
