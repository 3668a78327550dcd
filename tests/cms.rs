//! Signed profiles and device requests: CMS verified (DER and BER), the macOS label, payloads,
//! and agreement with `openssl cms -verify -noverify` (recorded by tools/make_cms.sh).

use certscope::input::Source;
use certscope::report::{ContentType, DiagnosisCode, Encoding, Item, Report, SignedDataItem};
use certscope::time::Timestamp;
use certscope::trust::TrustStore;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(dir().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).expect("time") // ok: test
}

fn custom_store() -> TrustStore {
    let d = certscope::input::read(&[Source::file("root", read("cms/trusted-root.pem"))]);
    TrustStore::with_anchors(d.certificates().cloned().collect())
}

fn signed(r: &Report) -> &SignedDataItem {
    match r.items.first() {
        Some(Item::SignedData(s)) => s,
        other => panic!("not signed data: {other:?} / {:?}", r.problems),
    }
}

#[test]
fn generated_cms_cases() {
    let tsv = String::from_utf8(read("cms/cases.tsv")).expect("utf8"); // ok: test
    let mut failures = Vec::new();
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (file, store, content, sig, digest, label, ctype, openssl) = (f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
        let store = if store == "builtin" { TrustStore::builtin() } else { custom_store() };
        let mut sources = vec![Source::file(file, read(&format!("cms/{file}")))];
        if content != "-" {
            sources.push(Source::file(content, read(&format!("cms/{content}"))));
        }
        let r = certscope::analyze(&sources, &store, at("2027-06-01"));
        let s = signed(&r);
        let got_sig = if s.signers.is_empty() {
            "none"
        } else if s.signers.iter().all(|x| x.signature_ok) {
            "ok"
        } else {
            "failed"
        };
        let got_digest = match s.signers.iter().map(|x| x.digest_ok).find(|d| *d != Some(true)) {
            Some(Some(false)) => "failed",
            Some(None) => "null",
            _ if s.signers.is_empty() => "null",
            _ => "ok",
        };
        if (got_sig, got_digest, s.macos_label.as_str(), s.content_type.as_str()) != (sig, digest, label, ctype) {
            failures.push(format!(
                "{file} (+{content}): signature {got_sig}/{sig}, digest {got_digest}/{digest}, label {}/{label} ({}), content {}/{ctype}",
                s.macos_label.as_str(),
                s.macos_label_reason,
                s.content_type
            ));
        }
        // openssl cms -verify -noverify: signature and digest, with the content present.
        let ours = !s.signers.is_empty() && s.content.is_some() && s.signers.iter().all(|x| x.signature_ok && x.digest_ok != Some(false));
        if (if ours { "ok" } else { "failed" }) != openssl {
            failures.push(format!("{file}: certscope {ours}, openssl {openssl}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn tampering_is_explained() {
    let store = custom_store();
    let r = certscope::analyze(&[Source::file("t", read("cms/tampered-content.mobileconfig"))], &store, at("2027-06-01"));
    assert!(signed(&r).macos_label_reason.contains("the content was changed after signing"), "{}", signed(&r).macos_label_reason);
    let r = certscope::analyze(&[Source::file("t", read("cms/tampered-signature.mobileconfig"))], &store, at("2027-06-01"));
    assert!(signed(&r).macos_label_reason.contains("the signature does not verify"), "{}", signed(&r).macos_label_reason);
    let r = certscope::analyze(&[Source::file("t", read("cms/detached.p7s"))], &store, at("2027-06-01"));
    assert!(signed(&r).macos_label_reason.contains("provide the signed content"), "{}", signed(&r).macos_label_reason);
}

#[test]
fn signed_profile_payloads_are_listed() {
    let r = certscope::analyze(&[Source::file("p", read("cms/ber-rsa-sha256.mobileconfig"))], &custom_store(), at("2027-06-01"));
    let s = signed(&r);
    assert_eq!(s.encoding, Encoding::Ber);
    let p = s.profile.as_ref().expect("profile"); // ok: test
    assert_eq!(p.profile.display_name.as_deref(), Some("Example Corp Settings"));
    assert_eq!(p.profile.organization.as_deref(), Some("Example Corp"));
    let kinds: Vec<&str> = p.profile.payloads.iter().map(|x| x.kind.as_str()).collect();
    assert_eq!(kinds, ["com.apple.security.root", "com.apple.dnsSettings.managed"]);
    assert_eq!(p.profile.payloads[0].friendly, "Root certificate (trusted)");
    assert!(!p.profile.payloads[0].flags.is_empty(), "root payloads are flagged");
    assert_eq!(p.certificates.len(), 1);
    assert_eq!(p.certificates[0].name, "certscope CMS test root");
    assert!(p.profile.flags.iter().any(|f| f.contains("cannot remove")));
}

#[test]
fn unsigned_profiles_xml_and_binary() {
    for file in ["cms/unsigned-profile.mobileconfig", "cms/unsigned-binary-profile.mobileconfig"] {
        let r = certscope::analyze(&[Source::file(file, read(file))], &custom_store(), at("2027-06-01"));
        let Some(Item::Profile(p)) = r.items.first() else { panic!("{file}: {:?} {:?}", r.items, r.problems) };
        assert_eq!(p.macos_label.as_str(), "unsigned");
        assert_eq!(p.profile.profile.payloads.len(), 2, "{file}");
        assert_eq!(p.profile.certificates.len(), 1, "{file}");
        assert!(p.profile.certificates[0].verdicts.strict.ok, "{file}: the payload root is the trusted root here");
        let json = serde_json::to_value(&r).expect("json"); // ok: test
        assert_eq!(json["items"][0]["kind"], "profile");
        assert_eq!(json["items"][0]["macos_label"], "unsigned");
        assert_eq!(json["items"][0]["profile"]["display_name"], "Example Corp Settings");
    }
}

#[test]
fn forged_device_request_fails_apples_rule() {
    let r = certscope::analyze(&[Source::file("req", read("cms/forged-device-request.p7s"))], &TrustStore::builtin(), at("2027-06-01"));
    let s = signed(&r);
    assert_eq!(s.content_type, ContentType::DeviceRequest);
    let fields = s.device_request.as_ref().expect("fields"); // ok: test
    assert!(fields.iter().any(|(k, v)| k == "UDID" && v == "00000000-FAKE-4000-8000-000000000000"));
    let signer = &s.signers[0];
    assert!(signer.signature_ok && signer.digest_ok == Some(true), "the forger's own signature is fine");
    let v = signer.verdicts.as_ref().expect("verdicts"); // ok: test
    assert!(v.apple_device.applies && !v.apple_device.ok);
    assert!(!v.strict.ok);
    assert_eq!(r.diagnosis.as_ref().map(|d| d.code), Some(DiagnosisCode::AppleDeviceForged));
}

#[test]
fn real_profiles_verify_with_the_right_label() {
    let store = TrustStore::builtin();
    for (rel, inside, expired_on) in [
        ("profiles/letsencrypt-ecdsa-der-2026.mobileconfig", "2026-03-15", "2026-05-28"),
        ("profiles/sectigo-rsa-ber-sha1-signer-expired-2024.mobileconfig", "2024-06-01", "2024-11-29"),
    ] {
        let now = certscope::analyze(&[Source::file(rel, read(rel))], &store, at("2026-11-29"));
        let s = signed(&now);
        assert!(s.signers.iter().all(|x| x.signature_ok && x.digest_ok == Some(true)), "{rel}");
        assert_eq!(s.macos_label.as_str(), "unverified", "{rel}");
        assert!(s.macos_label_reason.contains(&format!("expired on {expired_on}")), "{rel}: {}", s.macos_label_reason);
        let then = certscope::analyze(&[Source::file(rel, read(rel))], &store, at(inside));
        assert_eq!(signed(&then).macos_label.as_str(), "verified", "{rel}: {}", signed(&then).macos_label_reason);
    }
}

/// Signed attributes out of DER order (tools/make_cms_unsorted.sh): the signature is checked over
/// the attributes as received, as `openssl cms -verify` does (its answers are in cases.tsv):
/// signed as sent, it verifies; signed in DER order and sent reversed, it does not.
#[test]
fn unsorted_signed_attributes_are_verified_as_received() {
    let store = TrustStore::builtin();
    let r = certscope::analyze(&[Source::file("u", read("cms/unsorted-attrs.mobileconfig"))], &store, at("2027-06-01"));
    let s = &signed(&r).signers[0];
    assert!(s.signature_ok && s.digest_ok == Some(true) && s.problems.is_empty(), "{:?}", s.problems);
    let r = certscope::analyze(&[Source::file("u", read("cms/unsorted-attrs-signed-sorted.mobileconfig"))], &store, at("2027-06-01"));
    let s = &signed(&r).signers[0];
    assert!(!s.signature_ok && s.digest_ok == Some(true), "a re-encoding in DER order must not be what is verified");
    assert!(s.problems.iter().any(|p| p.contains("does not verify")), "{:?}", s.problems);
}

/// Issue 19 item 6: BER (indefinite lengths, `openssl cms -stream`) around a signer certificate
/// issued over a TBSCertificate with a long-form length (tools/make_cms_ber_embedded.sh). The
/// certificate is read as received: the fingerprint it was issued with, its signature verified
/// by its root, and the profile Verified.
#[test]
fn a_certificate_inside_ber_keeps_its_bytes() {
    let d = certscope::input::read(&[Source::file("root", read("cms/ber-embedded-root.pem"))]);
    let store = TrustStore::with_anchors(d.certificates().cloned().collect());
    let r = certscope::analyze(&[Source::file("b", read("cms/ber-embedded-nonminimal.mobileconfig"))], &store, at("2027-06-01"));
    let s = signed(&r);
    assert_eq!(s.encoding, Encoding::Ber);
    let sha256 = String::from_utf8(read("cms/ber-embedded-nonminimal.sha256")).expect("utf8"); // ok: test
    let cert = s.certificates.iter().find(|c| c.name == "Example Corp BER profile signing").expect("the signer's certificate"); // ok: test
    assert_eq!(cert.sha256, sha256.trim(), "the fingerprint of the certificate as issued");
    assert!(cert.verdicts.strict.ok, "{:?}", cert.verdicts.strict.reasons);
    assert_eq!(cert.chain_links.first().and_then(|l| l.signature_ok), Some(true));
    assert_eq!(s.macos_label.as_str(), "verified", "{}", s.macos_label_reason);
}

/// Issue 19 item 4: a decoy (same issuer and serial, another key) first in the CertificateSet
/// does not make a good profile Unverified (OpenSSL, which takes the first match, fails it).
#[test]
fn a_decoy_certificate_first_does_not_unverify_a_good_profile() {
    let r = certscope::analyze(&[Source::file("d", read("cms/decoy-first.mobileconfig"))], &custom_store(), at("2027-06-01"));
    let s = signed(&r);
    assert_eq!(s.macos_label.as_str(), "verified", "{}", s.macos_label_reason);
    assert_eq!(s.signature.as_str(), "ok");
    assert!(s.signers[0].signature_ok && s.signers[0].problems.is_empty(), "{:?}", s.signers[0].problems);
}

/// A detached signature whose content was never given has not been checked against any
/// content: not `ok` (nor `failed`), and its label is not checked, not macOS's Unverified.
#[test]
fn a_detached_signature_without_its_content_is_not_checked() {
    let store = custom_store();
    let r = certscope::analyze(&[Source::file("t", read("cms/detached.p7s"))], &store, at("2027-06-01"));
    assert_eq!(signed(&r).signature.as_str(), "not-checked");
    assert_eq!(signed(&r).macos_label.as_str(), "not-checked");
    let with = certscope::analyze(
        &[Source::file("t", read("cms/detached.p7s")), Source::file("c", read("cms/detached-content.mobileconfig"))],
        &store,
        at("2027-06-01"),
    );
    assert_eq!(signed(&with).signature.as_str(), "ok");
}

/// signingTime is the signer's claim (RFC 5652 §11.3), said as one, for each signer; the
/// label at signing judges each signer at the time it claims.
#[test]
fn signing_time_is_said_as_a_claim_of_each_signer() {
    let r = certscope::analyze(&[Source::file("two", read("cms/two-signers.mobileconfig"))], &custom_store(), at("2026-12-30T00:16:49Z"));
    let s = signed(&r);
    for sg in &s.signers {
        assert!(sg.notes.iter().any(|n| n.starts_with("says it was signed on ") && n.contains("a claim of the signer, not a timestamp")), "{:?}", sg.notes);
    }
    let then = s.macos_label_at_signing.as_deref().unwrap_or_default();
    assert!(then.starts_with("says its signers signed it on ") && then.contains("not timestamps") && then.ends_with("as Verified"), "{then}");
    let d = r.diagnosis.expect("diagnosis"); // ok: test
    assert!(d.text.contains("It says its signers signed it on"), "{}", d.text);
}

/// With several profiles the diagnosis speaks for the one that needs attention most, wherever
/// it stands among the inputs.
#[test]
fn the_diagnosis_speaks_for_the_worst_profile() {
    let store = custom_store();
    let good = || Source::file("good", read("cms/der-rsa-sha256.mobileconfig"));
    let bad = || Source::file("bad", read("cms/tampered-content.mobileconfig"));
    for sources in [vec![good(), bad()], vec![bad(), good()]] {
        let r = certscope::analyze(&sources, &store, at("2027-06-01"));
        let d = r.diagnosis.expect("diagnosis"); // ok: test
        assert_eq!(d.code, DiagnosisCode::ProfileUnverified, "{}", d.text);
        assert!(d.text.contains("changed after signing"), "{}", d.text);
    }
}

/// Issue 19/20 review: BER allows a definite length in more octets than needed (X.690 §8.1.3.5
/// note 2); a genuine signed profile whose outer ContentInfo length is written that way (the
/// length is not covered by the signature) was read as "the signed data is damaged", with no
/// verdict, where macOS's BER decoder reads it. `asn1::ber_to_der` copies every element without
/// an indefinite length as received (issue 19 item 6: a certificate's bytes are what its
/// signature and fingerprint cover), so the headers of the unsigned wrapping alone (ContentInfo,
/// SignedData, the SETs around the signers) are rewritten in DER (src/cms/wrapping.rs), and the
/// signature is still checked over the content as received (seen failing before: "damaged").
#[test]
fn a_non_minimal_outer_length_is_still_signed_data() {
    let r = certscope::analyze(&[Source::file("p", read("attack/nonminimal-outer-length.mobileconfig"))], &custom_store(), at("2027-06-01"));
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(signed(&r).macos_label.as_str(), "verified");
    // The content is still what the signature covers: one byte of it changed fails.
    let mut changed = read("attack/nonminimal-outer-length.mobileconfig");
    let at_string = changed.windows(8).position(|w| w == b"<string>").expect("a string in the profile") + 8; // ok: test
    changed[at_string] ^= 0x01;
    let r = certscope::analyze(&[Source::file("p", changed)], &custom_store(), at("2027-06-01"));
    assert_eq!((signed(&r).signature.as_str(), signed(&r).macos_label.as_str()), ("failed", "unverified"));
}
