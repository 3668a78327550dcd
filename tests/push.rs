//! The MDM push certificate workbench (issue 21): private keys, CSRs and PKCS#12 bundles read by
//! content, keys paired with certificates by public key, push certificates compared by topic.
//! Fixtures from tools/make_push.sh (an Apple-shaped test PKI whose root is passed in Apple's
//! place, as tests/apple_roles.rs does).

mod common;
use common::{at, cert, read, FIX};

use certscope::cert::Role;
use certscope::input::Source;
use certscope::keys::Passwords;
use certscope::report::{analyze_with_passwords, DiagnosisCode, Item, KeyItem, KeyKind, Report};
use certscope::trust::{AppleCas, TrustStore};
use std::process::Command;

const PASSWORD: &str = "certscope-test-password";

fn store() -> TrustStore {
    let real = AppleCas::load();
    TrustStore::with_apple(AppleCas::from_certs(cert("push/root.pem"), real.iphone_ca, real.device_ca, Vec::new()))
}

fn run_with(files: &[&str], passwords: &[&str]) -> Report {
    let mut sources: Vec<Source> = files.iter().map(|f| Source::file(format!("push/{f}"), read(&format!("push/{f}")))).collect();
    // The push CA, as an MDM server's bundle would carry it.
    sources.push(Source::file("push/push-ca.pem", read("push/push-ca.pem")));
    let pw = Passwords::new(passwords.iter().map(|p| p.to_string()).collect());
    analyze_with_passwords(&sources, &store(), at("2025-12-20T00:00:00Z"), &pw)
}

fn run(files: &[&str]) -> Report {
    run_with(files, &["not-it", PASSWORD])
}

fn keys(r: &Report) -> Vec<&KeyItem> {
    r.items.iter().filter_map(|i| if let Item::Key(k) = i { Some(k.as_ref()) } else { None }).collect()
}

fn push_key_hash() -> String {
    run(&["push-old.pem"]).certificates().find(|c| c.role == Role::MdmPush).map(|c| c.public_key_sha256.clone()).unwrap_or_default()
}

#[test]
fn every_private_key_form_names_the_certificates_public_key() {
    let want = push_key_hash();
    assert_eq!(want.len(), 64);
    for f in [
        "push-key.pem",
        "push-key-pkcs1.pem",
        "push-key-pbes2.pem",
        "push-key-scrypt.pem",
        "push-key-pbe-md5-des.pem",
        "push-key-pbe-sha1-des.pem",
        "push-key-pbe-sha1-3des.pem",
    ] {
        let r = run(&[f]);
        let k = keys(&r)[0];
        assert_eq!((k.kind, k.opened, k.public_key_sha256.as_deref()), (KeyKind::PrivateKey, Some(true), Some(want.as_str())), "{f}: {}", k.message);
        assert_eq!(k.algorithm.as_deref(), Some("RSA"));
        assert_eq!(k.bits, Some(2048));
        assert_eq!(k.encrypted, Some(f.contains("pbe") || f.contains("scrypt")), "{f}");
    }
    // EC (SEC1) and Ed25519: the SHA-256 OpenSSL computes of their SubjectPublicKeyInfo.
    for (f, hash, curve) in [("ec-sec1.pem", "ec.spki-sha256", Some("P-256")), ("ed25519.pem", "ed25519.spki-sha256", None)] {
        let r = run(&[f]);
        let k = keys(&r)[0];
        let want = String::from_utf8(read(&format!("push/{hash}"))).unwrap_or_default();
        assert_eq!(k.public_key_sha256.as_deref(), Some(want.trim()), "{f}");
        assert_eq!(k.curve.as_deref(), curve, "{f}");
    }
}

#[test]
fn an_encrypted_key_without_the_right_password_is_not_opened() {
    for pw in [&[][..], &["wrong-password"][..]] {
        let r = run_with(&["push-key-pbes2.pem"], pw);
        let k = keys(&r)[0];
        assert_eq!((k.opened, k.encrypted, &k.public_key_sha256), (Some(false), Some(true), &None), "{}", k.message);
    }
}

