//! RFC 5280 checks on one certificate or a built path, each a small function citing its section.
//!
//! Every check returns the reasons it finds; none stops at the first, so the report can list all
//! of them and rank one headline.

use super::{Reason, ReasonCode, ReasonKind, Rules};
use crate::cert::Certificate;
use crate::time::{describe_span, Timestamp};

fn who(c: &Certificate) -> String {
    format!("\"{}\"", c.display_name())
}

/// §4.1.2.5 / §6.1.3(a)(2): the evaluation time lies within notBefore..=notAfter.
pub fn check_validity(c: &Certificate, at: Timestamp, out: &mut Vec<Reason>) {
    if at < c.not_before {
        out.push(Reason::new(
            ReasonKind::Time,
            ReasonCode::NotYetValid,
            format!("{} is not valid until {}, {} after the evaluation time", who(c), c.not_before.date(), describe_span(c.not_before.seconds_since(at))),
        ));
    } else if at > c.not_after {
        out.push(Reason::new(
            ReasonKind::Time,
            ReasonCode::Expired,
            format!("{} expired on {}, {} before the evaluation time", who(c), c.not_after.date(), describe_span(at.seconds_since(c.not_after))),
        ));
    }
}

/// §4.1.1.2: signatureAlgorithm MUST equal the signature field inside TBSCertificate.
pub fn check_signature_algorithm_match(c: &Certificate, out: &mut Vec<Reason>) {
    if c.signature_algorithm != c.tbs_signature_algorithm {
        out.push(Reason::new(
            ReasonKind::Malformed,
            ReasonCode::SignatureAlgorithmMismatch,
            format!("{} names two different signature algorithms ({} outside, {} inside)", who(c), c.signature_algorithm.name, c.tbs_signature_algorithm.name),
        ));
    }
}

/// §4.1.2.2: the serial number is a positive integer of at most 20 octets. The RFC asks users
/// to "gracefully handle" zero and negative serials from non-conforming CAs: macOS does not
/// reject them ([`macos_enforces`] leaves "bad-serial" out) and a trust anchor's serial is never
/// checked (eight public roots in Debian's store have serial 0), while the conformance check
/// fails a non-anchor certificate with one, as x509-limbo's serial cases require. `notes` get
/// the same finding in plain words so the macOS verdict can still show it.
pub fn check_serial(c: &Certificate, out: &mut Vec<Reason>, notes: &mut Vec<String>) {
    let raw = &c.serial_raw;
    let negative = raw.first().map(|b| b & 0x80 != 0).unwrap_or(false);
    let zero = raw.iter().all(|b| *b == 0);
    let significant = raw.iter().skip_while(|b| **b == 0).count().max(1);
    let len = if raw.first() == Some(&0) && raw.len() > 1 { raw.len() - 1 } else { raw.len() };
    if len > 20 || significant > 20 {
        out.push(Reason::new(
            ReasonKind::Malformed,
            ReasonCode::BadSerial,
            format!("{} has a serial number longer than 20 octets (RFC 5280 §4.1.2.2)", who(c)),
        ));
    } else if negative || zero {
        let why = if negative { "negative" } else { "zero" };
        out.push(Reason::new(ReasonKind::Malformed, ReasonCode::BadSerial, format!("{} has a serial number that is {why} (RFC 5280 §4.1.2.2)", who(c))));
        notes.push(format!("{} has a {why} serial number, which RFC 5280 §4.1.2.2 does not allow but asks users to accept gracefully", who(c)));
    }
}

/// Broken key sizes fail (RSA under 1024 bits; RFC 6151/NIST SP 800-131A); weak-but-accepted
/// ones (RSA-1024, SHA-1 signatures — Apple's device chain uses both) are notes.
pub fn check_key_strength(c: &Certificate, out: &mut Vec<Reason>, notes: &mut Vec<String>) {
    let k = &c.public_key;
    if k.algorithm == "RSA" {
        match k.bits {
            Some(b) if b < 1024 => out.push(Reason::new(
                ReasonKind::Constraint,
                ReasonCode::WeakKey,
                format!("{} has a {b}-bit RSA key: keys under 1024 bits can be broken and are refused", who(c)),
            )),
            Some(b) if b < 2048 => notes.push(format!("{} has a {b}-bit RSA key: weak by today's standards, still accepted", who(c))),
            _ => {}
        }
    }
    use crate::cert::algorithms::Hash;
    if Hash::named_by_signature(&c.signature_algorithm.oid) == Some(Hash::Sha1) && !c.is_self_issued() {
        notes.push(format!("{} is signed with SHA-1: weak by today's standards, still accepted", who(c)));
    }
}

