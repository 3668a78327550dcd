//! Distinguished names (RFC 5280 §4.1.2.4), general names (§4.2.1.6) and OID names.

use serde::Serialize;
use x509_parser::prelude::*;

/// One attribute of a distinguished name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribute {
    /// Short name (`CN`, `O`, …) or the dotted OID.
    #[serde(rename = "type")]
    pub kind: String,
    pub oid: String,
    pub value: String,
    /// The value is RFC 4514's `#` + hex of its encoding (not a string type).
    #[serde(skip)]
    pub hex: bool,
}

/// A distinguished name: its RFC 4514 string, its attributes in encoded order, and its DER.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Name {
    pub rfc4514: String,
    pub attributes: Vec<Attribute>,
    /// Each RDN's attributes, for comparison (RFC 5280 §7.1).
    #[serde(skip)]
    pub rdns: Vec<Vec<Attribute>>,
    #[serde(skip)]
    pub der: Vec<u8>,
    /// The comparison form (RFC 5280 §7.1): per RDN, sorted `oid=folded value` pairs. Computed
    /// once, so chaining compares strings instead of re-folding attributes.
    #[serde(skip)]
    pub key: String,
    /// An attribute value is not a string (shown as `#` + hex): the name is malformed.
    #[serde(skip)]
    pub malformed: bool,
}

impl Name {
    pub fn from_parsed(n: &X509Name<'_>) -> Self {
        let mut malformed = false;
        let rdns: Vec<Vec<Attribute>> = n
            .iter_rdn()
            .map(|rdn| {
                rdn.iter()
                    .map(|atv| {
                        let oid = atv.attr_type().to_id_string();
                        let (value, bad) = attribute_value(atv);
                        malformed |= bad;
                        Attribute { kind: short_attr(&oid).unwrap_or(&oid).to_string(), oid, value, hex: bad }
                    })
                    .collect()
            })
            .collect();
        // RFC 4514 §2.1: the last RDN is written first; multi-valued RDNs are joined with '+'.
        let rfc4514 = rdns
            .iter()
            .rev()
            .map(|rdn| {
                rdn.iter()
                    .map(|a| if a.hex { format!("{}={}", a.kind, a.value) } else { format!("{}={}", a.kind, escape_rfc4514(&a.value)) })
                    .collect::<Vec<_>>()
                    .join("+")
            })
            .collect::<Vec<_>>()
            .join(",");
        let key = rdn_keys(&rdns).join("/");
        Name { rfc4514, attributes: rdns.iter().flatten().cloned().collect(), rdns, der: n.as_raw().to_vec(), key, malformed }
    }

    /// Decodes a DER `Name` (e.g. from a keychain attribute dump).
    pub fn from_der(der: &[u8]) -> Option<Self> {
        X509Name::from_der(der).ok().map(|(_, n)| Self::from_parsed(&n))
    }

    pub fn is_empty(&self) -> bool {
        self.rdns.is_empty()
    }

    pub fn first(&self, oid: &str) -> Option<&str> {
        self.attributes.iter().find(|a| a.oid == oid).map(|a| a.value.as_str())
    }

    pub fn common_name(&self) -> Option<&str> {
        self.first("2.5.4.3")
    }

    /// The userId attribute (UID, RFC 4519 §2.39): an MDM push certificate's APNs topic.
    pub fn uid(&self) -> Option<&str> {
        self.first("0.9.2342.19200300.100.1.1")
    }

    pub fn organization(&self) -> Option<&str> {
        self.first("2.5.4.10")
    }

    /// Name matching for chaining (RFC 5280 §7.1): the same DER, or the same attributes in the
    /// same RDNs with string values compared case-insensitively after folding white space.
    pub fn matches(&self, other: &Name) -> bool {
        self.der == other.der || self.key == other.key
    }

    /// True when `self` lies within the directory subtree `base` (its RDNs start with base's).
    pub fn within(&self, base: &Name) -> bool {
        let (mine, theirs) = (rdn_keys(&self.rdns), rdn_keys(&base.rdns));
        theirs.len() <= mine.len() && theirs.iter().zip(&mine).all(|(a, b)| a == b)
    }
}

/// Each RDN as sorted `oid=folded value` pairs joined by `+`.
fn rdn_keys(rdns: &[Vec<Attribute>]) -> Vec<String> {
    rdns.iter()
        .map(|rdn| {
            let mut parts: Vec<String> = rdn.iter().map(|a| format!("{}={}", a.oid, escape_key(&fold(&a.value)))).collect();
            crate::sort::sort(&mut parts);
            parts.join("+")
        })
        .collect()
}

