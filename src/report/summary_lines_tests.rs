use super::*;
use crate::input::Source;
use crate::testing::{at, fixture};
use crate::trust::TrustStore;

const DEVICE_LEAF: &str = "apple/leaf-device-apsd-2018-expired-sha1.pem";

#[test]
fn a_profile_and_a_device_certificate_get_a_line_each_worst_first() {
    let sources = [Source::file("device.pem", fixture(DEVICE_LEAF)), Source::file("Wi-Fi.mobileconfig", fixture("cms/der-rsa-sha256.mobileconfig"))];
    let r = crate::analyze(&sources, &TrustStore::builtin(), at("2026-11-29"));
    let lines: Vec<(&str, Severity)> = r.summary_lines.iter().map(|l| (l.source.as_str(), l.severity)).collect();
    assert_eq!(lines, [("device.pem", Severity::Warning), ("Wi-Fi.mobileconfig", Severity::Warning)]);
    assert!(r.summary_lines[0].headline.starts_with("Genuine Apple device certificate, expired 8 November 2019."), "{}", r.summary_lines[0].headline);
    assert!(r.summary_lines[1].headline.contains("macOS would show it as Unverified"), "{}", r.summary_lines[1].headline);
    assert_eq!(r.summary_lines[0].items, [0]);
    assert_eq!(r.summary_lines[1].items, [1]);
}

#[test]
fn the_worst_input_leads_whatever_the_order_given() {
    let sources = [
        Source::file("good.pem", fixture("chains/rsa-chain/leaf.pem")),
        Source::text("pasted text", String::from_utf8(fixture("chains/forged-device-ca/leaf.pem")).expect("utf8")), // ok: test
    ];
    let mut store = TrustStore::builtin();
    store.add_anchors(crate::input::read(&[Source::file("t", fixture("chains/rsa-chain/trusted.pem"))]).certificates().cloned());
    let intermediates = Source::file("chain.pem", fixture("chains/rsa-chain/untrusted.pem"));
    let r = crate::analyze(&[sources[0].clone(), intermediates, sources[1].clone()], &store, at("2026-12-30T00:16:49Z"));
    assert_eq!(r.summary_lines[0].source, "pasted text");
    assert_eq!(r.summary_lines[0].severity, Severity::Failed);
    assert!(r.summary_lines[0].headline.starts_with("Not a genuine Apple device certificate"), "{}", r.summary_lines[0].headline);
    assert_eq!(r.summary_lines.last().map(|l| l.severity), Some(Severity::Ok));
}

#[test]
fn fifty_certificates_show_the_forged_one_first_and_json_keeps_input_order() {
    let leaf = String::from_utf8(fixture(DEVICE_LEAF)).expect("utf8"); // ok: test
    let forged = String::from_utf8(fixture("chains/forged-device-ca/leaf.pem")).expect("utf8"); // ok: test
    let text = format!("{}{forged}", leaf.repeat(49));
    let r = crate::analyze(&[Source::text("pasted text", text)], &TrustStore::builtin(), at("2026-11-29"));
    assert_eq!(r.items.len(), 50);
    assert_eq!(r.display_order[0], 49, "the forged certificate (pasted last) is shown first");
    assert_eq!(r.display_order[1..], (0..49).collect::<Vec<_>>()[..]);
    assert_eq!(r.summary_lines.len(), 1);
    let l = &r.summary_lines[0];
    assert_eq!(l.severity, Severity::Failed);
    assert!(l.headline.starts_with("50 certificates, 1 failing; worst: Not a genuine Apple device certificate"), "{}", l.headline);
    let json = serde_json::to_value(&r).expect("json"); // ok: test
    assert!(json["items"][49]["source"].as_str().is_some_and(|s| s.contains("block 50")), "JSON keeps input order");
    assert_eq!(json["summary_lines"][0]["severity"], "failed");
}

