//! An owned certificate revocation list, decoded once from DER (RFC 5280 §5).
//!
//! ```text
//! CertificateList  ::=  SEQUENCE  {
//!      tbsCertList          TBSCertList,
//!      signatureAlgorithm   AlgorithmIdentifier,
//!      signatureValue       BIT STRING  }
//!
//! TBSCertList  ::=  SEQUENCE  {
//!      version                 Version OPTIONAL,    -- if present, MUST be v2
//!      signature               AlgorithmIdentifier,
//!      issuer                  Name,
//!      thisUpdate              Time,
//!      nextUpdate              Time OPTIONAL,
//!      revokedCertificates     SEQUENCE OF SEQUENCE  {
//!           userCertificate         CertificateSerialNumber,
//!           revocationDate          Time,
//!           crlEntryExtensions      Extensions OPTIONAL }  OPTIONAL,
//!      crlExtensions           [0] Extensions OPTIONAL }
//! ```
//!
//! The entries are kept sorted by (certificate issuer, serial number), so looking a certificate
//! up is a binary search, never a scan (a CRL of a million entries is read once, in time and
//! memory linear in its size). What the revocation check needs — the scope of the CRL (its
//! issuing distribution point), its number and delta base, and whether it carries a critical
//! extension this reader does not process — is decoded here; the check itself is
//! [`crate::trust::revocation`].

pub mod scope;

pub use scope::{DpNames, Scope};

use crate::cert::{hex_upper, Algorithm, Name};
use crate::time::Timestamp;
use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_parser::prelude::*;
use x509_parser::revocation_list::CertificateRevocationList;

/// `CRLReason ::= ENUMERATED` (RFC 5280 §5.3.1); value 7 is not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RevocationReason {
    Unspecified,
    KeyCompromise,
    CaCompromise,
    AffiliationChanged,
    Superseded,
    CessationOfOperation,
    CertificateHold,
    RemoveFromCrl,
    PrivilegeWithdrawn,
    AaCompromise,
}

impl RevocationReason {
    fn from_code(code: u8) -> Option<Self> {
        use RevocationReason::*;
        Some(match code {
            0 => Unspecified,
            1 => KeyCompromise,
            2 => CaCompromise,
            3 => AffiliationChanged,
            4 => Superseded,
            5 => CessationOfOperation,
            6 => CertificateHold,
            8 => RemoveFromCrl,
            9 => PrivilegeWithdrawn,
            10 => AaCompromise,
            _ => return None,
        })
    }

    /// In plain words.
    pub fn describe(self) -> &'static str {
        use RevocationReason::*;
        match self {
            Unspecified => "unspecified",
            KeyCompromise => "key compromise",
            CaCompromise => "CA compromise",
            AffiliationChanged => "affiliation changed",
            Superseded => "superseded",
            CessationOfOperation => "cessation of operation",
            CertificateHold => "certificate hold",
            RemoveFromCrl => "removed from the CRL",
            PrivilegeWithdrawn => "privilege withdrawn",
            AaCompromise => "AA compromise",
        }
    }
}

/// One revoked certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The CertificateSerialNumber's content octets, as in [`crate::cert::Certificate::serial_raw`].
    pub serial: Vec<u8>,
    /// Index into [`Crl::entry_issuers`]: who issued the revoked certificate (the CRL issuer,
    /// or for an indirect CRL the last `certificateIssuer` entry extension, RFC 5280 §5.3.3).
    pub issuer: u32,
    pub date: Timestamp,
    /// `reasonCode` (RFC 5280 §5.3.1), when present.
    pub reason: Option<RevocationReason>,
}

/// Why bytes are not a usable CRL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrlError(pub String);

