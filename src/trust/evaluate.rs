//! One evaluation of a certificate, used by every shell-facing path (report items, signers,
//! payload certificates, fleet rows): Apple's device rule, the strict RFC 5280 check, what
//! macOS's trust evaluation would say, and the role — which is decided here, where the chain
//! is known, never from names alone.

use super::apple::{apple_device_rule, device_strict_notes, AppleVerdict};
use super::path::{path_verdict, PathVerdict, Pool};
use super::{AnchorKind, Reason, ReasonCode, ReasonKind, Rules, SignatureCache, StrictOptions, TrustStore};
use crate::cert::{Certificate, Name, Role};
use crate::time::Timestamp;

/// Everything certscope concludes about one certificate at one time.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub apple: AppleVerdict,
    /// RFC 5280 path validation with its profile rules (the conformance check).
    pub strict: PathVerdict,
    /// What macOS's trust evaluation would say at the evaluation time.
    pub macos: PathVerdict,
    pub role: Role,
    /// Set when the certificate is treated as a look-alike of Apple's (no Apple role).
    pub imitation: Option<Imitation>,
}

/// Evaluates `cert` against `store` at `at`. `options` are the strict check's (the macOS
/// evaluation uses [`Rules::Macos`] with no required purpose).
pub fn evaluate(cert: &Certificate, pool: &Pool<'_>, store: &TrustStore, at: Timestamp, options: &StrictOptions, cache: &mut SignatureCache) -> Evaluation {
    let apple = match &store.apple {
        Some(a) => apple_device_rule(cert, a, cache),
        None => AppleVerdict::not_applicable(),
    };
    let mut strict_v = path_verdict(cert, pool, store, at, options, cache);
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
        // The CRLs of the input count here too: a revoked signer is not "accepted by macOS".
        let opts = StrictOptions { rules: Rules::Macos, crls: options.crls.clone(), ..Default::default() };
        let mut v = path_verdict(cert, pool, store, at, &opts, cache);
        // The caveat is said once per chain: on the root that is not in the list (its chain is
        // itself), not again on every certificate below it (a profile's signer and intermediate).
        let is_the_root = v.chain.len() <= 1;
        for r in v.reasons.iter_mut().filter(|r| r.code == ReasonCode::Untrusted && is_the_root) {
            r.text.push_str(
                " (checked against Apple's roots and Mozilla's list as shipped by webpki-roots, which stand in for the roots macOS trusts; a Mac trusts more roots and may trust this one)",
            );
        }
        v
    };
    let (role, imitation) = role(cert, &apple, &macos, store);
    for v in [&mut strict_v, &mut macos] {
        v.notes.extend(local_trust_note(v));
    }
    Evaluation { apple, strict: strict_v, macos, role, imitation }
}

/// When a verdict rests on an anchor the caller added (an organisation's own CA, trusted for a
/// session in the page or with `--trust` on the command line) rather than on a built-in one
/// (Apple's pinned CAs, Mozilla's roots): say that this trust is local. Every shell shows it
/// beside the verdict, so a green "trusted" never reads as a public fact.
pub fn local_trust_note(v: &PathVerdict) -> Option<String> {
    (v.anchor_kind == Some(AnchorKind::Custom)).then(|| {
        format!(
            "local trust: the chain ends at \"{}\", a root you chose to trust here; it is not one of the built-in roots (Apple's or Mozilla's), and other computers do not trust it unless they have it too",
            v.anchor.as_deref().unwrap_or("a root you added")
        )
    })
}

/// macOS evaluates device identities with Apple's device rule (SecPolicyCreateiPhoneDeviceCertificate):
/// its verdict is the rule's, dates ignored.
fn macos_from_device_rule(apple: &AppleVerdict) -> PathVerdict {
    PathVerdict {
        ok: apple.ok,
        reasons: apple.reasons.clone(),
        chain: apple.chain.clone(),
        anchor: apple.chain.last().map(|l| l.name.clone()),
        anchor_kind: Some(AnchorKind::AppleRoot),
        notes: vec!["macOS evaluates device identities with Apple's device rule: every signature up to Apple Root CA, validity dates ignored".into()],
        policies: Vec::new(),
    }
}

