//! Undoing what mail, chat and tickets do to pasted text, without moving lines.
//!
//! Every substitution is character for character (or deletes a character), and line breaks are
//! only unified, never added or removed, so line numbers in problems match what the user pasted.

/// Normalises pasted text:
/// - CRLF and lone CR become LF;
/// - zero-width characters, BOMs and soft hyphens are removed;
/// - non-breaking and other Unicode spaces become a plain space;
/// - en/em dashes, minus signs and non-breaking hyphens become `-` (chat apps turn `--` into `—`);
/// - smart quotes become ASCII quotes.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        // Runs of bytes the rules leave alone (ASCII other than CR and tab) are copied whole.
        let plain = rest.bytes().position(|b| b == b'\r' || b == b'\t' || !b.is_ascii()).unwrap_or(rest.len());
        out.push_str(&rest[..plain]);
        rest = &rest[plain..];
        let Some(c) = rest.chars().next() else { return out };
        rest = &rest[c.len_utf8()..];
        match c {
            '\r' => {
                if let Some(after) = rest.strip_prefix('\n') {
                    rest = after;
                }
                out.push('\n');
            }
            c => normalize_char(c, &mut out),
        }
    }
}

/// One character [`normalize`] does not copy as it is.
fn normalize_char(c: char, out: &mut String) {
    match c {
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}' => {}
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => out.push(' '),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => out.push('-'),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => out.push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
        '\u{2026}' => out.push_str("..."),
        c => out.push(c),
    }
}

/// Strips what surrounds a line of data: email quoting (`>`, `> >`, `>>`), list and code markers,
/// and white space.
pub fn strip_line(line: &str) -> &str {
    let mut s = line.trim();
    loop {
        let before = s.len();
        s = s.trim_start_matches('>').trim_start();
        s = s.trim_start_matches('|').trim_start();
        if s.len() == before {
            break;
        }
    }
    s.trim_matches('`').trim()
}

/// 1-based line number of a byte offset (one-off; use [`Lines`] for many lookups).
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1
}

/// Line numbers of many offsets in one text: the newline positions, searched by bisection.
pub struct Lines(Vec<usize>);

impl Lines {
    pub fn new(text: &str) -> Self {
        Lines(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect())
    }

    /// 1-based line number of a byte offset.
    pub fn of(&self, offset: usize) -> usize {
        self.0.partition_point(|nl| *nl < offset) + 1
    }
}

pub fn is_base64_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'+' || c == b'/' || c == b'=' || c == b'-' || c == b'_'
}

/// Decodes text as UTF-8, or UTF-16 with a byte-order mark; `None` for binary data.
pub fn bytes_to_text(bytes: &[u8]) -> Option<String> {
    if super::sniff::is_one_asn1_element(bytes) {
        return None;
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let units: Vec<u16> = rest.chunks(2).filter(|c| c.len() == 2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        return Some(String::from_utf16_lossy(&units));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest.chunks(2).filter(|c| c.len() == 2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        return Some(String::from_utf16_lossy(&units));
    }
    // A stray Latin-1 or damaged byte must not make a whole paste unreadable: text that is
    // armoured PEM or nearly all ASCII is decoded leniently (each bad sequence becomes U+FFFD,
    // lines stay where they were), so every intact block is read and a damaged one is located.
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) if mostly_text(bytes) => String::from_utf8_lossy(bytes),
        Err(_) => return None,
    };
    let control = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')).count();
    if control * 20 > text.chars().count().max(1) {
        return None;
    }
    Some(text.into_owned())
}

/// PEM armour, or at least 95% printable ASCII and white space (DER never is: its length
/// bytes and binary contents are not).
fn mostly_text(bytes: &[u8]) -> bool {
    let armour = bytes.windows(10).any(|w| w == b"-----BEGIN");
    let texty = bytes.iter().filter(|b| b.is_ascii_graphic() || b.is_ascii_whitespace()).count();
    armour || texty * 100 >= bytes.len() * 95
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A DER file whose contents are nearly all text (a signed profile carries its XML plist
    /// inside) is still binary: one element spanning the whole input is never read as text.
    #[test]
    fn der_spanning_the_input_is_binary_however_much_text_it_holds() {
        let xml = "<?xml version=\"1.0\"?><plist><dict/></plist>\n".repeat(30);
        let mut der = vec![0x30, 0x82];
        der.extend_from_slice(&u16::try_from(xml.len() + 4).expect("short").to_be_bytes()); // ok: test
        der.extend_from_slice(&[0x04, 0x82]);
        der.extend_from_slice(&u16::try_from(xml.len()).expect("short").to_be_bytes()); // ok: test
        der.extend_from_slice(xml.as_bytes());
        assert_eq!(bytes_to_text(&der), None);
        // BER, indefinite length, the same.
        let ber = [&[0x30, 0x80, 0x04, 0x82][..], &u16::try_from(xml.len()).expect("short").to_be_bytes(), xml.as_bytes(), &[0, 0]].concat(); // ok: test
        assert_eq!(bytes_to_text(&ber), None);
        // Text that merely starts with '0' is still text.
        assert!(bytes_to_text(b"0 certificates here\n").is_some());
    }

    #[test]
    fn a_latin1_byte_does_not_make_text_binary() {
        let t = bytes_to_text(b"Caf\xe9 note\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").expect("text"); // ok: test
        assert_eq!(t.lines().count(), 4);
        assert!(t.starts_with("Caf\u{FFFD} note"));
        assert_eq!(bytes_to_text(&[0x30, 0x82, 0x01, 0x0a, 0x02, 0x82, 0x01, 0x01, 0x00, 0xc3]), None);
    }

    #[test]
    fn chat_substitutions_are_undone_without_moving_lines() {
        let t = "\u{FEFF}\u{2013}\u{2014}BEGIN\u{00A0}CERTIFICATE\u{2014}\r\nAB\u{200B}CD\r\n\u{201C}x\u{201D}";
        let n = normalize(t);
        assert_eq!(n, "--BEGIN CERTIFICATE-\nABCD\n\"x\"");
        assert_eq!(n.lines().count(), t.split("\r\n").count());
    }

    #[test]
    fn quoting_and_fences_are_stripped() {
        assert_eq!(strip_line("> > MIIC  "), "MIIC");
        assert_eq!(strip_line(">>MIIC"), "MIIC");
        assert_eq!(strip_line("    `MIIC`"), "MIIC");
    }

    #[test]
    fn binary_is_not_text() {
        assert!(bytes_to_text(&[0x30, 0x82, 0x01, 0x00, 0x00, 0x01, 0x02]).is_none());
        assert_eq!(bytes_to_text(b"hello\n").unwrap(), "hello\n"); // ok: test
        assert_eq!(bytes_to_text(&[0xFF, 0xFE, b'h', 0, b'i', 0]).unwrap(), "hi");
        // ok: test
    }

    #[test]
    fn line_numbers_are_one_based() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
        let lines = Lines::new("a\nb\nc");
        for offset in 0..8 {
            assert_eq!(lines.of(offset), line_of("a\nb\nc", offset), "offset {offset}");
        }
    }
}