impl std::fmt::Display for CrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A decoded CRL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Crl {
    pub sha256: String,
    pub issuer: Name,
    pub this_update: Timestamp,
    pub next_update: Option<Timestamp>,
    pub signature_algorithm: Algorithm,
    #[serde(skip)]
    pub tbs: Vec<u8>,
    #[serde(skip)]
    pub signature: Vec<u8>,
    #[serde(skip)]
    pub signature_unused_bits: u8,
    /// authorityKeyIdentifier's keyIdentifier (RFC 5280 §5.2.1), uppercase hex.
    pub authority_key_id: Option<String>,
    /// `CRLNumber ::= INTEGER (0..MAX)` (§5.2.3), big-endian without leading zeros.
    #[serde(skip)]
    pub number: Option<Vec<u8>>,
    /// A delta CRL's `BaseCRLNumber ::= CRLNumber` (deltaCRLIndicator, §5.2.4).
    #[serde(skip)]
    pub delta_base: Option<Vec<u8>>,
    /// issuingDistributionPoint (§5.2.5).
    #[serde(skip)]
    pub scope: Option<Scope>,
    /// Critical CRL or entry extensions this reader does not process: such a CRL MUST NOT be
    /// used to determine the status of any certificate (§5.2, §5.3).
    pub unknown_critical: Vec<String>,
    /// The CRL breaks RFC 5280 §5.2.3 ("CRL issuers conforming to this profile MUST include
    /// this extension in all CRLs and MUST mark this extension as non-critical"): no cRLNumber,
    /// or a critical one. Such a CRL is not used (fail closed: `revocation-unknown`).
    #[serde(skip)]
    pub number_problem: Option<&'static str>,
    /// Who issued the revoked certificates: index 0 is the CRL issuer.
    #[serde(skip)]
    pub entry_issuers: Vec<Name>,
    /// [`Self::entry_issuers`] by [`Name::key`].
    #[serde(skip)]
    issuer_index: std::collections::HashMap<String, u32>,
    /// Sorted by (issuer, serial).
    #[serde(skip)]
    pub entries: Vec<Entry>,
    pub entry_count: usize,
}

/// The CRL extensions RFC 5280 §5.2 defines that this reader processes.
const AKI: &str = "2.5.29.35";
const CRL_NUMBER: &str = "2.5.29.20";
const DELTA_INDICATOR: &str = "2.5.29.27";
const IDP: &str = "2.5.29.28";
/// Entry extensions (§5.3): reasonCode, invalidityDate, certificateIssuer.
const REASON: &str = "2.5.29.21";
const INVALIDITY: &str = "2.5.29.24";
const CERTIFICATE_ISSUER: &str = "2.5.29.29";

fn unsigned(bytes: &[u8]) -> Vec<u8> {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes[first..].to_vec()
}

/// `INTEGER` content octets as an unsigned big-endian number (a CRL number), or `None` when negative.
fn integer(ext_value: &[u8]) -> Option<Vec<u8>> {
    let (rest, obj) = x509_parser::der_parser::der::parse_der_integer(ext_value).ok()?;
    let bytes = obj.as_slice().ok()?;
    (rest.is_empty() && bytes.first().is_none_or(|b| b & 0x80 == 0)).then(|| unsigned(bytes))
}

