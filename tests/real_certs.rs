//! Real and damaged certificates from a public test-vector corpus (cryptography-vectors 50.0.2,
//! tests/fixtures/README.md) and the serial-number fixtures (tools/make_serial.sh): what the
//! differential against OpenSSL found wrong, each a test.

use certscope::input::Source;
use certscope::report::{CertificateItem, Item, Report};
use certscope::time::Timestamp;
use certscope::trust::{ReasonCode, TrustStore};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(format!("{FIX}/{rel}")).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Analyses `files` with `anchors` added to the built-in store.
fn analyze(files: &[&str], anchors: &[&str], at: &str) -> Report {
    let mut store = TrustStore::builtin();
    for a in anchors {
        store.add_anchors(certscope::input::read(&[Source::file(*a, read(a))]).certificates().cloned());
    }
    let sources: Vec<Source> = files.iter().map(|f| Source::file(*f, read(f))).collect();
    certscope::analyze(&sources, &store, Timestamp::parse(at).expect("time")) // ok: test
}

fn certs(r: &Report) -> Vec<&CertificateItem> {
    r.certificates().collect()
}

#[test]
fn a_name_value_that_is_not_a_string_is_shown_as_hex_and_refused() {
    // CN is an [APPLICATION 9] element holding "PyCA"; OpenSSL refuses the certificate.
    let f = "real/name_attribute_unsupported_tag.pem";
    let r = analyze(&[f], &[f], "2020-01-01T00:00:00Z");
    let c = certs(&r)[0];
    assert_eq!(c.subject, "CN=#690450794341");
    for v in [&c.verdicts.strict, &c.verdicts.macos] {
        assert!(!v.ok && v.reason_codes.contains(&ReasonCode::MalformedName), "{:?}", v.reasons);
    }
    let f = "real/invalid_utf8_common_name.pem";
    let r = analyze(&[f], &[f], "2020-01-01T00:00:00Z");
    let c = certs(&r)[0];
    assert!(c.subject.starts_with("CN=#0C"), "{}", c.subject);
    assert!(c.verdicts.strict.reason_codes.contains(&ReasonCode::MalformedName));
}

#[test]
fn a_latin1_line_does_not_hide_the_pem_blocks_after_it() {
    let mut bytes = b"Caf\xe9 r\xe9sum\xe9 from the ticket\n".to_vec();
    bytes.extend(read("apple/leaf-device-apsd-2018-expired-sha1.pem"));
    bytes.extend(b"\xff\xfe stray bytes\n");
    bytes.extend(read("apple/apple-root-ca-2006-rsa.pem"));
    let r = certscope::analyze(&[Source::file("latin1.pem", bytes)], &TrustStore::builtin(), Timestamp(1_800_000_000));
    let names: Vec<&str> = certs(&r).iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["6001A957-6FC5-4856-8C5E-DC2E32C61CB9", "Apple Root CA"]);
}

#[test]
fn authenticode_content_is_digested_over_its_contents_octets() {
    // PKCS#7 v1.5 content (SpcIndirectDataContent, a SEQUENCE): RFC 2315 §9.3.
    let r = analyze(&["real/authenticode.der"], &[], "2020-01-01T00:00:00Z");
    let sd = r.items.iter().find_map(|i| if let Item::SignedData(s) = i { Some(s) } else { None }).expect("signed data"); // ok: test
    assert_eq!(sd.signers.len(), 1);
    let s = &sd.signers[0];
    assert!(s.signature_ok && s.digest_ok == Some(true), "{:?}", s.problems);
    assert!(!sd.macos_label_reason.contains("changed after signing"), "{}", sd.macos_label_reason);
}

#[test]
fn zero_serials_fail_the_evaluated_certificate_never_the_chains_under_an_anchor() {
    let at = "2027-06-01T00:00:00Z";
    // A leaf under a root whose serial is 0: the root is an anchor, its serial is not a reason.
    let r = analyze(&["serial/leaf-under-zero-root.pem"], &["serial/zero-serial-root.pem"], at);
    let c = certs(&r)[0];
    assert!(c.verdicts.strict.ok && c.verdicts.macos.ok, "{:?}", c.verdicts.strict.reasons);
    // A leaf with serial 0: the conformance check fails it (x509-limbo agrees); macOS does not.
    let r = analyze(&["serial/zero-serial-leaf.pem"], &["serial/ordinary-root.pem"], at);
    let c = certs(&r)[0];
    assert_eq!(c.verdicts.strict.reason_codes, [ReasonCode::BadSerial]);
    assert!(c.verdicts.macos.ok, "{:?}", c.verdicts.macos.reasons);
    assert!(c.verdicts.macos.notes.iter().any(|n| n.contains("zero serial")), "{:?}", c.verdicts.macos.notes);
    assert!(c.verdicts.disagreement.as_deref().is_some_and(|d| d.starts_with("macOS accepts it")));
}