fn escape_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '/' | '+' | '\\' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// An attribute value as text (RFC 4514 §2.4). DirectoryString and the other string types
/// decode; a value that is not a universal string type (e.g. an `[APPLICATION 9]` element) is
/// shown as what it is — `#` and the hex of its whole encoding — and reported as malformed.
fn attribute_value(atv: &AttributeTypeAndValue<'_>) -> (String, bool) {
    use x509_parser::der_parser::asn1_rs::Class;
    let v = atv.attr_value();
    let universal = v.class() == Class::Universal;
    let tag = v.tag().0;
    // UTF8String, NumericString, PrintableString, TeletexString, IA5String, VisibleString,
    // UniversalString, BMPString.
    let string_type = universal && matches!(tag, 12 | 18 | 19 | 20 | 22 | 26 | 28 | 30);
    // RFC 4514 §2.4: a value that cannot be shown as a string is `#` and the hex of its BER.
    let whole = || {
        let mut der = Vec::new();
        match x509_parser::der_parser::asn1_rs::ToDer::write_der(v, &mut der) {
            Ok(_) => (format!("#{}", super::hex_upper(&der)), true),
            Err(_) => (format!("#{}", super::hex_upper(atv.as_slice())), true),
        }
    };
    if !string_type {
        return whole();
    }
    if let Ok(s) = atv.as_str() {
        return (s.to_string(), false);
    }
    let raw = atv.as_slice();
    match tag {
        // BMPString: UTF-16BE.
        30 => {
            let units: Vec<u16> = raw.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
            (String::from_utf16_lossy(&units), false)
        }
        // TeletexString, UniversalString, VisibleString…: show as text where it is ASCII.
        _ if raw.iter().all(|b| b.is_ascii() && !b.is_ascii_control()) => (String::from_utf8_lossy(raw).into_owned(), false),
        // Bytes that are not valid in their string type (invalid UTF-8 in a UTF8String, …).
        _ => whole(),
    }
}

/// RFC 4514 §2.4 escaping.
fn escape_rfc4514(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let n = v.chars().count();
    for (i, c) in v.chars().enumerate() {
        let special = matches!(c, '"' | '+' | ',' | ';' | '<' | '>' | '\\') || (i == 0 && (c == '#' || c == ' ')) || (i + 1 == n && c == ' ');
        if special {
            out.push('\\');
            out.push(c);
        } else if c == '\0' {
            out.push_str("\\00");
        } else {
            out.push(c);
        }
    }
    out
}

fn short_attr(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "STREET",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.5" => "serialNumber",
        "2.5.4.4" => "SN",
        "2.5.4.42" => "GN",
        "2.5.4.12" => "title",
        "2.5.4.97" => "organizationIdentifier",
        "2.5.4.43" => "initials",
        "2.5.4.44" => "generationQualifier",
        "2.5.4.46" => "dnQualifier",
        "2.5.4.65" => "pseudonym",
        "2.5.4.17" => "postalCode",
        "2.5.4.15" => "businessCategory",
        "2.5.4.16" => "postalAddress",
        "2.5.4.18" => "postOfficeBox",
        "2.5.4.13" => "description",
        "2.5.4.41" => "name",
        "2.5.4.45" => "x500UniqueIdentifier",
        "1.3.6.1.4.1.311.60.2.1.1" => "jurisdictionL",
        "1.3.6.1.4.1.311.60.2.1.2" => "jurisdictionST",
        "1.3.6.1.4.1.311.60.2.1.3" => "jurisdictionC",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        "1.2.840.113549.1.9.1" => "emailAddress",
        _ => return None,
    })
}

/// A GeneralName (RFC 5280 §4.2.1.6), owned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum GeneralName {
    Dns(String),
    Email(String),
    Uri(String),
    /// Address bytes (4 or 16), or address + mask (8 or 32) inside name constraints.
    Ip(Vec<u8>),
    Directory(Name),
    Other(String),
    /// Not decodable (e.g. a dNSName that is not IA5).
    Invalid(String),
}

impl GeneralName {
    pub fn from_parsed(g: &x509_parser::extensions::GeneralName<'_>) -> Self {
        use x509_parser::extensions::GeneralName as G;
        match g {
            G::DNSName(s) => GeneralName::Dns(s.to_string()),
            G::RFC822Name(s) => GeneralName::Email(s.to_string()),
            G::URI(s) => GeneralName::Uri(s.to_string()),
            G::IPAddress(b) => GeneralName::Ip(b.to_vec()),
            G::DirectoryName(n) => GeneralName::Directory(Name::from_parsed(n)),
            G::OtherName(oid, _) => GeneralName::Other(format!("otherName {}", oid.to_id_string())),
            G::RegisteredID(oid) => GeneralName::Other(format!("registeredID {}", oid.to_id_string())),
            G::X400Address(_) => GeneralName::Other("x400Address".into()),
            G::EDIPartyName(_) => GeneralName::Other("ediPartyName".into()),
            G::Invalid(tag, raw) => GeneralName::Invalid(format!("tag {} ({} bytes)", tag.0, raw.len())),
        }
    }

