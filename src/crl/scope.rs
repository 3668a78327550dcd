//! Distribution points: which certificates a CRL covers (RFC 5280 §5.2.5) and where a
//! certificate says its CRL is (§4.2.1.13).
//!
//! ```text
//! IssuingDistributionPoint ::= SEQUENCE {
//!      distributionPoint          [0] DistributionPointName OPTIONAL,
//!      onlyContainsUserCerts      [1] BOOLEAN DEFAULT FALSE,
//!      onlyContainsCACerts        [2] BOOLEAN DEFAULT FALSE,
//!      onlySomeReasons            [3] ReasonFlags OPTIONAL,
//!      indirectCRL                [4] BOOLEAN DEFAULT FALSE,
//!      onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
//!
//! DistributionPoint ::= SEQUENCE {
//!      distributionPoint       [0]     DistributionPointName OPTIONAL,
//!      reasons                 [1]     ReasonFlags OPTIONAL,
//!      cRLIssuer               [2]     GeneralNames OPTIONAL }
//!
//! DistributionPointName ::= CHOICE {
//!      fullName                [0]     GeneralNames,
//!      nameRelativeToCRLIssuer [1]     RelativeDistinguishedName }
//! ```

use crate::cert::{GeneralName, Name};
use x509_parser::extensions::{DistributionPointName, ParsedExtension};
use x509_parser::prelude::*;
use x509_parser::x509::X509Name;

/// The reasons of `ReasonFlags` (RFC 5280 §4.2.1.13) as bits 1 (keyCompromise) to 8
/// (aACompromise); bit 0 (unused) is never set.
pub const ALL_REASONS: u16 = 0x1fe;

/// At most this many names of one distribution point are compared (a hostile list is cut).
const MAX_NAMES: usize = 16;

/// A distribution point's names in comparison form: a directory name as its [`Name::key`]
/// (a relative name appended to the CRL issuer's name first), any other name as its display
/// with the kind, so a URI never equals a directory name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DpNames(pub Vec<String>);

/// x509-parser 0.18 reads `nameRelativeToCRLIssuer` as no name at all; these read it from
/// the DER. `point` is a DistributionPoint or IssuingDistributionPoint SEQUENCE: the content
/// of its `[1] RelativeDistinguishedName` inside `[0] distributionPoint`, when that is the choice.
fn relative_rdn(point: crate::asn1::Tlv<'_>) -> Option<Vec<u8>> {
    let dp = point.reader().read().ok().filter(|t| t.tag == 0xa0)?;
    let name = dp.reader().read().ok().filter(|t| t.tag == 0xa1)?;
    Some(name.value.to_vec())
}

/// The `[2] cRLIssuer` GeneralNames of a DistributionPoint, as directory names.
fn raw_crl_issuer(point: crate::asn1::Tlv<'_>) -> Option<Vec<Name>> {
    let mut r = point.reader();
    while let Ok(t) = r.read() {
        if t.tag == 0xa2 {
            let mut der = vec![0x30];
            der.extend(der_len(t.value.len()));
            der.extend_from_slice(t.value);
            return super::directory_names(&der);
        }
    }
    None
}

/// DER length octets.
fn der_len(n: usize) -> Vec<u8> {
    if n < 0x80 {
        return vec![n as u8];
    }
    let bytes: Vec<u8> = n.to_be_bytes().into_iter().skip_while(|b| *b == 0).collect();
    std::iter::once(0x80 | bytes.len() as u8).chain(bytes).collect()
}

/// `base` (a Name's DER) with one more RDN (a SET's content) appended, in [`DpNames`] form.
fn relative_key(base: &[u8], rdn: &[u8]) -> Option<String> {
    let outer = crate::asn1::Reader::new(base).read().ok()?;
    let mut content = outer.value.to_vec();
    content.push(0x31);
    content.extend(der_len(rdn.len()));
    content.extend_from_slice(rdn);
    let mut der = vec![0x30];
    der.extend(der_len(content.len()));
    der.extend(content);
    Name::from_der(&der).map(|n| format!("dn:{}", n.key))
}

impl DpNames {
    fn relative(base: &[u8], rdn: Option<Vec<u8>>) -> Option<Self> {
        rdn.map(|r| DpNames(relative_key(base, &r).into_iter().collect()))
    }

