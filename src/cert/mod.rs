//! An owned, display-ready certificate model, decoded once from DER (RFC 5280 §4.1).
//!
//! ```text
//! Certificate  ::=  SEQUENCE  {
//!      tbsCertificate       TBSCertificate,
//!      signatureAlgorithm   AlgorithmIdentifier,
//!      signatureValue       BIT STRING  }
//! ```
//!
//! Everything the trust checks and the shells need is copied out of the parser's borrowed view,
//! so a [`Certificate`] can be kept, cloned and serialised freely.

pub mod algorithms;
mod apple_oids;
mod error;
mod extensions;
mod key;
mod names;
mod role;

pub use apple_oids::{apple_oid, is_apple_arc, AppleOid, AppleOidKind, Marker, APPLE_ARC, APPLE_OIDS, MDM_VENDOR_MARKER};
pub use error::{CertError, Part};
pub use extensions::{describe_extensions, Extension};
pub use key::PublicKey;
pub use names::{oid_name, Attribute, GeneralName, Name};
pub use role::Role;

use crate::time::Timestamp;
use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_parser::prelude::*;

/// Uppercase hex without separators, as `security find-certificate -Z` prints fingerprints.
pub fn hex_upper(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// An algorithm identifier: OID, a readable name, and the parameters' DER (if any).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Algorithm {
    pub oid: String,
    pub name: String,
    #[serde(skip)]
    pub params: Option<Vec<u8>>,
}

/// basicConstraints (RFC 5280 §4.2.1.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BasicConstraints {
    pub ca: bool,
    pub path_len: Option<u32>,
    pub critical: bool,
}

/// keyUsage bits (RFC 5280 §4.2.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KeyUsage {
    pub key_cert_sign: bool,
    pub digital_signature: bool,
    pub crl_sign: bool,
    pub bits: u16,
}

/// One subtree of nameConstraints (RFC 5280 §4.2.1.10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameConstraints {
    pub permitted: Vec<GeneralName>,
    pub excluded: Vec<GeneralName>,
    pub critical: bool,
}

/// policyConstraints (RFC 5280 §4.2.1.11).
///
/// ```text
/// PolicyConstraints ::= SEQUENCE {
///      requireExplicitPolicy           [0] SkipCerts OPTIONAL,
///      inhibitPolicyMapping            [1] SkipCerts OPTIONAL }
/// SkipCerts ::= INTEGER (0..MAX)
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PolicyConstraints {
    pub require_explicit_policy: Option<u32>,
    pub inhibit_policy_mapping: Option<u32>,
}

impl NameConstraints {
    fn from_parsed(nc: &x509_parser::extensions::NameConstraints<'_>, critical: bool) -> Self {
        let conv = |v: &Option<Vec<x509_parser::extensions::GeneralSubtree<'_>>>| {
            v.as_ref().map(|s| s.iter().map(|t| GeneralName::from_parsed(&t.base)).collect()).unwrap_or_default()
        };
        NameConstraints { permitted: conv(&nc.permitted_subtrees), excluded: conv(&nc.excluded_subtrees), critical }
    }

    /// Decodes a DER NameConstraints SEQUENCE (a trust anchor's constraints, RFC 5937 §2).
    pub fn from_der(der: &[u8]) -> Option<Self> {
        let (rest, nc) = <x509_parser::extensions::NameConstraints<'_> as FromDer<'_, X509Error>>::from_der(der).ok()?;
        rest.is_empty().then(|| Self::from_parsed(&nc, true))
    }
}

