//! Turns what an admin pastes or drops into items, each with where it came from, plus problems.
//!
//! The user never picks a format: files are recognised by content, text is cleaned of what mail
//! and chat do to it, and every block either becomes an item or a located [`Problem`].

mod der;
pub mod keychain;
pub mod pem;
pub(crate) mod sniff;
pub mod text;
mod types;

pub use der::Signed;
use der::{push_request, read_binary, read_csr, read_der};
pub use pem::HashAlgorithm;
pub use types::{Content, Decoded, ErrorText, HashLine, Item, Origin, Problem, Source, MAX_ITEMS};

use crate::cert::Certificate;
use crate::keys::Passwords;
use base64::Engine;

/// What a secret field's value reads as in every output.
pub const LEFT_OUT: &str = "(left out)";

/// A property list with its payloads' certificates decoded, and a device request's secret
/// fields replaced by [`LEFT_OUT`]. `input` uses `profile` (never the
/// other way round), and payload data is read for certificates only — DER, or the
/// CERTIFICATE blocks of PEM text — so no nesting (a payload holding a profile holding a
/// payload …) is ever followed: the depth is one.
fn parse_plist(bytes: &[u8]) -> Result<crate::profile::Plist, crate::profile::PlistError> {
    let mut p = crate::profile::parse(bytes)?;
    match &mut p {
        crate::profile::Plist::Profile(profile) => {
            for payload in &mut profile.payloads {
                if let Some(data) = &payload.certificate_data {
                    payload.certificates = payload_certificates(data);
                }
            }
        }
        // A device request's challenge (and any field the core's secret rule names) is never
        // shown: the report, the JSON, the Markdown and the CLI print "(left out)".
        crate::profile::Plist::DeviceRequest(fields) => {
            for (key, value) in fields.iter_mut() {
                if crate::secret::secret_key(key).is_some() && !value.is_empty() {
                    *value = LEFT_OUT.to_string();
                }
            }
        }
        crate::profile::Plist::Other(_) => {}
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

/// Reads every source (a [`Reader`] run to the end at once), without the opener: private keys
/// and bundles are listed but not read ([`read_with`] reads them).
pub fn read(sources: &[Source]) -> Decoded {
    Reader::new(sources).finish()
}

/// [`read`] with passwords for encrypted keys and PKCS#12 bundles (each tried in turn), opened
/// in process: the sources are read, the private keys and bundles they hold opened
/// ([`crate::keys::unlock::open`], under one work budget), and the sources read again with the
/// answers. The page does the same with its opener in a worker (src/ui/report_job.rs).
pub fn read_with(sources: &[Source], passwords: &Passwords) -> Decoded {
    passwords.read_opening(|pw| Reader::new(sources).with_passwords(pw.clone()).finish())
}

/// Starts reading one source: a binary, a property list or an empty source is read at once; a
/// text is cleaned and scanned, and its PEM blocks are left to decode ([`TextRead`]).
fn start_one(source: &Source, pw: &Passwords, out: &mut Decoded) -> Option<TextRead> {
    let origin = Origin::of(&source.name);
    if source.bytes.iter().all(|b| b.is_ascii_whitespace()) {
        if !source.pasted {
            out.problem(origin, "empty: nothing to read");
        }
        return None;
    }
    if crate::profile::looks_like_plist(&source.bytes) {
        if let Some(request) = crate::keys::push::from_plist(&source.bytes, &PUSH_READERS) {
            push_request(request, &origin, out);
            return None;
        }
        match parse_plist(&source.bytes) {
            Ok(p) => {
                out.push(origin, Content::Plist(Box::new(p)));
                return None;
            }
            Err(e) => out.problem(origin.clone(), e.to_string()),
        }
        if source.bytes.starts_with(b"bplist00") {
            return None;
        }
    }
    match text::bytes_to_text(&source.bytes) {
        Some(t) => Some(start_text(&t, origin, source.screenshot, out)),
        None => {
            read_binary(&source.bytes, &origin, pw, out);
            None
        }
    }
}

/// The readers a push request's fields are read with: this module's lenient base64 and PEM.
const PUSH_READERS: crate::keys::push::Readers<'static> = crate::keys::push::Readers { base64: &lenient_base64_pub, pem_certificates: &pem_certificates };

/// The certificates of a PEM text (a push request's chain), in order; blocks that are not
/// certificates are skipped.
fn pem_certificates(pem: &str) -> Vec<crate::cert::Certificate> {
    let (blocks, _) = pem::scan(&text::normalize(pem));
    blocks.iter().filter_map(|b| lenient_base64_pub(&b.body)).filter_map(|d| crate::cert::Certificate::from_der(&d).ok()).collect()
}

/// [`lenient_base64`] for the other readers (`None` when it does not decode).
pub(crate) fn lenient_base64_pub(body: &str) -> Option<Vec<u8>> {
    lenient_base64(body).ok()
}

fn lenient_base64(body: &str) -> Result<Vec<u8>, base64::DecodeError> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    let config = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent).with_decode_allow_trailing_bits(true);
    let trimmed = body.trim_end_matches('=');
    let alphabet = if trimmed.contains('-') || trimmed.contains('_') { &base64::alphabet::URL_SAFE } else { &base64::alphabet::STANDARD };
    GeneralPurpose::new(alphabet, config).decode(trimmed)
}

