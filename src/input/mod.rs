//! Turns what an admin pastes or drops into items, each with where it came from, plus problems.
//!
//! The user never picks a format: files are recognised by content, text is cleaned of what mail
//! and chat do to it, and every block either becomes an item or a located [`Problem`].

pub mod keychain;
pub mod pem;
mod sniff;
pub mod text;

pub use pem::HashAlgorithm;

use crate::cert::Certificate;
use crate::cms::SignedData;
use base64::Engine;
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
    fn of(source: &str) -> Self {
        Origin { source: source.to_string(), ..Default::default() }
    }

    fn with_inner(&self, inner: String) -> Self {
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

/// A property list with its payloads' certificates decoded. `input` uses `profile` (never the
/// other way round), and payload data is read for certificates only — DER, or the
/// CERTIFICATE blocks of PEM text — so no nesting (a payload holding a profile holding a
/// payload …) is ever followed: the depth is one.
fn parse_plist(bytes: &[u8]) -> Result<crate::profile::Plist, crate::profile::PlistError> {
    let mut p = crate::profile::parse(bytes)?;
    if let crate::profile::Plist::Profile(profile) = &mut p {
        for payload in &mut profile.payloads {
            if let Some(data) = &payload.certificate_data {
                payload.certificates = payload_certificates(data);
            }
        }
    }
    Ok(p)
}

fn payload_certificates(data: &[u8]) -> Vec<Certificate> {
    if data.first() == Some(&0x30) {
        return Certificate::from_der(data).into_iter().collect();
    }
    let Some(text) = text::bytes_to_text(data) else { return Vec::new() };
    let (blocks, _) = pem::scan(&text::normalize(&text));
    blocks
        .iter()
        .filter(|b| matches!(b.label.as_str(), "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE"))
        .filter_map(|b| lenient_base64(&b.body).ok())
        .filter_map(|der| Certificate::from_der(&der).ok())
        .collect()
}

/// What an item is.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Certificate { cert: Box<Certificate>, hashes: Vec<HashLine> },
    SignedData(Box<Signed>),
    /// A keychain attribute record (`find-certificate -a` without `-p`).
    KeychainRecord(Box<keychain::Record>),
    /// A PKCS#12 bundle: recognised and named, not opened.
    Pkcs12,
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
    fn problem(&mut self, origin: Origin, message: impl Into<String>) {
        self.problems.push(Problem { origin, message: message.into() });
    }

    fn push(&mut self, origin: Origin, content: Content) {
        if self.items.len() == MAX_ITEMS {
            self.problem(origin, format!("more than {MAX_ITEMS} items: the rest of the input was not read"));
        } else if self.items.len() < MAX_ITEMS {
            self.items.push(Item { origin, content });
        }
    }

    /// The certificates read, in order.
    pub fn certificates(&self) -> impl Iterator<Item = &Certificate> {
        self.items.iter().filter_map(|i| match &i.content {
            Content::Certificate { cert, .. } => Some(cert.as_ref()),
            _ => None,
        })
    }
}

/// Reads every source.
pub fn read(sources: &[Source]) -> Decoded {
    let mut out = Decoded::default();
    for s in sources {
        read_one(s, &mut out);
    }
    out
}

fn read_one(source: &Source, out: &mut Decoded) {
    let origin = Origin::of(&source.name);
    if source.bytes.iter().all(|b| b.is_ascii_whitespace()) {
        if !source.pasted {
            out.problem(origin, "empty: nothing to read");
        }
        return;
    }
    if crate::profile::looks_like_plist(&source.bytes) {
        match parse_plist(&source.bytes) {
            Ok(p) => {
                out.push(origin, Content::Plist(Box::new(p)));
                return;
            }
            Err(e) => out.problem(origin.clone(), e.to_string()),
        }
        if source.bytes.starts_with(b"bplist00") {
            return;
        }
    }
    match text::bytes_to_text(&source.bytes) {
        Some(t) => read_text(&t, &origin, source.screenshot, out),
        None => read_binary(&source.bytes, &origin, out),
    }
}