/// Compares two unsigned big-endian numbers.
pub fn compare_numbers(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let (a, b) = (unsigned(a), unsigned(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(&b))
}

/// `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName`: the directory names.
pub(crate) fn directory_names(der: &[u8]) -> Option<Vec<Name>> {
    let (rest, seq) = x509_parser::der_parser::asn1_rs::Any::from_der(der).ok()?;
    if !rest.is_empty() || seq.tag() != x509_parser::der_parser::asn1_rs::Tag::Sequence {
        return None;
    }
    let mut out = Vec::new();
    let mut data = seq.data;
    while !data.is_empty() {
        let (next, g) = x509_parser::extensions::GeneralName::from_der(data).ok()?;
        if let x509_parser::extensions::GeneralName::DirectoryName(n) = g {
            out.push(Name::from_parsed(&n));
        }
        data = next;
    }
    Some(out)
}

impl Crl {
    /// Decodes one DER CRL (trailing bytes are refused).
    pub fn from_der(der: &[u8]) -> Result<Self, CrlError> {
        let (rest, x) = CertificateRevocationList::from_der(der).map_err(|e| CrlError(format!("not a readable CRL: {e}")))?;
        if !rest.is_empty() {
            return Err(CrlError(format!("{} bytes after the CRL", rest.len())));
        }
        let tbs = &x.tbs_cert_list;
        let issuer = Name::from_parsed(&tbs.issuer);
        let mut unknown_critical = Vec::new();
        let (mut authority_key_id, mut number, mut delta_base, mut scope) = (None, None, None, None);
        let mut number_problem = None;
        for e in tbs.extensions() {
            let oid = e.oid.to_id_string();
            match (oid.as_str(), e.parsed_extension()) {
                (AKI, ParsedExtension::AuthorityKeyIdentifier(aki)) => authority_key_id = aki.key_identifier.as_ref().map(|k| hex_upper(k.0)),
                (CRL_NUMBER, _) => {
                    number = integer(e.value);
                    if e.critical {
                        number_problem = Some("marks its cRLNumber critical");
                    }
                }
                (DELTA_INDICATOR, _) => match integer(e.value) {
                    Some(n) => delta_base = Some(n),
                    None => unknown_critical.push("deltaCRLIndicator (undecodable)".to_string()),
                },
                (IDP, ParsedExtension::IssuingDistributionPoint(idp)) => scope = Some(Scope::from_parsed(idp, &tbs.issuer, e.value)),
                _ if e.critical => unknown_critical.push(crate::cert::oid_name(&oid).map_or(oid.clone(), str::to_string)),
                _ => {}
            }
        }
        let mut entry_issuers = vec![issuer.clone()];
        let mut issuer_index = std::collections::HashMap::from([(issuer.key.clone(), 0u32)]);
        let mut current = 0u32;
        let mut entries = Vec::with_capacity(tbs.revoked_certificates.len());
        for r in &tbs.revoked_certificates {
            let mut reason = None;
            for e in r.extensions() {
                let oid = e.oid.to_id_string();
                match oid.as_str() {
                    REASON => reason = r.reason_code().and_then(|(_, c)| RevocationReason::from_code(c.0)),
                    INVALIDITY => {}
                    CERTIFICATE_ISSUER => match directory_names(e.value).and_then(|n| n.into_iter().next()) {
                        Some(n) => {
                            let next = entry_issuers.len() as u32;
                            current = *issuer_index.entry(n.key.clone()).or_insert(next);
                            if current == next {
                                entry_issuers.push(n);
                            }
                        }
                        None => unknown_critical.push("certificateIssuer without a directory name".to_string()),
                    },
                    _ if e.critical => unknown_critical.push(format!("entry extension {}", crate::cert::oid_name(&oid).map_or(oid.clone(), str::to_string))),
                    _ => {}
                }
            }
            entries.push(Entry { serial: r.raw_serial().to_vec(), issuer: current, date: Timestamp(r.revocation_date.timestamp()), reason });
        }
        // §5.3.3: certificateIssuer belongs to indirect CRLs; elsewhere its entries would be
        // read as another issuer's, so such a CRL is not used (fail closed).
        if entry_issuers.len() > 1 && !scope.as_ref().is_some_and(|s: &Scope| s.indirect) {
            unknown_critical.push("certificateIssuer in a CRL that is not indirect".to_string());
        }
        unknown_critical.dedup();
        crate::sort::sort_by(&mut entries, |a, b| (a.issuer, &a.serial).cmp(&(b.issuer, &b.serial)));
        let entry_count = entries.len();
        if number.is_none() && number_problem.is_none() {
            number_problem = Some("has no cRLNumber");
        }
        Ok(Crl {
            sha256: hex_upper(&Sha256::digest(der)),
            issuer,
            this_update: Timestamp(tbs.this_update.timestamp()),
            next_update: tbs.next_update.map(|t| Timestamp(t.timestamp())),
            signature_algorithm: crate::cert::algorithm(&x.signature_algorithm),
            tbs: tbs.as_ref().to_vec(),
            signature: x.signature_value.data.to_vec(),
            signature_unused_bits: x.signature_value.unused_bits,
            authority_key_id,
            number,
            delta_base,
            scope,
            unknown_critical,
            number_problem,
            entry_issuers,
            issuer_index,
            entries,
            entry_count,
        })
    }

    /// The entry for the certificate `serial` issued by `issuer` (binary search).
    pub fn lookup(&self, issuer: &Name, serial: &[u8]) -> Option<&Entry> {
        let idx = *self.issuer_index.get(&issuer.key)?;
        let key = (idx, serial);
        let i = self.entries.partition_point(|e| (e.issuer, e.serial.as_slice()) < key);
        self.entries.get(i).filter(|e| e.issuer == idx && e.serial == serial)
    }

    /// Is this a delta CRL (§5.2.4)?
    pub fn is_delta(&self) -> bool {
        self.delta_base.is_some()
    }

    /// The issuer's display name.
    pub fn display_issuer(&self) -> String {
        self.issuer.common_name().map_or_else(|| self.issuer.rfc4514.clone(), str::to_string)
    }
}

#[cfg(test)]
mod tests;
