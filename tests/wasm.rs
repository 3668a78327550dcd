//! The core compiled to wasm32 and run in headless Chromium (wasm-bindgen-test): the same
//! verdicts as natively, no clock read (SystemTime::now panics on wasm32), big-integer RSA and
//! ECDSA working, and the report serialising to the CLI's JSON.
#![cfg(target_arch = "wasm32")]

use certscope::input::Source;
use certscope::time::Timestamp;
use certscope::trust::TrustStore;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SAMPLE: &str = include_str!("fixtures/apple/sample-security-find-certificate-apsd-keychain.txt");
const SECTIGO: &[u8] = include_bytes!("fixtures/profiles/sectigo-rsa-ber-sha1-signer-expired-2024.mobileconfig");
const LETSENCRYPT: &[u8] = include_bytes!("fixtures/profiles/letsencrypt-ecdsa-der-2026.mobileconfig");

fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).expect("test time") // ok: test
}

#[wasm_bindgen_test]
fn apsd_sample_gives_both_verdicts_in_the_browser() {
    let store = TrustStore::builtin();
    let r = certscope::analyze(&[Source::text("pasted text", SAMPLE)], &store, at("2026-11-29"));
    let c = r.certificates().next().expect("a certificate"); // ok: test
    assert_eq!(c.sha256, "4A01D5D69F89E51753A6F9AC9CAD36246DB998761B4C13475F18517EFF2487A8");
    assert!(c.verdicts.apple_device.applies && c.verdicts.apple_device.ok);
    assert!(!c.verdicts.strict.ok);
    assert_eq!(r.diagnosis.as_ref().map(|d| d.code), Some(certscope::report::DiagnosisCode::AppleDeviceExpired403));
    assert!(c.hash_lines.iter().all(|h| h.matches));
}

#[wasm_bindgen_test]
fn ber_rsa_and_der_ecdsa_profiles_verify_in_the_browser() {
    let store = TrustStore::builtin();
    for (name, bytes, when) in [("sectigo", SECTIGO, "2024-06-01"), ("letsencrypt", LETSENCRYPT, "2026-03-15")] {
        let r = certscope::analyze(&[Source::file(name, bytes.to_vec())], &store, at(when));
        let Some(certscope::report::Item::SignedData(sd)) = r.items.first() else { panic!("{name}: no signed data") };
        assert!(sd.signers.iter().all(|s| s.signature_ok && s.digest_ok == Some(true)), "{name}");
        assert_eq!(sd.macos_label.as_str(), "verified", "{name}: {}", sd.macos_label_reason);
    }
}

#[wasm_bindgen_test]
fn report_serialises_to_the_cli_json_contract() {
    let store = TrustStore::builtin();
    let r = certscope::analyze(&[Source::text("pasted text", SAMPLE)], &store, at("2026-11-29"));
    let v = serde_json::to_value(&r).expect("json"); // ok: test
    assert_eq!(v["evaluated_at"], "2026-11-29T00:00:00Z");
    assert_eq!(v["items"][0]["kind"], "certificate");
    assert_eq!(v["items"][0]["verdicts"]["apple_device"]["ok"], true);
    assert_eq!(v["diagnosis"]["code"], "apple-device-expired-403");
}

#[wasm_bindgen_test]
fn hostile_input_does_not_panic_in_the_browser() {
    let store = TrustStore::builtin();
    let mut deep = [0x30u8, 0x80].repeat(5000);
    deep.extend(vec![0u8; 10_000]);
    for bytes in [deep, vec![0xff; 100], b"-----BEGIN CERTIFICATE-----\nMII".to_vec()] {
        let r = certscope::analyze(&[Source::file("hostile", bytes)], &store, at("2026-01-01"));
        assert!(!r.problems.is_empty());
    }
}

/// The page's WebCrypto verifier (src/ui/webcrypto.rs), included as the page includes it.
#[path = "../src/ui/webcrypto.rs"]
#[allow(dead_code)]
mod webcrypto;

