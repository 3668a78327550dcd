//! Apple's other kinds diagnosed (issue 12): the MDM push certificate's renewal window, what a
//! Managed Device Attestation proves and does not, Developer ID's purpose and expiry — and an
//! organisation's own CA trusted locally, always said to be local. Real certificates from
//! tests/fixtures/apple-pki/; the attestation chain from tools/make_attestation.sh, whose root
//! native tests pass in Apple's place.

mod common;
use certscope::cert::{Certificate, Role};
use common::{analyze, at, cert};

use certscope::report::{can_trust_locally, days_left, is_locally_trusted, CertificateItem, Report};
use certscope::time::Timestamp;
use certscope::trust::{AppleCas, TrustStore};

const PUSH: &str = "apple-pki/leaf-mdm-push-apsp-2024-2025.pem";
const ATT_CHAIN: &str = "attestation-like/chain.pem";

fn item<'a>(r: &'a Report, c: &Certificate) -> &'a CertificateItem {
    r.certificates().find(|i| i.sha256 == c.sha256).expect("the certificate's item")
    // ok: test
}

fn fact<'a>(c: &'a CertificateItem, name: &str) -> Option<&'a str> {
    c.facts.iter().find(|f| f.name == name).map(|f| f.value.as_str())
}

fn code(r: &Report) -> &str {
    r.diagnosis.as_ref().map(|d| d.code.as_str()).unwrap_or("")
}

fn text(r: &Report) -> String {
    r.diagnosis.as_ref().map(|d| format!("{}\n{}", d.title, d.text)).unwrap_or_default()
}

/// The test attestation root in the place of Apple's pinned roots (native tests only).
fn attestation_store() -> TrustStore {
    let real = AppleCas::load();
    TrustStore::with_apple(AppleCas::from_certs(real.root, real.iphone_ca, real.device_ca, Vec::new()).with_attestation_root(cert("attestation-like/root.pem")))
}

#[test]
fn mdm_push_warns_within_30_days_counted_from_the_evaluation_time() {
    let store = TrustStore::builtin();
    let leaf = cert(PUSH);
    let day = 86_400;
    // 31 days left: fine, with the renewal advice; 30 days left: the warning.
    let r = analyze(&[PUSH], &store, Timestamp(leaf.not_after.0 - 31 * day));
    assert_eq!(days_left(&leaf, Timestamp(leaf.not_after.0 - 31 * day)), 31);
    assert_eq!(code(&r), "mdm-push-ok", "{}", text(&r));
    let r = analyze(&[PUSH], &store, Timestamp(leaf.not_after.0 - 30 * day));
    assert_eq!(code(&r), "mdm-push-expiring", "{}", text(&r));
    let t = text(&r);
    assert!(t.contains("expires in 30 days") && t.contains("same Apple ID") && t.contains("Renew on this same certificate"), "{t}");
    assert!(t.contains("every enrolled device has to enroll again"), "{t}");
    assert!(t.contains("com.apple.mgmt.External.b4380178-71b0-46c4-bcf1-7734528a7b94"), "{t}");
    // Once past its end: the urgent version.
    let r = analyze(&[PUSH], &store, at("2025-06-01T00:00:00Z"));
    assert_eq!(code(&r), "mdm-push-expired", "{}", text(&r));
    assert!(text(&r).contains("expired 5 days ago") && text(&r).contains("do not create a new one"), "{}", text(&r));
}

#[test]
fn device_identity_and_profile_diagnoses_keep_their_priority() {
    let store = TrustStore::builtin();
    // A Mac's expired device identity with a push certificate: the device identity leads.
    let r = analyze(&["apple/leaf-device-apsd-2018-expired-sha1.pem", PUSH], &store, at("2025-05-01T00:00:00Z"));
    assert_eq!(code(&r), "apple-device-expired-403");
    // A push certificate beside a signed profile: what macOS shows for the profile leads.
    let r = analyze(&["profiles/letsencrypt-ecdsa-der-2026.mobileconfig", PUSH], &store, at("2025-05-01T00:00:00Z"));
    assert!(code(&r).starts_with("profile-"), "{}", code(&r));
}

#[test]
fn developer_id_says_what_it_signs_and_what_expiry_means() {
    let store = TrustStore::builtin();
    let r = analyze(&["apple-pki/leaf-developer-id-installer-ria-2022-2027.pem"], &store, at("2026-11-30T00:00:00Z"));
    assert_eq!(code(&r), "developer-id-installer");
    let t = text(&r);
    assert!(t.contains("Team ID ET847QJV9F") && t.contains("installer packages") && t.contains("valid until 2027-02-01"), "{t}");
    let r = analyze(&["apple-pki/leaf-developer-id-application-szorc-2021-2026.pem"], &store, at("2025-01-01T00:00:00Z"));
    assert_eq!(code(&r), "developer-id-application");
    assert!(text(&r).contains("Gregory Szorc (Team ID MK22MZP987)") && text(&r).contains("Gatekeeper"), "{}", text(&r));
    let r = analyze(&["apple-pki/leaf-developer-id-application-szorc-2021-2026.pem"], &store, at("2026-11-30T00:00:00Z"));
    assert_eq!(code(&r), "developer-id-expired");
    assert!(text(&r).contains("expired on 2026-04-23") && text(&r).contains("keeps opening"), "{}", text(&r));
}

