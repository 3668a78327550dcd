//! One SignerInfo (RFC 5652 §5.3), decoded as `cms::signed_data::SignerInfo`.
//!
//! ```text
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
//!
//! SignedAttributes ::= SET SIZE (1..MAX) OF Attribute
//! Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF AttributeValue }
//! ```

use super::CmsError;
use crate::asn1;
use cms::cert::x509::der::asn1::{AnyRef, GeneralizedTime, ObjectIdentifier, OctetString, UtcTime};
use cms::cert::x509::der::oid::db::rfc5911;
use cms::cert::x509::der::{self, Decode, Encode, Reader as _, SliceReader, Tag, TagNumber, Tagged};
use cms::cert::x509::time::Time;
use cms::signed_data::{SignerIdentifier, SignerInfo};

/// How a signer names its certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerId {
    IssuerSerial { issuer_der: Vec<u8>, serial: Vec<u8> },
    SubjectKeyId(Vec<u8>),
}

/// One SignerInfo, with the signed attributes the verification needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub sid: SignerId,
    pub digest_oid: String,
    /// The signed attributes exactly as received (`[0] IMPLICIT`, after BER normalisation); the
    /// signature is verified over these bytes re-tagged as SET, never over a re-encoding (`der`
    /// sorts a SET OF when it decodes it; a signer that did not sort signed what it sent).
    pub signed_attrs: Option<Vec<u8>>,
    pub content_type: Option<String>,
    pub message_digest: Option<Vec<u8>>,
    /// signingTime as seconds since the epoch.
    pub signing_time: Option<i64>,
    /// contentType, messageDigest or signingTime repeated or multi-valued (RFC 5652 §11.1–§11.3
    /// allow one attribute with one value): each fails the signer, as in OpenSSL.
    pub attribute_problems: Vec<AttributeProblem>,
    pub signature_oid: String,
    /// The signature algorithm's parameters (DER), absent or NULL as `None`.
    pub signature_params: Option<Vec<u8>>,
    pub signature: Vec<u8>,
}

/// The signed attributes RFC 5652 defines and the verification reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmsAttribute {
    /// §11.1
    ContentType,
    /// §11.2
    MessageDigest,
    /// §11.3
    SigningTime,
}

impl CmsAttribute {
    pub fn name(self) -> &'static str {
        match self {
            CmsAttribute::ContentType => "contentType",
            CmsAttribute::MessageDigest => "messageDigest",
            CmsAttribute::SigningTime => "signingTime",
        }
    }

    fn section(self) -> &'static str {
        match self {
            CmsAttribute::ContentType => "§11.1",
            CmsAttribute::MessageDigest => "§11.2",
            CmsAttribute::SigningTime => "§11.3",
        }
    }
}

/// One of those attributes present more than once, or with more than one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttributeProblem {
    pub attribute: CmsAttribute,
    /// How many attributes of this type (`repeated`), or how many values one holds.
    pub count: usize,
    pub repeated: bool,
}

impl std::fmt::Display for AttributeProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (name, section, n) = (self.attribute.name(), self.attribute.section(), self.count);
        if self.repeated {
            write!(f, "the signed attributes hold {n} {name} attributes; RFC 5652 {section} allows one")
        } else {
            write!(f, "the {name} attribute has {n} values; RFC 5652 {section} allows one")
        }
    }
}

/// `signedAttrs [0] IMPLICIT SignedAttributes`.
const SIGNED_ATTRS: Tag = Tag::ContextSpecific { constructed: true, number: TagNumber::N0 };

/// A SET OF inside a SignerInfo (signed and unsigned attributes, attribute values, the issuer's
/// relative distinguished names) holds at most this many elements. `der` sorts each SET OF it
/// decodes with an insertion sort, quadratic when hostile input is in reverse order; no signer
/// writes more than a dozen attributes or a few names per RDN.
pub const MAX_SET_ELEMENTS: usize = 64;

