//! Revocation from CRLs dropped beside a chain (issue 22 §1), through the whole report: a CRL is
//! read by content (DER, PEM `X509 CRL`), becomes a `crl` note with its facts, and the strict
//! verdict of every certificate of the path reads it. Without a CRL nothing changes.

use certscope::input::Source;
use certscope::report::analyze_with;
use certscope::time::Timestamp;
use certscope::trust::{StrictOptions, TrustStore};
use serde_json::Value;

const PKITS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pkits");

fn cert(name: &str) -> Source {
    Source::file(format!("{name}.crt"), std::fs::read(format!("{PKITS}/certs/{name}.crt")).expect("cert"))
    // ok: test
}

fn crl(name: &str) -> Source {
    Source::file(format!("{name}.crl"), std::fs::read(format!("{PKITS}/crls/{name}.crl")).expect("crl"))
    // ok: test
}

fn report(sources: &[Source]) -> Value {
    let anchor =
        certscope::cert::Certificate::from_der(&std::fs::read(format!("{PKITS}/certs/TrustAnchorRootCertificate.crt")).expect("anchor")).expect("parses"); // ok: test
    let store = TrustStore::with_anchors(vec![anchor]);
    let at = Timestamp::parse("2020-01-01T00:00:00Z").expect("time"); // ok: test
    serde_json::to_value(analyze_with(sources, &store, at, StrictOptions::default(), &certscope::keys::Passwords::default())).expect("json")
    // ok: test
}

fn leaf_strict(r: &Value, sha_prefix: &str) -> Value {
    r["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["kind"] == "certificate" && i["name"].as_str().unwrap_or("").starts_with(sha_prefix))
        .expect("the certificate")["verdicts"]["strict"]
        .clone() // ok: test
}

fn codes(strict: &Value) -> Vec<String> {
    strict["reason_codes"].as_array().map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect()).unwrap_or_default()
}

#[test]
fn a_revoked_leaf_fails_with_the_date_and_the_crl_is_a_card() {
    let sources = [cert("InvalidRevokedEETest3EE"), cert("GoodCACert"), crl("GoodCACRL"), crl("TrustAnchorRootCRL")];
    let r = report(&sources);
    let strict = leaf_strict(&r, "Invalid Revoked EE");
    assert_eq!(strict["ok"], false, "{strict}");
    assert_eq!(codes(&strict), vec!["revoked"], "{strict}");
    let macos = &r["items"].as_array().expect("items").iter().find(|i| i["name"].as_str().unwrap_or("").starts_with("Invalid Revoked EE")).expect("leaf")
        ["verdicts"]["macos"]; // ok: test
    assert_eq!(macos["ok"], false, "a revoked certificate is not accepted by the macOS verdict either: {macos}");
    let text = strict.to_string();
    assert!(text.contains("was revoked on") && text.contains("key compromise"), "{text}");
    let notes: Vec<&Value> = r["items"].as_array().expect("items").iter().filter(|i| i["kind"] == "crl").collect(); // ok: test
    assert_eq!(notes.len(), 2);
    let good = notes.iter().find(|n| n["crl"]["issuer"].as_str().is_some_and(|s| s.contains("Good CA"))).expect("Good CA's CRL"); // ok: test
    assert_eq!(good["crl"]["signature_ok"], true);
    assert_eq!(good["crl"]["entries"], 2);
    // The intermediate is on no CRL: its own card says which CRL it is not on.
    let ca = leaf_strict(&r, "Good CA");
    assert_eq!(ca["ok"], true, "{ca}");
    assert!(ca.to_string().contains("not revoked: \\\"Good CA\\\" is not on the CRL of \\\"Trust Anchor\\\""), "{ca}");
}

#[test]
fn without_a_crl_nothing_changes() {
    let r = report(&[cert("InvalidRevokedEETest3EE"), cert("GoodCACert")]);
    let strict = leaf_strict(&r, "Invalid Revoked EE");
    assert_eq!(strict["ok"], true, "{strict}");
    assert!(!r.to_string().contains("revo"), "no word of revocation without a CRL");
}

