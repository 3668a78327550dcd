//! PEM blocks (RFC 7468) found anywhere in normalised text, with the `SHA-256 hash:` /
//! `SHA-1 hash:` lines that `security find-certificate -Z` prints before each one.
//!
//! The scanner works on byte positions, not lines, so a dump collapsed onto one line, wrapped
//! at odd widths or quoted in mail reads the same as the original.

use super::text::{is_base64_char, Lines};

/// One armoured block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// 1-based block number in the text.
    pub number: usize,
    pub label: String,
    pub first_line: usize,
    pub last_line: usize,
    /// The base64 body with quoting and white space removed.
    pub body: String,
    /// `None` when the body is clean base64; otherwise the line and the offending text.
    pub bad_char: Option<(usize, String)>,
    pub has_end: bool,
    /// Hash lines printed before this block.
    pub printed_sha256: Option<String>,
    pub printed_sha1: Option<String>,
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// Byte range of the body in the text (before [`Block::clean`] fills `body`).
    pub body_start: usize,
    pub body_end: usize,
}

impl Block {
    /// Fills `body` and `bad_char` from the text [`scan_uncleaned`] found this block in.
    pub fn clean(&mut self, text: &str, lines: &Lines) {
        let raw = text.get(self.body_start..self.body_end).unwrap_or_default();
        (self.body, self.bad_char) = clean_body(raw, lines, self.body_start, self.has_end);
    }
}

crate::wire::wire_enum! {
    /// The fingerprint a `find-certificate -Z` line prints.
    pub enum HashAlgorithm {
        Sha256 = "SHA-256",
        Sha1 = "SHA-1",
    }
}

/// A hash line that no block followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrayHash {
    pub line: usize,
    pub algorithm: HashAlgorithm,
}

/// Finds `-BEGIN LABEL-` markers (one or more dashes, so chat-mangled dashes still count).
fn find_markers(text: &str, word: &str) -> Vec<(usize, usize, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find(word) {
        let at = from + pos;
        from = at + word.len();
        // Dashes before (white space allowed between).
        let mut s = at;
        while s > 0 && bytes[s - 1] == b' ' {
            s -= 1;
        }
        let mut dashes = 0;
        while s > 0 && bytes[s - 1] == b'-' {
            s -= 1;
            dashes += 1;
        }
        if dashes == 0 {
            continue;
        }
        // The label, up to the closing dashes on the same line.
        let rest = &text[from..];
        let Some(close) = rest.find('-') else { continue };
        let label = &rest[..close];
        if label.contains('\n') || label.len() > 40 || !label.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ' || b == b'#') {
            continue;
        }
        let mut e = from + close;
        while e < bytes.len() && bytes[e] == b'-' {
            e += 1;
        }
        out.push((s, e, label.trim().to_string()));
    }
    out
}

/// Reads a hex fingerprint of `len` digits after `at`, allowing spaces or colons between digits.
fn read_hex(text: &str, at: usize, len: usize) -> Option<String> {
    let mut out = String::with_capacity(len);
    for c in text[at..].chars() {
        if c.is_ascii_hexdigit() {
            out.push(c.to_ascii_uppercase());
            if out.len() == len {
                return Some(out);
            }
        } else if (c == ' ' || c == ':') && !out.is_empty() || (c == ' ' && out.is_empty()) {
            continue;
        } else {
            break;
        }
    }
    None
}

/// Hash lines: (offset, algorithm, hex) in text order.
fn find_hashes(text: &str) -> Vec<(usize, HashAlgorithm, Option<String>)> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    for (needle, alg, len) in [("sha-256 hash:", HashAlgorithm::Sha256, 64), ("sha-1 hash:", HashAlgorithm::Sha1, 40)] {
        let mut from = 0;
        while let Some(pos) = lower[from..].find(needle) {
            let at = from + pos;
            from = at + needle.len();
            out.push((at, alg, read_hex(text, from, len)));
        }
    }
    crate::sort::sort_by_key(&mut out, |h| h.0);
    out
}

/// Scans normalised text for PEM blocks and attaches hash lines.
pub fn scan(text: &str) -> (Vec<Block>, Vec<StrayHash>) {
    let (mut blocks, strays, lines) = scan_uncleaned(text);
    for b in &mut blocks {
        b.clean(text, &lines);
    }
    (blocks, strays)
}

