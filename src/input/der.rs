//! Binary input, recognised by structure: a DER certificate, CMS/PKCS#7 signed data (DER or
//! BER) with the certificates and CRLs it carries, a CSR, a CRL, PKCS#12, a private key, and
//! what other DER is named ([`sniff`]).

use super::{parse_plist, sniff, Content, Decoded, Origin};
use crate::cert::Certificate;
use crate::cms::SignedData;
use crate::keys::Passwords;

/// Signed data with what is inside it decoded once: the certificates it carries and, when the
/// content is a property list, the profile or device request.
#[derive(Debug, Clone, PartialEq)]
pub struct Signed {
    pub data: SignedData,
    /// The carried certificates that decode (the others are reported as problems).
    pub certificates: Vec<Certificate>,
    pub plist: Option<crate::profile::Plist>,
}

impl Signed {
    /// Decodes what `data` carries.
    pub fn new(data: SignedData) -> (Self, Vec<(usize, crate::cert::CertError)>) {
        let mut certificates = Vec::with_capacity(data.certificates.len());
        let mut errors = Vec::new();
        for (i, der) in data.certificates.iter().enumerate() {
            match Certificate::from_der(der) {
                Ok(c) => certificates.push(c),
                Err(e) => errors.push((i, e)),
            }
        }
        let plist = content_plist(data.content.as_deref());
        (Signed { data, certificates, plist }, errors)
    }

    /// The same signature with its detached content supplied.
    pub fn with_content(&self, content: Vec<u8>) -> Self {
        let mut s = self.clone();
        s.plist = content_plist(Some(&content));
        s.data.content = Some(content);
        s
    }
}

fn content_plist(content: Option<&[u8]>) -> Option<crate::profile::Plist> {
    content.filter(|c| crate::profile::looks_like_plist(c)).and_then(|c| parse_plist(c).ok())
}

/// Binary input: DER certificate, CMS/PKCS#7 (DER or BER), PKCS#12.
pub(super) fn read_binary(bytes: &[u8], origin: &Origin, pw: &Passwords, out: &mut Decoded) {
    if bytes.first() != Some(&0x30) {
        let head: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02X}")).collect();
        out.problem(origin.clone(), format!("not a certificate, profile or text ({} bytes starting {})", bytes.len(), head.join(" ")));
        return;
    }
    read_der(bytes, origin, None, pw, out);
}

