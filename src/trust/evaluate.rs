//! One evaluation of a certificate, used by every shell-facing path (report items, signers,
//! payload certificates, fleet rows): Apple's device rule, the strict RFC 5280 check, what
//! macOS's trust evaluation would say, and the role — which is decided here, where the chain
//! is known, never from names alone.

use super::apple::{apple_device_rule, device_strict_notes, AppleVerdict};
use super::path::{strict, Pool, StrictVerdict};
use super::{AnchorKind, Reason, ReasonCode, ReasonKind, Rules, SignatureCache, StrictOptions, TrustStore};
use crate::cert::{Certificate, Role};
use crate::time::Timestamp;

/// Everything certscope concludes about one certificate at one time.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub apple: AppleVerdict,
    /// RFC 5280 path validation with its profile rules (the conformance check).
    pub strict: StrictVerdict,
    /// What macOS's trust evaluation would say at the evaluation time.
    pub macos: StrictVerdict,
    pub role: Role,
    /// Set when the certificate carries Apple's names but does not chain to Apple's keys.
    pub imitation: Option<String>,
}

/// Evaluates `cert` against `store` at `at`. `options` are the strict check's (the macOS
/// evaluation uses [`Rules::Macos`] with no required purpose).
pub fn evaluate(cert: &Certificate, pool: &Pool<'_>, store: &TrustStore, at: Timestamp, options: &StrictOptions, cache: &mut SignatureCache) -> Evaluation {
    let apple = match &store.apple {
        Some(a) => apple_device_rule(cert, a, cache),
        None => AppleVerdict::not_applicable(),
    };
    let mut strict_v = strict(cert, pool, store, at, options, cache);
    // Only a genuine device identity (Apple's key signed it) gets the device notes: on a forged
    // or damaged one they would read as "fine apart from its dates".
    if apple.applies && apple.ok {
        if let Some(a) = &store.apple {
            // The device notes lead: they say when date-checking servers reject the device.
            let mut notes = device_strict_notes(cert, a, at);
            notes.append(&mut strict_v.notes);
            strict_v.notes = notes;
        }
    }
    let mut macos = if apple.applies {
        macos_from_device_rule(&apple)
    } else {
        let opts = StrictOptions { rules: Rules::Macos, ..Default::default() };
        let mut v = strict(cert, pool, store, at, &opts, cache);
        for r in v.reasons.iter_mut().filter(|r| r.code == ReasonCode::Untrusted) {
            r.text.push_str(
                " (checked against Apple's roots and Mozilla's list as shipped by webpki-roots, which stand in for the roots macOS trusts; a Mac trusts more roots and may trust this one)",
            );
        }
        v
    };
    let (role, imitation) = role(cert, &apple, &macos);
    for v in [&mut strict_v, &mut macos] {
        v.notes.extend(local_trust_note(v));
    }
    Evaluation { apple, strict: strict_v, macos, role, imitation }
}

/// When a verdict rests on an anchor the caller added (an organisation's own CA, trusted for a
/// session in the page or with `--trust` on the command line) rather than on a built-in one
/// (Apple's pinned CAs, Mozilla's roots): say that this trust is local. Every shell shows it
/// beside the verdict, so a green "trusted" never reads as a public fact.
pub fn local_trust_note(v: &StrictVerdict) -> Option<String> {
    (v.anchor_kind == Some(AnchorKind::Custom)).then(|| {
        format!(
            "local trust: the chain ends at \"{}\", a root you chose to trust here; it is not one of the built-in roots (Apple's or Mozilla's), and other computers do not trust it unless they have it too",
            v.anchor.as_deref().unwrap_or("a root you added")
        )
    })
}

/// macOS evaluates device identities with Apple's device rule (SecPolicyCreateiPhoneDeviceCertificate):
/// its verdict is the rule's, dates ignored.
fn macos_from_device_rule(apple: &AppleVerdict) -> StrictVerdict {
    StrictVerdict {
        ok: apple.ok,
        reasons: apple.reasons.clone(),
        chain: apple.chain.clone(),
        anchor: apple.chain.last().map(|l| l.name.clone()),
        anchor_kind: Some(AnchorKind::AppleRoot),
        notes: vec!["macOS evaluates device identities with Apple's device rule: every signature up to Apple Root CA, validity dates ignored".into()],
        policies: Vec::new(),
    }
}

