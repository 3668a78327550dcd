//! Apple's wider PKI: roles given only up to Apple's pinned keys, facts, what macOS would show
//! for a Developer ID–signed profile, and look-alikes with Apple's names but other keys.
//! Real certificates from tests/fixtures/apple-pki/ (README there); Apple-shaped test PKI from
//! tools/make_apple_like.sh, whose root native tests pass in Apple's place.

mod common;
use certscope::cert::Role;
use common::{analyze, at, cert};

use certscope::report::{CertificateItem, Item, MacosLabel, Report, SignedDataItem};
use certscope::time::Timestamp;
use certscope::trust::{AppleCas, ReasonCode, TrustStore};

fn first_cert(r: &Report) -> &CertificateItem {
    r.certificates().next().expect("a certificate item") // ok: test
}

fn fact<'a>(c: &'a CertificateItem, name: &str) -> Option<&'a str> {
    c.facts.iter().find(|f| f.name == name).map(|f| f.value.as_str())
}

fn signed(r: &Report) -> &SignedDataItem {
    r.items.iter().find_map(|i| if let Item::SignedData(s) = i { Some(s.as_ref()) } else { None }).expect("signed data")
    // ok: test
}

/// A store whose "Apple Root CA" is the Apple-shaped test root (native tests only).
fn test_apple_store() -> TrustStore {
    let real = AppleCas::load();
    TrustStore::with_apple(AppleCas::from_certs(cert("apple-like/root.pem"), real.iphone_ca, real.device_ca, Vec::new()))
}

#[test]
fn real_developer_id_installer_is_recognised_and_trusted_by_macos_and_strict() {
    let r = analyze(&["apple-pki/leaf-developer-id-installer-ria-2022-2027.pem"], &TrustStore::builtin(), at("2026-11-30T00:00:00Z"));
    let c = first_cert(&r);
    assert_eq!(c.role, Role::DeveloperIdInstaller, "{:?}", c.verdicts);
    // macOS knows the critical Apple marker (1.2.840.113635.100.6.1.14): Apple documents it.
    assert!(c.verdicts.macos.ok, "{:?}", c.verdicts.macos.reasons);
    // RFC 5280 path validation does not process it, and being in Apple's OID table is not
    // processing (issue 19 item 5): the strict check rejects it, as OpenSSL and Go do.
    assert_eq!(c.verdicts.strict.reason_codes, [ReasonCode::UnknownCriticalExtension], "{:?}", c.verdicts.strict.reasons);
    assert!(c.verdicts.strict.reasons[0].contains("Developer ID Installer"), "{:?}", c.verdicts.strict.reasons);
    assert_eq!(fact(c, "Team ID"), Some("ET847QJV9F"));
    assert!(fact(c, "Days left").is_some_and(|d| d.starts_with("63 ")), "{:?}", c.facts);
    // After its end: macOS says expired, the role stays (dates do not make a role).
    let later = analyze(&["apple-pki/leaf-developer-id-installer-ria-2022-2027.pem"], &TrustStore::builtin(), at("2027-03-01T00:00:00Z"));
    let c = first_cert(&later);
    assert_eq!(c.role, Role::DeveloperIdInstaller);
    assert!(!c.verdicts.macos.ok && c.verdicts.macos.reason_codes.contains(&certscope::trust::ReasonCode::Expired), "{:?}", c.verdicts.macos);
}

#[test]
fn real_code_signing_and_push_leaves_get_their_roles() {
    let store = TrustStore::builtin();
    for (file, role, when) in [
        ("apple-pki/leaf-developer-id-application-szorc-2021-2026.pem", Role::DeveloperIdApplication, "2025-01-01T00:00:00Z"),
        ("apple-pki/leaf-apple-development-szorc-2021-2022.pem", Role::AppleDevelopment, "2022-01-01T00:00:00Z"),
        ("apple-pki/leaf-apple-distribution-szorc-2021-2022.pem", Role::AppleDistribution, "2022-01-01T00:00:00Z"),
        ("apple-pki/leaf-mdm-push-apsp-2024-2025.pem", Role::MdmPush, "2025-05-01T00:00:00Z"),
        ("apple-pki/developer-id-ca-g2-2021-2031.pem", Role::AppleCa, "2026-11-30T00:00:00Z"),
    ] {
        let r = analyze(&[file], &store, at(when));
        let c = first_cert(&r);
        assert_eq!(c.role, role, "{file}: {:?}", c.verdicts.macos);
        assert!(c.verdicts.macos.ok, "{file}: {:?}", c.verdicts.macos.reasons);
    }
    let r = analyze(&["apple-pki/leaf-mdm-push-apsp-2024-2025.pem"], &store, at("2025-05-01T00:00:00Z"));
    let c = first_cert(&r);
    assert_eq!(fact(c, "APNs topic"), Some("com.apple.mgmt.External.b4380178-71b0-46c4-bcf1-7734528a7b94"));
    assert!(fact(c, "Days left").is_some_and(|d| d.starts_with("25 ")), "{:?}", c.facts);
}