#[test]
fn pkcs12_from_openssl_3_and_legacy_open_with_their_mac_checked_and_keys_paired() {
    let want = push_key_hash();
    for (f, scheme) in [("push-openssl3.p12", "PBES2"), ("push-legacy.p12", "40BitRC2")] {
        let r = run(&[f]);
        let k = keys(&r)[0];
        assert_eq!((k.kind, k.opened, k.mac_ok), (KeyKind::Pkcs12, Some(true), Some(Some(true))), "{f}: {}", k.message);
        assert!(k.encryption.iter().flatten().any(|e| e.contains(scheme)), "{f}: {:?}", k.encryption);
        assert_eq!(k.private_keys.as_deref(), Some(&[want.clone()][..]), "{f}");
        // Its certificate is an item of its own, evaluated like any other, and paired.
        let c = r.certificates().find(|c| c.role == Role::MdmPush).expect("the push certificate"); // ok: test
        assert_eq!(k.certificates.as_deref(), Some(&[c.sha256.clone()][..]));
        assert_eq!(c.key_pair, [format!("push/{f}")], "{f}");
    }
}

#[test]
fn pkcs12_with_a_wrong_or_no_password_says_so() {
    let r = run_with(&["push-legacy.p12"], &["wrong-password"]);
    let k = keys(&r)[0];
    assert_eq!((k.opened, k.mac_ok), (Some(false), Some(Some(false))), "{}", k.message);
    assert!(k.message.contains("none of the given passwords"), "{}", k.message);
    assert_eq!(r.certificates().filter(|c| c.role == Role::MdmPush).count(), 0);
    let r = run_with(&["push-openssl3.p12"], &[]);
    assert!(keys(&r)[0].message.contains("give its password"), "{}", keys(&r)[0].message);
}

#[test]
fn a_csr_shows_its_key_and_its_own_signature_is_checked() {
    let r = run(&["push.csr.der", "push-tampered.csr.der"]);
    let k = keys(&r);
    assert_eq!((k[0].kind, k[0].signature_ok, k[0].public_key_sha256.clone()), (KeyKind::Csr, Some(Some(true)), Some(push_key_hash())), "{}", k[0].message);
    assert_eq!(k[0].subject.as_deref(), Some("O=Example Corp,CN=Example MDM push"));
    assert_eq!(k[1].signature_ok, Some(Some(false)), "{}", k[1].message);
}

#[test]
fn a_key_that_is_not_the_push_certificates_is_said_in_words() {
    let r = run(&["push-old.pem", "other-key.pem"]);
    let d = r.diagnosis.as_ref().expect("a diagnosis"); // ok: test
    assert_eq!(d.code, DiagnosisCode::KeyDoesNotMatch, "{d:?}");
    assert!(d.text.contains("this key is not the one this certificate was issued for: the MDM server cannot use this pair"), "{}", d.text);
    // Under the pinned root the push certificate is Apple's: no "judged by what it says".
    assert!(!d.text.contains("judged by what it says"), "{}", d.text);
    let matched = run(&["push-old.pem", "push-key.pem"]);
    assert_ne!(matched.diagnosis.as_ref().map(|d| d.code), Some(DiagnosisCode::KeyDoesNotMatch));
    let pair = matched.certificates().find(|c| c.role == Role::MdmPush).map(|c| c.key_pair.clone()).unwrap_or_default();
    assert!(pair.len() == 1 && pair[0].starts_with("push/push-key.pem / block 1"), "{pair:?}");
}