#[test]
fn a_lone_untrusted_root_is_information_not_a_failure() {
    let r = crate::analyze(&[Source::file("root.pem", fixture("chains/rsa-chain/trusted.pem"))], &TrustStore::builtin(), at("2026-11-29"));
    let l = &r.summary_lines[0];
    assert_eq!(l.severity, Severity::Info, "{}", l.headline);
    assert!(l.headline.contains("is a root certificate that is not in Apple's roots or Mozilla's list"), "{}", l.headline);
}

#[test]
fn an_apple_root_is_a_root_in_the_list() {
    let r = crate::analyze(&[Source::file("root.pem", fixture("apple/apple-root-ca-2006-rsa.pem"))], &TrustStore::builtin(), at("2026-11-29"));
    let l = &r.summary_lines[0];
    assert_eq!(l.severity, Severity::Ok, "{}", l.headline);
    assert!(l.headline.contains("is a root certificate in the trusted list"), "{}", l.headline);
}

#[test]
fn an_unreadable_input_is_a_failed_line_of_its_own() {
    let sources = [Source::file("device.pem", fixture(DEVICE_LEAF)), Source::file("junk.bin", vec![0x30, 0x82, 0x01])];
    let r = crate::analyze(&sources, &TrustStore::builtin(), at("2026-11-29"));
    assert_eq!(r.summary_lines[0].source, "junk.bin");
    assert_eq!(r.summary_lines[0].severity, Severity::Failed);
    assert!(r.summary_lines[0].headline.starts_with("Nothing readable: "), "{}", r.summary_lines[0].headline);
    assert_eq!(r.summary_lines[1].source, "device.pem");
}

#[test]
fn no_input_at_all_is_not_a_problem() {
    // The page with only a fleet file evaluates the fleet apart and gives the core no source.
    let r = crate::analyze(&[], &TrustStore::builtin(), at("2026-11-29"));
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(r.summary_lines.is_empty());
    let empty_file = crate::analyze(&[Source::file("empty.txt", Vec::new())], &TrustStore::builtin(), at("2026-11-29"));
    assert!(!empty_file.problems.is_empty());
}

#[test]
fn the_forged_diagnosis_says_each_thing_once_and_untrusted_names_its_list() {
    let r = crate::analyze(&[Source::file("leaf.pem", fixture("chains/forged-apple-chain/leaf.pem"))], &TrustStore::builtin(), at("2026-11-29"));
    let d = r.diagnosis.expect("diagnosis"); // ok: test
    assert_eq!(d.code, crate::report::DiagnosisCode::AppleDeviceForged);
    assert_eq!(d.text.matches("Apple iPhone Device CA").count(), 1, "{}", d.text);
    assert!(!d.text.contains(". named"), "{}", d.text);
    let Some(Item::Certificate(c)) = r.items.first() else { panic!("a certificate") }; // ok: test
    let h = c.verdicts.strict.headline.clone().unwrap_or_default();
    assert!(
        h.ends_with("(checked against Apple's roots and Mozilla's list as shipped by webpki-roots, plus any roots you added)")
            || !c.verdicts.strict.reason_codes.contains(&crate::trust::ReasonCode::Untrusted),
        "{h}"
    );
    let root = crate::analyze(&[Source::file("root.pem", fixture("chains/rsa-chain/trusted.pem"))], &TrustStore::builtin(), at("2026-11-29"));
    let Some(Item::Certificate(c)) = root.items.first() else { panic!("a certificate") }; // ok: test
    assert!(c.verdicts.strict.headline.as_deref().is_some_and(|h| h.contains("Mozilla's list as shipped by webpki-roots")), "{:?}", c.verdicts.strict.headline);
}

#[test]
fn the_403_diagnosis_gives_jamf_as_an_example_not_as_what_happened() {
    let r = crate::analyze(&[Source::file("leaf.pem", fixture(DEVICE_LEAF))], &TrustStore::builtin(), at("2026-11-29"));
    let d = r.diagnosis.expect("diagnosis"); // ok: test
    assert!(d.text.contains("In that case Jamf Pro, for example, logs FAILED_SIGNATURE_CHECK"), "{}", d.text);
    assert!(!d.text.contains("the Mac showed"), "{}", d.text);
}