#[test]
fn a_key_only_anchor_applies_its_name_constraints() {
    use certscope::cert::NameConstraints;
    use certscope::trust::{Anchor, AnchorKind, Pool, SignatureCache, StrictOptions};
    let read_certs = |rel: &str| certscope::input::read(&[Source::file(rel, read(rel))]).certificates().cloned().collect::<Vec<_>>();
    let root = read_certs("chains/rsa-chain/trusted.pem").remove(0);
    let leaf = read_certs("chains/rsa-chain/leaf.pem").remove(0);
    let inter = read_certs("chains/rsa-chain/untrusted.pem");
    let at = Timestamp::parse("2026-12-30T00:16:49Z").expect("time"); // ok: test
                                                                      // As the built-in store constrains webpki-roots' one Turkish root: permitted DNS "tr".
    let tr = NameConstraints::from_der(&[0x30, 0x08, 0xa0, 0x06, 0x30, 0x04, 0x82, 0x02, b't', b'r']).expect("constraints"); // ok: test
    for (constraints, ok) in [(None, true), (Some(tr), false)] {
        let mut store = TrustStore::with_anchors(Vec::new());
        store.anchor_index.insert(root.subject.key.clone(), vec![0]);
        store.anchors.push(Anchor {
            kind: AnchorKind::Public,
            subject: root.subject.clone(),
            key: root.public_key.clone(),
            cert: None,
            name_constraints: constraints,
        });
        let refs: Vec<&certscope::cert::Certificate> = inter.iter().collect();
        let pool = Pool::new(&refs, &store);
        let v = certscope::trust::path_verdict(&leaf, &pool, &store, at, &StrictOptions::default(), &mut SignatureCache::default());
        assert_eq!(v.ok, ok, "{:?}", v.reasons);
        if !ok {
            assert!(v.reasons.iter().any(|r| r.code.as_str() == "name-not-permitted"), "{:?}", v.reasons);
        }
    }
}

/// Issue 19 item 7: a trust anchor is an input to path validation (RFC 5280 §6.1), not a
/// certificate of the path. A public root that is itself in the store (Mozilla's list, as
/// webpki-roots ships it), pasted alone, is strict ok with a note about its serial number 0;
/// a leaf with serial 0 still fails (the test above, x509-limbo's serial cases).
#[test]
fn a_public_root_with_serial_zero_pasted_alone_is_strict_ok_with_a_note() {
    for f in ["public-roots/Go_Daddy_Root_Certificate_Authority_-_G2.pem", "public-roots/Hellenic_Academic_and_Research_Institutions_RootCA_2015.pem"] {
        let r = analyze(&[f], &[], "2026-11-30T00:00:00Z");
        let c = certs(&r)[0];
        assert_eq!(c.serial.trim_start_matches(['0', ':']), "", "{f}: serial {}", c.serial);
        assert!(c.verdicts.strict.ok, "{f}: {:?}", c.verdicts.strict.reasons);
        assert!(
            c.verdicts.strict.notes.iter().any(|n| n.contains("serial number that is zero") && n.contains("trust anchor")),
            "{f}: {:?}",
            c.verdicts.strict.notes
        );
        assert!(c.verdicts.macos.ok, "{f}: {:?}", c.verdicts.macos.reasons);
    }
    // Starfield Class 2 (serial 0 too) left Mozilla's list: webpki-roots 1.0 does not ship it, so
    // pasted alone it is an untrusted root, never a bad serial.
    let f = "public-roots/Starfield_Class_2_CA.pem";
    let r = analyze(&[f], &[], "2026-11-30T00:00:00Z");
    assert_eq!(certs(&r)[0].verdicts.strict.reason_codes, [ReasonCode::Untrusted], "{f}");
}