/// True when every signature from `cert` up to one of Apple's pinned anchors verified. Dates
/// and profile rules do not matter for this: the verdicts speak about them.
fn chains_to_apple(v: &StrictVerdict) -> bool {
    matches!(v.anchor_kind, Some(AnchorKind::AppleRoot | AnchorKind::AppleDeviceCa))
        && v.chain.iter().all(|l| l.signature_ok != Some(false))
        && !v.reasons.iter().any(|r| matches!(r.kind, ReasonKind::Signature | ReasonKind::Unsupported | ReasonKind::Untrusted))
}

fn has_ext(cert: &Certificate, oid: &str) -> bool {
    cert.extensions.iter().any(|e| e.oid == oid)
}

/// True when the certificate carries a documented Managed Device Attestation field
/// (1.2.840.113635.100.8.x, see `cert::apple_oids`).
fn has_attestation_fields(cert: &Certificate) -> bool {
    cert.extensions.iter().any(|e| crate::cert::apple_oid(&e.oid).is_some_and(|a| a.kind == crate::cert::AppleOidKind::AttestationField))
}

/// Apple extensions that mark a leaf's kind (Apple's CPS documents; Security framework's
/// SecPolicy.c checks the same OIDs). Names for every Apple OID live in `cert::apple_oids`.
mod a {
    /// Developer ID Application leaf marker.
    pub const DEVELOPER_ID_APPLICATION: &str = "1.2.840.113635.100.6.1.13";
    /// Developer ID Installer leaf marker.
    pub const DEVELOPER_ID_INSTALLER: &str = "1.2.840.113635.100.6.1.14";
    /// iPhone/Apple Development leaf marker.
    pub const APPLE_DEVELOPMENT: &str = "1.2.840.113635.100.6.1.2";
    /// iPhone/Apple Distribution leaf marker.
    pub const APPLE_DISTRIBUTION: &str = "1.2.840.113635.100.6.1.4";
}

/// The note a certificate with Apple's names but not Apple's keys gets (shells show it
/// prominently; they recognise it by equality, never by searching the text).
pub const IMITATION_NOTE: &str = "carries Apple's names but does not chain to Apple's keys: it imitates an Apple certificate (or is damaged)";

/// The role of `cert`: an Apple role only when its chain up to Apple's pinned keys verified.
fn role(cert: &Certificate, apple: &AppleVerdict, macos: &StrictVerdict) -> (Role, Option<String>) {
    if apple.applies && apple.ok {
        return (Role::AppleDeviceIdentity, None);
    }
    if !apple.applies && chains_to_apple(macos) {
        // Managed Device Attestation: the pinned Enterprise Attestation Root, or (recognised by
        // content) a leaf carrying Apple's attestation fields {appleDataSecurity 8}.
        let attestation = macos.chain.last().is_some_and(|l| l.sha256 == super::anchors::APPLE_ATTESTATION_ROOT_SHA256) || has_attestation_fields(cert);
        let role = if cert.is_ca() {
            Role::AppleCa
        } else if attestation {
            Role::DeviceAttestation
        } else if has_ext(cert, a::DEVELOPER_ID_APPLICATION) {
            Role::DeveloperIdApplication
        } else if has_ext(cert, a::DEVELOPER_ID_INSTALLER) {
            Role::DeveloperIdInstaller
        } else if cert.subject.uid().is_some_and(|u| u.starts_with("com.apple.mgmt.")) {
            Role::MdmPush
        } else if has_ext(cert, a::APPLE_DEVELOPMENT) {
            Role::AppleDevelopment
        } else if has_ext(cert, a::APPLE_DISTRIBUTION) {
            Role::AppleDistribution
        } else {
            Role::Leaf
        };
        return (role, None);
    }
    let structural = if cert.is_ca() && cert.subject.matches(&cert.issuer) {
        Role::Root
    } else if cert.is_ca() {
        Role::IntermediateCa
    } else {
        Role::Leaf
    };
    let claims_apple = |n: &crate::cert::Name| n.organization().is_some_and(|o| o.starts_with("Apple")) || n.common_name().is_some_and(|c| c.starts_with("Apple "));
    // A chain whose signatures could not be checked is not known to miss Apple's keys: no
    // Apple role, and no look-alike note either (the verdicts say "not checked").
    let unchecked = apple.reasons.iter().chain(&macos.reasons).any(super::Reason::is_not_checked);
    let imitation = (!unchecked && (claims_apple(&cert.subject) || claims_apple(&cert.issuer))).then(|| IMITATION_NOTE.to_string());
    (structural, imitation)
}

/// A reason in the words a shell shows.
pub fn reason_texts(reasons: &[Reason]) -> Vec<String> {
    reasons.iter().map(|r| r.text.clone()).collect()
}