    /// Plain text for display. Never markup: callers render it as text.
    pub fn display(&self) -> String {
        match self {
            GeneralName::Dns(s) => format!("DNS:{s}"),
            GeneralName::Email(s) => format!("email:{s}"),
            GeneralName::Uri(s) => format!("URI:{s}"),
            GeneralName::Ip(b) => format!("IP:{}", ip_display(b)),
            GeneralName::Directory(n) => format!("DirName:{}", n.rfc4514),
            GeneralName::Other(s) => s.clone(),
            GeneralName::Invalid(s) => format!("invalid name ({s})"),
        }
    }
}

/// An IPv4/IPv6 address, or address/mask as used in name constraints.
pub fn ip_display(b: &[u8]) -> String {
    match b.len() {
        4 => std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string(),
        16 => {
            let mut a = [0u8; 16];
            a.copy_from_slice(b);
            std::net::Ipv6Addr::from(a).to_string()
        }
        8 | 32 => format!("{}/{}", ip_display(&b[..b.len() / 2]), ip_display(&b[b.len() / 2..])),
        _ => format!("#{}", super::hex_upper(b)),
    }
}

/// Readable names for the OIDs people meet in certificates. Apple's names are those of Apple's
/// open-source Security framework (`oids.h`/`SecPolicy.c`) and Apple's CA documents
/// (Apple PKI, "Certification Practice Statement").
pub fn oid_name(oid: &str) -> Option<&'static str> {
    // Digest, signature and key algorithms: the one table of them.
    if let Some(a) = super::algorithms::algorithm(oid) {
        return Some(a.name);
    }
    Some(match oid {
        // Extensions (RFC 5280 §4.2, RFC 6962).
        "2.5.29.14" => "subjectKeyIdentifier",
        "2.5.29.15" => "keyUsage",
        "2.5.29.17" => "subjectAltName",
        "2.5.29.18" => "issuerAltName",
        "2.5.29.19" => "basicConstraints",
        "2.5.29.30" => "nameConstraints",
        "2.5.29.31" => "cRLDistributionPoints",
        "2.5.29.32" => "certificatePolicies",
        "2.5.29.33" => "policyMappings",
        "2.5.29.35" => "authorityKeyIdentifier",
        "2.5.29.36" => "policyConstraints",
        "2.5.29.37" => "extKeyUsage",
        "2.5.29.54" => "inhibitAnyPolicy",
        "1.3.6.1.5.5.7.1.1" => "authorityInfoAccess",
        "1.3.6.1.5.5.7.1.11" => "subjectInfoAccess",
        "1.3.6.1.4.1.11129.2.4.2" => "signedCertificateTimestampList",
        "1.3.6.1.4.1.11129.2.4.3" => "CT precertificate poison",
        "2.16.840.1.113730.1.1" => "netscapeCertType",
        "2.16.840.1.113730.1.13" => "netscapeComment",
        // Extended key usages (RFC 5280 §4.2.1.12).
        "2.5.29.37.0" => "anyExtendedKeyUsage",
        "1.3.6.1.5.5.7.3.1" => "serverAuth",
        "1.3.6.1.5.5.7.3.2" => "clientAuth",
        "1.3.6.1.5.5.7.3.3" => "codeSigning",
        "1.3.6.1.5.5.7.3.4" => "emailProtection",
        "1.3.6.1.5.5.7.3.8" => "timeStamping",
        "1.3.6.1.5.5.7.3.9" => "OCSPSigning",
        "1.3.6.1.5.5.7.48.1" => "OCSP",
        "1.3.6.1.5.5.7.48.2" => "caIssuers",
        "2.5.29.32.0" => "anyPolicy",
        "2.23.140.1.2.1" => "CA/B domain validated",
        "2.23.140.1.2.2" => "CA/B organization validated",
        // Apple's arc: named from the one table of Apple OIDs, with its sources.
        _ if super::is_apple_arc(oid) => return Some(super::apple_oid(oid).map(|a| a.name).unwrap_or("Apple OID, not documented")),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4514_escapes_specials() {
        assert_eq!(escape_rfc4514("a,b+c"), "a\\,b\\+c");
        assert_eq!(escape_rfc4514(" lead"), "\\ lead");
        assert_eq!(escape_rfc4514("#x"), "\\#x");
        assert_eq!(escape_rfc4514("<img src=x>"), "\\<img src=x\\>");
    }

    #[test]
    fn ip_addresses_and_masks_display() {
        assert_eq!(ip_display(&[192, 0, 2, 1]), "192.0.2.1");
        assert_eq!(ip_display(&[192, 0, 2, 0, 255, 255, 255, 0]), "192.0.2.0/255.255.255.0");
        let mut v6 = [0u8; 16];
        v6[15] = 1;
        assert_eq!(ip_display(&v6), "::1");
    }

    #[test]
    fn apple_oids_are_named() {
        assert_eq!(oid_name("1.2.840.113635.100.6.10.4"), Some("Apple OID, not documented"));
        assert_eq!(oid_name("1.2.840.113635.100.5.1"), Some("Apple certificate policy"));
        assert_eq!(oid_name("1.2.3"), None);
    }
}