/// The help desk's ticket: the 403 dialog's text and the `security find-certificate` output in
/// one paste (issue 24 §1, §2).
fn ticket() -> crate::report::Report {
    let output = String::from_utf8(fixture("apple/sample-security-find-certificate-apsd-keychain.txt")).expect("utf8"); // ok: test
    let text = format!("The MDM server for your organization returned an unexpected status (403).\n\n{output}");
    crate::analyze(&[Source::text("pasted text", text)], &TrustStore::builtin(), at("2026-11-29"))
}

#[test]
fn a_ticket_with_the_403_text_and_the_certificate_speaks_for_the_certificate() {
    let r = ticket();
    assert_eq!(r.summary_lines.len(), 1);
    let l = &r.summary_lines[0];
    assert_eq!(l.items.len(), 2, "{l:?}");
    assert!(matches!(r.items[l.items[0]], Item::Certificate(_)), "the certificate leads its input");
    assert!(!l.headline.contains("none failing"), "{}", l.headline);
    assert!(l.headline.starts_with("Genuine Apple device certificate, expired 8 November 2019."), "{}", l.headline);
    assert!(l.headline.contains("which explains the 403 error pasted with it"), "{}", l.headline);
    assert!(matches!(r.items[r.display_order[0]], Item::Certificate(_)), "the page shows the certificate first");
}

#[test]
fn the_copied_report_opens_with_the_plain_headline_and_the_next_step_for_the_reader() {
    let r = ticket();
    let md = crate::report::markdown(&r);
    let first = md.lines().next().unwrap_or_default();
    assert!(first.contains("Genuine Apple device certificate, expired 8 November 2019"), "{first}");
    assert!(!first.contains("Apple rule:"), "{first}");
    let d = r.diagnosis.as_ref().expect("diagnosis"); // ok: test
    assert_eq!(d.text.lines().next(), Some("Send this report to your MDM admin; do not erase the Mac."), "{}", d.text);
    // The admin's options, least disruptive first: the server fix, then manual enrollment, and
    // erasing the Mac only after both.
    let (vendor, manual, erase) = (d.text.find("MDM vendor"), d.text.find("manually"), d.text.find("erasing it"));
    assert!(vendor < manual && manual < erase && vendor.is_some(), "{}", d.text);
    assert!(md.contains("Send this report to your MDM admin; do not erase the Mac."), "{md}");
}

#[test]
fn several_inputs_get_a_diagnosis_each_and_the_report_speaks_for_the_worst() {
    // Issue 24 §7: an expired push certificate, a tampered profile and a profile whose signer
    // expired, dropped together.
    let sources = [
        Source::file("Tampered.mobileconfig", fixture("cms/tampered-content.mobileconfig")),
        Source::file("Sectigo.mobileconfig", fixture("profiles/sectigo-rsa-ber-sha1-signer-expired-2024.mobileconfig")),
        Source::file("push.pem", fixture("apple-pki/leaf-mdm-push-apsp-2024-2025.pem")),
    ];
    let r = crate::analyze(&sources, &TrustStore::builtin(), at("2026-11-29"));
    assert_eq!(r.summary_lines.len(), 3);
    let by = |name: &str| r.summary_lines.iter().find(|l| l.source == name).and_then(|l| l.diagnosis.clone()).map(|d| d.code);
    use crate::report::DiagnosisCode as C;
    assert_eq!(by("push.pem"), Some(C::MdmPushExpired), "{:?}", r.summary_lines);
    assert!(matches!(by("Tampered.mobileconfig"), Some(C::ProfileUnverified | C::BrokenSignature)), "{:?}", by("Tampered.mobileconfig"));
    assert!(matches!(by("Sectigo.mobileconfig"), Some(C::ProfileUnverified | C::ProfileVerified)), "{:?}", by("Sectigo.mobileconfig"));
    // The report's diagnosis is the worst of them: the push certificate that lapsed.
    assert_eq!(r.diagnosis.as_ref().map(|d| d.code), Some(C::MdmPushExpired));
    // One input: no per-line diagnosis (the report's is its own), so the JSON stays as it was.
    let one = crate::analyze(&sources[2..], &TrustStore::builtin(), at("2026-11-29"));
    assert!(one.summary_lines[0].diagnosis.is_none());
    let json = serde_json::to_value(&one).expect("json"); // ok: test
    assert!(json["summary_lines"][0].get("diagnosis").is_none(), "{}", json["summary_lines"][0]);
    let json = serde_json::to_value(&r).expect("json"); // ok: test
    assert!(json["summary_lines"][0]["diagnosis"]["code"].is_string(), "{}", json["summary_lines"][0]);
}