/// Equivalence: every fixture analysed with the browser's WebCrypto doing the signature checks
/// (round by round, as the page does) gives the same report as the built-in RustCrypto verifier.
#[wasm_bindgen_test]
async fn webcrypto_gives_the_same_verdicts_as_the_native_verifier() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("apsd sample", SAMPLE.as_bytes(), "2026-11-29"),
        ("sectigo", SECTIGO, "2024-06-01"),
        ("letsencrypt", LETSENCRYPT, "2026-03-15"),
        ("forged apple chain", concat!(include_str!("fixtures/chains/forged-apple-chain/leaf.pem"), include_str!("fixtures/chains/forged-apple-chain/untrusted.pem"), include_str!("fixtures/chains/forged-apple-chain/trusted.pem")).as_bytes(), "2026-11-29"),
        ("tampered apple leaf", include_bytes!("fixtures/chains/tampered-apple-leaf/leaf.pem"), "2026-11-29"),
        ("rsa-pss chain", concat!(include_str!("fixtures/chains/rsa-pss-chain/leaf.pem"), include_str!("fixtures/chains/rsa-pss-chain/untrusted.pem"), include_str!("fixtures/chains/rsa-pss-chain/trusted.pem")).as_bytes(), "2026-12-30"),
        ("ecdsa chain", concat!(include_str!("fixtures/chains/ecdsa-chain/leaf.pem"), include_str!("fixtures/chains/ecdsa-chain/untrusted.pem"), include_str!("fixtures/chains/ecdsa-chain/trusted.pem")).as_bytes(), "2026-12-30"),
        ("ed25519 chain", concat!(include_str!("fixtures/chains/ed25519-chain/leaf.pem"), include_str!("fixtures/chains/ed25519-chain/untrusted.pem"), include_str!("fixtures/chains/ed25519-chain/trusted.pem")).as_bytes(), "2026-12-30"),
        ("two signers", include_bytes!("fixtures/cms/two-signers.mobileconfig"), "2026-12-30"),
        ("tampered signature", include_bytes!("fixtures/cms/tampered-signature.mobileconfig"), "2026-12-30"),
        ("developer id", include_bytes!("fixtures/apple-pki/leaf-developer-id-installer-ria-2022-2027.pem"), "2026-11-30"),
        ("mdm push", include_bytes!("fixtures/apple-pki/leaf-mdm-push-apsp-2024-2025.pem"), "2025-05-01"),
        ("wwdr g6 p384", include_bytes!("fixtures/apple-pki/apple-wwdr-ca-g6-2021-2036-p384.pem"), "2026-11-30"),
    ];
    let store = TrustStore::builtin();
    let mut checked = 0;
    for (name, bytes, when) in cases {
        let sources = [Source::file(*name, bytes.to_vec())];
        let native = certscope::analyze(&sources, &store, at(when));
        let mut results = certscope::trust::SignatureResults::new();
        let mut rounds = 0;
        let web = loop {
            rounds += 1;
            assert!(rounds <= 10, "{name}: rounds do not converge");
            match certscope::analyze_with_signatures(&sources, &store, at(when), results.clone()) {
                certscope::Analysis::Complete(r) => break r,
                certscope::Analysis::NeedsSignatures(checks) => {
                    checked += checks.len();
                    results.extend(webcrypto::verify_all(&checks).await);
                }
            }
        };
        let json = |r: &certscope::Report| {
            let mut v = serde_json::to_value(r).expect("json"); // ok: test
            v["elapsed_ms"] = serde_json::Value::from(0.0);
            v
        };
        assert!(json(&web) == json(&native), "{name}: WebCrypto and the native verifier disagree:\n  web:    {}\n  native: {}", web.summary, native.summary);
    }
    assert!(checked > 20, "only {checked} signatures went through WebCrypto");
}