    fn from_parsed(dpn: &DistributionPointName<'_>, relative_to: &[u8]) -> Self {
        match dpn {
            DistributionPointName::FullName(names) => DpNames(names.iter().take(MAX_NAMES).map(|g| general_key(&GeneralName::from_parsed(g))).collect()),
            DistributionPointName::NameRelativeToCRLIssuer(rdn) => {
                let full = X509Name::from_der(relative_to).map(|(_, n)| n.iter_rdn().cloned().chain(std::iter::once(rdn.clone())).collect::<X509Name<'_>>());
                DpNames(full.iter().map(|f| format!("dn:{}", Name::from_parsed(f).key)).collect())
            }
        }
    }

    /// Do the two share a name?
    pub fn meets(&self, other: &DpNames) -> bool {
        self.0.iter().any(|a| other.0.contains(a))
    }
}

fn general_key(g: &GeneralName) -> String {
    match g {
        GeneralName::Directory(n) => format!("dn:{}", n.key),
        GeneralName::Uri(u) => format!("uri:{u}"),
        other => format!("other:{}", other.display()),
    }
}

/// A CRL's issuingDistributionPoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub names: Option<DpNames>,
    pub only_user_certs: bool,
    pub only_ca_certs: bool,
    /// `onlySomeReasons` as bits (see [`ALL_REASONS`]).
    pub only_some_reasons: Option<u16>,
    pub indirect: bool,
    pub only_attribute_certs: bool,
}

impl Scope {
    /// `raw` is the extension's value (the IssuingDistributionPoint DER).
    pub(super) fn from_parsed(idp: &x509_parser::extensions::IssuingDistributionPoint<'_>, issuer: &X509Name<'_>, raw: &[u8]) -> Self {
        Scope {
            names: idp
                .distribution_point
                .as_ref()
                .map(|d| DpNames::from_parsed(d, issuer.as_raw()))
                .or_else(|| DpNames::relative(issuer.as_raw(), crate::asn1::Reader::new(raw).read().ok().and_then(relative_rdn))),
            only_user_certs: idp.only_contains_user_certs,
            only_ca_certs: idp.only_contains_ca_certs,
            only_some_reasons: idp.only_some_reasons.as_ref().map(|r| r.flags & ALL_REASONS),
            indirect: idp.indirect_crl,
            only_attribute_certs: idp.only_contains_attribute_certs,
        }
    }
}

/// One of a certificate's cRLDistributionPoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertDp {
    pub names: Option<DpNames>,
    /// `reasons` as bits (see [`ALL_REASONS`]).
    pub reasons: Option<u16>,
    /// The directory names of `cRLIssuer`, in [`DpNames`] form.
    pub crl_issuer: Option<DpNames>,
    /// The first directory name of `cRLIssuer`.
    pub crl_issuer_names: Vec<Name>,
}

/// The certificate's cRLDistributionPoints (`None` without the extension), read from its DER.
pub fn distribution_points(cert_der: &[u8]) -> Option<Vec<CertDp>> {
    let (_, x) = X509Certificate::from_der(cert_der).ok()?;
    let tbs = &x.tbs_certificate;
    let ext = tbs.extensions().iter().find(|e| e.oid.to_id_string() == "2.5.29.31")?;
    let ParsedExtension::CRLDistributionPoints(dps) = ext.parsed_extension() else { return Some(Vec::new()) };
    // The raw DistributionPoints, for the relative names x509-parser does not read.
    let mut raw = crate::asn1::Reader::new(ext.value).read().ok().map(|t| t.reader());
    Some(
        dps.points
            .iter()
            .map(|p| {
                let raw_point = raw.as_mut().and_then(|r| r.read().ok());
                let mut crl_issuer_names: Vec<Name> = p
                    .crl_issuer
                    .iter()
                    .flatten()
                    .filter_map(|g| match g {
                        x509_parser::extensions::GeneralName::DirectoryName(n) => Some(Name::from_parsed(n)),
                        _ => None,
                    })
                    .collect();
                if crl_issuer_names.is_empty() {
                    crl_issuer_names = raw_point.and_then(raw_crl_issuer).unwrap_or_default();
                }
                let mut crl_issuer = p.crl_issuer.as_ref().map(|g| DpNames(g.iter().map(|g| general_key(&GeneralName::from_parsed(g))).collect()));
                if crl_issuer.is_none() && !crl_issuer_names.is_empty() {
                    crl_issuer = Some(DpNames(crl_issuer_names.iter().map(|n| format!("dn:{}", n.key)).collect()));
                }
                // §4.2.1.13: a relative name is appended to the cRLIssuer's name when there is
                // one, otherwise to the certificate issuer's.
                let base = crl_issuer_names.first().map_or(tbs.issuer.as_raw(), |n| n.der.as_slice());
                let names = match &p.distribution_point {
                    Some(d) => Some(DpNames::from_parsed(d, base)),
                    None => DpNames::relative(base, raw_point.and_then(relative_rdn)),
                };
                CertDp { names, reasons: p.reasons.as_ref().map(|r| r.flags & ALL_REASONS), crl_issuer, crl_issuer_names }
            })
            .collect(),
    )
}
