//! What DER that is not a certificate looks like, named by its structure (never by a file
//! name): a certificate signing request, a CRL, an OCSP request or response. Said in plain words
//! instead of a parser's message.

use crate::asn1::{tag, Reader};

/// The other PKIX structures people paste or drop instead of a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherDer {
    /// PKCS#10 (RFC 2986 §4): `SEQUENCE { SEQUENCE { INTEGER 0, Name, SubjectPublicKeyInfo,
    /// [0] attributes }, AlgorithmIdentifier, BIT STRING }`.
    CertificateRequest,
    /// RFC 5280 §5.1: `TBSCertList ::= SEQUENCE { version INTEGER OPTIONAL, signature
    /// AlgorithmIdentifier, issuer Name, thisUpdate Time, … }`.
    Crl,
    /// RFC 6960 §4.1.1: `OCSPRequest ::= SEQUENCE { tbsRequest SEQUENCE { [0] version
    /// OPTIONAL, [1] requestorName OPTIONAL, requestList SEQUENCE OF Request, … }, [0] … }`.
    OcspRequest,
    /// RFC 6960 §4.2.1: `OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, [0] … }`.
    OcspResponse,
}

impl OtherDer {
    /// In plain words, for the located problem.
    pub fn describe(self) -> &'static str {
        match self {
            OtherDer::CertificateRequest => "a certificate signing request (PKCS#10 CSR), not a certificate: the certificate is what the CA returns for it",
            OtherDer::Crl => "a certificate revocation list (CRL), not a certificate",
            OtherDer::OcspRequest => "an OCSP request (a revocation status query), not a certificate",
            OtherDer::OcspResponse => "an OCSP response (a revocation status answer), not a certificate",
        }
    }
}

/// Names `der` when its outer shape is one of [`OtherDer`].
pub fn sniff(der: &[u8]) -> Option<OtherDer> {
    let outer = Reader::new(der).read_tag(tag::SEQUENCE, "outer").ok()?;
    let mut r = outer.reader();
    let first = r.read().ok()?;
    if first.tag == 0x0a {
        return Some(OtherDer::OcspResponse);
    }
    if first.tag != tag::SEQUENCE {
        return None;
    }
    let mut tbs = first.reader();
    let a = tbs.read().ok()?;
    let b = tbs.read().ok();
    let c = tbs.read().ok();
    let d = tbs.read().ok();
    let tags = (a.tag, b.as_ref().map(|t| t.tag), c.as_ref().map(|t| t.tag), d.as_ref().map(|t| t.tag));
    let time = |t: Option<u8>| matches!(t, Some(tag::UTC_TIME | tag::GENERALIZED_TIME));
    match tags {
        // version 0, Name, SubjectPublicKeyInfo, [0] attributes.
        (tag::INTEGER, Some(tag::SEQUENCE), Some(tag::SEQUENCE), Some(0xa0)) if a.value == [0] => Some(OtherDer::CertificateRequest),
        // version 1, signature, issuer, thisUpdate.
        (tag::INTEGER, Some(tag::SEQUENCE), Some(tag::SEQUENCE), t) if time(t) => Some(OtherDer::Crl),
        // v1 CRL without version: signature, issuer, thisUpdate.
        (tag::SEQUENCE, Some(tag::SEQUENCE), t, _) if time(t) => Some(OtherDer::Crl),
        // tbsRequest: [0] version then [1] requestorName or the requestList; [1] then the list.
        // (A certificate's TBS has [0] version followed by its INTEGER serial.)
        (0xa0, Some(0xa1 | tag::SEQUENCE), _, _) | (0xa1, Some(tag::SEQUENCE), _, _) => Some(OtherDer::OcspRequest),
        (tag::SEQUENCE, None, None, None) if r.is_empty() || matches!(r.read().ok().map(|t| t.tag), Some(0xa0)) => {
            // requestList: SEQUENCE OF Request { reqCert CertID SEQUENCE … }.
            let list = a.reader().read().ok()?;
            (list.tag == tag::SEQUENCE).then_some(OtherDer::OcspRequest)
        }
        _ => None,
    }
}

/// Certificate = SEQUENCE { SEQUENCE (tbs) …: good enough to blame the certificate parser.
pub(super) fn looks_like_certificate(bytes: &[u8]) -> bool {
    let mut r = crate::asn1::Reader::new(bytes);
    match r.read() {
        Ok(outer) => outer.tag == 0x30 && outer.reader().peek_tag() == Some(0x30),
        Err(_) => {
            // Cut off: header says SEQUENCE of SEQUENCE.
            bytes.len() > 4 && bytes[0] == 0x30 && bytes.get(if bytes[1] & 0x80 != 0 { 2 + (bytes[1] & 0x7f) as usize } else { 2 }) == Some(&0x30)
        }
    }
}

/// True when `bytes` are one ASN.1 SEQUENCE spanning the whole input: a definite length that
/// ends exactly at the last byte (read by [`crate::asn1::Reader`]), or BER's indefinite length
/// (`30 80`) ending in its two zero octets. Such a file is DER/BER (a certificate, a signed profile
/// whose XML sits inside it), never text, however much of it is printable.
pub(super) fn is_one_asn1_element(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[tag::SEQUENCE, 0x80]) {
        return bytes.len() > 4 && bytes.ends_with(&[0, 0]);
    }
    let mut r = Reader::new(bytes);
    r.read_tag(tag::SEQUENCE, "SEQUENCE").is_ok() && r.is_empty()
}

pub(crate) fn starts_with_content_info(bytes: &[u8]) -> bool {
    // SEQUENCE { OID 1.2.840.113549.1.7.x …
    let needle = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07];
    bytes.len() > 16 && bytes[..16].windows(needle.len()).any(|w| w == needle)
}

/// PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL }
pub(crate) fn is_pkcs12(bytes: &[u8]) -> bool {
    let Ok(bytes) = crate::asn1::ber_to_der(bytes) else { return false };
    let Ok(pfx) = crate::asn1::Reader::new(&bytes).read() else { return false };
    let mut r = pfx.reader();
    matches!(r.read(), Ok(v) if v.tag == 0x02 && v.value == [3]) && matches!(r.read(), Ok(ci) if ci.tag == 0x30)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        crate::testing::fixture(&format!("other/{name}"))
    }

    #[test]
    fn csr_crl_and_ocsp_are_named() {
        assert_eq!(sniff(&fixture("request.csr")), Some(OtherDer::CertificateRequest));
        assert_eq!(sniff(&fixture("revocation.crl")), Some(OtherDer::Crl));
        assert_eq!(sniff(&fixture("request.ocsp")), Some(OtherDer::OcspRequest));
        // OCSPResponse { responseStatus malformedRequest (1) }
        assert_eq!(sniff(&[0x30, 0x03, 0x0a, 0x01, 0x01]), Some(OtherDer::OcspResponse));
    }

    #[test]
    fn certificates_are_not_mistaken_for_them() {
        let pem = std::fs::read_to_string(format!("{}/tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem", env!("CARGO_MANIFEST_DIR"))).expect("pem"); // ok: test
        let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let der = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).expect("base64"); // ok: test
        assert_eq!(sniff(&der), None);
    }
}