#[test]
fn a_missing_crl_leaves_revocation_undecided_and_says_which() {
    let r = report(&[cert("ValidCertificatePathTest1EE"), cert("GoodCACert"), crl("TrustAnchorRootCRL")]);
    let strict = leaf_strict(&r, "Valid EE Certificate Test1");
    assert_eq!(strict["ok"], false, "{strict}");
    assert_eq!(codes(&strict), vec!["revocation-unknown"]);
    assert!(strict.to_string().contains("no CRL from \\\"Good CA\\\""), "{strict}");
}

#[test]
fn a_pem_crl_is_read_and_a_bad_signature_is_shown() {
    use base64::Engine;
    let der = std::fs::read(format!("{PKITS}/crls/BadCRLSignatureCACRL.crl")).expect("crl"); // ok: test
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let pem = format!(
        "-----BEGIN X509 CRL-----\n{}\n-----END X509 CRL-----\n",
        b64.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap_or("")).collect::<Vec<_>>().join("\n")
    );
    let r = report(&[Source::text("paste", pem), cert("BadCRLSignatureCACert"), cert("InvalidBadCRLSignatureTest4EE"), crl("TrustAnchorRootCRL")]);
    let note = r["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["kind"] == "crl" && i["source"].as_str().unwrap_or("").starts_with("paste"))
        .expect("the pasted CRL"); // ok: test
    assert_eq!(note["crl"]["signature_ok"], false, "{note}");
    let strict = leaf_strict(&r, "Invalid Bad CRL Signature");
    assert_eq!(codes(&strict), vec!["revocation-unknown"], "{strict}");
}

#[test]
fn crls_inside_pkcs7_are_read() {
    // `openssl crl2pkcs7` of Good CA's CRL and certificate (tests/fixtures/README.md).
    let p7 = Source::file("bundle.p7c", std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/crl/goodca-with-crl.p7c")).expect("p7c")); // ok: test
    let r = report(&[cert("InvalidRevokedEETest3EE"), p7, crl("TrustAnchorRootCRL")]);
    let note = r["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["kind"] == "crl" && i["source"].as_str().unwrap_or("").contains("CRL 1 of the signed data"))
        .expect("the carried CRL"); // ok: test
    assert_eq!(note["crl"]["signature_ok"], true, "{note}");
    assert_eq!(codes(&leaf_strict(&r, "Invalid Revoked EE")), vec!["revoked"]);
}

/// Not checked is never bad (issue 19 item 0): a genuine CRL whose signature the verifier could
/// not check (the page without WebCrypto) is "not checked" on its card, never "signature ✗ … not
/// used".
#[test]
fn a_crl_whose_signature_was_not_checked_is_not_called_bad() {
    use certscope::trust::signature::{NotChecked, SigError};
    use certscope::{analyze_with_signatures, Analysis};
    let anchor =
        certscope::cert::Certificate::from_der(&std::fs::read(format!("{PKITS}/certs/TrustAnchorRootCertificate.crt")).expect("anchor")).expect("parses"); // ok: test
    let store = TrustStore::with_anchors(vec![anchor]);
    let at = Timestamp::parse("2020-01-01T00:00:00Z").expect("time"); // ok: test
    let sources = [cert("GoodCACert"), crl("GoodCACRL")];
    let mut results = certscope::trust::SignatureResults::new();
    let r = loop {
        match analyze_with_signatures(&sources, &store, at, results.clone()) {
            Analysis::Complete(r) => break serde_json::to_value(*r).expect("json"), // ok: test
            Analysis::NeedsSignatures(checks) => results.extend(checks.into_iter().map(|c| (c.id, Err(SigError::NotChecked(NotChecked::NoWebCrypto))))),
        }
    };
    let note = r["items"].as_array().expect("items").iter().find(|i| i["kind"] == "crl").expect("the CRL card").clone(); // ok: test
    assert_ne!(note["crl"]["signature_ok"], false, "{note}");
    assert!(!note["message"].as_str().unwrap_or("").contains('✗'), "{note}");
}