/// A decoded certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Certificate {
    #[serde(skip)]
    pub der: Vec<u8>,
    pub sha256: String,
    pub sha1: String,
    pub version: u32,
    pub serial: String,
    #[serde(skip)]
    pub serial_raw: Vec<u8>,
    pub subject: Name,
    pub issuer: Name,
    pub not_before: Timestamp,
    pub not_after: Timestamp,
    pub public_key: PublicKey,
    pub signature_algorithm: Algorithm,
    /// The algorithm named inside the TBSCertificate; must equal `signature_algorithm` (§4.1.1.2).
    #[serde(skip)]
    pub tbs_signature_algorithm: Algorithm,
    #[serde(skip)]
    pub tbs: Vec<u8>,
    #[serde(skip)]
    pub signature: Vec<u8>,
    #[serde(skip)]
    pub signature_unused_bits: u8,
    pub basic_constraints: Option<BasicConstraints>,
    pub key_usage: Option<KeyUsage>,
    /// Extended key usage OIDs, when the extension is present.
    pub extended_key_usage: Option<Vec<String>>,
    pub subject_key_id: Option<String>,
    pub authority_key_id: Option<String>,
    pub subject_alt_names: Vec<GeneralName>,
    #[serde(skip)]
    pub san_critical: bool,
    #[serde(skip)]
    pub san_malformed: bool,
    pub name_constraints: Option<NameConstraints>,
    /// certificatePolicies (§4.2.1.4): the policy OIDs in encoded order, when present.
    /// `certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation`
    #[serde(skip)]
    pub certificate_policies: Option<Vec<String>>,
    /// policyMappings (§4.2.1.5): (issuerDomainPolicy, subjectDomainPolicy) pairs, when present.
    #[serde(skip)]
    pub policy_mappings: Option<Vec<(String, String)>>,
    /// policyConstraints (§4.2.1.11), when present.
    #[serde(skip)]
    pub policy_constraints: Option<PolicyConstraints>,
    /// inhibitAnyPolicy (§4.2.1.14) `InhibitAnyPolicy ::= SkipCerts`, when present.
    #[serde(skip)]
    pub inhibit_any_policy: Option<u32>,
    pub extensions: Vec<Extension>,
    /// Things worth knowing about the encoding (trailing bytes…).
    pub notes: Vec<String>,
    /// Encoding faults that make the certificate non-conformant (duplicate or undecodable
    /// extensions); the strict check fails on any.
    pub malformed: Vec<String>,
}

impl Certificate {
    /// Decodes one DER certificate. Trailing bytes after it are reported in `notes`.
    pub fn from_der(der: &[u8]) -> Result<Self, CertError> {
        let (mut c, trailing) = Self::from_der_prefix(der)?;
        if trailing > 0 {
            c.notes.push(format!("{trailing} bytes after the certificate were ignored"));
        }
        Ok(c)
    }

    /// Decodes the DER certificate at the start of `der` and says how many bytes follow it
    /// (OpenSSL's TRUSTED CERTIFICATE form appends its trust settings there).
    pub fn from_der_prefix(der: &[u8]) -> Result<(Self, usize), CertError> {
        let (rest, x) = X509Certificate::from_der(der).map_err(|e| error::cert_error(&e))?;
        let used = der.len() - rest.len();
        Ok((Self::from_parsed(&x, &der[..used])?, rest.len()))
    }