#[test]
fn a_new_topic_is_a_replacement_and_the_same_topic_a_renewal() {
    let replaced = run(&["push-replaced.pem", "push-old.pem"]);
    let p = replaced.push_certificates.as_ref().expect("push_certificates"); // ok: test
    assert!(!p.same_topic);
    assert_eq!(p.topics[0], "com.apple.mgmt.External.0A0A0A0A-1111-4222-8333-444444444444", "oldest first: {p:?}");
    let d = replaced.diagnosis.as_ref().expect("a diagnosis"); // ok: test
    assert_eq!(d.code, DiagnosisCode::PushTopicChanged);
    assert!(d.text.contains("this is a replacement, not a renewal: every enrolled device keeps the old topic and stops receiving pushes"), "{}", d.text);
    let renewed = run(&["push-old.pem", "push-renewed.pem"]);
    assert_eq!(renewed.push_certificates.as_ref().map(|p| p.same_topic), Some(true));
    let d = renewed.diagnosis.as_ref().expect("a diagnosis"); // ok: test
    assert_eq!(d.code, DiagnosisCode::PushRenewed);
    assert!(d.text.contains("expires 2026-12-01, 325 days later"), "{}", d.text);
    assert!(run(&["push-old.pem"]).push_certificates.is_none());
}

