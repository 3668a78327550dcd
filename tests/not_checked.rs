//! Not checked is never bad (issue 19, item 0). When the verifier cannot check signatures — the
//! page without WebCrypto (served over plain http from a host other than localhost), a browser
//! that lacks an algorithm or will not import a key, a page that stopped asking, an algorithm the
//! build lacks — every verdict says *not checked* and why: none says forged, failed or "does not
//! verify", and no Apple role is given or denied (no look-alike note) on that ground.
//!
//! The shell here answers every check the core asks for with one "not checked" error, exactly
//! as the page's WebCrypto shell (src/ui/webcrypto.rs) answers without `crypto.subtle`.

#[path = "common/sig_corpus.rs"]
mod sig_corpus;

use certscope::cert::Role;
use certscope::input::Source;
use certscope::report::{markdown, CertificateItem, DiagnosisCode, Item, Severity, SignatureState, Tone, Word};
use certscope::time::Timestamp;
use certscope::trust::signature::{NotChecked, SigError};
use certscope::trust::{ReasonCode, SignatureResults, TrustStore};
use certscope::{analyze_unverified_rest, analyze_with_signatures, Analysis, Report};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn file(rel: &str) -> Source {
    Source::file(rel, std::fs::read(format!("{FIX}/{rel}")).expect("fixture")) // ok: test
}

fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).expect("time") // ok: test
}

/// The report with every signature check the core asks for answered `answer`.
fn answered(sources: &[Source], store: &TrustStore, when: Timestamp, answer: &SigError) -> Report {
    let mut results = SignatureResults::new();
    loop {
        match analyze_with_signatures(sources, store, when, results.clone()) {
            Analysis::Complete(r) => return *r,
            Analysis::NeedsSignatures(checks) => {
                assert!(!checks.is_empty(), "a round that needs signatures names them");
                results.extend(checks.into_iter().map(|c| (c.id, Err(answer.clone()))));
            }
        }
    }
}

/// What a shell that cannot check may answer.
fn answers() -> Vec<SigError> {
    vec![
        SigError::NotChecked(NotChecked::NoWebCrypto),
        SigError::NotChecked(NotChecked::BrowserLacksAlgorithm),
        SigError::NotChecked(NotChecked::BrowserRefusedKey),
        SigError::NotChecked(NotChecked::BrowserFailed),
        SigError::Unsupported("DSA".into()),
    ]
}

const APPLE_ROLES: [Role; 8] = [
    Role::AppleDeviceIdentity,
    Role::AppleCa,
    Role::MdmPush,
    Role::DeviceAttestation,
    Role::DeveloperIdApplication,
    Role::DeveloperIdInstaller,
    Role::AppleDevelopment,
    Role::AppleDistribution,
];

/// Words that decide a signature was bad; none may appear when nothing was checked.
const BAD_WORDS: [&str; 5] = ["forged", "does not verify", "not signed by", "signature fails", "imitates"];