/// True when every signature from `cert` up to one of Apple's pinned anchors verified (whatever
/// else the verdict says): the chain reaches Apple's keys.
fn reaches_apple(v: &PathVerdict) -> bool {
    matches!(v.anchor_kind, Some(AnchorKind::AppleRoot | AnchorKind::AppleAttestationRoot | AnchorKind::AppleDeviceCa))
        && v.chain.iter().all(|l| l.signature_ok != Some(false))
        && !v.reasons.iter().any(|r| matches!(r.kind, ReasonKind::Signature | ReasonKind::Unsupported | ReasonKind::Untrusted | ReasonKind::Budget))
}

/// True when macOS would accept the chain but for its dates: the verdict's only reasons are
/// `Expired`/`NotYetValid`. An Apple role, Apple's facts and every sentence that vouches for
/// Apple need this (issue 19): a chain that reaches Apple's keys through a certificate that may
/// not issue certificates is not Apple's.
fn accepted_but_for_dates(v: &PathVerdict) -> bool {
    v.reasons.iter().all(|r| matches!(r.code, ReasonCode::Expired | ReasonCode::NotYetValid))
}

/// The reason that makes a chain reaching Apple's keys a leaf used as a CA: a certificate in it
/// signed another without being allowed to (RFC 5280 §4.2.1.9 cA, §4.2.1.3 keyCertSign,
/// §4.2.1.9 pathLenConstraint).
fn leaf_used_as_ca(v: &PathVerdict) -> Option<&Reason> {
    v.reasons.iter().find(|r| matches!(r.code, ReasonCode::IssuerNotCa | ReasonCode::IssuerWithoutKeycertsign | ReasonCode::PathLength))
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

/// The note a certificate with Apple's names but not Apple's keys gets.
pub const IMITATION_NOTE: &str = "carries Apple's names but does not chain to Apple's keys: it imitates an Apple certificate (or is damaged)";

/// Why a certificate that names or reaches Apple is treated as a look-alike: it gets no Apple
/// role, and shells show it prominently (they decide from this type, never from note text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imitation {
    /// Apple's names (subject or issuer) without a chain to Apple's keys.
    Names,
    /// Every signature verifies up to Apple's keys, but through a certificate that may not issue
    /// certificates (`why` is that reason, in words): an ordinary Apple-issued leaf's key signed
    /// it. Anyone holding such a leaf can make these.
    LeafUsedAsCa { why: String },
    /// Every signature verifies up to Apple's keys, but macOS would refuse the chain for more
    /// than its dates (`why`, in words).
    Refused { why: String },
}

impl Imitation {
    /// The note shown beside the verdicts (the JSON's `notes`), completing "this certificate …".
    pub fn note(&self) -> String {
        match self {
            Imitation::Names => IMITATION_NOTE.to_string(),
            Imitation::LeafUsedAsCa { why } => format!(
                "reaches Apple's keys only through a certificate that may not issue certificates ({why}): anyone holding an ordinary Apple-issued certificate's key can make this, so it is not Apple's and gets no Apple role, facts or diagnosis"
            ),
            Imitation::Refused { why } => format!(
                "reaches Apple's keys, but macOS would refuse its chain for more than its dates ({why}), so it gets no Apple role, facts or diagnosis"
            ),
        }
    }
}

/// Does `n` carry Apple's names? Compared in the folded form chaining uses ([`Name::key`], RFC
/// 5280 §7.1): a name whose key is one of Apple's CAs' (case and spaces aside: "APPLE ROOT CA"
/// collides with Apple Root CA's key), or an organisation "Apple…" or a common name "Apple …".
fn claims_apple(n: &Name, apple_keys: &[&str]) -> bool {
    if apple_keys.contains(&n.key.as_str()) {
        return true;
    }
    n.key.split('/').flat_map(|rdn| rdn.split('+')).any(|part| {
        part.strip_prefix("2.5.4.10=").is_some_and(|o| o.starts_with("apple")) || part.strip_prefix("2.5.4.3=").is_some_and(|cn| cn.starts_with("apple "))
    })
}

