//! Apple's device-identity rule, as Apple's Security framework evaluates it
//! (SecPolicyCreateiPhoneDeviceCertificate): a chain of exactly four — leaf, Apple iPhone Device
//! CA, Apple iPhone Certification Authority, Apple Root CA — with every signature verified
//! against Apple's genuine keys and **no validity check on any of the four**. Apple's MDM
//! documentation says the same: when device certificates signed by "Apple iPhone Device CA" are
//! evaluated, their validity dates should be ignored.

use super::signature::SigError;
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

    /// The rule applies but could not be decided: it fails only on signatures that were not
    /// checked. Neither met (no Apple role) nor failed (never "forged").
    pub fn not_checked(&self) -> bool {
        self.applies && !self.ok && super::not_checked_only(&self.reasons)
    }
}

/// Evaluates Apple's rule. No time argument: the rule ignores dates by design.
/// Does Apple's device rule apply to `cert`: issued under the Device CA's name (and not the
/// Device CA itself)?
fn device_rule_applies(cert: &Certificate, apple: &AppleCas) -> bool {
    cert.issuer.matches(&apple.device_ca.subject) && cert.sha256 != apple.device_ca.sha256
}

/// The checks [`apple_device_rule`] makes on `cert` (every one, whatever their answers), for a
/// shell that has them verified ahead (`report::ReportJob::likely_checks`); none when the rule
/// does not apply.
pub fn device_rule_checks(cert: &Certificate, apple: &AppleCas) -> Vec<super::SignatureCheck> {
    if !device_rule_applies(cert, apple) || cert.signature_unused_bits != 0 {
        return Vec::new();
    }
    [
        (&apple.device_ca.public_key, cert),
        (&apple.iphone_ca.public_key, &apple.device_ca),
        (&apple.root.public_key, &apple.iphone_ca),
        (&apple.root.public_key, &apple.root),
    ]
    .into_iter()
    .map(|(key, c)| super::SignatureCheck::of_certificate(key, c))
    .collect()
}

pub fn apple_device_rule(cert: &Certificate, apple: &AppleCas, cache: &mut SignatureCache) -> AppleVerdict {
    if !device_rule_applies(cert, apple) {
        return AppleVerdict::not_applicable();
    }
    let mut reasons = Vec::new();
    let leaf_sig = cache.check_pinned(&apple.device_ca.public_key, cert);
    match &leaf_sig {
        Err(e) if !e.is_not_checked() => reasons.push(Reason::new(
            ReasonKind::Signature,
            ReasonCode::NotSignedByApple,
            format!("named Apple iPhone Device CA but not signed by Apple's key: forged or damaged ({e})"),
        )),
        _ => {}
    }
    // The three CA links are fixed, but they are verified like any other: a corrupted build
    // must not pass.
    let device_sig = cache.check_pinned(&apple.iphone_ca.public_key, &apple.device_ca);
    let iphone_sig = cache.check_pinned(&apple.root.public_key, &apple.iphone_ca);
    let root_sig = cache.check_pinned(&apple.root.public_key, &apple.root);
    let links = [(&device_sig, "Apple iPhone Device CA"), (&iphone_sig, "Apple iPhone Certification Authority"), (&root_sig, "Apple Root CA")];
    for (result, name) in links {
        if result.as_ref().is_err_and(|e| !e.is_not_checked()) {
            reasons.push(Reason::new(ReasonKind::Signature, ReasonCode::AppleCaSignature, format!("the built-in {name} does not verify")));
        }
    }
    // Not checked is never forged (no WebCrypto, a browser that refused, the page that stopped
    // asking, an algorithm this build lacks): one reason says which signatures and why.
    let unchecked: Vec<&SigError> =
        [&leaf_sig, &device_sig, &iphone_sig, &root_sig].into_iter().filter_map(|r| r.as_ref().err()).filter(|e| e.is_not_checked()).collect();
    if let Some(first) = unchecked.first() {
        let mut which: Vec<String> = Vec::new();
        if leaf_sig.as_ref().is_err_and(SigError::is_not_checked) {
            which.push("Apple iPhone Device CA's on this certificate".into());
        }
        let cas: Vec<&str> = links.iter().filter(|(r, _)| r.as_ref().is_err_and(SigError::is_not_checked)).map(|(_, n)| *n).collect();
        if !cas.is_empty() {
            which.push(format!("those of the built-in {}", cas.join(", ")));
        }
        reasons.push(not_checked(&which.join(" and "), unchecked.len(), first));
    }
    if cert.is_ca() {
        reasons.push(Reason::new(ReasonKind::Constraint, ReasonCode::DeviceIdentityIsCa, "claims to be a CA: a device identity is always a leaf".into()));
    }
    let mut root_link = ChainLink::of_cert(&apple.root, None, true);
    root_link.anchor = true;
    let chain = vec![
        ChainLink::checked(cert, &leaf_sig, false),
        ChainLink::checked(&apple.device_ca, &device_sig, true),
        ChainLink::checked(&apple.iphone_ca, &iphone_sig, true),
        root_link,
    ];
    AppleVerdict { applies: true, ok: reasons.is_empty(), reasons, chain }
}

/// The reason for signatures of Apple's rule that could not be checked (`which`, `count` of
/// them, the first one's `e`): the rule is not decided (neither met nor failed), and the
/// reason says why.
fn not_checked(which: &str, count: usize, e: &SigError) -> Reason {
    let code = match e {
        SigError::Unsupported(_) => ReasonCode::UnsupportedAlgorithm,
        _ => ReasonCode::SignatureNotChecked,
    };
    let why = match e {
        SigError::NotChecked(why) => why.to_string(),
        other => other.to_string(),
    };
    let what = if count == 1 { format!("a signature was not checked ({which})") } else { format!("{count} signatures were not checked ({which})") };
    Reason::new(ReasonKind::Unsupported, code, format!("Apple's rule could not be checked: {what}: {why}"))
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
