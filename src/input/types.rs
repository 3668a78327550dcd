//! What reading gives: the sources, where each item or problem came from, and the items.

use super::{keychain, HashAlgorithm, Signed};
use crate::cert::Certificate;
use std::fmt;

/// At most this many items are read from one input; the rest is reported, not silently dropped.
pub const MAX_ITEMS: usize = 50_000;

/// One thing the user gave us: pasted text or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Typed or pasted text (an empty paste is not a problem; an empty file is).
    pub pasted: bool,
    /// Text read from a screenshot by OCR: triaged, and marked as unconfirmed.
    pub screenshot: bool,
}

impl Source {
    pub fn text(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source { name: name.into(), bytes: text.into().into_bytes(), pasted: true, screenshot: false }
    }

    pub fn file(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        Source { name: name.into(), bytes, pasted: false, screenshot: false }
    }

    /// Text recognised in a screenshot.
    pub fn screenshot(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source { screenshot: true, ..Source::text(name, text) }
    }
}

/// Where an item or problem came from: `file / block n / lines a-b`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    pub source: String,
    pub block: Option<usize>,
    pub lines: Option<(usize, usize)>,
    /// A position inside a container (e.g. "certificate 2 of the signed data").
    pub inner: Option<String>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)?;
        if let Some(b) = self.block {
            write!(f, " / block {b}")?;
        }
        match self.lines {
            Some((a, b)) if a == b => write!(f, " / line {a}")?,
            Some((a, b)) => write!(f, " / lines {a}-{b}")?,
            None => {}
        }
        if let Some(i) = &self.inner {
            write!(f, " / {i}")?;
        }
        Ok(())
    }
}

impl Origin {
    pub(super) fn of(source: &str) -> Self {
        Origin { source: source.to_string(), ..Default::default() }
    }

    pub(super) fn with_inner(&self, inner: String) -> Self {
        Origin { inner: Some(inner), ..self.clone() }
    }
}

/// A printed fingerprint checked against the computed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashLine {
    pub algorithm: HashAlgorithm,
    pub printed: String,
    pub matches: bool,
}

/// Recognised pasted error text (the 403 dialog, Jamf log lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorText {
    /// The phrases recognised, as they appear in the paste.
    pub matched: Vec<crate::phrases::ErrorPhrase>,
    pub line: usize,
}

/// What an item is.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Certificate {
        cert: Box<Certificate>,
        hashes: Vec<HashLine>,
    },
    SignedData(Box<Signed>),
    /// A keychain attribute record (`find-certificate -a` without `-p`).
    KeychainRecord(Box<keychain::Record>),
    /// A certificate revocation list (RFC 5280 §5): the strict check reads it.
    Crl(std::sync::Arc<crate::crl::Crl>),
    /// A PKCS#12 bundle: opened with one of the given passwords, or why not (no secret inside).
    Pkcs12(Box<crate::keys::Pkcs12>),
    /// A private key: only what names its public key (the secret itself is not kept).
    PrivateKey(Box<crate::keys::PrivateKey>),
    /// A certificate signing request (PKCS#10).
    Csr(Box<crate::keys::Csr>),
    /// An MDM vendor-signed push certificate request.
    PushRequest(Box<crate::keys::PushRequest>),
    /// An unsigned property list: a profile, a device request or other.
    Plist(Box<crate::profile::Plist>),
    ErrorText(ErrorText),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub origin: Origin,
    pub content: Content,
}

/// Something in the input that did not become an item, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub origin: Origin,
    pub message: String,
}

/// Everything read from the sources.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decoded {
    pub items: Vec<Item>,
    pub problems: Vec<Problem>,
}

impl Decoded {
    pub(super) fn problem(&mut self, origin: Origin, message: impl Into<String>) {
        self.problems.push(Problem { origin, message: message.into() });
    }

    pub(super) fn push(&mut self, origin: Origin, content: Content) {
        if self.items.len() == MAX_ITEMS {
            self.problem(origin, format!("more than {MAX_ITEMS} items: the rest of the input was not read"));
        } else if self.items.len() < MAX_ITEMS {
            self.items.push(Item { origin, content });
        }
    }

    /// The CRLs read, in order.
    pub fn crls(&self) -> impl Iterator<Item = &std::sync::Arc<crate::crl::Crl>> {
        self.items.iter().filter_map(|i| match &i.content {
            Content::Crl(c) => Some(c),
            _ => None,
        })
    }

    /// The certificates read, in order.
    pub fn certificates(&self) -> impl Iterator<Item = &Certificate> {
        self.items.iter().filter_map(|i| match &i.content {
            Content::Certificate { cert, .. } => Some(cert.as_ref()),
            _ => None,
        })
    }
}
