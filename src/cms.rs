//! CMS SignedData (RFC 5652 §5), read from DER or BER.
//!
//! ```text
//! ContentInfo ::= SEQUENCE {
//!   contentType ContentType,
//!   content [0] EXPLICIT ANY DEFINED BY contentType }
//!
//! SignedData ::= SEQUENCE {
//!   version CMSVersion,
//!   digestAlgorithms DigestAlgorithmIdentifiers,
//!   encapContentInfo EncapsulatedContentInfo,
//!   certificates [0] IMPLICIT CertificateSet OPTIONAL,
//!   crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
//!   signerInfos SignerInfos }
//!
//! EncapsulatedContentInfo ::= SEQUENCE {
//!   eContentType ContentType,
//!   eContent [0] EXPLICIT OCTET STRING OPTIONAL }
//!
//! SignerInfo ::= SEQUENCE {
//!   version CMSVersion,
//!   sid SignerIdentifier,
//!   digestAlgorithm DigestAlgorithmIdentifier,
//!   signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL,
//!   signatureAlgorithm SignatureAlgorithmIdentifier,
//!   signature SignatureValue,
//!   unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
//!
//! SignerIdentifier ::= CHOICE {
//!   issuerAndSerialNumber IssuerAndSerialNumber,
//!   subjectKeyIdentifier [0] SubjectKeyIdentifier }
//! ```
//! Apple's tools (`security cms -S`, Apple Configurator) write BER with indefinite lengths; it
//! is normalised with [`crate::asn1::ber_to_der`] before reading.

use crate::asn1::{self, oid_to_string, tag, Asn1Error, Reader, Tlv};
use std::fmt;

pub const OID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
pub const OID_DATA: &str = "1.2.840.113549.1.7.1";
const OID_CONTENT_TYPE: &str = "1.2.840.113549.1.9.3";
const OID_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const OID_SIGNING_TIME: &str = "1.2.840.113549.1.9.5";

/// Why bytes are not a readable SignedData.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CmsError {
    Asn1(Asn1Error),
    /// A ContentInfo of another type (enveloped data, …).
    NotSignedData(String),
}

impl fmt::Display for CmsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CmsError::Asn1(e) => write!(f, "the signed data is damaged: {e}"),
            CmsError::NotSignedData(oid) => write!(f, "CMS content of type {oid} is not signed data"),
        }
    }
}

impl std::error::Error for CmsError {}

impl From<Asn1Error> for CmsError {
    fn from(e: Asn1Error) -> Self {
        CmsError::Asn1(e)
    }
}

/// How a signer names its certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerId {
    IssuerSerial { issuer_der: Vec<u8>, serial: Vec<u8> },
    SubjectKeyId(Vec<u8>),
}

/// One SignerInfo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub sid: SignerId,
    pub digest_oid: String,
    /// The signed attributes as encoded (`[0] IMPLICIT`); verify over them re-tagged as SET.
    pub signed_attrs: Option<Vec<u8>>,
    pub content_type: Option<String>,
    pub message_digest: Option<Vec<u8>>,
    /// signingTime as seconds since the epoch.
    pub signing_time: Option<i64>,
    pub signature_oid: String,
    pub signature_params: Option<Vec<u8>>,
    pub signature: Vec<u8>,
}

impl Signer {
    /// The bytes the signature covers when signed attributes are present: their DER with the
    /// `[0]` tag replaced by `SET OF` (RFC 5652 §5.4).
    pub fn signed_attrs_for_signature(&self) -> Option<Vec<u8>> {
        self.signed_attrs.as_ref().map(|a| {
            let mut v = a.clone();
            if let Some(first) = v.first_mut() {
                *first = tag::SET;
            }
            v
        })
    }
}

/// A parsed SignedData.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedData {
    pub version: u32,
    pub content_type: String,
    /// The encapsulated content; `None` for a detached signature.
    pub content: Option<Vec<u8>>,
    /// DER of each certificate carried (other certificate choices are skipped).
    pub certificates: Vec<Vec<u8>>,
    pub signers: Vec<Signer>,
    /// True when the input was BER that needed normalising.
    pub was_ber: bool,
}