impl Signer {
    /// Decodes one SignerInfo from its DER (`tlv`: tag, length and contents as received).
    pub(super) fn decode(tlv: &[u8]) -> Result<Self, CmsError> {
        asn1::check_set_widths(tlv, MAX_SET_ELEMENTS)?;
        let si = SignerInfo::from_der(tlv)?;
        let received = Received::of(tlv)?;
        let sid = match &si.sid {
            SignerIdentifier::IssuerAndSerialNumber(ias) => {
                // The issuer as received: `der` sorts the names' SETs, the certificate holds them as written.
                let issuer = SliceReader::new(AnyRef::from_der(received.sid)?.value())?.tlv_bytes()?;
                SignerId::IssuerSerial { issuer_der: issuer.to_vec(), serial: ias.serial_number.as_bytes().to_vec() }
            }
            SignerIdentifier::SubjectKeyIdentifier(k) => SignerId::SubjectKeyId(k.0.as_bytes().to_vec()),
        };
        let mut content_type = None;
        let mut message_digest = None;
        let mut signing_time = None;
        let mut attribute_problems = Vec::new();
        for (oid, attribute) in [
            (rfc5911::ID_CONTENT_TYPE, CmsAttribute::ContentType),
            (rfc5911::ID_MESSAGE_DIGEST, CmsAttribute::MessageDigest),
            (rfc5911::ID_SIGNING_TIME, CmsAttribute::SigningTime),
        ] {
            let found: Vec<_> = si.signed_attrs.iter().flat_map(|a| a.iter()).filter(|a| a.oid == oid).collect();
            if found.len() > 1 {
                attribute_problems.push(AttributeProblem { attribute, count: found.len(), repeated: true });
            }
            for a in found.iter().filter(|a| a.values.len() != 1) {
                attribute_problems.push(AttributeProblem { attribute, count: a.values.len(), repeated: false });
            }
        }
        for attr in si.signed_attrs.iter().flat_map(|a| a.iter()) {
            let Some(value) = attr.values.iter().next() else { continue };
            if attr.oid == rfc5911::ID_CONTENT_TYPE {
                content_type = value.decode_as::<ObjectIdentifier>().ok().map(|o| o.to_string());
            } else if attr.oid == rfc5911::ID_MESSAGE_DIGEST {
                message_digest = value.decode_as::<OctetString>().ok().map(OctetString::into_bytes);
            } else if attr.oid == rfc5911::ID_SIGNING_TIME {
                // UTCTime (RFC 5280 §4.1.2.5.1 century rule) or GeneralizedTime.
                let time = match value.tag() {
                    Tag::UtcTime => value.decode_as::<UtcTime>().map(Time::UtcTime),
                    _ => value.decode_as::<GeneralizedTime>().map(Time::GeneralTime),
                };
                signing_time = time.ok().and_then(|t| i64::try_from(t.to_unix_duration().as_secs()).ok());
            }
        }
        let params = si.signature_algorithm.parameters.as_ref().filter(|p| p.tag() != Tag::Null);
        Ok(Signer {
            sid,
            digest_oid: si.digest_alg.oid.to_string(),
            signed_attrs: received.signed_attrs.map(<[u8]>::to_vec),
            content_type,
            message_digest,
            signing_time,
            attribute_problems,
            signature_oid: si.signature_algorithm.oid.to_string(),
            signature_params: params.map(Encode::to_der).transpose()?,
            signature: si.signature.into_bytes(),
        })
    }

    /// The bytes the signature covers when signed attributes are present: the attributes as
    /// received with the `[0]` tag replaced by `SET OF` (RFC 5652 §5.4: "the IMPLICIT [0] tag in
    /// the signedAttrs is not used for the DER encoding, rather an EXPLICIT SET OF tag is used").
    pub fn signed_attrs_for_signature(&self) -> Option<Vec<u8>> {
        self.signed_attrs.as_ref().map(|a| {
            let mut v = a.clone();
            if let Some(first) = v.first_mut() {
                *first = asn1::tag::SET;
            }
            v
        })
    }
}

/// Elements of a SignerInfo as received, for what is compared or verified byte for byte.
struct Received<'a> {
    sid: &'a [u8],
    signed_attrs: Option<&'a [u8]>,
}