/// Binary input: DER certificate, CMS/PKCS#7 (DER or BER), PKCS#12.
fn read_binary(bytes: &[u8], origin: &Origin, out: &mut Decoded) {
    if bytes.first() != Some(&0x30) {
        let head: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02X}")).collect();
        out.problem(
            origin.clone(),
            format!("not a certificate, profile or text ({} bytes starting {})", bytes.len(), head.join(" ")),
        );
        return;
    }
    read_der(bytes, origin, None, out);
}

/// Sniffs DER/BER by structure. `label` is the PEM label when the bytes came from armour.
fn read_der(bytes: &[u8], origin: &Origin, label: Option<&str>, out: &mut Decoded) {
    let want_cms = matches!(label, Some("PKCS7") | Some("CMS") | Some("PKCS #7 SIGNED DATA"));
    if !want_cms {
        if let Some(other) = sniff::sniff(bytes) {
            out.problem(origin.clone(), format!("this is {}", other.describe()));
            return;
        }
        match Certificate::from_der(bytes) {
            Ok(mut cert) => {
                if label == Some("TRUSTED CERTIFICATE") {
                    // OpenSSL's trusted form appends trust settings after the certificate.
                    cert.notes.retain(|n| !n.contains("after the certificate"));
                }
                out.push(origin.clone(), Content::Certificate { cert: Box::new(cert), hashes: Vec::new() });
                return;
            }
            Err(e) if looks_like_certificate(bytes) => {
                out.problem(origin.clone(), format!("{e}"));
                return;
            }
            Err(_) => {}
        }
    }
    match SignedData::parse(bytes) {
        Ok(sd) => {
            let (signed, errors) = Signed::new(sd);
            for (i, e) in errors {
                out.problem(origin.with_inner(format!("certificate {}", i + 1)), format!("{e}"));
            }
            out.push(origin.clone(), Content::SignedData(Box::new(signed)));
            return;
        }
        Err(crate::cms::CmsError::NotSignedData(oid)) => {
            out.problem(origin.clone(), format!("CMS content of type {oid} (not signed data): nothing to verify"));
            return;
        }
        Err(e) if want_cms || starts_with_content_info(bytes) => {
            out.problem(origin.clone(), format!("{e}"));
            return;
        }
        Err(_) => {}
    }
    if is_pkcs12(bytes) {
        out.push(origin.clone(), Content::Pkcs12);
        return;
    }
    out.problem(origin.clone(), format!("{} bytes of ASN.1 that are not a certificate, signed data or PKCS#12", bytes.len()));
}

/// Certificate = SEQUENCE { SEQUENCE (tbs) …: good enough to blame the certificate parser.
fn looks_like_certificate(bytes: &[u8]) -> bool {
    let mut r = crate::asn1::Reader::new(bytes);
    match r.read() {
        Ok(outer) => outer.tag == 0x30 && outer.reader().peek_tag() == Some(0x30),
        Err(_) => {
            // Cut off: header says SEQUENCE of SEQUENCE.
            bytes.len() > 4 && bytes[0] == 0x30 && bytes.get(if bytes[1] & 0x80 != 0 { 2 + (bytes[1] & 0x7f) as usize } else { 2 }) == Some(&0x30)
        }
    }
}

fn starts_with_content_info(bytes: &[u8]) -> bool {
    // SEQUENCE { OID 1.2.840.113549.1.7.x …
    let needle = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07];
    bytes.len() > 16 && bytes[..16].windows(needle.len()).any(|w| w == needle)
}

/// PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL }
fn is_pkcs12(bytes: &[u8]) -> bool {
    let Ok(bytes) = crate::asn1::ber_to_der(bytes) else { return false };
    let Ok(pfx) = crate::asn1::Reader::new(&bytes).read() else { return false };
    let mut r = pfx.reader();
    matches!(r.read(), Ok(v) if v.tag == 0x02 && v.value == [3]) && matches!(r.read(), Ok(ci) if ci.tag == 0x30)
}