#[test]
fn attestation_with_the_test_root_in_apples_place_is_recognised_decoded_and_explained() {
    let leaf = cert("attestation-like/leaf.pem");
    let t = Timestamp(leaf.not_before.0 + 3600);
    let r = analyze(&[ATT_CHAIN], &attestation_store(), t);
    let c = item(&r, &leaf);
    assert_eq!(c.role, Role::DeviceAttestation, "{:?}", c.verdicts.macos);
    assert!(c.verdicts.macos.ok, "{:?}", c.verdicts.macos.reasons);
    let names: Vec<&str> = c.facts.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Serial number",
            "UDID",
            "OS version",
            "sepOS version",
            "LLB version",
            "Software Update device ID",
            "Freshness code",
            "SIP",
            "Secure Boot",
            "Third-party kernel extensions",
            "Days left"
        ]
    );
    assert_eq!(fact(c, "Serial number"), Some("ZTESTSERIAL01"));
    assert_eq!(fact(c, "UDID"), Some("00008103-001A2B3C4D5E001E"));
    assert_eq!(fact(c, "OS version"), Some("14.2"));
    assert_eq!(fact(c, "Freshness code"), Some("FD1B2B07D5E3DE4A520ACC73F2BB13F1B1028DD8A40C78C5C85B6ABDAC09A5FB"));
    assert_eq!(fact(c, "SIP"), Some("enabled (0)"));
    assert_eq!(fact(c, "Secure Boot"), Some("Full Security"));
    assert_eq!(fact(c, "Third-party kernel extensions"), Some("not allowed (0)"));
    // The Sub CA is Apple's CA in this store.
    assert_eq!(item(&r, &cert("attestation-like/sub-ca.pem")).role, Role::AppleCa);
    assert_eq!(code(&r), "device-attestation");
    let d = text(&r);
    assert!(d.contains("What it proves") && d.contains("Serial number ZTESTSERIAL01") && d.contains("FD1B2B07"), "{d}");
    assert!(d.contains("What it does not prove") && d.contains("still compliant now") && d.contains("the user"), "{d}");
}

#[test]
fn attestation_look_alike_against_the_real_pins_gets_no_apple_role() {
    let leaf = cert("attestation-like/leaf.pem");
    let t = Timestamp(leaf.not_before.0 + 3600);
    let r = analyze(&[ATT_CHAIN, "attestation-like/root.pem"], &TrustStore::builtin(), t);
    for c in r.certificates() {
        assert!(matches!(c.role, Role::Leaf | Role::IntermediateCa | Role::Root), "{}: {:?}", c.name, c.role);
        assert!(c.facts.is_empty(), "{}: {:?}", c.name, c.facts);
        assert!(!c.verdicts.macos.ok);
    }
    assert!(item(&r, &cert("attestation-like/sub-ca.pem")).notes.iter().any(|n| n.contains("imitates an Apple certificate")));
    // A look-alike root is never offered for local trust.
    assert!(!can_trust_locally(item(&r, &cert("attestation-like/root.pem"))));
    assert_ne!(code(&r), "device-attestation");
}

#[test]
fn an_organisations_own_root_trusted_locally_counts_and_is_said_to_be_local() {
    let files = ["chains/rsa-chain/leaf.pem", "chains/rsa-chain/untrusted.pem", "chains/rsa-chain/trusted.pem"];
    let root = cert("chains/rsa-chain/trusted.pem");
    let leaf = cert("chains/rsa-chain/leaf.pem");
    let t = Timestamp(leaf.not_before.0 + 86_400);
    let r = analyze(&files, &TrustStore::builtin(), t);
    assert!(can_trust_locally(item(&r, &root)), "a root outside the built-in anchors is offered");
    assert!(!can_trust_locally(item(&r, &leaf)), "a leaf is not");
    assert!(!item(&r, &leaf).verdicts.strict.ok);
    // An Apple CA reaching Apple's pinned root is not offered.
    let apple = analyze(&["apple-pki/developer-id-ca-g2-2021-2031.pem"], &TrustStore::builtin(), t);
    assert!(!can_trust_locally(apple.certificates().next().expect("item"))); // ok: test

    let mut store = TrustStore::builtin();
    store.add_anchors([root.clone()]);
    let r = analyze(&files, &store, t);
    let l = item(&r, &leaf);
    assert!(l.verdicts.strict.ok && l.verdicts.macos.ok, "{:?}", l.verdicts);
    assert!(is_locally_trusted(l) && is_locally_trusted(item(&r, &root)));
    assert!(!can_trust_locally(item(&r, &root)), "already trusted");
    for v in [&l.verdicts.strict, &l.verdicts.macos] {
        assert!(v.notes.iter().any(|n| n.starts_with("local trust:")), "{:?}", v.notes);
    }
    assert!(r.summary.contains("trusted locally"), "{}", r.summary);
    // Built-in trust says nothing of the kind.
    let r = analyze(&["apple-pki/leaf-developer-id-installer-ria-2022-2027.pem"], &TrustStore::builtin(), at("2026-11-30T00:00:00Z"));
    let c = r.certificates().next().expect("item"); // ok: test
    assert!(!is_locally_trusted(c) && !c.verdicts.macos.notes.iter().any(|n| n.starts_with("local trust")));
    assert!(!r.summary.contains("trusted locally"));
}