    fn from_parsed(x: &X509Certificate<'_>, der: &[u8]) -> Result<Self, CertError> {
        let tbs = &x.tbs_certificate;
        let spki = tbs.public_key();
        let public_key = key::public_key(spki);
        let notes = Vec::new();
        let mut malformed = Vec::new();

        let mut basic_constraints = None;
        let mut key_usage = None;
        let mut extended_key_usage = None;
        let mut subject_key_id = None;
        let mut authority_key_id = None;
        let mut subject_alt_names = Vec::new();
        let mut san_critical = false;
        let mut san_malformed = false;
        let mut name_constraints = None;
        let mut certificate_policies = None;
        let mut policy_mappings = None;
        let mut policy_constraints = None;
        let mut inhibit_any_policy = None;
        let mut seen: Vec<String> = Vec::new();
        for ext in tbs.extensions() {
            let oid = ext.oid.to_id_string();
            if seen.contains(&oid) {
                malformed.push(format!("extension {} appears more than once (RFC 5280 §4.2 forbids this)", oid_name(&oid).unwrap_or(&oid)));
            }
            seen.push(oid.clone());
            match ext.parsed_extension() {
                ParsedExtension::BasicConstraints(bc) => {
                    basic_constraints = Some(BasicConstraints { ca: bc.ca, path_len: bc.path_len_constraint, critical: ext.critical })
                }
                ParsedExtension::KeyUsage(ku) => {
                    key_usage =
                        Some(KeyUsage { key_cert_sign: ku.key_cert_sign(), digital_signature: ku.digital_signature(), crl_sign: ku.crl_sign(), bits: ku.flags })
                }
                ParsedExtension::ExtendedKeyUsage(eku) => extended_key_usage = Some(extensions::eku_oids(eku)),
                ParsedExtension::SubjectKeyIdentifier(k) => subject_key_id = Some(hex_upper(k.0)),
                ParsedExtension::AuthorityKeyIdentifier(aki) => authority_key_id = aki.key_identifier.as_ref().map(|k| hex_upper(k.0)),
                ParsedExtension::SubjectAlternativeName(san) => {
                    san_critical = ext.critical;
                    subject_alt_names = san.general_names.iter().map(GeneralName::from_parsed).collect();
                }
                ParsedExtension::NameConstraints(nc) => name_constraints = Some(NameConstraints::from_parsed(nc, ext.critical)),
                ParsedExtension::CertificatePolicies(p) => certificate_policies = Some(p.iter().map(|pi| pi.policy_id.to_id_string()).collect()),
                ParsedExtension::PolicyMappings(m) => {
                    policy_mappings =
                        Some(m.mappings.iter().map(|pm| (pm.issuer_domain_policy.to_id_string(), pm.subject_domain_policy.to_id_string())).collect())
                }
                ParsedExtension::PolicyConstraints(pc) => {
                    policy_constraints =
                        Some(PolicyConstraints { require_explicit_policy: pc.require_explicit_policy, inhibit_policy_mapping: pc.inhibit_policy_mapping })
                }
                ParsedExtension::InhibitAnyPolicy(i) => inhibit_any_policy = Some(i.skip_certs),
                ParsedExtension::ParseError { .. } => {
                    if oid == "2.5.29.17" {
                        san_malformed = true;
                    }
                    malformed.push(format!("extension {} could not be decoded", oid_name(&oid).unwrap_or(&oid)));
                }
                _ => {}
            }
        }

        let subject = Name::from_parsed(tbs.subject());
        let issuer = Name::from_parsed(tbs.issuer());
        let serial_raw = tbs.raw_serial().to_vec();
        Ok(Certificate {
            sha256: hex_upper(&Sha256::digest(der)),
            sha1: hex_upper(&Sha1::digest(der)),
            der: der.to_vec(),
            version: tbs.version().0.saturating_add(1),
            serial: serial_display(&serial_raw),
            serial_raw,
            subject,
            issuer,
            not_before: Timestamp(tbs.validity().not_before.timestamp()),
            not_after: Timestamp(tbs.validity().not_after.timestamp()),
            public_key,
            signature_algorithm: algorithm(&x.signature_algorithm),
            tbs_signature_algorithm: algorithm(&tbs.signature),
            tbs: tbs.as_ref().to_vec(),
            signature: x.signature_value.data.to_vec(),
            signature_unused_bits: x.signature_value.unused_bits,
            basic_constraints,
            key_usage,
            extended_key_usage,
            subject_key_id,
            authority_key_id,
            subject_alt_names,
            san_critical,
            san_malformed,
            name_constraints,
            certificate_policies,
            policy_mappings,
            policy_constraints,
            inhibit_any_policy,
            extensions: describe_extensions(tbs.extensions()),
            notes,
            malformed,
        })
    }

    /// True when subject and issuer are the same name (RFC 5280 §6.1: "self-issued").
    pub fn is_self_issued(&self) -> bool {
        self.subject.matches(&self.issuer)
    }

    pub fn is_ca(&self) -> bool {
        self.basic_constraints.map(|b| b.ca).unwrap_or(false)
    }

    /// Whether it carries an extension with this OID, critical or not (Apple's leaf and CA
    /// markers are read this way).
    pub fn has_extension(&self, oid: &str) -> bool {
        self.extensions.iter().any(|e| e.oid == oid)
    }

    /// Apple's MDM vendor marker ([`MDM_VENDOR_MARKER`]) on this certificate: [`Marker::Null`]
    /// only for one instance whose value is NULL, as Apple's vendor certificates carry it. Not
    /// who issued it: a vendor certificate is Apple's only when its chain reaches Apple's pinned
    /// keys as well.
    pub fn mdm_vendor_marker(&self) -> Marker {
        apple_oids::null_marker(&self.extensions, MDM_VENDOR_MARKER)
    }