fn lenient_base64(body: &str) -> Result<Vec<u8>, base64::DecodeError> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    let config = GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    let trimmed = body.trim_end_matches('=');
    let alphabet = if trimmed.contains('-') || trimmed.contains('_') { &base64::alphabet::URL_SAFE } else { &base64::alphabet::STANDARD };
    GeneralPurpose::new(alphabet, config).decode(trimmed)
}

/// Error phrases people paste from the Mac or the MDM server's log.
fn find_error_text(text: &str) -> Option<ErrorText> {
    crate::phrases::find_exact(text).map(|(matched, first)| ErrorText { matched, line: text::line_of(text, first) })
}

/// `screenshot`: the text came from OCR; finding no certificate in it is expected (the triage
/// reads it), so that is not reported as a problem.
fn read_text(raw: &str, origin: &Origin, screenshot: bool, out: &mut Decoded) {
    let text = text::normalize(raw);
    let before = out.items.len() + out.problems.len();
    if let Some(err) = find_error_text(&text) {
        let o = Origin { lines: Some((err.line, err.line)), ..origin.clone() };
        out.push(o, Content::ErrorText(err));
    }
    if keychain::looks_like_dump(&text) {
        for rec in keychain::parse(&text) {
            let o = Origin { lines: Some((rec.first_line, rec.first_line)), ..origin.clone() };
            out.push(o, Content::KeychainRecord(Box::new(rec)));
        }
    }
    let (blocks, strays) = pem::scan(&text);
    for b in &blocks {
        read_block(b, origin, out);
    }
    for s in strays {
        out.problem(
            Origin { lines: Some((s.line, s.line)), ..origin.clone() },
            format!("a {} hash line with no certificate after it: the paste may be cut off", s.algorithm),
        );
    }
    if blocks.is_empty() {
        read_unarmoured(&text, origin, out);
    } else {
        report_orphan_base64(&text, &blocks, origin, out);
    }
    if out.items.len() + out.problems.len() == before && !screenshot {
        out.problem(
            origin.clone(),
            "no certificate found in this text. On the Mac, run: security find-certificate -a -p -Z /Library/Keychains/apsd.keychain",
        );
    }
}

fn read_block(b: &pem::Block, origin: &Origin, out: &mut Decoded) {
    let o = Origin { block: Some(b.number), lines: Some((b.first_line, b.last_line)), ..origin.clone() };
    let n = b.number;
    let kind = match b.label.as_str() {
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" | "PKCS7" | "CMS" | "PKCS #7 SIGNED DATA" => None,
        "PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY" | "ENCRYPTED PRIVATE KEY" => {
            Some("a private key: certscope does not need it, and private keys should never be pasted into tickets or chats")
        }
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => Some("a certificate signing request, not a certificate"),
        "PUBLIC KEY" | "RSA PUBLIC KEY" => Some("a bare public key, not a certificate"),
        "X509 CRL" => Some("a certificate revocation list, not a certificate"),
        _ => Some("not a certificate"),
    };
    if let Some(what) = kind {
        out.problem(o, format!("block {n} ({}) is {what}", b.label));
        return;
    }
    // After the label: a damaged private key block must not be quoted back.
    if let Some((line, snippet)) = &b.bad_char {
        out.problem(o, format!("block {n}: line {line} is not base64 (\"{snippet}…\"); the block was not read"));
        return;
    }
    let bytes = match lenient_base64(&b.body) {
        Ok(bytes) if !bytes.is_empty() => bytes,
        Ok(_) => {
            out.problem(o, format!("block {n} is empty"));
            return;
        }
        Err(e) => {
            let cut = if b.has_end { "" } else { ": the paste looks cut off" };
            out.problem(o, format!("block {n} (lines {}-{}) is not valid base64 ({e}){cut}", b.first_line, b.last_line));
            return;
        }
    };
    let start_items = out.items.len();
    let start_problems = out.problems.len();
    read_der(&bytes, &o, Some(b.label.as_str()), out);
    let decoded = out.items.len() > start_items;
    if !b.has_end {
        let msg = if decoded {
            format!("block {n} has no END line, but the data inside is complete")
        } else {
            format!("block {n} ends after line {} without an END line: the paste looks cut off", b.last_line)
        };
        // The cut-off message replaces the parser's technical one.
        if !decoded {
            out.problems.truncate(start_problems);
        }
        out.problem(o.clone(), msg);
    }
    if decoded {
        check_hashes(b, out, start_items, &o);
    }
}