/// The reasons macOS's trust evaluation also enforces for a signer (Apple's basic X.509
/// policy: SecPolicyCreateBasicX509 — signatures, anchors, validity dates, basicConstraints and
/// path length, keyUsage, name constraints, critical extensions, weak keys and signatures).
/// RFC 5280's rules on how a CA should encode a certificate (key identifiers present,
/// criticality flags, serial number form, SAN syntax) are conformance findings macOS does not
/// reject a profile for. A name constraint that does not decode is enforced: Apple's
/// Security framework treats a critical extension it cannot parse as an unknown critical one,
/// and a constraint nobody can read must not let every name through. One table, used by
/// [`super::Rules::Macos`].
pub fn macos_enforces(code: ReasonCode) -> bool {
    matches!(
        code,
        ReasonCode::Expired
            | ReasonCode::NotYetValid
            | ReasonCode::BadSignature
            | ReasonCode::UnsupportedAlgorithm
            | ReasonCode::SignatureNotChecked
            | ReasonCode::WeakSignature
            | ReasonCode::WeakKey
            | ReasonCode::Untrusted
            | ReasonCode::Budget
            | ReasonCode::ChainTooLong
            | ReasonCode::IssuerNotCa
            | ReasonCode::IssuerWithoutKeycertsign
            | ReasonCode::PathLength
            | ReasonCode::NameNotPermitted
            | ReasonCode::NameExcluded
            | ReasonCode::MalformedNameConstraint
            | ReasonCode::UnknownCriticalExtension
            | ReasonCode::WrongEku
            | ReasonCode::EmptySubjectSan
            | ReasonCode::MalformedName
            | ReasonCode::MalformedExtension
            | ReasonCode::NoValidPolicy
            | ReasonCode::PolicyRequired
            | ReasonCode::PolicyMappingAny
            | ReasonCode::NotSignedByApple
            | ReasonCode::AppleCaSignature
            | ReasonCode::DeviceIdentityIsCa
            | ReasonCode::UriWithoutHost
    )
}