/// The certificate verdicts of `r` say nothing a signature check would have had to find.
fn assert_nothing_bad(name: &str, r: &Report) {
    for c in r.certificates() {
        let v = &c.verdicts;
        for code in v.strict.reason_codes.iter().chain(&v.macos.reason_codes) {
            assert!(!matches!(code, ReasonCode::BadSignature | ReasonCode::NotSignedByApple | ReasonCode::AppleCaSignature), "{name}: {}: {code}", c.name);
        }
        // A pinned anchor pasted on its own is Apple's by its hash, with no signature to check.
        let is_pinned_anchor = matches!(&c.chain_links[..], [l] if l.anchor && l.builtin && l.sha256 == c.sha256);
        assert!(is_pinned_anchor || !APPLE_ROLES.contains(&c.role), "{name}: {}: an Apple role without a checked signature: {:?}", c.name, c.role);
        assert!(!c.imitates_apple(), "{name}: {}: called a look-alike without a checked signature", c.name);
        assert_ne!(v.apple_device.word(), Word::Ok, "{name}: {}: Apple's rule met without a checked signature", c.name);
        assert_ne!(v.apple_device.word(), Word::Failed, "{name}: {}: Apple's rule failed on what was not checked: {:?}", c.name, v.apple_device.reasons);
        for link in c.chain_links.iter().chain(&c.apple_chain) {
            assert_ne!(link.signature_ok, Some(true), "{name}: {}: a link verified without a check", c.name);
            assert!(link.signature_ok.is_none() || link.signature_not_checked, "{name}: {}: link {} said to fail", c.name, link.name);
        }
        let words = [&v.apple_device.reasons[..], &v.strict.reasons[..], &v.macos.reasons[..]].concat().join(" ").to_lowercase()
            + &v.disagreement.clone().unwrap_or_default().to_lowercase();
        for bad in BAD_WORDS {
            assert!(!words.contains(bad), "{name}: {}: says {bad:?}: {words}", c.name);
        }
        // Strict and macOS may still fail on what needs no signature (no issuer at all, a
        // certificate that is itself an expired anchor); a verdict resting on the unchecked
        // signature alone is not checked.
        for (word, codes) in [(v.strict.word(), &v.strict.reason_codes), (v.macos.word(), &v.macos.reason_codes)] {
            let unchecked_only =
                !codes.is_empty() && codes.iter().all(|c| matches!(c, ReasonCode::SignatureNotChecked | ReasonCode::UnsupportedAlgorithm | ReasonCode::Budget));
            assert_eq!(word == Word::NotChecked, unchecked_only, "{name}: {}: {word} for {codes:?}", c.name);
        }
    }
    for item in &r.items {
        let Item::SignedData(sd) = item else { continue };
        for sg in &sd.signers {
            // A signer whose only fault is its unchecked signature is not checked, never failed.
            if !sg.signature_ok && sg.problems.len() == 1 && sg.digest_ok != Some(false) && sg.certificate_sha256.is_some() {
                assert!(sg.signature_not_checked, "{name}: signer {:?}: {:?}", sg.signer_name, sg.problems);
            }
            if sg.signature_not_checked {
                assert!(!BAD_WORDS.iter().any(|w| sg.problems[0].contains(w)), "{name}: {:?}", sg.problems);
            }
        }
        if sd.signers.iter().all(|sg| sg.signature_not_checked) && !sd.signers.is_empty() {
            assert_eq!(sd.signature, SignatureState::NotChecked, "{name}");
        }
    }
    let d = r.diagnosis.as_ref().map(|d| d.code);
    assert!(!matches!(d, Some(DiagnosisCode::AppleDeviceForged | DiagnosisCode::BrokenSignature)), "{name}: diagnosis {d:?}");
}

#[test]
fn the_genuine_device_certificate_unchecked_is_not_checked_never_forged() {
    let store = TrustStore::builtin();
    let sources = [file("apple/sample-security-find-certificate-apsd-keychain.txt")];
    for answer in answers() {
        let r = answered(&sources, &store, at("2026-11-29T00:00:00Z"), &answer);
        assert_nothing_bad(&format!("{answer:?}"), &r);
        let c: &CertificateItem = r.certificates().find(|c| c.verdicts.apple_device.applies).expect("the device certificate"); // ok: test
        let v = &c.verdicts;
        assert_eq!((v.apple_device.word(), v.macos.word()), (Word::NotChecked, Word::NotChecked), "{answer:?}: {v:?}");
        assert!(v.apple_device.not_checked && !v.apple_device.ok, "fails closed: not ok, and said as not checked");
        // Expired in 2019, but unchecked: the strict check stopped at the signature.
        assert_eq!(v.strict.word(), Word::NotChecked, "{answer:?}: {:?}", v.strict);
        assert_eq!([c.apple_chip().text, c.strict_chip().text, c.macos_chip().text], ["Apple rule: not checked", "Strict: not checked", "macOS: not checked"]);
        assert!([c.apple_chip(), c.strict_chip(), c.macos_chip()].iter().all(|chip| chip.tone == Tone::Neutral));
        assert_eq!(c.role, Role::Leaf, "no Apple role, none denied");
        let d = r.diagnosis.as_ref().expect("a diagnosis"); // ok: test
        assert_eq!(d.code, DiagnosisCode::SignaturesNotChecked, "{d:?}");
        assert_eq!(d.severity(), Severity::Warning);
        assert!(r.summary_lines.iter().all(|l| l.severity == Severity::Warning), "{:?}", r.summary_lines);
        assert!(!r.summary.contains("failed"), "{}", r.summary);
        let md = markdown(&r);
        assert!(md.contains("NOT CHECKED") && !md.contains("FAILED") && !md.contains("forged"), "{md}");
        // The reason says why, in words, once (no "signature algorithm <a sentence> is not supported").
        let why = &v.apple_device.reasons[0];
        assert!(!why.contains("signature algorithm this"), "{why}");
        if answer == SigError::NotChecked(NotChecked::NoWebCrypto) {
            assert!(why.contains("HTTPS") && why.contains("localhost"), "{why}");
            assert!(d.text.contains("HTTPS"), "{}", d.text);
        }
    }
}