#[test]
fn developer_id_signed_profile_label_follows_the_signer_validity() {
    let store = test_apple_store();
    let leaf = cert("apple-like/developer-id-installer-leaf.pem");
    let profile = "apple-like/devid-installer-signed.mobileconfig";
    let inside = Timestamp(leaf.not_before.0 + 30 * 86_400);
    let r = analyze(&[profile], &store, inside);
    let s = signed(&r);
    assert_eq!(s.macos_label, MacosLabel::Verified, "{}", s.macos_label_reason);
    let signer = s.certificates.iter().find(|c| c.sha256 == leaf.sha256).expect("signer item"); // ok: test
    assert_eq!(signer.role, Role::DeveloperIdInstaller);
    assert!(signer.verdicts.macos.ok, "documented critical Apple extensions are known to macOS: {:?}", signer.verdicts.macos.reasons);
    assert_eq!(
        signer.verdicts.strict.reason_codes,
        [ReasonCode::UnknownCriticalExtension],
        "RFC 5280 does not process them: {:?}",
        signer.verdicts.strict.reasons
    );
    assert_eq!(fact(signer, "Team ID"), Some("EXAMPLE123"));

    let after = Timestamp(leaf.not_after.0 + 86_400);
    let r = analyze(&[profile], &store, after);
    let s = signed(&r);
    assert_eq!(s.macos_label, MacosLabel::Unverified);
    assert!(s.macos_label_reason.contains("expired"), "{}", s.macos_label_reason);
}

#[test]
fn look_alikes_with_apple_names_never_get_an_apple_role() {
    // The same Apple-shaped chains against the real pins: names match Apple's, keys do not.
    let store = TrustStore::builtin();
    let leaf = cert("apple-like/developer-id-installer-leaf.pem");
    let t = Timestamp(leaf.not_before.0 + 30 * 86_400);
    let r = analyze(&["apple-like/devid-installer-signed.mobileconfig"], &store, t);
    let s = signed(&r);
    assert_eq!(s.macos_label, MacosLabel::Unverified);
    for c in &s.certificates {
        assert!(matches!(c.role, Role::Leaf | Role::IntermediateCa | Role::Root), "{}: {:?}", c.name, c.role);
        assert!(c.notes.iter().any(|n| n.contains("imitates")), "{}: {:?}", c.name, c.notes);
    }
    let r = analyze(&["apple-like/mdm-push-chain.pem"], &store, t);
    for c in r.certificates() {
        assert!(!matches!(c.role, Role::MdmPush | Role::AppleCa), "{}: {:?}", c.name, c.role);
        assert!(!c.verdicts.macos.ok);
    }
    // With the test root in Apple's place the same push chain is recognised: the key decides.
    let r = analyze(&["apple-like/mdm-push-chain.pem"], &test_apple_store(), t);
    assert_eq!(first_cert(&r).role, Role::MdmPush);
}

#[test]
fn the_real_device_identity_keeps_its_role_and_a_forged_one_loses_it() {
    let r = analyze(&["apple/leaf-device-apsd-2018-expired-sha1.pem"], &TrustStore::builtin(), at("2026-11-30T00:00:00Z"));
    let c = first_cert(&r);
    assert_eq!(c.role, Role::AppleDeviceIdentity);
    assert!(c.verdicts.macos.ok && !c.verdicts.strict.ok);
    let r = analyze(&["chains/forged-apple-chain/leaf.pem"], &TrustStore::builtin(), at("2026-11-30T00:00:00Z"));
    assert_eq!(first_cert(&r).role, Role::Leaf);
}

#[test]
fn an_apple_ca_chain_lists_apple_root_ca_once() {
    // The whole chain pasted: Apple Root CA is both in the input and the pinned anchor.
    let r = analyze(&["apple/apple-iphone-device-ca-fullchain.pem"], &TrustStore::builtin(), at("2026-11-30T00:00:00Z"));
    for c in r.certificates() {
        let names: Vec<&str> = c.chain_links.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names.iter().filter(|n| **n == "Apple Root CA").count(), 1, "{}: {names:?}", c.name);
        assert!(c.chain_links.last().is_some_and(|l| l.anchor), "{}: the chain ends at the anchor", c.name);
    }
}

