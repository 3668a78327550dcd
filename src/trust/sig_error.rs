//! Why a signature did not verify, or was not checked: the one error type of the signature
//! parsers (`sig_parse`), the preparation of a check (`signature`) and both verifiers (RustCrypto
//! natively, WebCrypto in the page). Re-exported as `trust::signature::{SigError, NotChecked}`.

use std::fmt;

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigError {
    /// The signature does not match: wrong key, changed data or a forgery.
    Mismatch,
    /// An algorithm we do not implement (DSA, Ed448, GOST, …): unknown, not wrong.
    Unsupported(String),
    /// An algorithm refused as broken (MD2, MD5: RFC 6151), or parameters outside what the
    /// algorithm allows (a PSS salt longer than the key leaves room for).
    Weak(String),
    /// The key cannot be used with this algorithm (an RSA signature from an EC key, …).
    KeyMismatch { key: String, algorithm: String },
    /// The public key itself does not decode.
    BadKey(String),
    /// The verifier could not check it (no WebCrypto in the page, the browser refused, the
    /// page stopped asking): unknown, never a verdict on the signature.
    NotChecked(NotChecked),
}

/// Why a verifier could not check a signature it was asked about (src/trust/verifier.rs and
/// the page's WebCrypto, src/ui/webcrypto.rs). Each says what to do, since none is the input's fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotChecked {
    /// The page has no `crypto.subtle`: browsers give WebCrypto only to secure contexts.
    NoWebCrypto,
    /// The browser's WebCrypto lacks the algorithm (`NotSupportedError`).
    BrowserLacksAlgorithm,
    /// The browser's WebCrypto will not import a key the core accepts.
    BrowserRefusedKey,
    /// The browser's `verify` rejected instead of answering.
    BrowserFailed,
    /// The page stopped asking for checks (the round bound of `report::ReportJob`).
    StoppedAsking,
    /// The report reached its bound of signature checks ([`super::ReportBudget`]): an input too
    /// large, or built to stall the check.
    ReportBound,
}

impl fmt::Display for NotChecked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NotChecked::NoWebCrypto => {
                "this page has no WebCrypto (crypto.subtle): browsers give it only to pages opened over HTTPS or from localhost, so open certscope that way"
            }
            NotChecked::BrowserLacksAlgorithm => {
                "this browser's WebCrypto does not have this algorithm (another browser, or the command-line tool, can check it)"
            }
            NotChecked::BrowserRefusedKey => "this browser's WebCrypto will not import the key (another browser, or the command-line tool, can check it)",
            NotChecked::BrowserFailed => "this browser's WebCrypto could not carry out the check",
            NotChecked::StoppedAsking => "the page stopped checking signatures for this input (too many rounds)",
            NotChecked::ReportBound => "this report reached its bound of signature checks (the input is too large, or built to stall the check)",
        })
    }
}

impl SigError {
    /// The signature was not checked (an algorithm the build lacks, or a verifier that could
    /// not check it): neither verified nor bad.
    pub fn is_not_checked(&self) -> bool {
        matches!(self, SigError::Unsupported(_) | SigError::NotChecked(_))
    }
}

impl fmt::Display for SigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SigError::Mismatch => f.write_str("the signature does not verify"),
            SigError::Unsupported(a) => write!(f, "signature algorithm {a} is not supported, so this signature cannot be checked"),
            SigError::Weak(a) => write!(f, "{a}"),
            SigError::KeyMismatch { key, algorithm } => write!(f, "a {key} key cannot make a {algorithm} signature"),
            SigError::BadKey(why) => write!(f, "the issuer's public key is unusable ({why})"),
            SigError::NotChecked(why) => write!(f, "not checked: {why}"),
        }
    }
}

impl std::error::Error for SigError {}