/// The subject keys of Apple's CAs in `store` (pinned roots, the device PKI's CAs, the known
/// intermediates).
fn apple_name_keys(store: &TrustStore) -> Vec<&str> {
    let Some(a) = &store.apple else { return Vec::new() };
    [&a.root, &a.iphone_ca, &a.device_ca]
        .into_iter()
        .chain(&a.other_roots)
        .chain(&a.attestation_root)
        .chain(&a.intermediates)
        .map(|c| c.subject.key.as_str())
        .collect()
}

/// The role of `cert`: an Apple role only when its chain up to Apple's pinned keys verified and
/// macOS would accept it but for its dates.
fn role(cert: &Certificate, apple: &AppleVerdict, macos: &PathVerdict, store: &TrustStore) -> (Role, Option<Imitation>) {
    if apple.applies && apple.ok {
        return (Role::AppleDeviceIdentity, None);
    }
    let structural = if cert.is_ca() && cert.subject.matches(&cert.issuer) {
        Role::Root
    } else if cert.is_ca() {
        Role::IntermediateCa
    } else {
        Role::Leaf
    };
    if !apple.applies && reaches_apple(macos) {
        if let Some(r) = leaf_used_as_ca(macos) {
            return (structural, Some(Imitation::LeafUsedAsCa { why: r.text.clone() }));
        }
        if !accepted_but_for_dates(macos) {
            let why =
                macos.reasons.iter().find(|r| !matches!(r.code, ReasonCode::Expired | ReasonCode::NotYetValid)).map(|r| r.text.clone()).unwrap_or_default();
            return (structural, Some(Imitation::Refused { why }));
        }
        // Managed Device Attestation: only under the pinned Enterprise Attestation Root (a
        // separate PKI); attestation fields alone, under another Apple CA, are not one.
        let attestation = macos.anchor_kind == Some(AnchorKind::AppleAttestationRoot);
        let role = if cert.is_ca() {
            Role::AppleCa
        } else if attestation {
            Role::DeviceAttestation
        } else if cert.has_extension(a::DEVELOPER_ID_APPLICATION) {
            Role::DeveloperIdApplication
        } else if cert.has_extension(a::DEVELOPER_ID_INSTALLER) {
            Role::DeveloperIdInstaller
        } else if cert.subject.uid().is_some_and(|u| u.starts_with("com.apple.mgmt.")) {
            Role::MdmPush
        } else if cert.mdm_vendor_marker() == crate::cert::Marker::Null {
            // Apple's MDM vendor marker (1.2.840.113635.100.4.12, cert::MDM_VENDOR_MARKER), here
            // under Apple's keys: the certificate that signs customers' push requests.
            Role::MdmVendor
        } else if cert.has_extension(a::APPLE_DEVELOPMENT) {
            Role::AppleDevelopment
        } else if cert.has_extension(a::APPLE_DISTRIBUTION) {
            Role::AppleDistribution
        } else {
            Role::Leaf
        };
        return (role, None);
    }
    let keys = apple_name_keys(store);
    // A chain whose signatures could not be checked is not known to miss Apple's keys: no
    // Apple role, and no look-alike note either (the verdicts say "not checked").
    let unchecked = apple.reasons.iter().chain(&macos.reasons).any(super::Reason::is_not_checked);
    let imitation = (!unchecked && (claims_apple(&cert.subject, &keys) || claims_apple(&cert.issuer, &keys))).then_some(Imitation::Names);
    (structural, imitation)
}

/// A reason in the words a shell shows.
pub fn reason_texts(reasons: &[Reason]) -> Vec<String> {
    reasons.iter().map(|r| r.text.clone()).collect()
}
