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

/// A distribution point's names in comparison form: a directory name as its [`Name::key`]
/// (a relative name appended to the CRL issuer's name first), any other name as its display
/// with the kind, so a URI never equals a directory name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DpNames(pub Vec<String>);

impl DpNames {
    fn from_parsed(dpn: &DistributionPointName<'_>, relative_to: &X509Name<'_>) -> Self {
        match dpn {
            DistributionPointName::FullName(names) => DpNames(names.iter().map(|g| general_key(&GeneralName::from_parsed(g))).collect()),
            DistributionPointName::NameRelativeToCRLIssuer(rdn) => {
                let full: X509Name<'_> = relative_to.iter_rdn().cloned().chain(std::iter::once(rdn.clone())).collect();
                DpNames(vec![format!("dn:{}", Name::from_parsed(&full).key)])
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
    pub(super) fn from_parsed(idp: &x509_parser::extensions::IssuingDistributionPoint<'_>, issuer: &X509Name<'_>) -> Self {
        Scope {
            names: idp.distribution_point.as_ref().map(|d| DpNames::from_parsed(d, issuer)),
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
    Some(
        dps.points
            .iter()
            .map(|p| {
                let crl_issuer_names: Vec<Name> = p
                    .crl_issuer
                    .iter()
                    .flatten()
                    .filter_map(|g| match g {
                        x509_parser::extensions::GeneralName::DirectoryName(n) => Some(Name::from_parsed(n)),
                        _ => None,
                    })
                    .collect();
                // §4.2.1.13: a relative name is appended to the cRLIssuer's name when there is
                // one, otherwise to the certificate issuer's.
                let relative_to = p.crl_issuer.iter().flatten().find_map(|g| match g {
                    x509_parser::extensions::GeneralName::DirectoryName(n) => Some(n),
                    _ => None,
                });
                CertDp {
                    names: p.distribution_point.as_ref().map(|d| DpNames::from_parsed(d, relative_to.unwrap_or(&tbs.issuer))),
                    reasons: p.reasons.as_ref().map(|r| r.flags & ALL_REASONS),
                    crl_issuer: p.crl_issuer.as_ref().map(|g| DpNames(g.iter().map(|g| general_key(&GeneralName::from_parsed(g))).collect())),
                    crl_issuer_names,
                }
            })
            .collect(),
    )
}