/// Checks `SHA-256 hash:` / `SHA-1 hash:` lines against the decoded certificate.
fn check_hashes(b: &pem::Block, out: &mut Decoded, index: usize, o: &Origin) {
    let Some(Item { content: Content::Certificate { cert, hashes }, .. }) = out.items.get_mut(index) else { return };
    let mut mismatches = Vec::new();
    // The certificate model already holds both fingerprints in the printed form.
    for (alg, printed, computed) in [(HashAlgorithm::Sha256, &b.printed_sha256, &cert.sha256), (HashAlgorithm::Sha1, &b.printed_sha1, &cert.sha1)] {
        let Some(printed) = printed else { continue };
        let matches = printed == computed;
        if !matches {
            mismatches.push(if printed.is_empty() {
                format!("the {alg} hash line before block {} is unreadable", b.number)
            } else {
                format!(
                    "the {alg} hash printed before block {} ({printed}) does not match the certificate ({computed}): the paste is mixed up or corrupted",
                    b.number
                )
            });
        }
        hashes.push(HashLine { algorithm: alg, printed: printed.clone(), matches });
    }
    for m in mismatches {
        out.problem(o.clone(), m);
    }
}

/// Text without armour: one base64 blob or hex dump (with or without separators).
fn read_unarmoured(text: &str, origin: &Origin, out: &mut Decoded) {
    if keychain::looks_like_dump(text) {
        return;
    }
    let lines: Vec<&str> = text.lines().map(text::strip_line).filter(|l| !l.is_empty()).collect();
    let joined: String = lines.concat();
    let compact: String = joined.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() < 32 {
        return;
    }
    let hexish: String = compact.chars().filter(|c| *c != ':').collect();
    if hexish.len() % 2 == 0 && hexish.chars().all(|c| c.is_ascii_hexdigit()) {
        let bytes: Vec<u8> = (0..hexish.len()).step_by(2).filter_map(|i| u8::from_str_radix(&hexish[i..i + 2], 16).ok()).collect();
        read_der(&bytes, &Origin { inner: Some("hex".into()), ..origin.clone() }, None, out);
        return;
    }
    if compact.bytes().all(text::is_base64_char) {
        match lenient_base64(&compact) {
            Ok(bytes) => read_der(&bytes, &Origin { inner: Some("base64".into()), ..origin.clone() }, None, out),
            Err(e) => out.problem(origin.clone(), format!("looks like base64 without BEGIN/END lines, but does not decode ({e})")),
        }
    }
}

/// Runs of base64-looking lines outside every block mean a lost BEGIN line: say so.
fn report_orphan_base64(text: &str, blocks: &[pem::Block], origin: &Origin, out: &mut Decoded) {
    let mut offset = 0;
    let mut run: Option<(usize, usize)> = None;
    let mut runs = Vec::new();
    let mut next_block = 0; // blocks are in text order: one pass over them
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let at = offset;
        offset += line.len();
        while next_block < blocks.len() && blocks[next_block].end.max(blocks[next_block].start + 1) <= at {
            next_block += 1;
        }
        let inside = blocks.get(next_block).is_some_and(|b| at >= b.start);
        let s = text::strip_line(line);
        let data = !inside && s.len() >= 40 && s.bytes().all(text::is_base64_char) && !s.bytes().all(|c| c.is_ascii_hexdigit());
        match (data, run) {
            (true, Some((a, _))) => run = Some((a, i + 1)),
            (true, None) => run = Some((i + 1, i + 1)),
            (false, Some(r)) => {
                runs.push(r);
                run = None;
            }
            (false, None) => {}
        }
    }
    runs.extend(run);
    for (a, b) in runs.into_iter().filter(|(a, b)| b > a) {
        out.problem(
            Origin { lines: Some((a, b)), ..origin.clone() },
            format!("lines {a}-{b} look like certificate data outside any BEGIN/END block: a BEGIN line may be missing"),
        );
    }
}
