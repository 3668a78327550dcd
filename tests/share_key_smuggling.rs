//! attack2: a private key that reaches a share link inside other text. The share-link redactor
//! (issue 20 §3: "run the private-key detector on every decoded block … a part that cannot be
//! classified is left out") finds PEM, bare base64, hex, url-safe base64 and PKCS#12, but not a
//! key's base64 inside a JSON string nor the base64 of a whole PEM text.

use certscope::share::{redact, Shared};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn b64(b: &[u8]) -> String {
    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, b)
}

fn key_pem() -> String {
    std::fs::read_to_string(format!("{FIX}/push/push-key.pem")).expect("fixture")
    // ok: test
}

fn key_b64() -> String {
    key_pem().lines().filter(|l| !l.starts_with("-----")).collect()
}

/// True when the redacted text still holds a stretch of `secret`'s middle.
fn carries(shared: &Shared, secret: &str) -> bool {
    let r = redact(shared);
    let mid = &secret[secret.len() / 2..secret.len() / 2 + 40];
    r.text.contains(mid)
}

#[test]
fn a_key_inside_a_json_string_is_not_shared() {
    let text = format!("{{\"name\": \"mdm\", \"key\": \"{}\"}}", key_b64());
    assert!(!carries(&Shared::new(text, vec![]), &key_b64()));
}

#[test]
fn a_key_pem_base64_encoded_again_is_not_shared() {
    let twice = b64(key_pem().as_bytes());
    assert!(!carries(&Shared::new(twice.clone(), vec![]), &twice));
}

/// The forms the redactor does catch, so a regression shows.
#[test]
fn bare_base64_and_hex_keys_are_left_out() {
    assert!(!carries(&Shared::new(key_b64(), vec![]), &key_b64()));
    let der = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, key_b64()).expect("b64"); // ok: test
    let hex: String = der.iter().map(|b| format!("{b:02x}")).collect();
    assert!(!carries(&Shared::new(hex.clone(), vec![]), &hex));
}