/// §4.2: no unrecognised critical extension; no duplicates; extensions whose criticality the
/// RFC fixes (AKI, SKI, AIA non-critical; nameConstraints critical). The policy extensions
/// (certificatePolicies, policyMappings, policyConstraints, inhibitAnyPolicy) are processed by
/// §6.1 whatever their criticality, as the path-validation algorithm and the standard suites
/// (PKITS) do: "conforming CAs MUST mark" policyConstraints critical (§4.2.1.11) is a rule for
/// issuers, not a reason for a relying party to reject the path.
///
/// "A certificate-using system MUST reject the certificate if it encounters a critical extension
/// it does not recognize or a critical extension that contains information that it cannot
/// process" (§4.2). The RFC 5280 check processes none of Apple's private extensions: it reads no
/// Developer ID, WWDR, push or code-signing marker and no attestation field (being named in
/// `cert::apple_oids` is not processing them), so a critical one fails it, as it fails OpenSSL
/// and Go. macOS's own policies read Apple's documented extensions: under [`Rules::Macos`] they
/// are known.
pub fn check_extensions(c: &Certificate, rules: Rules, out: &mut Vec<Reason>) {
    const KNOWN: &[&str] = &[
        "2.5.29.15",
        "2.5.29.17",
        "2.5.29.19",
        "2.5.29.30",
        "2.5.29.32",
        "2.5.29.35",
        "2.5.29.14",
        "2.5.29.36",
        "2.5.29.37",
        "2.5.29.54",
        "2.5.29.33",
        "2.5.29.31",
        "2.5.29.18",
    ];
    for e in &c.extensions {
        let known = KNOWN.contains(&e.oid.as_str()) || (rules == Rules::Macos && documented_apple_extension(&e.oid));
        if e.critical && !known {
            let text = if documented_apple_extension(&e.oid) {
                format!("{} has a critical extension RFC 5280 path validation does not process ({}, which Apple documents and macOS reads): RFC 5280 §4.2 requires rejecting it", who(c), e.name)
            } else {
                format!("{} has a critical extension this check does not know ({}): RFC 5280 §4.2 requires rejecting it", who(c), e.name)
            };
            out.push(Reason::new(ReasonKind::Constraint, ReasonCode::UnknownCriticalExtension, text));
        }
        let must_not_be_critical = matches!(e.oid.as_str(), "2.5.29.35" | "2.5.29.14" | "1.3.6.1.5.5.7.1.1");
        let must_be_critical = e.oid == "2.5.29.30" && rules != Rules::Tls;
        if (must_not_be_critical && e.critical) || (must_be_critical && !e.critical) {
            let should = if e.critical { "non-critical" } else { "critical" };
            out.push(Reason::new(ReasonKind::Malformed, ReasonCode::ExtensionCriticality, format!("{}: {} must be {should} (RFC 5280 §4.2)", who(c), e.name)));
        }
    }
    for m in &c.malformed {
        out.push(Reason::new(ReasonKind::Malformed, ReasonCode::MalformedExtension, format!("{}: {m}", who(c))));
    }
    if c.extended_key_usage.as_ref().is_some_and(Vec::is_empty) {
        out.push(Reason::new(ReasonKind::Malformed, ReasonCode::EmptyEku, format!("{} has an empty extended key usage (RFC 5280 §4.2.1.12)", who(c))));
    }
    if c.san_malformed {
        out.push(Reason::new(ReasonKind::Malformed, ReasonCode::MalformedSan, format!("{} has a subjectAltName that does not decode", who(c))));
    }
    // §4.2.1.6: with an empty subject, subjectAltName MUST be present and critical.
    if c.subject.is_empty() && (!c.san_critical || c.subject_alt_names.is_empty()) {
        out.push(Reason::new(
            ReasonKind::Malformed,
            ReasonCode::EmptySubjectSan,
            format!("{} has an empty subject and no critical subjectAltName (RFC 5280 §4.2.1.6)", who(c)),
        ));
    }
    // §4.2.1.9: keyCertSign only with cA.
    if c.key_usage.is_some_and(|k| k.key_cert_sign) && !c.is_ca() {
        out.push(Reason::new(
            ReasonKind::Constraint,
            ReasonCode::KeycertsignWithoutCa,
            format!("{} may sign certificates by key usage but is not a CA (RFC 5280 §4.2.1.9)", who(c)),
        ));
    }
}

/// An extension Apple documents (its CPS documents, its Security framework): Developer ID and
/// WWDR markers, push and code-signing extensions, attestation fields. macOS's policies read
/// them, so the macOS verdict knows them, critical or not; the RFC 5280 check does not process
/// them (see [`check_extensions`]).
fn documented_apple_extension(oid: &str) -> bool {
    crate::cert::apple_oid(oid).is_some_and(|a| matches!(a.kind, crate::cert::AppleOidKind::Extension | crate::cert::AppleOidKind::AttestationField))
}

/// §4.1.2.4, §4.1.2.6: every attribute value of the subject and issuer names is a string type
/// (DirectoryString and friends). A value of another type (an `[APPLICATION 9]` element) makes
/// the certificate unreadable as a name; OpenSSL refuses such certificates too.
pub fn check_names(c: &Certificate, out: &mut Vec<Reason>) {
    for (field, n) in [("subject", &c.subject), ("issuer", &c.issuer)] {
        if n.malformed {
            out.push(Reason::new(
                ReasonKind::Malformed,
                ReasonCode::MalformedName,
                format!("{}: the {field} name holds a value that is not a string (shown as # and hex; RFC 5280 §4.1.2.4)", who(c)),
            ));
        }
    }
}

/// §4.1.2.4: the issuer field MUST contain a non-empty name.
pub fn check_issuer_not_empty(c: &Certificate, out: &mut Vec<Reason>) {
    if c.issuer.is_empty() {
        out.push(Reason::new(ReasonKind::Malformed, ReasonCode::EmptyIssuer, format!("{} has an empty issuer name (RFC 5280 §4.1.2.4)", who(c))));
    }
}