impl<'a> Received<'a> {
    /// `sid` after version; `signedAttrs` after digestAlgorithm, when its tag is `[0]`.
    fn of(tlv: &'a [u8]) -> der::Result<Self> {
        let mut r = SliceReader::new(AnyRef::from_der(tlv)?.value())?;
        r.tlv_bytes()?;
        let sid = r.tlv_bytes()?;
        r.tlv_bytes()?;
        let signed_attrs = if r.peek_tag()? == SIGNED_ATTRS { Some(r.tlv_bytes()?) } else { None };
        Ok(Received { sid, signed_attrs })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{signed_data, tlv};
    use super::*;
    use crate::cms::SignedData;

    /// A SignerInfo { 1, sid, sha256, [0] attrs, rsaEncryption, signature } from its attributes.
    fn signer_info(attrs: &[u8]) -> Vec<u8> {
        signer_info_by(&tlv(0x30, &[]), attrs)
    }

    /// The same, naming its certificate by `issuer` (a Name's DER) and serial number 7.
    fn signer_info_by(issuer: &[u8], attrs: &[u8]) -> Vec<u8> {
        let sid = tlv(0x30, &[issuer, &[0x02, 0x01, 0x07]].concat());
        let sha256 = tlv(0x30, &[0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]);
        let rsa = tlv(0x30, &[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]);
        tlv(0x30, &[&[0x02, 0x01, 0x01][..], &sid, &sha256, &tlv(0xa0, attrs), &rsa, &tlv(0x04, &[1, 2, 3])].concat())
    }

    /// Attribute { 1.2.3.n, { NULL } }
    fn attribute(n: u8) -> Vec<u8> {
        tlv(0x30, &[&[0x06, 0x03, 0x2a, 0x03, n][..], &tlv(0x31, &[0x05, 0x00])].concat())
    }

    /// Signed attributes not in DER order are kept as received (a re-encoding by `der` would
    /// sort them and break the signature).
    #[test]
    fn signed_attributes_keep_their_received_order() {
        let attrs = [attribute(2), attribute(1)].concat();
        let sd = SignedData::parse(&signed_data(&tlv(0x04, b"x"), &[], &signer_info(&attrs))).unwrap(); // ok: test
        let s = &sd.signers[0];
        assert_eq!(s.signed_attrs_for_signature(), Some(tlv(0x31, &attrs)));
        assert_eq!(s.sid, SignerId::IssuerSerial { issuer_der: vec![0x30, 0x00], serial: vec![7] });
        assert_eq!((s.digest_oid.as_str(), s.signature_oid.as_str()), ("2.16.840.1.101.3.4.2.1", "1.2.840.113549.1.1.1"));
        assert_eq!((s.signature_params.as_deref(), s.signature.as_slice()), (None, &[1u8, 2, 3][..]));
    }

    /// The issuer is kept as received: here one RDN { OU=b, CN=a } not in DER order (CN's
    /// encoding sorts first), which `der` would sort when re-encoding the Name.
    #[test]
    fn the_issuer_is_kept_as_received() {
        let atv = |t: u8, v: u8| tlv(0x30, &[&[0x06, 0x03, 0x55, 0x04, t][..], &tlv(0x0c, &[v])].concat());
        let issuer = tlv(0x30, &tlv(0x31, &[atv(0x0b, b'b'), atv(0x03, b'a')].concat()));
        let sd = SignedData::parse(&signed_data(&tlv(0x04, b"x"), &[], &signer_info_by(&issuer, &attribute(1)))).unwrap(); // ok: test
        assert_eq!(sd.signers[0].sid, SignerId::IssuerSerial { issuer_der: issuer, serial: vec![7] });
    }

    /// Hostile shapes end with a message: an unsigned attribute value nested 20,000 levels deep
    /// (DER, definite lengths) is not walked past `MAX_DEPTH`, and a length of 2 GiB is refused.
    #[test]
    fn deep_nesting_and_huge_lengths_in_a_signer_end_with_a_message() {
        let mut deep = vec![0x05, 0x00];
        for _ in 0..20_000 {
            deep = tlv(0x30, &deep);
        }
        let unsigned = tlv(0xa1, &tlv(0x30, &[&[0x06, 0x03, 0x2a, 0x03, 0x09][..], &tlv(0x31, &deep)].concat()));
        let plain = signer_info(&attribute(1));
        let si = tlv(0x30, &[AnyRef::from_der(&plain).map(|a| a.value().to_vec()).unwrap_or_default(), unsigned].concat());
        let parsed = SignedData::parse(&signed_data(&tlv(0x04, b"x"), &[], &si));
        assert!(parsed.is_ok_and(|sd| sd.signers.len() == 1));
        let huge = [0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01];
        let e = SignedData::parse(&signed_data(&tlv(0x04, b"x"), &[], &huge)).expect_err("huge"); // ok: test
        assert!(e.to_string().starts_with("the signed data is damaged"), "{e}");
    }

    /// contentType, messageDigest and signingTime (UTCTime, RFC 5280's century rule) are read
    /// from the signed attributes.
    #[test]
    fn the_signed_attributes_verification_needs_are_read() {
        let attr = |oid_last: u8, value: Vec<u8>| {
            let oid = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, oid_last];
            tlv(0x30, &[&oid[..], &tlv(0x31, &value)].concat())
        };
        let data = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01].to_vec();
        let attrs = [attr(3, data), attr(5, tlv(0x17, b"191108144136Z")), attr(4, tlv(0x04, &[0xab; 32]))].concat();
        let sd = SignedData::parse(&signed_data(&tlv(0x04, b"x"), &[], &signer_info(&attrs))).unwrap(); // ok: test
        let s = &sd.signers[0];
        assert_eq!(s.content_type.as_deref(), Some("1.2.840.113549.1.7.1"));
        assert_eq!(s.message_digest.as_deref(), Some(&[0xab; 32][..]));
        assert_eq!(s.signing_time, Some(1_573_224_096));
    }

    /// Thousands of signed attributes in reverse DER order are refused by their count, before
    /// `der` would sort them (quadratic).
    #[test]
    fn a_set_wider_than_any_signer_writes_is_refused_before_sorting() {
        // Attribute { 1.2.3.v, { NULL } } for v from 3,127 down to 128 (two-byte arcs).
        let attribute = |v: u32| tlv(0x30, &[&[0x06, 0x04, 0x2a, 0x03, 0x80 | (v >> 7) as u8, (v & 0x7f) as u8][..], &tlv(0x31, &[0x05, 0x00])].concat());
        let attrs: Vec<u8> = (128..3_128u32).rev().flat_map(attribute).collect();
        let e = SignedData::parse(&signed_data(&tlv(0x04, b"x"), &[], &signer_info(&attrs))).expect_err("too wide"); // ok: test
        assert_eq!(e, CmsError::Asn1(asn1::Asn1Error::TooWide { max: MAX_SET_ELEMENTS }), "{e}");
    }

    /// RFC 5652 §11.1–§11.3: contentType, messageDigest and signingTime each appear at most
    /// once in the signed attributes, with a single value. A second, different messageDigest
    /// (or a second value) is reported, so the signer fails as it does in OpenSSL, instead of
    /// one of them being picked.
    #[test]
    fn a_repeated_or_multi_valued_cms_attribute_is_a_problem() {
        let attr = |oid_last: u8, values: &[Vec<u8>]| {
            let oid = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, oid_last];
            tlv(0x30, &[&oid[..], &tlv(0x31, &values.concat())].concat())
        };
        let md = |b: u8| tlv(0x04, &[b; 32]);
        let parse = |attrs: Vec<u8>| SignedData::parse(&signed_data(&tlv(0x04, b"x"), &[], &signer_info(&attrs))).unwrap().signers.remove(0); // ok: test
        let single = parse(attr(4, &[md(0xab)]));
        assert!(single.attribute_problems.is_empty(), "{:?}", single.attribute_problems);
        let twice = parse([attr(4, &[md(0xab)]), attr(4, &[md(0xcd)])].concat());
        let texts = |s: &Signer| s.attribute_problems.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(texts(&twice), vec!["the signed attributes hold 2 messageDigest attributes; RFC 5652 §11.2 allows one".to_string()]);
        let two_values = parse(attr(4, &[md(0xab), md(0xcd)]));
        assert_eq!(texts(&two_values), vec!["the messageDigest attribute has 2 values; RFC 5652 §11.2 allows one".to_string()]);
    }
}