/// A certificate Apple's key did not sign gets none of the notes meant for genuine device
/// identities (when date-checking servers reject it, why anchoring at the root never works):
/// those would tell an admin the device is fine apart from its dates.
#[test]
fn a_forged_device_identity_gets_no_genuine_device_date_notes() {
    let store = TrustStore::builtin();
    for (case, genuine) in
        [("chains/forged-device-ca/leaf.pem", false), ("chains/tampered-apple-leaf/leaf.pem", false), ("chains/real-apple-leaf/leaf.pem", true)]
    {
        let r = analyze(&[case], &store, at("2026-11-30T00:00:00Z"));
        let c = first_cert(&r);
        assert!(c.verdicts.apple_device.applies, "{case}");
        assert_eq!(c.verdicts.apple_device.ok, genuine, "{case}");
        let date_note = c.verdicts.strict.notes.iter().any(|n| n.contains("A server that checks dates"));
        assert_eq!(date_note, genuine, "{case}: {:?}", c.verdicts.strict.notes);
    }
}

/// Issue 19 item 1: a certificate signed with the key of an ordinary Apple-issued leaf (CA:FALSE,
/// no keyCertSign), carrying the Developer ID Application marker or the attestation fields, is
/// not Apple's: every signature verifies up to Apple's key, but macOS refuses the chain (a leaf
/// used as a CA). No Apple role, no Apple fact, no sentence that vouches for Apple; the card says
/// what was done.
#[test]
fn a_certificate_signed_by_an_apple_issued_leaf_gets_no_apple_role_fact_or_vouching_text() {
    let store = test_apple_store();
    let signer = cert("apple-like/developer-id-installer-leaf.pem");
    for file in ["apple-like/leaf-signed-developer-id-application.pem", "apple-like/leaf-signed-attestation.pem"] {
        let minted = cert(file);
        let t = Timestamp(minted.not_before.0 + 3600);
        let r = analyze(&[file], &store, t);
        // The signing leaf itself is genuine (in this store) and keeps its role.
        let s = r.certificates().find(|c| c.sha256 == signer.sha256).expect("the signing leaf"); // ok: test
        assert_eq!(s.role, Role::DeveloperIdInstaller, "{file}");
        let c = r.certificates().find(|c| c.sha256 == minted.sha256).expect("the minted certificate"); // ok: test
        assert_eq!(c.role, Role::Leaf, "{file}: {:?}", c.verdicts.macos.reasons);
        assert!(c.facts.is_empty(), "{file}: {:?}", c.facts);
        assert!(!c.verdicts.macos.ok, "{file}");
        assert!(c.imitates_apple(), "{file}: a leaf used as a CA is treated as a look-alike: {:?}", c.notes);
        assert!(c.notes.iter().any(|n| n.contains("not a CA") && n.contains("Developer ID Installer: Example Corp")), "{file}: {:?}", c.notes);
        let d = r.diagnosis.as_ref().map(|d| format!("{:?} {}\n{}", d.code, d.title, d.text)).unwrap_or_default();
        // The diagnosis may speak of the genuine signing leaf, never of the minted certificate.
        for vouching in ["Mallory", "EXAMPLE999", "Secure Enclave", "Enterprise Attestation PKI issued", &c.name] {
            assert!(!d.contains(vouching), "{file}: the diagnosis vouches for the minted certificate ({vouching}): {d}");
        }
        assert!(!d.starts_with("DeveloperIdApplication") && !d.starts_with("DeviceAttestation"), "{file}: {d}");
    }
}

/// Issue 19 item 1: the attestation role needs the Enterprise Attestation Root as anchor, not the
/// attestation fields alone: the same fields in a leaf of another Apple CA give no such role.
#[test]
fn attestation_fields_under_another_apple_ca_are_not_an_attestation() {
    let file = "apple-like/attestation-fields-under-developer-id-ca.pem";
    let leaf = cert(file);
    let r = analyze(&[file], &test_apple_store(), Timestamp(leaf.not_before.0 + 3600));
    let c = r.certificates().find(|c| c.sha256 == leaf.sha256).expect("the leaf"); // ok: test
    assert!(c.verdicts.macos.ok, "{:?}", c.verdicts.macos.reasons);
    assert_ne!(c.role, Role::DeviceAttestation);
    assert!(c.facts.iter().all(|f| f.name != "UDID" && f.name != "Serial number"), "{:?}", c.facts);
    assert!(r.diagnosis.as_ref().is_none_or(|d| d.code.as_str() != "device-attestation"), "{:?}", r.diagnosis);
}

/// Issue 19 item 8: names fold case when chaining (RFC 5280 §7.1), so a CA named "APPLE ROOT CA"
/// on another key collides with Apple Root CA's name: it imitates Apple, whatever its case.
#[test]
fn a_ca_with_apples_name_in_capitals_is_a_look_alike() {
    let r = analyze(&["apple-like/shouting-root.pem"], &TrustStore::builtin(), at("2027-06-01T00:00:00Z"));
    let c = first_cert(&r);
    assert_eq!(c.role, Role::Root);
    assert!(c.imitates_apple(), "{:?}", c.notes);
    assert!(!certscope::report::can_trust_locally(c), "a look-alike root is never offered for local trust");
}