#[test]
fn error_text_beside_the_certificate_in_another_input_is_explained_not_asked_for_again() {
    let sources = [
        Source::text("pasted text", "The MDM server for your organization returned an unexpected status (403).".to_string()),
        Source::file("device.pem", fixture(DEVICE_LEAF)),
    ];
    let r = crate::analyze(&sources, &TrustStore::builtin(), at("2026-11-29"));
    let text_line = r.summary_lines.iter().find(|l| l.source == "pasted text").expect("line"); // ok: test
    assert!(text_line.diagnosis.is_none(), "no 'get the certificate' when it is here: {:?}", text_line.diagnosis);
    assert_eq!(r.diagnosis.map(|d| d.code), Some(crate::report::DiagnosisCode::AppleDeviceExpired403));
}

#[test]
fn a_push_certificate_is_expired_the_same_number_of_days_in_its_diagnosis_and_on_its_card() {
    // Issue 24 §12: "558 days ago" in the diagnosis, "559" on the card.
    let r = crate::analyze(&[Source::file("push.pem", fixture("apple-pki/leaf-mdm-push-apsp-2024-2025.pem"))], &TrustStore::builtin(), at("2026-11-29"));
    let d = r.diagnosis.expect("diagnosis"); // ok: test
    let Some(Item::Certificate(c)) = r.items.first() else { panic!("a certificate") }; // ok: test
    let card = c.facts.iter().find(|f| f.name == "Days left").map(|f| f.value.clone()).unwrap_or_default();
    let n = card.split_whitespace().nth(1).unwrap_or_default();
    assert!(card.starts_with("expired ") && d.title.contains(&format!("expired {n} days ago")), "{card} / {}", d.title);
}

#[test]
fn a_root_trusted_for_the_session_says_so_not_that_it_is_in_the_trusted_list() {
    // Issue 24 §8.
    let root = fixture("chains/rsa-chain/trusted.pem");
    let mut store = TrustStore::builtin();
    store.add_anchors(crate::input::read(&[Source::file("t", root.clone())]).certificates().cloned());
    let r = crate::analyze(&[Source::file("root.pem", root)], &store, at("2027-06-01"));
    let l = &r.summary_lines[0];
    assert!(l.headline.contains("trusted locally for this session"), "{}", l.headline);
    assert!(!l.headline.contains("in the trusted list"), "{}", l.headline);
}

#[test]
fn the_chain_given_beside_a_device_certificate_does_not_ask_for_the_device_certificate() {
    let sources = [Source::file("device.pem", fixture(DEVICE_LEAF)), Source::file("chain.pem", fixture("apple/apple-iphone-device-ca-fullchain.pem"))];
    let r = crate::analyze(&sources, &TrustStore::builtin(), at("2026-11-29"));
    let chain = r.summary_lines.iter().find(|l| l.source == "chain.pem").expect("line"); // ok: test
    assert!(chain.diagnosis.is_none(), "{:?}", chain.diagnosis);
    assert_eq!(r.diagnosis.map(|d| d.code), Some(crate::report::DiagnosisCode::AppleDeviceExpired403));
}