#[test]
fn the_page_that_stopped_asking_says_not_checked_never_forged() {
    let store = TrustStore::builtin();
    let sources = [file("apple/sample-security-find-certificate-apsd-keychain.txt")];
    let r = analyze_unverified_rest(&sources, &store, at("2026-11-29T00:00:00Z"), SignatureResults::new());
    assert_nothing_bad("stopped asking", &r);
    assert_eq!(r.diagnosis.as_ref().map(|d| d.code), Some(DiagnosisCode::SignaturesNotChecked));
}

/// The signature corpus (chains, CMS, profiles, Apple's PKI, real certificates; x509-limbo's
/// hundreds of cases are left to tests/limbo.rs, they took minutes here) with nothing checked:
/// no certificate verdict calls a signature bad, gives or denies an Apple role.
#[test]
fn nothing_checked_nothing_bad_over_the_signature_corpus() {
    for case in sig_corpus::cases().into_iter().filter(|c| !c.name.starts_with("limbo/")) {
        let store = case.store();
        for answer in [SigError::NotChecked(NotChecked::NoWebCrypto), SigError::Unsupported("DSA".into())] {
            let r = answered(&case.sources, &store, case.at, &answer);
            assert_nothing_bad(&format!("{} ({answer:?})", case.name), &r);
        }
    }
}

/// The forged device certificate still says forged when signatures are checked (the check
/// above is not a blanket "never say forged").
#[test]
fn a_checked_forgery_is_still_forged() {
    let r = certscope::analyze(&[file("chains/forged-device-ca/leaf.pem")], &TrustStore::builtin(), at("2026-11-30T00:00:00Z"));
    assert_eq!(r.diagnosis.as_ref().map(|d| d.code), Some(DiagnosisCode::AppleDeviceForged));
    let c = r.certificates().next().expect("the certificate"); // ok: test
    assert_eq!(c.verdicts.apple_device.word(), Word::Failed);
    assert!(!c.verdicts.apple_device.not_checked);
}

/// A signed profile without WebCrypto: its signer's signature is not checked, never "fails".
#[test]
fn a_signed_profile_unchecked_is_not_checked_never_failed() {
    let store = TrustStore::builtin();
    let sources = [file("profiles/letsencrypt-ecdsa-der-2026.mobileconfig")];
    let r = answered(&sources, &store, at("2026-03-15T00:00:00Z"), &SigError::NotChecked(NotChecked::NoWebCrypto));
    assert_nothing_bad("profile", &r);
    let Some(Item::SignedData(sd)) = r.items.first() else { panic!("signed data: {:?}", r.problems) };
    assert_eq!(sd.signature, SignatureState::NotChecked);
    assert!(sd.signers.iter().all(|s| s.signature_not_checked && !s.signature_ok));
    let md = markdown(&r);
    assert!(md.contains("signature not checked") && !md.contains("FAILS"), "{md}");
}