/// No password and no private key material reaches the JSON, the human output or Markdown.
#[test]
fn secrets_stay_out_of_every_output() {
    let r = run(&["push-openssl3.p12", "push-legacy.p12", "push-key-pbes2.pem", "push-key.pem", "push-key-pkcs1.pem", "ec-sec1.pem", "ed25519.pem"]);
    let json = serde_json::to_string(&r).unwrap_or_default();
    let md = certscope::report::markdown(&r);
    let key_lines: Vec<String> = ["push-key.pem", "push-key-pkcs1.pem", "ec-sec1.pem", "ed25519.pem"]
        .iter()
        .flat_map(|f| {
            String::from_utf8(read(&format!("push/{f}")))
                .unwrap_or_default()
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .map(|l| l[..l.len().min(24)].to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    for out in [&json, &md] {
        assert!(!out.contains(PASSWORD) && !out.contains("not-it"));
        for l in &key_lines {
            assert!(!out.contains(l.as_str()), "key material {l} in the output");
        }
    }
    assert!(!format!("{:?}", Passwords::new(vec![PASSWORD.into()])).contains(PASSWORD));
}

fn certscope(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_certscope")).args(args).current_dir(FIX).env("NO_COLOR", "1").output().expect("run certscope"); // ok: test
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn the_cli_reads_passwords_from_a_file_only() {
    let (code, out, _) = certscope(&["--json", "--at", "2025-12-20", "--password-file", "push/passwords.txt", "push/push-legacy.p12"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON"); // ok: test
    assert_eq!(v["items"][0]["kind"], "pkcs12");
    assert_eq!(v["items"][0]["opened"], true);
    assert_eq!(v["items"][0]["mac_ok"], true);
    assert_eq!(v["items"][1]["kind"], "certificate");
    assert_eq!(v["items"][1]["key_pair"][0], "push/push-legacy.p12");
    assert_eq!(v["items"][1]["public_key_sha256"], v["items"][0]["private_keys"][0]);
    assert!(!out.contains(PASSWORD));
    let (code, out, _) = certscope(&["--at", "2025-12-20", "--password-file", "push/wrong-passwords.txt", "push/push-legacy.p12"]);
    assert_eq!(code, 0);
    assert!(out.contains("none of the given passwords opens this PKCS#12 bundle"), "{out}");
    // No option takes a password itself.
    let (code, _, err) = certscope(&["--password", PASSWORD, "push/push-legacy.p12"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = certscope(&["--password-file", "push/missing.txt", "push/push-legacy.p12"]);
    assert_eq!((code, err.contains("cannot read push/missing.txt")), (2, true), "{err}");
}

fn request(f: &str) -> KeyItem {
    let r = run(&[f]);
    keys(&r).into_iter().find(|k| k.kind == KeyKind::PushRequest).cloned().expect("a push request")
    // ok: test
}

#[test]
fn a_vendor_signed_push_request_is_checked_and_its_faults_named() {
    let want = push_key_hash();
    for f in ["push-request.b64", "push-request.plist"] {
        let k = request(f);
        let csr = k.csr.clone().expect("its CSR"); // ok: test
        assert_eq!((csr.subject.as_str(), csr.public_key_sha256.as_str()), ("O=Example Corp,CN=Example MDM push", want.as_str()), "{f}");
        assert_eq!(k.signature_ok, Some(Some(true)), "{f}: {}", k.message);
        // Chains to the pinned (test) Apple root by key and carries Apple's MDM vendor marker.
        assert_eq!(k.vendor_chain_ok, Some(Some(true)), "{f}: {:?}", k.problems);
        assert!(k.problems.is_empty(), "{f}: {:?}", k.problems);
        assert!(k.message.contains("carries Apple's MDM vendor marker") && !k.message.contains("not checked"), "{f}: {}", k.message);
        assert_eq!(k.vendor_not_after.as_deref(), Some("2026-01-01T00:00:00Z"));
        assert_eq!(k.vendor_certificate.as_ref().map(String::len), Some(64));
    }
    let other = request("push-request-other-csr.b64");
    assert_eq!(other.signature_ok, Some(Some(false)));
    assert!(other.problems.iter().any(|p| p.contains("made over another CSR")), "{:?}", other.problems);
    let expired = request("push-request-expired-vendor.b64");
    assert!(expired.problems.iter().any(|p| p.contains("expired on 2025-01-01")), "{:?}", expired.problems);
    let short = request("push-request-no-intermediate.b64");
    assert_eq!(short.vendor_chain_ok, Some(Some(false)));
    assert!(short.problems.iter().any(|p| p.contains("missing its intermediate")), "{:?}", short.problems);
    // With Apple's real keys the test vendor certificate is not Apple's.
    let sources = [Source::file("r", read("push/push-request.b64"))];
    let real = analyze_with_passwords(&sources, &TrustStore::builtin(), at("2025-12-20T00:00:00Z"), &Passwords::default());
    let k = keys(&real)[0];
    assert_eq!(k.vendor_chain_ok, Some(Some(false)));
    assert!(k.problems.iter().any(|p| p.contains("not an Apple-issued")), "{:?}", k.problems);
}

/// A PKCS#1 key that copies a push certificate's modulus and exponent but whose primes are 3 and
/// 5 (tests/fixtures/push/forged-rsa-key.pem, written by hand as DER) holds no private key of
/// that certificate: it must not be paired with it ("key matches" would be a lie).
#[test]
fn a_key_that_only_copies_the_public_part_is_not_paired() {
    let r = run(&["push-old.pem", "forged-rsa-key.pem"]);
    let c = r.certificates().find(|c| c.role == Role::MdmPush).expect("the push certificate");
    assert!(c.key_pair.is_empty(), "paired with a forged key: {:?}", c.key_pair);
    let k = keys(&r)[0];
    assert_ne!(k.opened, Some(true), "{}", k.message);
}

/// A look-alike vendor chain: the test vendor certificate, whose issuer is named as Apple's WWDR
/// G3, followed by Apple's real WWDR G3 and Apple Root CA. Names chain, signatures do not: it is
/// not Apple's, under Apple's real keys or the test root.
#[test]
fn a_lookalike_vendor_chain_is_not_apples() {
    let sources = [Source::file("r", read("push/push-request-lookalike.b64"))];
    let real = analyze_with_passwords(&sources, &TrustStore::builtin(), at("2025-12-20T00:00:00Z"), &Passwords::default());
    let k = keys(&real).into_iter().find(|k| k.kind == KeyKind::PushRequest).cloned().expect("a push request"); // ok: test
    assert_eq!(k.vendor_chain_ok, Some(Some(false)), "{:?}", k.problems);
    assert_eq!(request("push-request-lookalike.b64").vendor_chain_ok, Some(Some(false)));
}

/// The MDM vendor certificate ("MDM Vendor: …", which signs customers' requests) given with a
/// key where the push certificate belongs is named for what it is.
#[test]
fn the_vendor_certificate_where_the_push_certificate_belongs_is_named() {
    for files in [&["vendor.pem", "push-key.pem"][..], &["vendor.pem"][..]] {
        let r = run(files);
        let d = r.diagnosis.as_ref().expect("a diagnosis"); // ok: test
        assert_eq!(d.code, DiagnosisCode::VendorCertificateNotPush, "{files:?}: {d:?}");
        assert!(d.text.contains("says it is an MDM vendor certificate (\"MDM Vendor: Example Vendor\"), not a push certificate"), "{}", d.text);
        // Named by its subject only: it does not say Apple issued this one (attack finding 9).
        assert!(d.text.contains("whether Apple issued this one is not claimed here") && !d.text.contains("Apple issues it to"), "{}", d.text);
        assert!(d.text.contains("com.apple.mgmt.External."), "{}", d.text);
    }
    // A push certificate beside it keeps its own diagnoses.
    let r = run(&["vendor.pem", "push-old.pem", "push-key.pem"]);
    assert_ne!(r.diagnosis.as_ref().map(|d| d.code), Some(DiagnosisCode::VendorCertificateNotPush));
}

/// Apple's real MDM vendor certificate (samichhipa/mdm's, tests/fixtures/apple-pki) where the push
/// certificate belongs: Apple's by key and marker (its chain reaches Apple Root CA through the
/// built-in WWDR G3, and it carries 1.2.840.113635.100.4.12), so its role is `mdm-vendor` and the
/// diagnosis says Apple issued it. The test vendor certificate, named alike but not under Apple's
/// keys, is neither.
#[test]
fn apples_own_vendor_certificate_is_named_apples_by_key_and_marker() {
    let real = [Source::file("mdm.cer", read("apple-pki/leaf-mdm-vendor-improvement-funding-2025-2026.pem"))];
    let r = analyze_with_passwords(&real, &TrustStore::builtin(), at("2025-12-20T00:00:00Z"), &Passwords::default());
    let c = r.certificates().next().expect("the vendor certificate"); // ok: test
    assert_eq!(c.role, Role::MdmVendor);
    let d = r.diagnosis.as_ref().expect("a diagnosis"); // ok: test
    assert_eq!(d.code, DiagnosisCode::VendorCertificateNotPush);
    assert!(d.text.contains("an MDM vendor certificate Apple issued (\"MDM Vendor: Improvement funding llc\""), "{}", d.text);
    let test = [Source::file("vendor.pem", read("push/vendor.pem"))];
    let r = analyze_with_passwords(&test, &TrustStore::builtin(), at("2025-12-20T00:00:00Z"), &Passwords::default());
    assert_ne!(r.certificates().next().map(|c| c.role), Some(Role::MdmVendor));
    assert!(r.diagnosis.as_ref().is_some_and(|d| d.text.contains("whether Apple issued this one is not claimed here")), "{:?}", r.diagnosis);
}

/// The reverse: a request signed with the push certificate's key and carrying the push
/// certificate where the vendor certificate belongs. Its chain reaches the (test) root and the
/// signature verifies, yet Apple rejects it: said in words, never "the request is fine".
#[test]
fn a_request_signed_with_the_push_certificate_is_named() {
    let k = request("push-request-push-signed.b64");
    assert!(
        k.problems
            .iter()
            .any(|p| p.contains("is a push certificate (topic com.apple.mgmt.External.0A0A0A0A-1111-4222-8333-444444444444), not an MDM vendor certificate")),
        "{:?}",
        k.problems
    );
    assert_eq!(k.vendor_chain_ok, Some(Some(false)), "{:?}", k.problems);
    assert!(k.message.contains("Apple rejects"), "{}", k.message);
}

/// EC and Ed25519 keys pair with their certificates by the public key computed from the private
/// value; an EC key whose written public key is the certificate's beside another private value
/// is not paired, and is not said to be "not this certificate's key" either (it is not checked).
#[test]
fn ec_and_ed25519_keys_pair_and_a_written_public_key_is_not_taken_on_trust() {
    for (cert, key) in [("ec-cert.pem", "ec-sec1.pem"), ("ed25519-cert.pem", "ed25519.pem")] {
        let r = run(&[cert, key]);
        let c = r.certificates().next().expect("the certificate"); // ok: test
        assert_eq!(c.key_pair.len(), 1, "{cert}: {:?}", keys(&r)[0].message);
    }
    let r = run(&["ec-cert.pem", "ec-forged.pem"]);
    assert!(r.certificates().next().is_some_and(|c| c.key_pair.is_empty()));
    assert_ne!(keys(&r)[0].opened, Some(true), "{}", keys(&r)[0].message);
}

/// The push diagnoses are about the inputs together: with several inputs the page shows each
/// line's own diagnosis, so they must not be "no device identity here" in their place.
#[test]
fn a_push_diagnosis_is_not_hidden_behind_the_lines() {
    for (files, code) in [
        (&["push-old.pem", "other-key.pem"][..], DiagnosisCode::KeyDoesNotMatch),
        (&["vendor.pem", "push-key.pem"][..], DiagnosisCode::VendorCertificateNotPush),
        (&["push-old.pem", "push-renewed.pem"][..], DiagnosisCode::PushRenewed),
    ] {
        let r = run(files);
        assert_eq!(r.diagnosis.as_ref().map(|d| d.code), Some(code));
        let shown: Vec<_> = r.summary_lines.iter().filter_map(|l| l.diagnosis.as_ref().map(|d| d.code)).collect();
        assert!(shown.is_empty() || shown.contains(&code), "{files:?}: the lines show {shown:?}");
    }
}

fn request_under(f: &str, store: &TrustStore) -> KeyItem {
    let sources = [Source::file(f, read(&format!("push/{f}")))];
    let r = analyze_with_passwords(&sources, store, at("2025-12-20T00:00:00Z"), &Passwords::default());
    keys(&r).into_iter().find(|k| k.kind == KeyKind::PushRequest).cloned().expect("a push request")
    // ok: test
}

/// Apple's MDM vendor marker (1.2.840.113635.100.4.12, value NULL, seen on real vendor
/// certificates: tests/fixtures/apple-pki/README.md): `vendor_chain_ok` is true only for a vendor
/// certificate that chains to Apple's pinned keys by key and carries it; under Apple's real keys
/// no test request is Apple's.
#[test]
fn only_a_marked_vendor_certificate_under_apples_keys_is_apples_vendor_certificate() {
    for (f, want) in [
        ("push-request.b64", true),
        ("push-request.plist", true),
        // Expired, or signed over another CSR: still Apple's vendor certificate (those faults are
        // said on their own).
        ("push-request-other-csr.b64", true),
        ("push-request-expired-vendor.b64", true),
        ("push-request-no-intermediate.b64", false),
        ("push-request-push-signed.b64", false),
        ("push-request-lookalike.b64", false),
        ("push-request-unmarked.b64", false),
        ("push-request-marker-not-null.b64", false),
        ("push-request-push-marked.b64", false),
        ("push-request-vendor-as-ca.b64", false),
        ("push-request-marked-not-apple.b64", false),
    ] {
        let k = request(f);
        assert_eq!(k.vendor_chain_ok, Some(Some(want)), "{f}: {:?}", k.problems);
        assert_eq!(k.problems.is_empty(), f == "push-request.b64" || f == "push-request.plist", "{f}: {:?}", k.problems);
        let real = request_under(f, &TrustStore::builtin());
        assert_eq!(real.vendor_chain_ok, Some(Some(false)), "{f} under Apple's real keys: {:?}", real.problems);
    }
}

/// A vendor certificate under the (test) Apple keys without the marker is not an MDM vendor
/// certificate: Apple rejects the request, said in words.
#[test]
fn a_vendor_certificate_without_the_marker_is_not_an_mdm_vendor_certificate() {
    let k = request("push-request-unmarked.b64");
    assert_eq!(k.signature_ok, Some(Some(true)), "{}", k.message);
    assert_eq!(k.vendor_chain_ok, Some(Some(false)), "{:?}", k.problems);
    assert_eq!(
        k.problems,
        ["the vendor certificate \"MDM Vendor: Example Vendor\" chains to Apple's keys but is not an MDM vendor certificate (it lacks Apple's MDM vendor marker 1.2.840.113635.100.4.12): Apple rejects this request"]
    );
    assert!(k.message.contains("Apple rejects"), "{}", k.message);
    // The marker present but not NULL (and critical): not Apple's marker, fail closed.
    let k = request("push-request-marker-not-null.b64");
    assert_eq!(k.vendor_chain_ok, Some(Some(false)), "{:?}", k.problems);
    assert!(k.problems.iter().any(|p| p.contains("1.2.840.113635.100.4.12") && p.contains("not NULL")), "{:?}", k.problems);
}

/// The marker does not make a certificate Apple's: a chain made here with Apple's names, a
/// certificate issued by the marked vendor certificate itself (a leaf used as a CA), and a push
/// certificate carrying the marker are all refused.
#[test]
fn the_marker_never_makes_a_certificate_apples() {
    let fake = request("push-request-marked-not-apple.b64");
    assert_eq!(fake.signature_ok, Some(Some(true)), "{}", fake.message);
    assert!(fake.problems.iter().any(|p| p.contains("does not chain to Apple's keys")), "{:?}", fake.problems);
    let sub = request("push-request-vendor-as-ca.b64");
    assert_eq!(sub.signature_ok, Some(Some(true)), "{}", sub.message);
    assert!(sub.problems.iter().any(|p| p.contains("its chain is not accepted")), "{:?}", sub.problems);
    let push = request("push-request-push-marked.b64");
    assert!(push.problems.iter().any(|p| p.contains("is a push certificate (topic com.apple.mgmt.External.")), "{:?}", push.problems);
}

/// A real MDM vendor certificate ("MDM Vendor: Improvement funding llc", tests/fixtures/apple-pki)
/// with Apple's real WWDR G3 and root, under Apple's real pinned keys: Apple's MDM vendor
/// certificate. The request's signature is the test vendor's (no real vendor key is used), so it
/// does not verify, which is said on its own.
#[test]
fn a_real_vendor_certificate_is_apples_mdm_vendor_certificate() {
    let k = request_under("push-request-real-vendor-chain.plist", &TrustStore::builtin());
    assert_eq!(k.vendor_chain_ok, Some(Some(true)), "{:?}", k.problems);
    assert_eq!(k.vendor_certificate.as_deref(), Some("54D47A70A3329B66E93C951B7B6DFF5E6019505128F165FFA7DE401506BD07D3"));
    assert_eq!(k.vendor_not_after.as_deref(), Some("2026-03-11T09:40:29Z"));
    assert_eq!(k.signature_ok, Some(Some(false)), "{}", k.message);
    assert!(k.problems.iter().all(|p| p.contains("vendor signature does not verify")), "{:?}", k.problems);
}

/// A vendor certificate not yet valid at the time of the evaluation is said so, as an expired
/// one is: the request is not a good one then.
#[test]
fn a_vendor_certificate_not_yet_valid_is_said() {
    let sources = [Source::file("r", read("push/push-request.b64"))];
    let r = analyze_with_passwords(&sources, &store(), at("2024-06-01T00:00:00Z"), &Passwords::default());
    let k = keys(&r).into_iter().find(|k| k.kind == KeyKind::PushRequest).cloned().expect("a push request"); // ok: test
    assert!(k.problems.iter().any(|p| p.contains("is not valid before 2025-01-01")), "{:?}", k.problems);
    assert!(k.message.contains("Apple rejects"), "{}", k.message);
}

/// A request must carry the vendor certificate's intermediate: Apple does not look it up. The
/// real vendor certificate with Apple Root CA but without the WWDR G3 reaches Apple's keys only
/// through the intermediate certscope knows, so the request's chain is not good.
#[test]
fn a_real_vendor_chain_without_its_intermediate_is_not_good() {
    let k = request_under("push-request-real-vendor-no-intermediate.plist", &TrustStore::builtin());
    assert_eq!(k.vendor_chain_ok, Some(Some(false)), "{:?}", k.problems);
    assert!(k.problems.iter().any(|p| p.contains("missing its intermediate")), "{:?}", k.problems);
}