/// Sniffs DER/BER by structure. `label` is the PEM label when the bytes came from armour.
pub(super) fn read_der(bytes: &[u8], origin: &Origin, label: Option<&str>, pw: &Passwords, out: &mut Decoded) {
    let want_cms = matches!(label, Some("PKCS7") | Some("CMS") | Some("PKCS #7 SIGNED DATA"));
    if !want_cms {
        let other = sniff::sniff(bytes);
        if other == Some(sniff::OtherDer::CertificateRequest) {
            read_csr(bytes, origin, out);
            return;
        }
        if let Some(other) = other {
            // A CRL is read like a certificate (RFC 5280 §5): revocation is checked with it.
            match (other, crate::crl::Crl::from_der(bytes)) {
                (sniff::OtherDer::Crl, Ok(crl)) => out.push(origin.clone(), Content::Crl(std::sync::Arc::new(crl))),
                (sniff::OtherDer::Crl, Err(e)) => out.problem(origin.clone(), format!("this is a certificate revocation list (CRL) that cannot be read: {e}")),
                _ => out.problem(origin.clone(), format!("this is {}", other.describe())),
            }
            return;
        }
        // OpenSSL's trusted form appends trust settings after the certificate: not worth a note.
        let decoded = if label == Some("TRUSTED CERTIFICATE") { Certificate::from_der_prefix(bytes).map(|(c, _)| c) } else { Certificate::from_der(bytes) };
        match decoded {
            Ok(cert) => {
                out.push(origin.clone(), Content::Certificate { cert: Box::new(cert), hashes: Vec::new() });
                return;
            }
            Err(e) if sniff::looks_like_certificate(bytes) => {
                out.problem(origin.clone(), format!("{e}"));
                return;
            }
            Err(_) => {}
        }
    }
    match SignedData::parse(bytes) {
        Ok(sd) => {
            match sd.other_certificate_choices {
                0 => {}
                1 => out.problem(
                    origin.clone(),
                    "1 entry of the certificate set is not an X.509 certificate (an attribute certificate or another format): it was not read",
                ),
                n => out.problem(
                    origin.clone(),
                    format!("{n} entries of the certificate set are not X.509 certificates (attribute certificates or other formats): they were not read"),
                ),
            }
            if sd.certificates_not_read > 0 {
                out.problem(
                    origin.clone(),
                    format!(
                        "not checked: the certificate set holds {} more certificates than the {} read (a signed profile carries a handful): they were not read",
                        sd.certificates_not_read,
                        crate::cms::MAX_CERTIFICATES
                    ),
                );
            }
            let crls = sd.crls.clone();
            let (signed, errors) = Signed::new(sd);
            for (i, e) in errors {
                out.problem(origin.with_inner(format!("certificate {}", i + 1)), format!("{e}"));
            }
            out.push(origin.clone(), Content::SignedData(Box::new(signed)));
            // The CRLs it carries (RFC 5652 §5.1 `crls`) are read like dropped ones.
            for (i, der) in crls.iter().enumerate() {
                let o = origin.with_inner(format!("CRL {} of the signed data", i + 1));
                match crate::crl::Crl::from_der(der) {
                    Ok(crl) => out.push(o, Content::Crl(std::sync::Arc::new(crl))),
                    Err(e) => out.problem(o, format!("a certificate revocation list (CRL) that cannot be read: {e}")),
                }
            }
            return;
        }
        Err(crate::cms::CmsError::NotSignedData(oid)) => {
            out.problem(origin.clone(), format!("CMS content of type {oid} (not signed data): nothing to verify"));
            return;
        }
        Err(e) if want_cms || sniff::starts_with_content_info(bytes) => {
            out.problem(origin.clone(), format!("{e}"));
            return;
        }
        Err(_) => {}
    }
    if sniff::is_pkcs12(bytes) {
        read_pkcs12(bytes, origin, pw, out);
        return;
    }
    if let Some(form) = crate::keys::KeyForm::sniff(bytes) {
        out.push(origin.clone(), Content::PrivateKey(Box::new(crate::keys::read_private_key(bytes, form, pw))));
        return;
    }
    out.problem(origin.clone(), format!("{} bytes of ASN.1 that are not a certificate, signed data or PKCS#12", bytes.len()));
}

/// A vendor-signed push request: the item, then its chain's certificates as items of their own
/// (so the vendor certificate is evaluated like any other, with its intermediate beside it).
pub(super) fn push_request(request: crate::keys::PushRequest, origin: &Origin, out: &mut Decoded) {
    let chain = request.chain.clone();
    out.push(origin.clone(), Content::PushRequest(Box::new(request)));
    for (i, c) in chain.into_iter().enumerate() {
        out.push(
            origin.with_inner(format!("certificate {} of the push request's chain", i + 1)),
            Content::Certificate { cert: Box::new(c), hashes: Vec::new() },
        );
    }
}

pub(super) fn read_csr(bytes: &[u8], origin: &Origin, out: &mut Decoded) {
    match crate::keys::Csr::from_der(bytes) {
        Ok(csr) => out.push(origin.clone(), Content::Csr(Box::new(csr))),
        Err(e) => out.problem(origin.clone(), e),
    }
}

/// A PKCS#12 bundle: the item, then each certificate it holds as an item of its own (evaluated
/// like any other).
fn read_pkcs12(bytes: &[u8], origin: &Origin, pw: &Passwords, out: &mut Decoded) {
    let p12 = crate::keys::pkcs12::open(bytes, pw);
    let mut certs = Vec::new();
    for (i, der) in p12.certificates.iter().enumerate() {
        let o = origin.with_inner(format!("certificate {} of the PKCS#12 bundle", i + 1));
        match Certificate::from_der(der) {
            Ok(c) => certs.push((o, c)),
            Err(e) => out.problem(o, format!("{e}")),
        }
    }
    out.push(origin.clone(), Content::Pkcs12(Box::new(p12)));
    for (o, c) in certs {
        out.push(o, Content::Certificate { cert: Box::new(c), hashes: Vec::new() });
    }
}
