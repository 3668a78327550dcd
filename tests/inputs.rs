//! Reading what admins paste and drop: the mangled corpus (tests/fixtures/mangled, made by
//! tools/make_mangled.py), the real fixtures, DER/PEM round trips and hostile input.

use certscope::cert::Certificate;
use certscope::input::{self, Content, Source};
use certscope::report::Item;
use certscope::time::Timestamp;
use certscope::trust::TrustStore;
use serde_json::Value;
use std::path::Path;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).expect("time") // ok: test
}

#[test]
fn mangled_pastes_give_exactly_the_right_certificates_and_problems() {
    let store = TrustStore::builtin();
    let cases: Value = serde_json::from_slice(&read("mangled/cases.json")).expect("cases.json"); // ok: test
    let cases = cases.as_array().expect("array"); // ok: test
    assert!(cases.len() >= 30);
    let mut failures = Vec::new();
    for c in cases {
        let file = c["file"].as_str().unwrap_or_default();
        let r = certscope::analyze(&[Source::file(file, read(&format!("mangled/{file}")))], &store, at("2026-11-29"));
        let got: Vec<String> = r.certificates().map(|c| c.sha256.clone()).collect();
        let want: Vec<String> = c["certificates"].as_array().into_iter().flatten().filter_map(|v| v.as_str().map(String::from)).collect();
        if got != want {
            failures.push(format!("{file}: certificates {got:?}, want {want:?}; problems {:?}", r.problems));
            continue;
        }
        let want_problems: Vec<&str> = c["problems"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let ok = r.problems.len() == want_problems.len() && r.problems.iter().zip(&want_problems).all(|(p, w)| p.message.contains(w));
        if !ok {
            failures.push(format!("{file}: problems {:?}, want {want_problems:?}", r.problems.iter().map(|p| &p.message).collect::<Vec<_>>()));
        }
        for p in &r.problems {
            assert!(p.source.starts_with(file), "{file}: problem without location: {p:?}");
        }
        let kinds: Vec<&str> = r
            .items
            .iter()
            .filter_map(|i| match i {
                Item::KeychainRecord(k) => Some(k.kind.as_str()),
                Item::Note(n) => Some(n.kind.as_str()),
                Item::Key(k) => Some(k.kind.as_str()),
                _ => None,
            })
            .collect();
        let want_kinds: Vec<&str> = c["other_items"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        if kinds != want_kinds {
            failures.push(format!("{file}: other items {kinds:?}, want {want_kinds:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn hash_lines_of_the_sample_are_checked() {
    let d = input::read(&[Source::file("sample", read("apple/sample-security-find-certificate-apsd-keychain.txt"))]);
    let Some(Content::Certificate { hashes, .. }) = d.items.first().map(|i| &i.content) else { panic!("no certificate") };
    assert_eq!(hashes.len(), 2);
    assert!(hashes.iter().all(|h| h.matches));
    assert_eq!(d.items[0].origin.to_string(), "sample / block 1 / lines 3-19");
}

#[test]
fn keychain_attribute_dump_is_decoded() {
    let store = TrustStore::builtin();
    let r = certscope::analyze(&[Source::file("dump", read("mangled/attributes-only.txt"))], &store, at("2026-01-01"));
    let Some(Item::KeychainRecord(k)) = r.items.first() else { panic!("{:?}", r.items) };
    assert_eq!(k.subject.as_deref(), Some("CN=6001A957-6FC5-4856-8C5E-DC2E32C61CB9"));
    assert_eq!(k.issuer.as_deref(), Some("CN=Apple iPhone Device CA,OU=Apple iPhone,O=Apple Inc.,C=US"));
    assert_eq!(k.serial.as_deref(), Some("0135401DC29B65DC3784"));
    assert!(k.message.contains("-p"));
}

#[test]
fn certificate_details_of_the_real_leaf() {
    let d = input::read(&[Source::file("leaf", read("apple/leaf-device-apsd-2018-expired-sha1.pem"))]);
    let c = d.certificates().next().expect("leaf"); // ok: test
    assert_eq!(c.version, 3);
    assert_eq!(c.serial, "0135401DC29B65DC3784");
    assert_eq!(c.subject.rfc4514, "CN=6001A957-6FC5-4856-8C5E-DC2E32C61CB9");
    assert_eq!(c.not_before.rfc3339(), "2018-11-08T14:36:36Z");
    assert_eq!(c.not_after.rfc3339(), "2019-11-08T14:41:36Z");
    assert_eq!((c.public_key.algorithm.as_str(), c.public_key.bits), ("RSA", Some(1024)));
    assert_eq!(c.signature_algorithm.name, "sha1WithRSAEncryption");
    assert_eq!(c.sha1, "612C84BFC66276B3883BC0EECE1CC9635688428F");
    assert_eq!(c.authority_key_id.as_deref(), Some("B2FE21234486956A79D581268E7310D8A74C8E74"));
    let names: Vec<&str> = c.extensions.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["authorityKeyIdentifier", "subjectKeyIdentifier", "basicConstraints", "keyUsage", "extKeyUsage", "Apple OID, not documented"]);
    let apple = c.extensions.last().expect("apple ext"); // ok: test
    assert_eq!(apple.oid, "1.2.840.113635.100.6.10.4");
    assert!(apple.hex.is_some(), "unknown extensions are shown as hex");
}

#[test]
fn der_pem_der_round_trip() {
    for rel in ["apple/apple-root-ca-2006-rsa.pem", "apple/leaf-device-apsd-2018-expired-sha1.pem", "apple/apple-enterprise-attestation-root-ca-2022-p384.pem"]
    {
        let d = input::read(&[Source::file(rel, read(rel))]);
        let c = d.certificates().next().expect("cert"); // ok: test
                                                        // PEM → DER → PEM → DER gives the same bytes and fingerprints.
        let again = input::read(&[Source::text("pem", c.to_pem())]);
        let c2 = again.certificates().next().expect("cert again"); // ok: test
        assert_eq!(c2.der, c.der);
        let from_der = Certificate::from_der(&c.der).expect("der"); // ok: test
        assert_eq!(from_der.sha256, c.sha256);
        let binary = input::read(&[Source::file("der", c.der.clone())]);
        assert_eq!(binary.certificates().next().map(|x| x.sha256.clone()), Some(c.sha256.clone()));
    }
}

#[test]
fn real_profiles_list_their_certificates() {
    let store = TrustStore::builtin();
    for (rel, encoding, names) in [
        ("profiles/letsencrypt-ecdsa-der-2026.mobileconfig", "DER", vec!["encrypted-dns.brunch.io", "E8"]),
        (
            "profiles/sectigo-rsa-ber-sha1-signer-expired-2024.mobileconfig",
            "BER",
            vec!["Sectigo RSA Domain Validation Secure Server CA", "concave-shield.lyrica.systems"],
        ),
    ] {
        let r = certscope::analyze(&[Source::file(rel, read(rel))], &store, at("2026-11-29"));
        assert!(r.problems.is_empty(), "{rel}: {:?}", r.problems);
        let Some(Item::SignedData(sd)) = r.items.first() else { panic!("{rel}: {:?}", r.items) };
        assert_eq!(sd.encoding.as_str(), encoding);
        assert_eq!(sd.content_type, certscope::report::ContentType::Profile);
        let got: Vec<&str> = sd.certificates.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(got, names, "{rel}");
    }
}

/// Each hostile input is reported as what it is: one problem naming the source and saying what
/// was wrong, no item. (A case that vanished would get the generic "nothing to read" problem
/// instead, and fail here.)
#[test]
fn hostile_input_is_reported_for_what_it_is() {
    let mut deep = [0x30u8, 0x80].repeat(10_000);
    deep.extend(vec![0u8; 20_000]);
    let mut long = vec![0x30u8, 0x84, 0xff, 0xff, 0xff, 0xff];
    long.extend(vec![0u8; 32]);
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (deep, "not a readable X.509 certificate"),
        (long, "38 bytes of ASN.1 that are not a certificate, signed data or PKCS#12"),
        (vec![0xff; 1000], "not a certificate, profile or text (1000 bytes starting FF FF FF FF)"),
        (b"-----BEGIN CERTIFICATE-----".to_vec(), "block 1 is empty"),
        (b"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----".to_vec(), "block 1 is empty"),
        (b"---BEGIN  ---END ---".to_vec(), "block 1 () is not a certificate"),
        ("SHA-256 hash: \u{00e9}\u{00e9}".as_bytes().to_vec(), "a SHA-256 hash line with no certificate after it"),
        (vec![0x30, 0x03, 0x06, 0x01, 0x80], "5 bytes of ASN.1 that are not a certificate, signed data or PKCS#12"),
        (b"bplist00\x00\x01".to_vec(), "the property list does not parse"),
        ("-\u{2014}BEGIN CERTIFICATE\u{2014}-".as_bytes().to_vec(), "block 1 is empty"),
    ];
    let store = TrustStore::builtin();
    for (i, (bytes, expected)) in cases.into_iter().enumerate() {
        let name = format!("hostile {i}");
        let r = certscope::analyze(&[Source::file(name.clone(), bytes)], &store, at("2026-01-01"));
        assert!(r.items.is_empty(), "case {i}: {:?}", r.items);
        let [p] = r.problems.as_slice() else { panic!("case {i}: one problem expected, got {:?}", r.problems) };
        assert!(p.source.starts_with(&name) && p.message.contains(expected), "case {i}: expected {expected:?}, got {p:?}");
    }
}

#[test]
fn pkcs12_is_recognised_and_named() {
    let r = certscope::analyze(&[Source::file("identity.p12", read("misc/identity.p12"))], &TrustStore::builtin(), at("2026-01-01"));
    let Some(Item::Key(k)) = r.items.first() else { panic!("{:?} {:?}", r.items, r.problems) };
    assert_eq!((k.kind, k.opened), (certscope::report::KeyKind::Pkcs12, Some(false)));
    assert!(k.message.contains("PKCS#12") && k.message.contains("give its password"), "{}", k.message);
}

#[test]
fn pem_armoured_cms_is_read_under_either_label() {
    use base64::Engine;
    let der = read("cms/der-rsa-sha256.mobileconfig");
    let b64 = base64::engine::general_purpose::STANDARD.encode(&der);
    for label in ["PKCS7", "CMS"] {
        let pem = format!("-----BEGIN {label}-----\n{b64}\n-----END {label}-----\n");
        let r = certscope::analyze(&[Source::text("pasted text", pem)], &TrustStore::builtin(), at("2027-06-01"));
        let Some(Item::SignedData(s)) = r.items.first() else { panic!("{label}: {:?}", r.problems) };
        assert!(s.signers[0].signature_ok && s.signers[0].digest_ok == Some(true), "{label}");
    }
}

/// Inputs that crashed a fuzzer once (tests/fixtures/fuzz-regressions, from `cargo fuzz`).
#[test]
fn fuzz_regressions_do_not_panic() {
    let store = TrustStore::builtin();
    let dir = fixtures().join("fuzz-regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("dir").flatten() {
        // ok: test
        let bytes = std::fs::read(entry.path()).expect("read"); // ok: test
        let _ = input::read(&[Source::file("fuzz", bytes.clone())]);
        let _ = input::read(&[Source::text("pasted text", String::from_utf8_lossy(&bytes).into_owned())]);
        let _ = certscope::analyze(&[Source::file("fuzz", bytes)], &store, at("2026-01-01"));
        n += 1;
    }
    assert!(n > 0);
}

#[test]
fn empty_paste_is_not_an_error_but_an_empty_file_is() {
    let d = input::read(&[Source::text("pasted text", "  \n")]);
    assert!(d.items.is_empty() && d.problems.is_empty());
    let d = input::read(&[Source::file("empty.pem", Vec::new())]);
    assert_eq!(d.problems.len(), 1);
}

/// A profile whose certificate payload holds another profile, and so on (binary plists nest
/// without base64 growth): payload data is read for certificates only, never followed as a
/// nested profile, so any depth ends at once and without recursion.
#[test]
fn nested_profiles_in_payloads_are_not_followed() {
    fn profile_with_pem_payload(data: Vec<u8>) -> Vec<u8> {
        let mut payload = plist::Dictionary::new();
        payload.insert("PayloadType".into(), plist::Value::String("com.apple.security.pem".into()));
        payload.insert("PayloadContent".into(), plist::Value::Data(data));
        let mut top = plist::Dictionary::new();
        top.insert("PayloadType".into(), plist::Value::String("Configuration".into()));
        top.insert("PayloadContent".into(), plist::Value::Array(vec![plist::Value::Dictionary(payload)]));
        let mut out = Vec::new();
        plist::Value::Dictionary(top).to_writer_binary(&mut out).expect("bplist"); // ok: test
        out
    }
    let leaf = read("apple/leaf-device-apsd-2018-expired-sha1.pem");
    // One level: the PEM payload's certificate is read.
    let one = input::read(&[Source::file("one.mobileconfig", profile_with_pem_payload(leaf.clone()))]);
    let count = |d: &input::Decoded| -> usize {
        d.items
            .iter()
            .map(|i| match &i.content {
                Content::Plist(p) => match p.as_ref() {
                    certscope::profile::Plist::Profile(p) => p.payloads.iter().map(|x| x.certificates.len()).sum(),
                    _ => 0,
                },
                _ => 0,
            })
            .sum()
    };
    assert_eq!(count(&one), 1);
    // 400 levels of profiles inside payloads: the outer profile is read, the nesting is not.
    let mut bytes = leaf;
    for _ in 0..400 {
        bytes = profile_with_pem_payload(bytes);
    }
    let deep = input::read(&[Source::file("deep.mobileconfig", bytes)]);
    assert_eq!(deep.items.len(), 1);
    assert_eq!(count(&deep), 0);
}