/// Error phrases people paste from the Mac or the MDM server's log.
fn find_error_text(text: &str) -> Option<ErrorText> {
    crate::phrases::find_exact(text).map(|(matched, first)| ErrorText { matched, line: text::line_of(text, first) })
}

/// A text source being read: cleaned and scanned once, then its PEM blocks decoded a few at a
/// time ([`Reader::step`]), then what lies outside the blocks.
struct TextRead {
    origin: Origin,
    text: String,
    /// The text came from OCR: finding no certificate in it is expected (the triage reads it),
    /// so that is not reported as a problem.
    screenshot: bool,
    /// The blocks found, each cleaned when it is decoded.
    blocks: Vec<pem::Block>,
    strays: Vec<pem::StrayHash>,
    lines: text::Lines,
    /// The next block to decode.
    next: usize,
    /// Items and problems before this source.
    before: usize,
}

fn start_text(raw: &str, origin: Origin, screenshot: bool, out: &mut Decoded) -> TextRead {
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
    let (blocks, strays, lines) = pem::scan_uncleaned(&text);
    TextRead { origin, text, screenshot, blocks, strays, lines, next: 0, before }
}

/// After the blocks: stray hash lines, unarmoured data or lines lost outside the blocks.
fn end_text(t: TextRead, pw: &Passwords, out: &mut Decoded) {
    let TextRead { origin, text, screenshot, blocks, strays, before, .. } = t;
    for s in strays {
        out.problem(
            Origin { lines: Some((s.line, s.line)), ..origin.clone() },
            format!("a {} hash line with no certificate after it: the paste may be cut off", s.algorithm),
        );
    }
    if blocks.is_empty() {
        read_unarmoured(&text, &origin, pw, out);
    } else {
        report_orphan_base64(&text, &blocks, &origin, out);
    }
    if out.items.len() + out.problems.len() == before && !screenshot {
        out.problem(origin, "no certificate found in this text. On the Mac, run: security find-certificate -a -p -Z /Library/Keychains/apsd.keychain");
    }
}

/// Reading in steps, so a shell can return to its event loop between them (a megabyte of
/// pasted PEM is a thousand certificates to decode). [`read`] is this run to the end at once.
pub struct Reader<'s> {
    sources: &'s [Source],
    /// The next source to start.
    next: usize,
    text: Option<TextRead>,
    out: Decoded,
    passwords: Passwords,
}

impl<'s> Reader<'s> {
    pub fn new(sources: &'s [Source]) -> Self {
        Reader { sources, next: 0, text: None, out: Decoded::default(), passwords: Passwords::default() }
    }

    /// Passwords to try on encrypted keys and PKCS#12 bundles.
    pub fn with_passwords(mut self, passwords: Passwords) -> Self {
        self.passwords = passwords.fresh();
        self
    }

