//! Why bytes are not a certificate, in words an agent understands (never the parser's own).

use std::fmt;
use x509_parser::prelude::X509Error;

/// Why bytes are not a certificate, in words an agent understands (never the parser's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertError {
    /// The data ends before the certificate does: the outer SEQUENCE's length (X.690 §8.1.3)
    /// runs past the end, as when a paste is cut off.
    CutOff,
    /// One part of `Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm,
    /// signatureValue }` (RFC 5280 §4.1) does not decode.
    Damaged(Part),
    /// DER, but not the shape of a certificate.
    NotACertificate,
}

/// The parts of a certificate (RFC 5280 §4.1.1, §4.1.2) a decoding error can point to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Version,
    Serial,
    Algorithm,
    Name,
    Validity,
    PublicKey,
    Extensions,
    Signature,
}

impl Part {
    fn words(self) -> &'static str {
        match self {
            Part::Version => "version",
            Part::Serial => "serial number",
            Part::Algorithm => "algorithm identifier",
            Part::Name => "subject or issuer name",
            Part::Validity => "validity dates",
            Part::PublicKey => "public key",
            Part::Extensions => "extensions",
            Part::Signature => "signature",
        }
    }
}

impl fmt::Display for CertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a readable X.509 certificate: ")?;
        match self {
            CertError::CutOff => f.write_str("the data ends before the certificate does (cut off when it was copied?)"),
            CertError::Damaged(p) => write!(f, "its {} is damaged or not in the form a certificate needs", p.words()),
            CertError::NotACertificate => f.write_str("the data is damaged, or is something other than a certificate"),
        }
    }
}

impl std::error::Error for CertError {}

/// The parser's error as a [`CertError`]: what an agent can act on, not the parser's words.
pub(super) fn cert_error(e: &x509_parser::nom::Err<X509Error>) -> CertError {
    use x509_parser::der_parser::error::BerError;
    use x509_parser::nom::error::ErrorKind;
    let e = match e {
        x509_parser::nom::Err::Incomplete(_) => return CertError::CutOff,
        x509_parser::nom::Err::Error(e) | x509_parser::nom::Err::Failure(e) => e,
    };
    match e {
        X509Error::NomError(ErrorKind::Eof) | X509Error::Der(BerError::Incomplete(_) | BerError::NomError(ErrorKind::Eof) | BerError::InvalidLength) => {
            CertError::CutOff
        }
        X509Error::InvalidVersion => CertError::Damaged(Part::Version),
        X509Error::InvalidSerial => CertError::Damaged(Part::Serial),
        X509Error::InvalidAlgorithmIdentifier => CertError::Damaged(Part::Algorithm),
        X509Error::InvalidX509Name => CertError::Damaged(Part::Name),
        X509Error::InvalidDate => CertError::Damaged(Part::Validity),
        X509Error::InvalidSPKI => CertError::Damaged(Part::PublicKey),
        X509Error::InvalidExtensions | X509Error::DuplicateExtensions => CertError::Damaged(Part::Extensions),
        X509Error::InvalidSignatureValue => CertError::Damaged(Part::Signature),
        _ => CertError::NotACertificate,
    }
}
