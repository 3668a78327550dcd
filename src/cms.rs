//! CMS SignedData (RFC 5652 §5), read from DER or BER with the RustCrypto `cms` crate's types.
//!
//! Apple's tools (`security cms -S`, Apple Configurator) write BER with indefinite lengths, which
//! no `cms` release reads ("indefinite length disallowed"): [`crate::asn1::ber_to_der`] normalises
//! it first, and `wrapping` writes the unsigned wrapping's non-minimal lengths in DER. Then `cms` decodes each structure:
//!
//! ```text
//! ContentInfo ::= SEQUENCE {                          -- cms::content_info::ContentInfo
//!   contentType ContentType,
//!   content [0] EXPLICIT ANY DEFINED BY contentType }
//!
//! SignedData ::= SEQUENCE {                           -- read field by field, see below
//!   version CMSVersion,                               -- cms::content_info::CmsVersion
//!   digestAlgorithms DigestAlgorithmIdentifiers,
//!   encapContentInfo EncapsulatedContentInfo,         -- cms::signed_data::EncapsulatedContentInfo
//!   certificates [0] IMPLICIT CertificateSet OPTIONAL,
//!   crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
//!   signerInfos SignerInfos }
//!
//! EncapsulatedContentInfo ::= SEQUENCE {
//!   eContentType ContentType,
//!   eContent [0] EXPLICIT OCTET STRING OPTIONAL }
//! ```
//!
//! The two SET OFs of SignedData (`CertificateSet`, `SignerInfos`) are walked element by element
//! instead of through `cms::signed_data::SignedData`: `der` sorts a SET OF when it decodes it
//! (an insertion sort that re-encodes both elements at each comparison: quadratic in thousands of
//! hostile certificates) and so loses the order the report shows and the exact bytes of each
//! certificate. Each element is still one of the crate's types (see [`signer`] and
//! [`certificate_choice`]).

mod signer;
mod verify;
mod wrapping;

pub use signer::{AttributeProblem, CmsAttribute, Signer, SignerId};
pub use verify::{names, verify_signer, DigestCheck, SignerProblem, SignerVerification, MAX_SIGNER_CANDIDATES, MAX_SPARE_CANDIDATES};

use crate::asn1::{self, Asn1Error};
use cms::cert::x509::der::{self, asn1::AnyRef, oid::db::rfc5911, Decode, Reader as _, SliceReader, Tag, TagNumber, Tagged};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::EncapsulatedContentInfo;
use std::fmt;

/// Why bytes are not a readable SignedData.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CmsError {
    /// The BER → DER normaliser refused the bytes (cut off, nested too deep, …).
    Asn1(Asn1Error),
    /// A structure is not what RFC 5652 says, as `der` decodes it.
    Der(der::Error),
    /// A ContentInfo of another type (enveloped data, …).
    NotSignedData(String),
}

impl fmt::Display for CmsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CmsError::Asn1(e) => write!(f, "the signed data is damaged: {e}"),
            CmsError::Der(e) => match e.kind() {
                der::ErrorKind::Incomplete { .. } => f.write_str("the signed data is damaged: the data ends early (cut off when it was copied?)"),
                _ => write!(f, "the signed data is damaged: {e}"),
            },
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

impl From<der::Error> for CmsError {
    fn from(e: der::Error) -> Self {
        CmsError::Der(e)
    }
}

/// A parsed SignedData.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedData {
    pub version: CmsVersion,
    /// eContentType, dotted (`1.2.840.113549.1.7.1`).
    pub content_type: String,
    /// The encapsulated content; `None` for a detached signature.
    pub content: Option<Vec<u8>>,
    /// DER of each certificate carried, in the order received (other certificate choices are
    /// skipped).
    pub certificates: Vec<Vec<u8>>,
    /// Entries of the certificate set that are not X.509 certificates (attribute certificates,
    /// other formats): not read, and said so in the report.
    pub other_certificate_choices: usize,
    /// Certificates past [`MAX_CERTIFICATES`]: counted, not read.
    pub certificates_not_read: usize,
    /// DER of each CRL of `crls` (RevocationInfoChoice `crl CertificateList`), in the order
    /// received; other revocation formats are skipped.
    pub crls: Vec<Vec<u8>>,
    /// The signers in the order received.
    pub signers: Vec<Signer>,
    /// True when the input was BER that needed normalising.
    pub was_ber: bool,
}

/// At most this many certificates of a CertificateSet are read (a profile or device request
/// carries a handful): each one read is evaluated, so the rest are counted, not read, and the
/// report says so (issue 19 item 3).
pub const MAX_CERTIFICATES: usize = 4_096;

/// `certificates [0] IMPLICIT CertificateSet` and `crls [1] IMPLICIT RevocationInfoChoices`.
const CERTIFICATES: Tag = Tag::ContextSpecific { constructed: true, number: TagNumber::N0 };
const CRLS: Tag = Tag::ContextSpecific { constructed: true, number: TagNumber::N1 };

