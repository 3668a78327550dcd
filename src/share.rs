//! Share links: the input, compressed into a URL fragment (`#v1.…`). A fragment is never sent
//! to any server; the page decodes it on load.
//!
//! Format: `v1.` + base64url(raw DEFLATE(payload)), where payload is a small length-prefixed
//! record: the evaluation time (8 bytes, big-endian seconds; `i64::MIN` for "now"), the pasted
//! text, then each file as name and bytes. Lengths are 4-byte big-endian.

use crate::input::Source;
use crate::time::Timestamp;
use base64::Engine;
use std::fmt;

/// Decoded links never expand beyond this (a hostile link must not exhaust memory).
pub const MAX_DECODED: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub text: String,
    pub files: Vec<Source>,
    pub at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareError(pub &'static str);

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "this share link is damaged ({})", self.0)
    }
}

impl std::error::Error for ShareError {}

fn push(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    out.extend_from_slice(bytes);
}

/// Encodes the input as a URL fragment (without the `#`).
pub fn encode(shared: &Shared) -> String {
    let mut raw = Vec::new();
    raw.extend_from_slice(&shared.at.map(|t| t.0).unwrap_or(i64::MIN).to_be_bytes());
    push(&mut raw, shared.text.as_bytes());
    for f in &shared.files {
        push(&mut raw, f.name.as_bytes());
        push(&mut raw, &f.bytes);
    }
    let packed = miniz_oxide::deflate::compress_to_vec(&raw, 9);
    format!("v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed))
}

struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ShareError> {
        if self.0.len() < n {
            return Err(ShareError("cut off"));
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }

    fn field(&mut self) -> Result<&'a [u8], ShareError> {
        let len = u32::from_be_bytes(self.take(4)?.try_into().map_err(|_| ShareError("cut off"))?) as usize;
        self.take(len)
    }
}

/// Decodes a fragment made by [`encode`] (with or without the leading `#`).
pub fn decode(fragment: &str) -> Result<Shared, ShareError> {
    let body = fragment.trim_start_matches('#').strip_prefix("v1.").ok_or(ShareError("unknown version"))?;
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(body.trim()).map_err(|_| ShareError("not base64url"))?;
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_DECODED).map_err(|_| ShareError("does not inflate"))?;
    let mut c = Cursor(&raw);
    let at = i64::from_be_bytes(c.take(8)?.try_into().map_err(|_| ShareError("cut off"))?);
    let text = String::from_utf8(c.field()?.to_vec()).map_err(|_| ShareError("text is not UTF-8"))?;
    let mut files = Vec::new();
    while !c.0.is_empty() {
        let name = String::from_utf8_lossy(c.field()?).into_owned();
        files.push(Source::file(name, c.field()?.to_vec()));
    }
    Ok(Shared { text, files, at: (at != i64::MIN).then_some(Timestamp(at)) })
}

/// What a link contains, in words, for the page to say before it is shared.
pub fn describe(shared: &Shared) -> String {
    let mut parts = Vec::new();
    if !shared.text.trim().is_empty() {
        parts.push(format!("the pasted text ({} characters)", shared.text.chars().count()));
    }
    for f in &shared.files {
        parts.push(format!("the file {} ({} bytes)", f.name, f.bytes.len()));
    }
    if let Some(t) = shared.at {
        parts.push(format!("the evaluation time {}", t.rfc3339()));
    }
    if parts.is_empty() {
        "nothing".to_string()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let s = Shared {
            text: "-----BEGIN CERTIFICATE-----\nMIIC…\n".into(),
            files: vec![Source::file("a.der", vec![0x30, 0x82, 0, 1, 2]), Source::file("b.mobileconfig", vec![])],
            at: Some(Timestamp(1_573_224_096)),
        };
        let link = encode(&s);
        assert!(link.starts_with("v1.") && link.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
        assert_eq!(decode(&format!("#{link}")), Ok(s.clone()));
        assert_eq!(decode(&encode(&Shared { at: None, ..s.clone() })).map(|d| d.at), Ok(None));
        assert!(describe(&s).contains("a.der (5 bytes)"));
    }

    #[test]
    fn damaged_links_are_errors() {
        assert!(decode("v2.abc").is_err());
        assert!(decode("v1.!!!").is_err());
        assert!(decode("v1.AAAA").is_err());
        let good = encode(&Shared { text: "x".into(), files: vec![], at: None });
        assert!(decode(&good[..good.len() - 3]).is_err());
    }

    #[test]
    fn zip_bombs_are_bounded() {
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; MAX_DECODED + 1], 9);
        let link = format!("v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bomb));
        assert!(decode(&link).is_err());
    }
}