impl SignedData {
    /// Parses a ContentInfo holding SignedData, in DER or BER.
    pub fn parse(input: &[u8]) -> Result<Self, CmsError> {
        let was_ber = asn1::is_ber_only(input);
        let der;
        let bytes = if was_ber {
            der = asn1::ber_to_der(input)?;
            &der[..]
        } else {
            input
        };
        let mut sd = Self::parse_der(bytes)?;
        sd.was_ber = was_ber;
        Ok(sd)
    }

    fn parse_der(der: &[u8]) -> Result<Self, CmsError> {
        let ci = Reader::new(der).read_tag(tag::SEQUENCE, "ContentInfo")?;
        let mut r = ci.reader();
        let oid = read_oid(&mut r)?;
        if oid != OID_SIGNED_DATA {
            return Err(CmsError::NotSignedData(oid));
        }
        let explicit = r.read_tag(tag::CTX0, "[0] content")?;
        let sd = explicit.reader().read_tag(tag::SEQUENCE, "SignedData")?;
        let mut r = sd.reader();
        let version = small_int(r.read_tag(tag::INTEGER, "version")?);
        r.read_tag(tag::SET, "digestAlgorithms")?;
        let encap = r.read_tag(tag::SEQUENCE, "EncapsulatedContentInfo")?;
        let mut er = encap.reader();
        let content_type = read_oid(&mut er)?;
        let content = match er.read_optional(tag::CTX0)? {
            Some(e) => {
                let inner = e.reader().read()?;
                // PKCS#7 v1.5 producers (Authenticode) put a SEQUENCE here rather than an OCTET
                // STRING; the digest covers the contents octets either way (RFC 2315 §9.3,
                // RFC 5652 §5.4), never the tag and length.
                Some(inner.value.to_vec())
            }
            None => None,
        };
        let mut certificates = Vec::new();
        if let Some(certs) = r.read_optional(tag::CTX0)? {
            let mut cr = certs.reader();
            while !cr.is_empty() {
                let c = cr.read()?;
                if c.tag == tag::SEQUENCE {
                    certificates.push(c.raw.to_vec());
                }
            }
        }
        r.read_optional(tag::CTX1)?;
        let infos = r.read_tag(tag::SET, "signerInfos")?;
        let mut signers = Vec::new();
        let mut sr = infos.reader();
        while !sr.is_empty() {
            signers.push(parse_signer(sr.read_tag(tag::SEQUENCE, "SignerInfo")?)?);
        }
        Ok(SignedData { version, content_type, content, certificates, signers, was_ber: false })
    }
}

fn read_oid(r: &mut Reader<'_>) -> Result<String, CmsError> {
    let t = r.read_tag(tag::OID, "an OBJECT IDENTIFIER")?;
    oid_to_string(t.value).ok_or(CmsError::Asn1(Asn1Error::BadLength { offset: 0 }))
}

fn small_int(t: Tlv<'_>) -> u32 {
    t.value.iter().take(4).fold(0u32, |a, b| (a << 8) | u32::from(*b))
}

fn algorithm(t: Tlv<'_>) -> Result<(String, Option<Vec<u8>>), CmsError> {
    let mut r = t.reader();
    let oid = read_oid(&mut r)?;
    let params = if r.is_empty() {
        None
    } else {
        let p = r.read()?;
        (p.tag != tag::NULL).then(|| p.raw.to_vec())
    };
    Ok((oid, params))
}