    /// The subject's common name, or the whole subject when there is none, with its control
    /// and bidi characters shown as `\u{…}` (crate::escape::visible): every sentence that quotes
    /// a certificate (reasons, headlines, the diagnosis) stays one line in every output.
    pub fn display_name(&self) -> String {
        let name = self.subject.common_name().unwrap_or(if self.subject.rfc4514.is_empty() { "(empty subject)" } else { &self.subject.rfc4514 });
        crate::escape::visible(name).into_owned()
    }

    /// PEM armour of the DER.
    pub fn to_pem(&self) -> String {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD.encode(&self.der);
        let mut s = String::from("-----BEGIN CERTIFICATE-----\n");
        for chunk in b64.as_bytes().chunks(64) {
            s.push_str(&String::from_utf8_lossy(chunk));
            s.push('\n');
        }
        s.push_str("-----END CERTIFICATE-----\n");
        s
    }
}

pub(crate) fn algorithm(a: &AlgorithmIdentifier<'_>) -> Algorithm {
    let oid = a.algorithm.to_id_string();
    let params = a.parameters.as_ref().map(|p| p.to_der_vec_raw()).and_then(Result::ok);
    Algorithm { name: oid_name(&oid).unwrap_or(&oid).to_string(), oid, params }
}

/// Encodes parameters back to DER for the signature code (which reads RSASSA-PSS-params).
trait ToDerRaw {
    fn to_der_vec_raw(&self) -> Result<Vec<u8>, ()>;
}

impl ToDerRaw for x509_parser::der_parser::asn1_rs::Any<'_> {
    fn to_der_vec_raw(&self) -> Result<Vec<u8>, ()> {
        let mut out = Vec::new();
        let tag = self.header.tag().0;
        if tag > 30 {
            return Err(());
        }
        let class = (self.header.class() as u8) << 6;
        let constructed = if self.header.is_constructed() { 0x20 } else { 0 };
        crate::asn1::push_header(&mut out, class | constructed | tag as u8, self.data.len());
        out.extend_from_slice(self.data);
        Ok(out)
    }
}

/// A serial number as uppercase hex; a negative one (RFC 5280 §4.1.2.2 forbids them, some CAs
/// made them) as `-` and its magnitude, the way OpenSSL prints it.
fn serial_display(raw: &[u8]) -> String {
    if raw.first().is_some_and(|b| b & 0x80 != 0) {
        // Two's complement: invert and add one.
        let mut mag: Vec<u8> = raw.iter().map(|b| !b).collect();
        for b in mag.iter_mut().rev() {
            let (v, carry) = b.overflowing_add(1);
            *b = v;
            if !carry {
                break;
            }
        }
        let trimmed: Vec<u8> = mag.iter().copied().skip_while(|b| *b == 0).collect();
        return format!("-{}", hex_upper(if trimmed.is_empty() { &mag } else { &trimmed }));
    }
    hex_upper(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_off_certificate_is_said_in_plain_words() {
        let der = include_bytes!("../../src/trust/anchors/apple-root-ca-2006-rsa.der");
        for cut in [1, 4, 100, der.len() - 1] {
            let e = Certificate::from_der(&der[..cut]).expect_err("cut off"); // ok: test
            assert_eq!(e, CertError::CutOff, "cut at {cut}");
            let words = e.to_string();
            assert!(!words.contains("nom") && !words.contains("Eof") && !words.contains("BER"), "{words}");
            assert!(words.starts_with("not a readable X.509 certificate: the data ends before"), "{words}");
        }
        let junk = Certificate::from_der(&[0x30, 0x03, 0x02, 0x01, 0x01]).expect_err("not a certificate"); // ok: test
        assert!(!junk.to_string().contains("error"), "{junk}");
    }

    #[test]
    fn hex_is_uppercase_without_separators() {
        assert_eq!(hex_upper(&[0x0a, 0xff, 0x10]), "0AFF10");
    }

    #[test]
    fn negative_serials_read_as_negative() {
        assert_eq!(serial_display(&[0xFB, 0xCE, 0x99, 0x6C, 0x13]), "-04316693ED");
        assert_eq!(serial_display(&[0xFF]), "-01");
        assert_eq!(serial_display(&[0x80]), "-80");
        assert_eq!(serial_display(&[0x00, 0x80]), "0080");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(Certificate::from_der(&[]).is_err());
        assert!(Certificate::from_der(&[0x30, 0x03, 0x02, 0x01, 0x01]).is_err());
        assert!(Certificate::from_der(&[0xff; 64]).is_err());
    }
}
