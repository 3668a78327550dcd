//! An adversary's pass over the changes of 2026-12-06 (the push workbench, Apple's CAs failing on
//! dates alone, the vendor certificate diagnosis): crafted inputs that must not make certscope say
//! "valid", "Apple" or "does not match" wrongly. Fixtures and the commands that made them:
//! tests/fixtures/attack-today/README.md. Against Apple's real pinned CAs (`TrustStore::builtin`).

mod common;
use common::{analyze, at};

use certscope::report::{DiagnosisCode, Item, KeyItem, KeyKind, Report};
use certscope::trust::TrustStore;

const DIR: &str = "attack-today";

fn run(files: &[&str], t: &str) -> Report {
    let files: Vec<String> = files.iter().map(|f| if f.contains('/') { f.to_string() } else { format!("{DIR}/{f}") }).collect();
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    analyze(&names, &TrustStore::builtin(), at(t))
}

fn keys(r: &Report) -> Vec<&KeyItem> {
    r.items.iter().filter_map(|i| if let Item::Key(k) = i { Some(k.as_ref()) } else { None }).collect()
}

fn diagnosis(r: &Report) -> Option<DiagnosisCode> {
    r.diagnosis.as_ref().map(|d| d.code)
}

/// A push request whose `PushCertSignature` is present but empty, carrying Apple's real WWDR G3
/// and root as its "vendor" chain: nothing was signed, so it must not say that "the vendor's
/// signature over the CSR verifies" (it did before: the check was skipped for an empty signature
/// and no problem was recorded).
#[test]
fn an_empty_push_request_signature_is_not_a_verified_one() {
    let r = run(&["push-request-empty-signature.plist"], "2026-12-01T00:00:00Z");
    let k = keys(&r).into_iter().find(|k| k.kind == KeyKind::PushRequest).expect("the push request"); // ok: test
    assert!(!k.message.contains("signature over the CSR verifies"), "{}", k.message);
    assert!(!k.problems.is_empty(), "{}", k.message);
    assert_ne!(k.signature_ok, Some(Some(true)));
}

/// A self-made certificate named "MDM Vendor: …" given beside another input must not replace
/// what the report says of that input: a broken signature on (a copy of) Apple's iPhone Device CA
/// stays "a signature does not verify", a genuine expired device certificate stays the 403
/// diagnosis. Before, the vendor certificate diagnosis ("This is the MDM vendor certificate …:
/// Apple issues it to an MDM vendor") replaced every diagnosis but a forged device's.
#[test]
fn a_vendor_named_certificate_does_not_hide_the_other_inputs_diagnosis() {
    let t = "2026-12-01T00:00:00Z";
    let alone = diagnosis(&run(&["apple-iphone-device-ca-badsig.pem"], t));
    assert_eq!(alone, Some(DiagnosisCode::BrokenSignature));
    assert_eq!(diagnosis(&run(&["apple-iphone-device-ca-badsig.pem", "vendor-lookalike.pem"], t)), alone);
    let device = "apple/leaf-device-apsd-2018-expired-sha1.pem";
    let alone = diagnosis(&run(&[device], t));
    assert_eq!(alone, Some(DiagnosisCode::AppleDeviceExpired403));
    assert_eq!(diagnosis(&run(&[device, "vendor-lookalike.pem"], t)), alone);
    // Alone, it is still named for what it says.
    assert_eq!(diagnosis(&run(&["vendor-lookalike.pem"], t)), Some(DiagnosisCode::VendorCertificateNotPush));
}

/// The same EC key written with its point compressed or not, and a certificate whose SPKI has the
/// point compressed or not (RFC 5480 §2.2 allows both): it is one key pair in every combination,
/// never "the private key is not the push certificate's". Keys and certificates are paired by the
/// SHA-256 of the SPKI's bytes, so the point's form decides.
#[test]
fn an_ec_points_form_does_not_make_a_mismatch() {
    let t = "2026-12-20T00:00:00Z";
    for (cert, key) in [
        ("ec-push-cert.pem", "ec-key.pem"),
        ("ec-push-cert-compressed.pem", "ec-key-compressed.pem"),
        ("ec-push-cert-compressed.pem", "ec-key.pem"),
        ("ec-push-cert.pem", "ec-key-compressed.pem"),
    ] {
        let r = run(&[cert, key], t);
        assert_ne!(diagnosis(&r), Some(DiagnosisCode::KeyDoesNotMatch), "{cert} with {key}");
        let c = r.certificates().next().expect("the certificate"); // ok: test
        assert!(c.key_pair.len() == 1 && c.key_pair[0].starts_with(&format!("{DIR}/{key} ")), "{cert} with {key}: {:?}", c.key_pair);
    }
}