impl SignedData {
    /// Parses a ContentInfo holding SignedData, in DER or BER. Bytes after the ContentInfo are
    /// ignored (mail and download tools append them).
    pub fn parse(input: &[u8]) -> Result<Self, CmsError> {
        let indefinite = asn1::is_ber_only(input);
        let der;
        let mut bytes = if indefinite {
            der = asn1::ber_to_der(input)?;
            &der[..]
        } else {
            input
        };
        // Non-minimal lengths in the wrapping, which BER allows (X.690 §8.1.3.5) and `der` does not.
        let rewrapped = wrapping::der_wrapping(bytes);
        if let Some(r) = &rewrapped {
            bytes = r;
        }
        let was_ber = indefinite || rewrapped.is_some();
        let ci = ContentInfo::decode(&mut SliceReader::new(bytes)?)?;
        if ci.content_type != rfc5911::ID_SIGNED_DATA {
            return Err(CmsError::NotSignedData(ci.content_type.to_string()));
        }
        let mut sd = Self::from_contents(ci.content.value())?;
        sd.was_ber = was_ber;
        Ok(sd)
    }

    /// The fields of `SignedData ::= SEQUENCE { … }`, given its contents octets.
    fn from_contents(contents: &[u8]) -> Result<Self, CmsError> {
        let mut r = SliceReader::new(contents)?;
        let version = CmsVersion::decode(&mut r)?;
        // The digest algorithms are read from each SignerInfo, which is what is verified.
        AnyRef::decode(&mut r)?.tag().assert_eq(Tag::Set)?;
        let encap = EncapsulatedContentInfo::decode(&mut r)?;
        let mut certificates = Vec::new();
        let mut other_certificate_choices = 0;
        let mut certificates_not_read = 0;
        if r.peek_tag()? == CERTIFICATES {
            let set = AnyRef::decode(&mut r)?;
            let mut cr = SliceReader::new(set.value())?;
            while !cr.is_finished() {
                match certificate_choice(cr.tlv_bytes()?)? {
                    Some(_) if certificates.len() >= MAX_CERTIFICATES => certificates_not_read += 1,
                    Some(der) => certificates.push(der.to_vec()),
                    None => other_certificate_choices += 1,
                }
            }
        }
        let mut crls = Vec::new();
        if r.peek_tag()? == CRLS {
            let set = AnyRef::decode(&mut r)?;
            let mut cr = SliceReader::new(set.value())?;
            while !cr.is_finished() {
                let tlv = cr.tlv_bytes()?;
                if tlv.first() == Some(&0x30) {
                    crls.push(tlv.to_vec());
                }
            }
        }
        let infos = AnyRef::decode(&mut r)?;
        infos.tag().assert_eq(Tag::Set)?;
        let mut signers = Vec::new();
        let mut sr = SliceReader::new(infos.value())?;
        while !sr.is_finished() {
            signers.push(Signer::decode(sr.tlv_bytes()?)?);
        }
        // PKCS#7 v1.5 producers (Authenticode) put a SEQUENCE in eContent rather than an OCTET
        // STRING; the digest covers the contents octets either way (RFC 2315 §9.3, RFC 5652
        // §5.4), never the tag and length.
        let content = encap.econtent.map(|c| c.value().to_vec());
        Ok(SignedData {
            version,
            content_type: encap.econtent_type.to_string(),
            content,
            certificates,
            other_certificate_choices,
            certificates_not_read,
            crls,
            signers,
            was_ber: false,
        })
    }
}