fn parse_signer(si: Tlv<'_>) -> Result<Signer, CmsError> {
    let mut r = si.reader();
    r.read_tag(tag::INTEGER, "version")?;
    let sid_tlv = r.read()?;
    let sid = match sid_tlv.tag {
        tag::SEQUENCE => {
            let mut ir = sid_tlv.reader();
            let issuer = ir.read_tag(tag::SEQUENCE, "issuer Name")?;
            let serial = ir.read_tag(tag::INTEGER, "serialNumber")?;
            SignerId::IssuerSerial { issuer_der: issuer.raw.to_vec(), serial: serial.value.to_vec() }
        }
        tag::CTX0_PRIM => SignerId::SubjectKeyId(sid_tlv.value.to_vec()),
        found => return Err(Asn1Error::Unexpected { offset: 0, expected: "a SignerIdentifier", found }.into()),
    };
    let (digest_oid, _) = algorithm(r.read_tag(tag::SEQUENCE, "digestAlgorithm")?)?;
    let mut content_type = None;
    let mut message_digest = None;
    let mut signing_time = None;
    let signed_attrs = match r.read_optional(tag::CTX0)? {
        Some(attrs) => {
            let mut ar = attrs.reader();
            while !ar.is_empty() {
                let attr = ar.read_tag(tag::SEQUENCE, "Attribute")?;
                let mut a = attr.reader();
                let oid = read_oid(&mut a)?;
                let values = a.read_tag(tag::SET, "attribute values")?;
                let Ok(first) = values.reader().read() else { continue };
                match oid.as_str() {
                    OID_CONTENT_TYPE if first.tag == tag::OID => content_type = oid_to_string(first.value),
                    OID_MESSAGE_DIGEST if first.tag == tag::OCTET_STRING => message_digest = Some(first.value.to_vec()),
                    OID_SIGNING_TIME => signing_time = parse_time(first),
                    _ => {}
                }
            }
            Some(attrs.raw.to_vec())
        }
        None => None,
    };
    let (signature_oid, signature_params) = algorithm(r.read_tag(tag::SEQUENCE, "signatureAlgorithm")?)?;
    let signature = r.read_tag(tag::OCTET_STRING, "signature")?.value.to_vec();
    Ok(Signer { sid, digest_oid, signed_attrs, content_type, message_digest, signing_time, signature_oid, signature_params, signature })
}

/// UTCTime (YYMMDDHHMMSSZ, RFC 5280 §4.1.2.5.1 century rule) or GeneralizedTime (YYYYMMDDHHMMSSZ).
fn parse_time(t: Tlv<'_>) -> Option<i64> {
    let s = std::str::from_utf8(t.value).ok()?;
    let digits = s.trim_end_matches('Z');
    let (year, rest) = match t.tag {
        tag::UTC_TIME => {
            let yy: i32 = digits.get(..2)?.parse().ok()?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, digits.get(2..)?)
        }
        tag::GENERALIZED_TIME => (digits.get(..4)?.parse().ok()?, digits.get(4..)?),
        _ => return None,
    };
    let n = |i: usize| rest.get(i..i + 2).and_then(|v| v.parse::<u8>().ok());
    let month = ::time::Month::try_from(n(0)?).ok()?;
    let date = ::time::Date::from_calendar_date(year, month, n(2)?).ok()?;
    let t = ::time::Time::from_hms(n(4)?, n(6)?, n(8).unwrap_or(0)).ok()?;
    Some(date.with_time(t).assume_utc().unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_decode() {
        let utc = [0x17, 0x0d, b'1', b'9', b'1', b'1', b'0', b'8', b'1', b'4', b'4', b'1', b'3', b'6', b'Z'];
        let t = Reader::new(&utc).read().unwrap(); // ok: test
        assert_eq!(parse_time(t), Some(1_573_224_096));
    }

    #[test]
    fn other_content_types_are_named() {
        // ContentInfo { data, [0] { OCTET STRING "" } }
        let ci = [0x30, 0x0f, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x02, 0x04, 0x00];
        assert_eq!(SignedData::parse(&ci), Err(CmsError::NotSignedData(OID_DATA.into())));
        assert!(SignedData::parse(&ci[..5]).is_err());
    }

    /// A TLV from its tag and contents (short or long form length).
    fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        crate::asn1::push_header(&mut v, tag, body.len());
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn sequence_content_is_its_contents_octets() {
        // SignedData { 1, {}, { data, [0] { SEQUENCE { INTEGER 5 } } }, signerInfos {} }
        let oid_data = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
        let oid_sd = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
        let content = tlv(0xa0, &tlv(0x30, &[0x02, 0x01, 0x05]));
        let encap = tlv(0x30, &[&oid_data[..], &content].concat());
        let sd = tlv(0x30, &[&[0x02, 0x01, 0x01, 0x31, 0x00][..], &encap, &[0x31, 0x00]].concat());
        let ci = tlv(0x30, &[&oid_sd[..], &tlv(0xa0, &sd)].concat());
        let parsed = SignedData::parse(&ci).unwrap(); // ok: test
        assert_eq!(parsed.content.as_deref(), Some(&[0x02, 0x01, 0x05][..]));
    }
}