/// A push request whose "vendor certificate" was signed by a leaf (an Apple developer's own
/// certificate, CA:FALSE, whose key its holder has) under the WWDR intermediate: every signature
/// up to Apple's root verifies, but a leaf may not issue certificates (RFC 5280 §4.2.1.9), so it
/// does not chain to Apple's keys and is not a good request. A test root stands in Apple's place
/// (as tests/push.rs does).
#[test]
fn a_vendor_certificate_issued_by_a_leaf_does_not_chain_to_apple() {
    use certscope::trust::AppleCas;
    let real = AppleCas::load();
    let store = TrustStore::with_apple(AppleCas::from_certs(common::cert(&format!("{DIR}/leaf-as-ca-root.pem")), real.iphone_ca, real.device_ca, Vec::new()));
    let r = analyze(&[&format!("{DIR}/push-request-leaf-as-ca.plist")], &store, at("2026-12-20T00:00:00Z"));
    let k = keys(&r).into_iter().find(|k| k.kind == KeyKind::PushRequest).expect("the push request"); // ok: test
    assert_eq!(k.signature_ok, Some(Some(true)), "the vendor key did sign this CSR: {}", k.message);
    assert_eq!(k.vendor_chain_ok, Some(Some(false)), "{}", k.message);
    assert!(!k.problems.is_empty() && !k.message.contains("chains to Apple's keys ("), "{}", k.message);
}

/// A good push request (its vendor certificate chains to the root standing in Apple's place and
/// signs the CSR) is not "an MDM vendor certificate, not a push certificate": the vendor
/// certificate is in its place there, inside the request.
#[test]
fn a_push_requests_own_vendor_certificate_is_not_the_vendor_certificate_diagnosis() {
    use certscope::trust::AppleCas;
    let real = AppleCas::load();
    let store = TrustStore::with_apple(AppleCas::from_certs(common::cert("push/root.pem"), real.iphone_ca, real.device_ca, Vec::new()));
    let r = analyze(&["push/push-request.b64"], &store, at("2025-12-20T00:00:00Z"));
    let k = keys(&r).into_iter().find(|k| k.kind == KeyKind::PushRequest).expect("the push request"); // ok: test
    assert!(k.problems.is_empty(), "a good request: {}", k.message);
    assert_ne!(diagnosis(&r), Some(DiagnosisCode::VendorCertificateNotPush), "{:?}", r.diagnosis);
}

/// Names from a certificate (a vendor certificate's common name, a push certificate's topic) go
/// into the push diagnoses' words: a line break or a control character in them must not reach the
/// text (the CLI printed a fake "== Genuine and within its dates [apple-device-ok]" line).
#[test]
fn names_in_push_diagnoses_carry_no_line_breaks() {
    let t = "2026-12-01T00:00:00Z";
    for files in [&["vendor-name-injection.pem"][..], &["push-topic-injection.pem", "other-ec-key.pem"][..]] {
        let r = run(files, t);
        let d = r.diagnosis.as_ref().expect("a diagnosis"); // ok: test
        assert!(matches!(d.code, DiagnosisCode::VendorCertificateNotPush | DiagnosisCode::KeyDoesNotMatch), "{files:?}: {:?}", d.code);
        assert!(!d.text.chars().any(char::is_control), "{files:?}: {:?}", d.text);
    }
}

/// An Apple-issued certificate of a known other kind (an Apple Development certificate, whose key
/// any developer holds) in the vendor certificate's place, signing the CSR: every signature
/// verifies up to Apple's root, but it is certainly not an MDM vendor certificate, so the request
/// is not a good one (as with a push certificate in that place). The test root of
/// `leaf-as-ca-root.pem` stands in Apple's place.
#[test]
fn a_developer_certificate_in_the_vendor_place_is_not_a_good_request() {
    use certscope::cert::Role;
    use certscope::trust::AppleCas;
    let real = AppleCas::load();
    let store = TrustStore::with_apple(AppleCas::from_certs(common::cert(&format!("{DIR}/leaf-as-ca-root.pem")), real.iphone_ca, real.device_ca, Vec::new()));
    let r = analyze(&[&format!("{DIR}/push-request-developer-cert.plist")], &store, at("2026-12-20T00:00:00Z"));
    assert!(r.certificates().any(|c| c.role == Role::AppleDevelopment), "the developer certificate is recognised by key");
    let k = keys(&r).into_iter().find(|k| k.kind == KeyKind::PushRequest).expect("the push request"); // ok: test
    assert_eq!(k.signature_ok, Some(Some(true)), "{}", k.message);
    assert!(!k.problems.is_empty(), "{}", k.message);
    assert_eq!(k.vendor_chain_ok, Some(Some(false)), "{}", k.message);
    // A certificate named "MDM Vendor: …" that carries Apple's Development marker and not Apple's
    // MDM vendor marker (1.2.840.113635.100.4.12) is not an MDM vendor certificate: its name does
    // not make it one.
    let r = analyze(&[&format!("{DIR}/push-request-vendor-with-development-marker.plist")], &store, at("2026-12-20T00:00:00Z"));
    let k = keys(&r).into_iter().find(|k| k.kind == KeyKind::PushRequest).expect("the push request"); // ok: test
    assert_eq!(k.vendor_chain_ok, Some(Some(false)), "{}", k.message);
    assert!(k.problems.iter().any(|p| p.contains("not an MDM vendor certificate")), "{}", k.message);
}