/// §4.2.1.9, §4.2.1.3, §4.2.1.2, §4.1.2.6 for a certificate that issued another: a CA by
/// critical basicConstraints, allowed to sign certificates, with a key identifier and a name.
pub fn check_issuer(c: &Certificate, out: &mut Vec<Reason>) {
    match c.basic_constraints {
        None => out.push(Reason::new(
            ReasonKind::Constraint,
            ReasonCode::IssuerNotCa,
            format!("{} issued a certificate but has no basicConstraints: it is not a CA (RFC 5280 §4.2.1.9)", who(c)),
        )),
        Some(b) if !b.ca => out.push(Reason::new(
            ReasonKind::Constraint,
            ReasonCode::IssuerNotCa,
            format!("{} issued a certificate but is not a CA (RFC 5280 §4.2.1.9)", who(c)),
        )),
        Some(b) if !b.critical => out.push(Reason::new(
            ReasonKind::Malformed,
            ReasonCode::BasicConstraintsNotCritical,
            format!("{}: basicConstraints must be critical in a CA certificate (RFC 5280 §4.2.1.9)", who(c)),
        )),
        Some(_) => {}
    }
    if c.key_usage.is_some_and(|k| !k.key_cert_sign) {
        out.push(Reason::new(
            ReasonKind::Constraint,
            ReasonCode::IssuerWithoutKeycertsign,
            format!("{} issued a certificate but its key usage does not allow certificate signing (RFC 5280 §4.2.1.3)", who(c)),
        ));
    }
    if c.subject_key_id.is_none() {
        out.push(Reason::new(ReasonKind::Malformed, ReasonCode::MissingSki, format!("{} is a CA without a subjectKeyIdentifier (RFC 5280 §4.2.1.2)", who(c))));
    }
    if c.subject.is_empty() {
        out.push(Reason::new(ReasonKind::Malformed, ReasonCode::CaEmptySubject, "a CA has an empty subject (RFC 5280 §4.1.2.6)".to_string()));
    }
}

/// §4.2.1.1: authorityKeyIdentifier MUST be present, except in self-signed certificates.
pub fn check_authority_key_id(c: &Certificate, out: &mut Vec<Reason>) {
    if c.authority_key_id.is_none() && !c.is_self_issued() {
        out.push(Reason::new(ReasonKind::Malformed, ReasonCode::MissingAki, format!("{} has no authorityKeyIdentifier (RFC 5280 §4.2.1.1)", who(c))));
    }
}

/// §6.1.4(l)(m): each CA's pathLenConstraint bounds the non-self-issued intermediates below it.
/// `path` is leaf first.
pub fn check_path_len(path: &[&Certificate], out: &mut Vec<Reason>) {
    for (k, ca) in path.iter().enumerate().skip(1) {
        let Some(limit) = ca.basic_constraints.and_then(|b| b.path_len) else { continue };
        // Intermediates strictly between the leaf and this CA that are not self-issued.
        let below = path[1..k].iter().filter(|c| !c.is_self_issued()).count();
        if below > limit as usize {
            out.push(Reason::new(
                ReasonKind::Constraint,
                ReasonCode::PathLength,
                format!("{} allows {limit} intermediate CA(s) below it, but the chain has {below} (RFC 5280 §4.2.1.9)", who(ca)),
            ));
        }
    }
}

/// §4.2.1.12 with the caller's required purpose: an EKU, when present, must list it (or anyEKU).
pub fn check_eku(leaf: &Certificate, required: &[String], out: &mut Vec<Reason>) {
    let Some(ekus) = &leaf.extended_key_usage else { return };
    if required.is_empty() || ekus.is_empty() {
        return;
    }
    if !required.iter().all(|r| ekus.iter().any(|e| e == r || e == "2.5.29.37.0")) {
        out.push(Reason::new(
            ReasonKind::Constraint,
            ReasonCode::WrongEku,
            format!("{} is not allowed for the required purpose (extended key usage)", who(leaf)),
        ));
    }
}
