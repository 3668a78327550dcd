//! Every extension decoded for display (RFC 5280 §4.2); unknown ones as OID and hex.
//!
//! ```text
//! Extension  ::=  SEQUENCE  {
//!      extnID      OBJECT IDENTIFIER,
//!      critical    BOOLEAN DEFAULT FALSE,
//!      extnValue   OCTET STRING }
//! ```

use super::hex_upper;
use super::names::{oid_name, GeneralName};
use serde::Serialize;
use x509_parser::prelude::*;

/// One extension, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extension {
    pub oid: String,
    /// A readable name, or the OID when we know none.
    pub name: String,
    pub critical: bool,
    /// The decoded value, one line per item.
    pub value: Vec<String>,
    /// The extnValue contents in uppercase hex, for extensions we cannot decode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hex: Option<String>,
    /// The extnValue contents, for decoders of Apple's fields (attestation facts).
    #[serde(skip)]
    pub der: Option<Vec<u8>>,
}

/// The purposes of an extKeyUsage (RFC 5280 §4.2.1.12) as dotted OIDs, in a stable order.
pub(super) fn eku_oids(eku: &x509_parser::extensions::ExtendedKeyUsage<'_>) -> Vec<String> {
    let mut v: Vec<String> = [
        (eku.any, "2.5.29.37.0"),
        (eku.server_auth, "1.3.6.1.5.5.7.3.1"),
        (eku.client_auth, "1.3.6.1.5.5.7.3.2"),
        (eku.code_signing, "1.3.6.1.5.5.7.3.3"),
        (eku.email_protection, "1.3.6.1.5.5.7.3.4"),
        (eku.time_stamping, "1.3.6.1.5.5.7.3.8"),
        (eku.ocsp_signing, "1.3.6.1.5.5.7.3.9"),
    ]
    .into_iter()
    .filter(|(flag, _)| *flag)
    .map(|(_, oid)| oid.to_string())
    .collect();
    v.extend(eku.other.iter().map(|o| o.to_id_string()));
    v
}

pub fn describe_extensions(exts: &[X509Extension<'_>]) -> Vec<Extension> {
    exts.iter().map(describe).collect()
}

fn names(v: &[x509_parser::extensions::GeneralName<'_>]) -> Vec<String> {
    v.iter().map(|g| GeneralName::from_parsed(g).display()).collect()
}

fn oid_label(oid: &str) -> String {
    match oid_name(oid) {
        Some(n) => format!("{n} ({oid})"),
        None => oid.to_string(),
    }
}

fn describe(ext: &X509Extension<'_>) -> Extension {
    let oid = ext.oid.to_id_string();
    let mut hex = None;
    let value: Vec<String> = match ext.parsed_extension() {
        ParsedExtension::BasicConstraints(bc) => vec![match (bc.ca, bc.path_len_constraint) {
            (true, Some(n)) => format!("CA: yes, path length ≤ {n}"),
            (true, None) => "CA: yes".to_string(),
            (false, _) => "CA: no".to_string(),
        }],
        ParsedExtension::KeyUsage(ku) => vec![ku.to_string()],
        ParsedExtension::ExtendedKeyUsage(eku) => eku_oids(eku).iter().map(|o| oid_label(o)).collect(),
        ParsedExtension::SubjectAlternativeName(san) => names(&san.general_names),
        ParsedExtension::IssuerAlternativeName(ian) => names(&ian.general_names),
        ParsedExtension::SubjectKeyIdentifier(k) => vec![hex_upper(k.0)],
        ParsedExtension::AuthorityKeyIdentifier(aki) => {
            let mut v = Vec::new();
            if let Some(k) = &aki.key_identifier {
                v.push(format!("key id {}", hex_upper(k.0)));
            }
            if let Some(i) = &aki.authority_cert_issuer {
                v.extend(names(i).into_iter().map(|n| format!("issuer {n}")));
            }
            if let Some(s) = aki.authority_cert_serial {
                v.push(format!("serial {}", hex_upper(s)));
            }
            v
        }
        ParsedExtension::AuthorityInfoAccess(aia) => aia
            .accessdescs
            .iter()
            .map(|d| {
                let m = d.access_method.to_id_string();
                format!("{}: {}", oid_name(&m).unwrap_or(&m), GeneralName::from_parsed(&d.access_location).display())
            })
            .collect(),
        ParsedExtension::CRLDistributionPoints(dp) => dp
            .points
            .iter()
            .flat_map(|p| match &p.distribution_point {
                Some(x509_parser::extensions::DistributionPointName::FullName(n)) => names(n),
                Some(_) => vec!["(relative name)".to_string()],
                None => vec!["(no name)".to_string()],
            })
            .collect(),
        ParsedExtension::CertificatePolicies(p) => p.iter().map(|pi| oid_label(&pi.policy_id.to_id_string())).collect(),
        ParsedExtension::NameConstraints(nc) => {
            let mut v = Vec::new();
            for (label, set) in [("permitted", &nc.permitted_subtrees), ("excluded", &nc.excluded_subtrees)] {
                if let Some(set) = set {
                    v.extend(set.iter().map(|t| format!("{label}: {}", GeneralName::from_parsed(&t.base).display())));
                }
            }
            v
        }
        ParsedExtension::SCT(scts) => vec![format!("{} signed certificate timestamps", scts.len())],
        ParsedExtension::InhibitAnyPolicy(i) => vec![format!("skip certs: {}", i.skip_certs)],
        ParsedExtension::PolicyConstraints(pc) => {
            vec![format!("require explicit policy: {:?}, inhibit policy mapping: {:?}", pc.require_explicit_policy, pc.inhibit_policy_mapping)]
        }
        ParsedExtension::NsCertComment(c) => vec![c.to_string()],
        ParsedExtension::ParseError { .. } => {
            hex = Some(hex_upper(ext.value));
            vec!["(could not be decoded)".to_string()]
        }
        _ => {
            hex = Some(hex_upper(ext.value));
            Vec::new()
        }
    };
    let der = oid.starts_with("1.2.840.113635.").then(|| ext.value.to_vec());
    Extension { name: oid_name(&oid).unwrap_or(&oid).to_string(), oid, critical: ext.critical, value, hex, der }
}
