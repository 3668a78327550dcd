//! Apple's device-identity rule, as Apple's Security framework evaluates it
//! (SecPolicyCreateiPhoneDeviceCertificate): a chain of exactly four — leaf, Apple iPhone Device
//! CA, Apple iPhone Certification Authority, Apple Root CA — with every signature verified
//! against Apple's genuine keys and **no validity check on any of the four**. Apple's MDM
//! documentation says the same: when device certificates signed by "Apple iPhone Device CA" are
//! evaluated, their validity dates should be ignored.

use super::{AppleCas, ChainLink, Reason, ReasonCode, ReasonKind, SignatureCache};
use crate::cert::Certificate;
use crate::time::{describe_span, Timestamp};
use serde::Serialize;

/// The Apple-rule verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppleVerdict {
    /// True when the certificate names Apple iPhone Device CA as its issuer.
    pub applies: bool,
    pub ok: bool,
    pub reasons: Vec<Reason>,
    /// The four links, when the rule applies.
    pub chain: Vec<ChainLink>,
}

impl AppleVerdict {
    pub fn not_applicable() -> Self {
        AppleVerdict { applies: false, ok: false, reasons: Vec::new(), chain: Vec::new() }
    }
}

/// Evaluates Apple's rule. No time argument: the rule ignores dates by design.
pub fn apple_device_rule(cert: &Certificate, apple: &AppleCas, cache: &mut SignatureCache) -> AppleVerdict {
    if !cert.issuer.matches(&apple.device_ca.subject) || cert.sha256 == apple.device_ca.sha256 {
        return AppleVerdict::not_applicable();
    }
    let mut reasons = Vec::new();
    let leaf_sig = cache.check_pinned(&apple.device_ca.public_key, cert);
    if let Err(e) = &leaf_sig {
        reasons.push(Reason::new(
            ReasonKind::Signature,
            ReasonCode::NotSignedByApple,
            format!("named Apple iPhone Device CA but not signed by Apple's key: forged or damaged ({e})"),
        ));
    }
    // The three CA links are fixed, but they are verified like any other: a corrupted build
    // must not pass.
    let device_sig = cache.check_pinned(&apple.iphone_ca.public_key, &apple.device_ca);
    let iphone_sig = cache.check_pinned(&apple.root.public_key, &apple.iphone_ca);
    let root_sig = cache.check_pinned(&apple.root.public_key, &apple.root);
    for (ok, name) in [(&device_sig, "Apple iPhone Device CA"), (&iphone_sig, "Apple iPhone Certification Authority"), (&root_sig, "Apple Root CA")] {
        if ok.is_err() {
            reasons.push(Reason::new(ReasonKind::Signature, ReasonCode::AppleCaSignature, format!("the built-in {name} does not verify")));
        }
    }
    if cert.is_ca() {
        reasons.push(Reason::new(
            ReasonKind::Constraint,
            ReasonCode::DeviceIdentityIsCa,
            "claims to be a CA: a device identity is always a leaf".into(),
        ));
    }
    let mut root_link = ChainLink::of_cert(&apple.root, None, true);
    root_link.anchor = true;
    let chain = vec![
        ChainLink::of_cert(cert, Some(leaf_sig.is_ok()), false),
        ChainLink::of_cert(&apple.device_ca, Some(device_sig.is_ok()), true),
        ChainLink::of_cert(&apple.iphone_ca, Some(iphone_sig.is_ok()), true),
        root_link,
    ];
    AppleVerdict { applies: true, ok: reasons.is_empty(), reasons, chain }
}

/// Information beside the strict verdict of a device identity: when a date-checking server
/// starts (or started) rejecting it, and why anchoring at Apple Root CA can never work.
pub fn device_strict_notes(cert: &Certificate, apple: &AppleCas, at: Timestamp) -> Vec<String> {
    let mut notes = Vec::new();
    let end = cert.not_after;
    if at > end {
        notes.push(format!(
            "A server that checks dates has rejected this device since {} ({} before the evaluation time).",
            end.date(),
            describe_span(at.seconds_since(end))
        ));
    } else {
        notes.push(format!(
            "A server that checks dates will start rejecting this device on {} ({} after the evaluation time).",
            end.date(),
            describe_span(end.seconds_since(at))
        ));
    }
    // The four validity periods never overlap once the leaf was issued after the Device CA expired.
    let latest_start = [cert.not_before, apple.device_ca.not_before, apple.iphone_ca.not_before, apple.root.not_before].into_iter().max();
    let earliest_end = [cert.not_after, apple.device_ca.not_after, apple.iphone_ca.not_after, apple.root.not_after].into_iter().min();
    if let (Some(s), Some(e)) = (latest_start, earliest_end) {
        if s > e {
            notes.push(format!(
                "Anchored at Apple Root CA instead, this chain is invalid at every moment: the Apple iPhone Device CA expired on {} and the Apple iPhone Certification Authority on {}, while this certificate starts on {}. A server anchored at the root would reject every device.",
                apple.device_ca.not_after.date(),
                apple.iphone_ca.not_after.date(),
                cert.not_before.date()
            ));
        }
    }
    notes
}