/// [`scan`] with the bodies left to [`Block::clean`] (most of a scan's work on a megabyte of
/// PEM): a reader decoding a few blocks per step cleans each when it gets to it. Also gives the
/// text's line index, which cleaning uses.
pub fn scan_uncleaned(text: &str) -> (Vec<Block>, Vec<StrayHash>, Lines) {
    let lines = Lines::new(text);
    let begins = find_markers(text, "BEGIN ");
    let ends = find_markers(text, "END ");
    let mut blocks = Vec::new();
    let mut e = 0; // ends are in text order: one pass over them
    for (i, (start, body_start, label)) in begins.iter().enumerate() {
        let next_begin = begins.get(i + 1).map(|b| b.0).unwrap_or(text.len());
        while e < ends.len() && ends[e].0 < *body_start {
            e += 1;
        }
        let end = ends.get(e).filter(|x| x.0 < next_begin);
        let (body_end, block_end, has_end) = match end {
            Some(e) => (e.0, e.1, true),
            None => (next_begin, next_begin, false),
        };
        // Overlapping markers ("-BEGIN A-BEGIN B-"): the next one may start inside this one's
        // closing dashes. Found by fuzzing.
        let (body_end, block_end) = (body_end.max(*body_start), block_end.max(*body_start));
        blocks.push(Block {
            number: i + 1,
            label: label.clone(),
            first_line: lines.of(*start),
            last_line: lines.of(block_end.saturating_sub(1).max(*start)),
            body: String::new(),
            bad_char: None,
            has_end,
            printed_sha256: None,
            printed_sha1: None,
            start: *start,
            end: block_end,
            body_start: *body_start,
            body_end,
        });
    }
    let mut strays = Vec::new();
    for (at, alg, hex) in find_hashes(text) {
        // A hash line belongs to the first block after it (blocks are in text order).
        let next = blocks.partition_point(|b| b.start <= at);
        match blocks.get_mut(next) {
            Some(b) => {
                let slot = if alg == HashAlgorithm::Sha256 { &mut b.printed_sha256 } else { &mut b.printed_sha1 };
                *slot = Some(hex.unwrap_or_default());
            }
            None => strays.push(StrayHash { line: lines.of(at), algorithm: alg }),
        }
    }
    (blocks, strays, lines)
}

/// Removes quoting and white space from a body. Stops (without error) at text that follows an
/// unterminated block's data, such as the shell prompt after a cut-off paste.
fn clean_body(raw: &str, lines: &Lines, base: usize, has_end: bool) -> (String, Option<(usize, String)>) {
    let mut body = String::with_capacity(raw.len());
    let mut offset = base;
    for line in raw.split_inclusive('\n') {
        let stripped = super::text::strip_line(line);
        let here = offset;
        offset += line.len();
        if stripped.is_empty() {
            continue;
        }
        // RFC 1421 headers in old PEM (e.g. "Proc-Type: 4,ENCRYPTED") are not base64 data.
        if stripped.contains(": ") && !has_end {
            break;
        }
        let drop = |c: char| c.is_whitespace() || c == '>' || c == '`';
        // Most lines have nothing to drop: no copy then (a megabyte of PEM is 15,000 lines).
        let compact: std::borrow::Cow<'_, str> =
            if stripped.contains(drop) { stripped.chars().filter(|c| !drop(*c)).collect::<String>().into() } else { stripped.into() };
        if let Some(bad) = compact.bytes().position(|b| !is_base64_char(b)) {
            if !has_end && !body.is_empty() {
                // Trailing chatter after a cut-off block: the body ends here.
                break;
            }
            let snippet: String = compact[bad..].chars().take(12).collect();
            return (body, Some((lines.of(here), snippet)));
        }
        body.push_str(compact.trim_end_matches('-'));
    }
    (body, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    const B64: &str = "QUJD";

    #[test]
    fn finds_blocks_with_hashes() {
        let h = "A".repeat(64);
        let s = "B".repeat(40);
        let t = format!("SHA-256 hash: {h}\nSHA-1 hash: {s}\n-----BEGIN CERTIFICATE-----\n{B64}\n-----END CERTIFICATE-----\n");
        let (b, stray) = scan(&t);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].body, B64);
        assert_eq!(b[0].printed_sha256.as_deref(), Some(h.as_str()));
        assert_eq!(b[0].printed_sha1.as_deref(), Some(s.as_str()));
        assert_eq!((b[0].first_line, b[0].last_line), (3, 5));
        assert!(stray.is_empty());
    }

    #[test]
    fn collapsed_and_short_dashes_still_read() {
        let t = format!("---BEGIN CERTIFICATE--- {B64} {B64} ---END CERTIFICATE--- -BEGIN PKCS7- {B64} -END PKCS7-");
        let (b, _) = scan(&t);
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].body, format!("{B64}{B64}"));
        assert_eq!(b[1].label, "PKCS7");
    }

    #[test]
    fn missing_end_is_marked() {
        let t = format!("-----BEGIN CERTIFICATE-----\n{B64}\n$ ");
        let (b, _) = scan(&t);
        assert!(!b[0].has_end);
        assert_eq!(b[0].body, B64);
    }

    #[test]
    fn bad_characters_name_their_line() {
        let t = "-----BEGIN CERTIFICATE-----\nQUJD\nQU*D\n-----END CERTIFICATE-----";
        let (b, _) = scan(t);
        assert_eq!(b[0].bad_char.as_ref().map(|x| x.0), Some(3));
    }

    #[test]
    fn overlapping_markers_do_not_panic() {
        let (b, _) = scan("--BEGIN A--BEGIN B--x");
        assert_eq!(b.len(), 2);
        let (b, _) = scan("-BEGIN CERTIFICATE-BEGIN CERTIFICATE-END CERTIFICATE-");
        assert!(!b.is_empty());
    }

    #[test]
    fn stray_hash_lines_are_reported() {
        let t = format!("SHA-1 hash: {}\n", "C".repeat(40));
        let (b, stray) = scan(&t);
        assert!(b.is_empty());
        assert_eq!(stray, vec![StrayHash { line: 1, algorithm: HashAlgorithm::Sha1 }]);
    }
}
