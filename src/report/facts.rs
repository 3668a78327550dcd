//! Facts: what an Apple certificate says, in plain words and display order (Team ID, APNs
//! topic, days left, attestation fields…). Decided here once; the card, the Markdown report, the
//! JSON and the CLI only print them.

use crate::asn1::{tag, Reader};
use crate::cert::{apple_oid, AppleOidKind, Certificate, Role};
use crate::time::Timestamp;
use serde::Serialize;

/// One named fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub name: String,
    pub value: String,
}

fn fact(name: &str, value: impl Into<String>) -> Fact {
    Fact { name: name.to_string(), value: value.into() }
}

/// Whole days from `at` to the certificate's end (negative once expired).
pub fn days_left(cert: &Certificate, at: Timestamp) -> i64 {
    cert.not_after.seconds_since(at).div_euclid(86_400)
}

/// Whole days from the certificate's end to `at` (0 within the first day after it): the one
/// "expired N days ago" count of a card and a diagnosis.
pub fn days_since_end(cert: &Certificate, at: Timestamp) -> i64 {
    at.seconds_since(cert.not_after).div_euclid(86_400)
}

/// The facts of `cert` in `role`, at the evaluation time `at`.
pub fn facts(cert: &Certificate, role: Role, at: Timestamp) -> Vec<Fact> {
    let mut out = Vec::new();
    match role {
        Role::DeveloperIdApplication | Role::DeveloperIdInstaller | Role::AppleDevelopment | Role::AppleDistribution => {
            // Apple puts the Team ID in OU (and UID for Developer ID) and the team's name in O.
            if let Some(team) = cert.subject.first("2.5.4.11") {
                out.push(fact("Team ID", team));
            }
            if let Some(org) = cert.subject.organization() {
                out.push(fact("Team name", org));
            }
        }
        Role::MdmPush => {
            if let Some(topic) = cert.subject.uid() {
                out.push(fact("APNs topic", topic));
            }
            if let Some(cn) = cert.subject.common_name() {
                out.push(fact("Push certificate", cn));
            }
        }
        Role::DeviceAttestation => out.extend(attestation_facts(cert)),
        _ => {}
    }
    if role != Role::AppleDeviceIdentity && !matches!(role, Role::Root | Role::IntermediateCa | Role::Leaf | Role::AppleCa) {
        let d = days_left(cert, at);
        let value = if d >= 0 {
            format!("{d} (expires {})", cert.not_after.date())
        } else {
            format!("expired {} days ago, on {}", days_since_end(cert, at), cert.not_after.date())
        };
        out.push(fact("Days left", value));
    }
    out
}

/// Managed Device Attestation fields in display order: (OID, fact name). Names and value
/// meanings from Apple's DevicePropertiesAttestation documentation (see `cert::apple_oids`).
const ATTESTATION_ORDER: &[(&str, &str)] = &[
    ("1.2.840.113635.100.8.9.1", "Serial number"),
    ("1.2.840.113635.100.8.9.2", "UDID"),
    ("1.2.840.113635.100.8.10.1", "OS version"),
    ("1.2.840.113635.100.8.10.2", "sepOS version"),
    ("1.2.840.113635.100.8.10.3", "LLB version"),
    ("1.2.840.113635.100.8.9.4", "Software Update device ID"),
    ("1.2.840.113635.100.8.11.1", "Freshness code"),
    ("1.2.840.113635.100.8.13.1", "SIP"),
    ("1.2.840.113635.100.8.13.2", "Secure Boot"),
    ("1.2.840.113635.100.8.13.3", "Third-party kernel extensions"),
    ("1.2.840.113635.100.8.9.3", "Attested public key"),
];

/// Managed Device Attestation: each documented attestation field the leaf carries, decoded,
/// in [`ATTESTATION_ORDER`] (fields the table does not order follow, by their table name).
/// The extension value holds the value itself (smallstep reads `string(ext.Value)`) or a DER
/// string/integer.
fn attestation_facts(cert: &Certificate) -> Vec<Fact> {
    let mut found: Vec<(usize, Fact)> = cert
        .extensions
        .iter()
        .filter_map(|e| {
            let known = apple_oid(&e.oid).filter(|a| a.kind == AppleOidKind::AttestationField)?;
            let raw = e.der.as_deref()?;
            let pos = ATTESTATION_ORDER.iter().position(|(o, _)| *o == e.oid);
            let name = pos.map(|i| ATTESTATION_ORDER[i].1).unwrap_or(known.name);
            Some((pos.unwrap_or(usize::MAX), fact(name, attestation_value(&e.oid, decode_value(raw)))))
        })
        .collect();
    crate::sort::sort_by_key(&mut found, |(p, _)| *p);
    found.into_iter().map(|(_, f)| f).collect()
}

/// A field's documented meaning next to its value: SIP "0 indicates enabled, 1 indicates
/// disabled"; kernel extensions "0 … aren't allowed, any other value means that some kinds … are
/// allowed" (Apple, DevicePropertiesAttestation).
fn attestation_value(oid: &str, v: String) -> String {
    match (oid, v.as_str()) {
        ("1.2.840.113635.100.8.13.1", "0") => "enabled (0)".into(),
        ("1.2.840.113635.100.8.13.1", "1") => "disabled (1)".into(),
        ("1.2.840.113635.100.8.13.3", "0") => "not allowed (0)".into(),
        ("1.2.840.113635.100.8.13.3", _) if !v.is_empty() => format!("some allowed ({v})"),
        _ => v,
    }
}

/// A field's value as text: a DER string or small integer when it is one, printable bytes as
/// they are, anything else as hex.
fn decode_value(raw: &[u8]) -> String {
    if let Ok(t) = Reader::new(raw).read() {
        if t.raw.len() == raw.len() {
            match t.tag {
                tag::UTF8_STRING | 0x13 | 0x16 | tag::OCTET_STRING if t.value.iter().all(|b| b.is_ascii_graphic() || *b == b' ') => {
                    return String::from_utf8_lossy(t.value).into_owned()
                }
                tag::INTEGER if t.value.len() <= 8 => return t.value.iter().fold(0i128, |a, b| (a << 8) | i128::from(*b)).to_string(),
                _ => {}
            }
        }
    }
    if !raw.is_empty() && raw.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
        return String::from_utf8_lossy(raw).into_owned();
    }
    crate::cert::hex_upper(raw)
}