/// One element of the CertificateSet; the DER of a certificate, `None` for another choice.
///
/// ```text
/// CertificateChoices ::= CHOICE {                     -- cms::cert::CertificateChoices
///   certificate Certificate,
///   extendedCertificate [0] IMPLICIT ExtendedCertificate,  -- Obsolete
///   v1AttrCert [1] IMPLICIT AttributeCertificateV1,        -- Obsolete
///   v2AttrCert [2] IMPLICIT AttributeCertificateV2,
///   other [3] IMPLICIT OtherCertificateFormat }
/// ```
///
/// The choice is told by its tag, as `CertificateChoices` does; the certificate itself is read by
/// the tree's certificate model (x509-parser, [`crate::cert::Certificate`]), which reports a
/// damaged one by its number instead of refusing the whole signed data.
fn certificate_choice(tlv: &[u8]) -> Result<Option<&[u8]>, CmsError> {
    let tag = AnyRef::from_der(tlv)?.tag();
    Ok((tag == Tag::Sequence).then_some(tlv))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn other_content_types_are_named() {
        // ContentInfo { data, [0] { OCTET STRING "" } }
        let ci = [0x30, 0x0f, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x02, 0x04, 0x00];
        assert_eq!(SignedData::parse(&ci), Err(CmsError::NotSignedData(rfc5911::ID_DATA.to_string())));
        let cut = SignedData::parse(&ci[..5]).expect_err("cut off"); // ok: test
        assert!(cut.to_string().contains("ends early"), "{cut}");
    }

    /// A TLV from its tag and contents (short or long form length).
    pub(crate) fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        crate::asn1::push_header(&mut v, tag, body.len());
        v.extend_from_slice(body);
        v
    }

    /// ContentInfo { signedData, [0] { SignedData { 1, {}, { data, [0] { content } }, certificates, signerInfos } } }
    pub(crate) fn signed_data(content: &[u8], certificates: &[u8], signer_infos: &[u8]) -> Vec<u8> {
        let oid_data = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
        let oid_sd = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
        let encap = tlv(0x30, &[&oid_data[..], &tlv(0xa0, content)].concat());
        let sd = tlv(0x30, &[&[0x02, 0x01, 0x01, 0x31, 0x00][..], &encap, certificates, &tlv(0x31, signer_infos)].concat());
        tlv(0x30, &[&oid_sd[..], &tlv(0xa0, &sd)].concat())
    }

    #[test]
    fn sequence_content_is_its_contents_octets() {
        let ci = signed_data(&tlv(0x30, &[0x02, 0x01, 0x05]), &[], &[]);
        let parsed = SignedData::parse(&ci).unwrap(); // ok: test
        assert_eq!(parsed.content.as_deref(), Some(&[0x02, 0x01, 0x05][..]));
        assert_eq!(parsed.version, CmsVersion::V1);
    }

    /// The CertificateSet keeps the order received and each certificate's bytes; other choices
    /// ([3] other) are not certificates.
    #[test]
    fn certificates_keep_their_order_and_bytes() {
        let (b, a) = (tlv(0x30, &[0x02, 0x01, 0x02]), tlv(0x30, &[0x02, 0x01, 0x01]));
        let other = tlv(0xa3, &tlv(0x30, &[0x06, 0x01, 0x2a, 0x05, 0x00]));
        let set = tlv(0xa0, &[&b[..], &other, &a].concat());
        let parsed = SignedData::parse(&signed_data(&tlv(0x04, b"x"), &set, &[])).unwrap(); // ok: test
        assert_eq!(parsed.certificates, vec![b, a]);
        // The other choice is counted, so the report can say it was not read.
        assert_eq!(parsed.other_certificate_choices, 1);
    }

    /// Thousands of signers and certificates, in reverse DER order and with duplicates, are all
    /// read in the order received, in one pass (`der`'s SetOfVec would sort them, quadratically,
    /// and refuse the duplicates).
    #[test]
    fn thousands_of_signers_and_certificates_keep_their_order() {
        let certificate = |n: u16| tlv(0x30, &tlv(0x02, &n.to_be_bytes()));
        let certs: Vec<Vec<u8>> = (0..3_000u16).rev().chain([7]).map(certificate).collect();
        // SignerInfo { 1, [0] subjectKeyIdentifier n, sha256, rsaEncryption, signature }
        let signer = |n: u16| {
            let sha256 = tlv(0x30, &[0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]);
            let rsa = tlv(0x30, &[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]);
            tlv(0x30, &[&[0x02, 0x01, 0x03][..], &tlv(0x80, &n.to_be_bytes()), &sha256, &rsa, &tlv(0x04, &[0])].concat())
        };
        let signers: Vec<u8> = (0..3_000u16).rev().chain([7]).flat_map(signer).collect();
        let parsed = SignedData::parse(&signed_data(&tlv(0x04, b"x"), &tlv(0xa0, &certs.concat()), &signers)).unwrap(); // ok: test
        assert_eq!(parsed.certificates, certs);
        let keys: Vec<SignerId> = (0..3_000u16).rev().chain([7]).map(|n| SignerId::SubjectKeyId(n.to_be_bytes().to_vec())).collect();
        assert_eq!(parsed.signers.iter().map(|s| s.sid.clone()).collect::<Vec<_>>(), keys);
    }

    /// Past MAX_CERTIFICATES, certificates are counted, not read (each one read is evaluated).
    #[test]
    fn the_certificate_set_is_bounded() {
        let certificate = |n: u16| tlv(0x30, &tlv(0x02, &n.to_be_bytes()));
        let certs: Vec<Vec<u8>> = (0..(MAX_CERTIFICATES + 10) as u16).map(certificate).collect();
        let parsed = SignedData::parse(&signed_data(&tlv(0x04, b"x"), &tlv(0xa0, &certs.concat()), &[])).unwrap(); // ok: test
        assert_eq!(parsed.certificates, certs[..MAX_CERTIFICATES]);
        assert_eq!(parsed.certificates_not_read, 10);
    }
}
