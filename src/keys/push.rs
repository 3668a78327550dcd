//! The MDM vendor-signed push certificate request that goes to the Apple Push Certificates
//! Portal (Apple, "Setting up push notifications for your MDM customers"): an XML property list,
//! usually base64'd, with
//!
//! - `PushCertRequestCSR`: the customer's CSR, base64 of its DER;
//! - `PushCertCertificateChain`: PEM — the MDM vendor certificate, its intermediate, Apple's root;
//! - `PushCertSignature`: base64 of the vendor key's signature over the CSR's DER (RSA PKCS#1
//!   v1.5 with SHA-256; older vendor tools sign with SHA-1, which is tried too).

use super::Csr;
use crate::cert::Certificate;

/// A decoded push request: its parts as they are, each checked by the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushRequest {
    pub csr: Result<Csr, String>,
    /// The chain's certificates in the order given (vendor certificate first).
    pub chain: Vec<Certificate>,
    pub signature: Vec<u8>,
    /// What is missing or unreadable, in words.
    pub problems: Vec<String>,
}

/// How a request's text fields are read: the input module's lenient readers, handed in (the
/// input module reads keys and requests, so this module may not call it back).
pub struct Readers<'a> {
    /// Base64 as pasted (white space already removed): `None` when it does not decode.
    pub base64: &'a dyn Fn(&str) -> Option<Vec<u8>>,
    /// The certificates of a PEM text, in order.
    pub pem_certificates: &'a dyn Fn(&str) -> Vec<Certificate>,
}

/// The request when `bytes` are a property list with `PushCertRequestCSR`; `None` otherwise.
pub fn from_plist(bytes: &[u8], read: &Readers<'_>) -> Option<PushRequest> {
    let value = crate::profile::read_value(bytes).ok()?;
    let top = value.as_dictionary()?;
    let csr_text = top.get("PushCertRequestCSR")?;
    let mut problems = Vec::new();
    let field = |v: Option<&plist::Value>| -> Option<Vec<u8>> {
        match v? {
            plist::Value::Data(d) => Some(d.clone()),
            plist::Value::String(s) => (read.base64)(&s.split_whitespace().collect::<String>()),
            _ => None,
        }
    };
    let csr = match field(Some(csr_text)) {
        Some(der) => Csr::from_der(&der),
        None => Err("PushCertRequestCSR is not base64 of a CSR".into()),
    };
    // An empty signature is no signature: there is nothing to verify, never "it verifies".
    let signature = field(top.get("PushCertSignature")).filter(|s| !s.is_empty()).unwrap_or_else(|| {
        problems.push("the request has no readable PushCertSignature: Apple rejects it".into());
        Vec::new()
    });
    let chain = match top.get("PushCertCertificateChain").and_then(plist::Value::as_string) {
        Some(pem) => (read.pem_certificates)(pem),
        None => Vec::new(),
    };
    if chain.is_empty() {
        problems.push("the request carries no vendor certificate chain (PushCertCertificateChain): Apple rejects it".into());
    }
    Some(PushRequest { csr, chain, signature, problems })
}