/// The other side of pairing by both point forms: a certificate whose uncompressed point has the
/// key's x and the parity of its y but another y is no key's point, and is never paired with it.
#[test]
fn a_point_with_another_y_is_not_the_keys() {
    let r = run(&["ec-push-cert-other-y.pem", "ec-key.pem"], "2026-12-20T00:00:00Z");
    let c = r.certificates().next().expect("the certificate"); // ok: test
    assert!(c.key_pair.is_empty(), "{:?}", c.key_pair);
    assert_eq!(diagnosis(&r), Some(DiagnosisCode::KeyDoesNotMatch));
}

/// A push request whose CSR was changed after its owner signed it (its own signature no longer
/// verifies), then signed by the vendor: Apple rejects a CSR whose signature does not verify, so
/// the request is not a good one. The same request with the CSR as made is (the control). The
/// test root of `leaf-as-ca-root.pem` stands in Apple's place.
#[test]
fn a_push_request_with_a_tampered_csr_is_not_a_good_request() {
    use certscope::trust::AppleCas;
    let real = AppleCas::load();
    let store = TrustStore::with_apple(AppleCas::from_certs(common::cert(&format!("{DIR}/leaf-as-ca-root.pem")), real.iphone_ca, real.device_ca, Vec::new()));
    let request = |f: &str| {
        let r = analyze(&[&format!("{DIR}/{f}")], &store, at("2026-12-20T00:00:00Z"));
        keys(&r).into_iter().find(|k| k.kind == KeyKind::PushRequest).cloned().expect("the push request")
        // ok: test
    };
    // The control: its only fault is that its vendor certificate (made before Apple's MDM vendor
    // marker was known) lacks the marker.
    let ok = request("push-request-test-pki-ok.plist");
    assert_eq!(ok.signature_ok, Some(Some(true)), "{}", ok.message);
    assert!(ok.problems.len() == 1 && ok.problems[0].contains("lacks Apple's MDM vendor marker"), "{}", ok.message);
    let tampered = request("push-request-tampered-csr.plist");
    assert_eq!(tampered.signature_ok, Some(Some(true)), "the vendor did sign these bytes: {}", tampered.message);
    assert!(tampered.problems.iter().any(|p| p.contains("CSR's own signature does not verify")), "{}", tampered.message);
}

/// The same for the push diagnoses about push certificates and keys given together: a renewal
/// ("the push topic is the same") or a key that is not the push certificate's does not replace
/// what the report says of another input, a broken signature or a device certificate's 403.
#[test]
fn push_diagnoses_do_not_hide_the_other_inputs_diagnosis() {
    let t = "2026-12-01T00:00:00Z";
    let broken = "apple-iphone-device-ca-badsig.pem";
    assert_eq!(diagnosis(&run(&[broken, "push/push-old.pem", "push/push-renewed.pem"], t)), Some(DiagnosisCode::BrokenSignature));
    assert_eq!(diagnosis(&run(&[broken, "ec-push-cert.pem", "other-ec-key.pem"], t)), Some(DiagnosisCode::BrokenSignature));
    let device = "apple/leaf-device-apsd-2018-expired-sha1.pem";
    assert_eq!(diagnosis(&run(&[device, "ec-push-cert.pem", "other-ec-key.pem"], t)), Some(DiagnosisCode::AppleDeviceExpired403));
    // Alone, they are still said.
    assert_eq!(diagnosis(&run(&["push/push-old.pem", "push/push-renewed.pem"], t)), Some(DiagnosisCode::PushRenewed));
    assert_eq!(diagnosis(&run(&["ec-push-cert.pem", "other-ec-key.pem"], t)), Some(DiagnosisCode::KeyDoesNotMatch));
}
