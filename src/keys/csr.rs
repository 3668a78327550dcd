//! Certificate signing requests (PKCS#10, RFC 2986 §4):
//!
//! ```text
//! CertificationRequest ::= SEQUENCE {
//!      certificationRequestInfo CertificationRequestInfo,
//!      signatureAlgorithm AlgorithmIdentifier{{ SignatureAlgorithms }},
//!      signature          BIT STRING }
//! CertificationRequestInfo ::= SEQUENCE {
//!      version       INTEGER { v1(0) } (v1,...),
//!      subject       Name,
//!      subjectPKInfo SubjectPublicKeyInfo{{ PKInfoAlgorithms }},
//!      attributes    [0] Attributes{{ CRIAttributes }} }
//! ```
//! The request's own signature (by the key it carries, over the DER of the
//! CertificationRequestInfo, §3 step 3) is checked by the report through the same signature
//! checks as certificates (`trust::verifier`), so the page verifies it with WebCrypto.

use crate::cert::{Name, PublicKey};
use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::prelude::FromDer;

/// A decoded CSR: what it asks for and what its signature check needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Csr {
    pub subject: Name,
    pub public_key: PublicKey,
    /// The requested extensions (extensionRequest, PKCS#9), by name or OID.
    pub requested_extensions: Vec<String>,
    pub signature_algorithm: crate::cert::Algorithm,
    /// The DER of the CertificationRequestInfo: what is signed.
    pub info_der: Vec<u8>,
    pub signature: Vec<u8>,
    /// The whole request's DER (what a push request's vendor signature covers).
    pub der: Vec<u8>,
}

impl Csr {
    /// Decodes a DER PKCS#10 request (the whole input must be the request).
    pub fn from_der(der: &[u8]) -> Result<Self, String> {
        let (rest, req) = X509CertificationRequest::from_der(der).map_err(|e| format!("not a readable certificate signing request ({e})"))?;
        if !rest.is_empty() {
            return Err(format!("{} bytes after the certificate signing request", rest.len()));
        }
        let info = &req.certification_request_info;
        let public_key = PublicKey::from_spki_der(info.subject_pki.raw).ok_or("the request's public key is not readable")?;
        let requested_extensions = req.requested_extensions().map(|exts| exts.map(extension_name).collect()).unwrap_or_default();
        Ok(Csr {
            subject: Name::from_parsed(&info.subject),
            public_key,
            requested_extensions,
            signature_algorithm: crate::cert::algorithm(&req.signature_algorithm),
            info_der: info.raw.to_vec(),
            signature: req.signature_value.data.to_vec(),
            der: der.to_vec(),
        })
    }
}

fn extension_name(e: &x509_parser::extensions::ParsedExtension<'_>) -> String {
    use x509_parser::extensions::ParsedExtension as P;
    match e {
        P::SubjectAlternativeName(_) => "subjectAltName",
        P::KeyUsage(_) => "keyUsage",
        P::ExtendedKeyUsage(_) => "extendedKeyUsage",
        P::BasicConstraints(_) => "basicConstraints",
        P::SubjectKeyIdentifier(_) => "subjectKeyIdentifier",
        P::CertificatePolicies(_) => "certificatePolicies",
        _ => "other",
    }
    .to_string()
}