#[test]
fn an_expired_apple_ca_pasted_with_the_device_certificate_does_not_lead_the_line_the_diagnosis_does_not_speak_for() {
    // Issue 24 §7: with the device certificate and Apple's CAs pasted together, the line named
    // "Apple iPhone Device CA" as the worst while the diagnosis spoke for the device certificate.
    let text: String = [
        "apple/leaf-device-apsd-2018-expired-sha1.pem",
        "apple/apple-iphone-device-ca-2007-2014.pem",
        "apple/apple-iphone-certification-authority-2007-2022.pem",
        "apple/apple-root-ca-2006-rsa.pem",
    ]
    .iter()
    .map(|f| String::from_utf8(fixture(f)).expect("utf8")) // ok: test
    .collect();
    let r = crate::analyze(&[Source::text("pasted text", text)], &TrustStore::builtin(), at("2026-11-29"));
    let l = &r.summary_lines[0];
    assert_eq!(r.diagnosis.as_ref().map(|d| d.code), Some(crate::report::DiagnosisCode::AppleDeviceExpired403));
    assert!(l.headline.starts_with("Genuine Apple device certificate, expired 8 November 2019"), "{}", l.headline);
    assert!(!l.headline.contains("worst: \"Apple"), "{}", l.headline);
}

#[test]
fn the_untrusted_root_caveat_is_said_once_and_the_label_at_signing_does_not_repeat_the_reason() {
    // Issue 24 §8–9: a profile signed under a company root it carries said "a Mac may trust this
    // one" on every certificate and the diagnosis gave the same reason twice.
    let r = crate::analyze(&[Source::file("p.mobileconfig", fixture("cms/der-rsa-sha256.mobileconfig"))], &TrustStore::builtin(), at("2027-06-01"));
    let md = crate::report::markdown(&r);
    assert_eq!(md.matches("may trust this one").count(), 1, "{md}");
    let d = r.diagnosis.as_ref().expect("diagnosis"); // ok: test
    assert_eq!(d.text.matches("is a self-signed root that is not trusted").count(), 1, "{}", d.text);
    assert!(d.text.contains("Unverified too, for the same reason"), "{}", d.text);
}

#[test]
fn a_device_certificate_fine_at_its_dates_is_not_said_to_pass_any_server_beside_the_root_anchored_note() {
    // Issue 24 §12: "any MDM server should accept it" stood next to "a server anchored at the
    // root would reject every device".
    let r = crate::analyze(&[Source::file("leaf.pem", fixture("apple/leaf-device-apsd-2018-expired-sha1.pem"))], &TrustStore::builtin(), at("2019-06-01"));
    let d = r.diagnosis.as_ref().expect("diagnosis"); // ok: test
    assert_eq!(d.code, crate::report::DiagnosisCode::AppleDeviceOk);
    let notes = r.certificates().flat_map(|c| c.verdicts.strict.notes.clone()).collect::<Vec<_>>().join(" ");
    assert!(notes.contains("A server anchored at the root would reject every device"), "{notes}");
    assert!(!d.text.contains("any MDM server should accept it"), "{}", d.text);
    assert!(d.text.contains("anchored at Apple iPhone Device CA"), "{}", d.text);
}

#[test]
fn a_profile_verified_through_a_root_the_user_added_says_so_not_a_root_macos_trusts() {
    // Issue 24 §8: after trusting a company root found inside a profile, the verdict named it
    // "a root macOS trusts".
    let mut store = TrustStore::builtin();
    store.add_anchors(crate::input::read(&[Source::file("t", fixture("cms/trusted-root.pem"))]).certificates().cloned());
    let r = crate::analyze(&[Source::file("p.mobileconfig", fixture("cms/der-rsa-sha256.mobileconfig"))], &store, at("2027-06-01"));
    let d = r.diagnosis.as_ref().expect("diagnosis"); // ok: test
    assert_eq!(d.code, crate::report::DiagnosisCode::ProfileVerified, "{}", d.text);
    assert!(d.text.contains("to a root trusted locally"), "{}", d.text);
    assert!(!d.text.contains("a root macOS trusts"), "{}", d.text);
}