    /// Reads on for up to `max_blocks` units of work (at least one): a PEM block decoded, or a
    /// source started (a binary or a property list is read whole; a text is cleaned and
    /// scanned). True when every source is read.
    pub fn step(&mut self, max_blocks: usize) -> bool {
        let mut budget = max_blocks.max(1);
        loop {
            if let Some(t) = &mut self.text {
                let end = t.next.saturating_add(budget).min(t.blocks.len());
                for b in &mut t.blocks[t.next..end] {
                    b.clean(&t.text, &t.lines);
                    read_block(b, &t.origin, &self.passwords, &mut self.out);
                }
                budget -= end - t.next;
                t.next = end;
                if t.next < t.blocks.len() {
                    return false;
                }
                if let Some(t) = self.text.take() {
                    end_text(t, &self.passwords, &mut self.out);
                }
            }
            if budget == 0 {
                return self.next == self.sources.len();
            }
            let Some(source) = self.sources.get(self.next) else { return true };
            self.next += 1;
            budget -= 1;
            self.text = start_one(source, &self.passwords, &mut self.out);
        }
    }

    /// What was read; the sources not read yet are read now.
    pub fn finish(mut self) -> Decoded {
        while !self.step(usize::MAX) {}
        self.out
    }
}

fn read_block(b: &pem::Block, origin: &Origin, pw: &Passwords, out: &mut Decoded) {
    let o = Origin { block: Some(b.number), lines: Some((b.first_line, b.last_line)), ..origin.clone() };
    let n = b.number;
    let key = crate::keys::KeyForm::from_label(&b.label);
    let kind = match b.label.as_str() {
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" | "PKCS7" | "CMS" | "PKCS #7 SIGNED DATA" | "X509 CRL" => None,
        _ if key.is_some() => None,
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => None,
        "PUBLIC KEY" | "RSA PUBLIC KEY" => Some("a bare public key, not a certificate"),
        _ => Some("not a certificate"),
    };
    if let Some(what) = kind {
        out.problem(o, format!("block {n} ({}) is {what}", b.label));
        return;
    }
    // After the label: a damaged private key block must not be quoted back.
    if let (Some((line, _)), Some(_)) = (&b.bad_char, key) {
        out.problem(
            o,
            format!("block {n} ({}): line {line} is not base64, so the key was not read (OpenSSL's legacy encrypted form with Proc-Type/DEK-Info lines is not read: convert it with openssl pkcs8 -topk8 -v2 aes-256-cbc)", b.label),
        );
        return;
    }
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
    if let Some(form) = key {
        out.push(o.clone(), Content::PrivateKey(Box::new(crate::keys::read_private_key(&bytes, form, pw))));
    } else if b.label.ends_with("CERTIFICATE REQUEST") {
        read_csr(&bytes, &o, out);
    } else {
        read_der(&bytes, &o, Some(b.label.as_str()), pw, out);
    }
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
fn read_unarmoured(text: &str, origin: &Origin, pw: &Passwords, out: &mut Decoded) {
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
        read_der(&bytes, &Origin { inner: Some("hex".into()), ..origin.clone() }, None, pw, out);
        return;
    }
    if compact.bytes().all(text::is_base64_char) {
        match lenient_base64(&compact) {
            Ok(bytes) => match crate::keys::push::from_plist(&bytes, &PUSH_READERS).filter(|_| crate::profile::looks_like_plist(&bytes)) {
                Some(request) => push_request(request, origin, out),
                None => read_der(&bytes, &Origin { inner: Some("base64".into()), ..origin.clone() }, None, pw, out),
            },
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A certificate set entry that is not an X.509 certificate (here `other [3]`) is not read,
    /// and the reader says so instead of dropping it silently.
    #[test]
    fn other_certificate_choices_in_signed_data_are_reported() {
        use crate::cms::tests::{signed_data, tlv};
        let other = tlv(0xa3, &tlv(0x30, &[0x06, 0x01, 0x2a, 0x05, 0x00]));
        let bytes = signed_data(&tlv(0x04, b"x"), &tlv(0xa0, &other), &[]);
        let out = read(&[Source::file("p.p7s", bytes)]);
        assert!(out.problems.iter().any(|p| p.message.contains("1 entry of the certificate set is not an X.509 certificate")), "{:?}", out.problems);
    }
}
