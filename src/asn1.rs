//! A small, bounded ASN.1 tag-length-value reader (X.690) and a BER → DER length normaliser.
//!
//! Certificates are parsed by `x509-parser` and CMS by the `cms` crate; this module serves what
//! neither does: the BER → DER normaliser ([`ber_to_der`], in `asn1/ber.rs`: Apple's tools emit BER
//! with indefinite lengths, which no `cms`/`der` release reads, and no crate converts), the bound on SET sizes
//! before `der` sorts them ([`check_set_widths`]), and the sniffing of other DER structures
//! (PKCS#12, CSR, CRL, OCSP) by their shape.

mod ber;

pub use ber::{ber_to_der, is_ber_only};
use std::fmt;

/// Nesting deeper than this is refused: no real certificate or profile comes close, and hostile
/// input (ASN.1 nested 10,000 deep) must end in bounded time and stack.
pub const MAX_DEPTH: usize = 64;

/// Universal tags used by the core.
pub mod tag {
    pub const INTEGER: u8 = 0x02;
    pub const BIT_STRING: u8 = 0x03;
    pub const OCTET_STRING: u8 = 0x04;
    pub const NULL: u8 = 0x05;
    pub const OID: u8 = 0x06;
    pub const UTF8_STRING: u8 = 0x0c;
    pub const SEQUENCE: u8 = 0x30;
    pub const SET: u8 = 0x31;
    pub const UTC_TIME: u8 = 0x17;
    pub const GENERALIZED_TIME: u8 = 0x18;
    /// `[0]` constructed, context-specific.
    pub const CTX0: u8 = 0xa0;
    /// `[1]` constructed, context-specific.
    pub const CTX1: u8 = 0xa1;
}

/// Why bytes are not the ASN.1 we expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asn1Error {
    /// The input ended inside an element.
    Truncated { offset: usize },
    /// A length form X.690 does not allow here (e.g. indefinite length in a primitive element).
    BadLength { offset: usize },
    /// Tag numbers ≥ 31 (multi-byte tags) are not used by any structure we read.
    UnsupportedTag { offset: usize },
    /// An element of another type stood where `expected` was required.
    Unexpected { offset: usize, expected: &'static str, found: u8 },
    /// Nesting beyond [`MAX_DEPTH`].
    TooDeep,
    /// A SET OF with more elements than `max` (see [`check_set_widths`]).
    TooWide { max: usize },
}

impl fmt::Display for Asn1Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Asn1Error::Truncated { offset } => {
                write!(f, "the data ends early (an element at byte {offset} is cut off)")
            }
            Asn1Error::BadLength { offset } => write!(f, "invalid length at byte {offset}"),
            Asn1Error::UnsupportedTag { offset } => {
                write!(f, "unsupported multi-byte tag at byte {offset}")
            }
            Asn1Error::Unexpected { offset, expected, found } => {
                write!(f, "expected {expected} at byte {offset}, found tag 0x{found:02x}")
            }
            Asn1Error::TooDeep => write!(f, "nested more than {MAX_DEPTH} levels deep"),
            Asn1Error::TooWide { max } => write!(f, "a set of more than {max} elements, more than any signer writes"),
        }
    }
}

impl std::error::Error for Asn1Error {}

/// One element: its tag byte, the whole encoding and the contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    pub tag: u8,
    /// Tag, length and contents exactly as encoded.
    pub raw: &'a [u8],
    /// The contents octets.
    pub value: &'a [u8],
}

impl<'a> Tlv<'a> {
    pub fn is_constructed(&self) -> bool {
        self.tag & 0x20 != 0
    }

    /// A reader over the contents of a constructed element.
    pub fn reader(&self) -> Reader<'a> {
        Reader::new(self.value)
    }
}

/// Reads consecutive DER elements (definite lengths only) from a byte slice.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// The tag of the next element without consuming it.
    pub fn peek_tag(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// The next element.
    pub fn read(&mut self) -> Result<Tlv<'a>, Asn1Error> {
        let start = self.pos;
        let (header, len) = read_header(&self.data[start..], start)?;
        let len = len.ok_or(Asn1Error::BadLength { offset: start })?;
        let end = start.checked_add(header).and_then(|v| v.checked_add(len)).ok_or(Asn1Error::BadLength { offset: start })?;
        if end > self.data.len() {
            return Err(Asn1Error::Truncated { offset: start });
        }
        self.pos = end;
        Ok(Tlv { tag: self.data[start], raw: &self.data[start..end], value: &self.data[start + header..end] })
    }

    /// The next element, which must have `tag`.
    pub fn read_tag(&mut self, tag: u8, expected: &'static str) -> Result<Tlv<'a>, Asn1Error> {
        let offset = self.pos;
        let tlv = self.read()?;
        if tlv.tag != tag {
            return Err(Asn1Error::Unexpected { offset, expected, found: tlv.tag });
        }
        Ok(tlv)
    }

    /// The next element if it has `tag`.
    pub fn read_optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>, Asn1Error> {
        if self.peek_tag() == Some(tag) {
            self.read().map(Some)
        } else {
            Ok(None)
        }
    }
}

/// Reads a tag and length; returns the header size and the length (`None` = indefinite).
fn read_header(data: &[u8], offset: usize) -> Result<(usize, Option<usize>), Asn1Error> {
    let tag = *data.first().ok_or(Asn1Error::Truncated { offset })?;
    if tag & 0x1f == 0x1f {
        return Err(Asn1Error::UnsupportedTag { offset });
    }
    let first = *data.get(1).ok_or(Asn1Error::Truncated { offset })?;
    if first < 0x80 {
        return Ok((2, Some(first as usize)));
    }
    if first == 0x80 {
        return Ok((2, None));
    }
    let n = (first & 0x7f) as usize;
    if n > 4 {
        return Err(Asn1Error::BadLength { offset });
    }
    let bytes = data.get(2..2 + n).ok_or(Asn1Error::Truncated { offset })?;
    let len = bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
    Ok((2 + n, Some(len)))
}

/// Appends a DER tag and length.
pub fn push_header(out: &mut Vec<u8>, tag: u8, len: usize) {
    out.push(tag);
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// Where an element's contents start and end, from its offset, header size and length; `None`
/// when that is past the end of memory (a length field can say up to 2^32 − 1 bytes, which a
/// 32-bit `usize` cannot add to an offset).
fn element_span(pos: usize, header: usize, len: usize) -> Option<(usize, usize)> {
    let start = pos.checked_add(header)?;
    Some((start, start.checked_add(len)?))
}

/// Refuses DER in which a SET (`SET OF`, or an IMPLICIT `[0]`/`[1]` SET such as CMS's signed
/// and unsigned attributes) holds more than `max` elements, at any depth up to [`MAX_DEPTH`].
/// `der` sorts every SET OF it decodes with an insertion sort: this keeps that sort small on
/// hostile input. Contents that are not TLVs are not walked into (the decoder judges them).
pub fn check_set_widths(der: &[u8], max: usize) -> Result<(), Asn1Error> {
    fn walk(data: &[u8], depth: usize, set: bool, max: usize) -> Result<(), Asn1Error> {
        if depth > MAX_DEPTH {
            return Ok(());
        }
        let mut r = Reader::new(data);
        let mut n = 0usize;
        while !r.is_empty() {
            let Ok(t) = r.read() else { return Ok(()) };
            n += 1;
            if set && n > max {
                return Err(Asn1Error::TooWide { max });
            }
            if t.is_constructed() {
                walk(t.value, depth + 1, matches!(t.tag, tag::SET | tag::CTX0 | tag::CTX1), max)?;
            }
        }
        Ok(())
    }
    walk(der, 0, false, max)
}

/// Decodes an OBJECT IDENTIFIER's contents to dotted form (`1.2.840.113549.1.7.2`).
pub fn oid_to_string(value: &[u8]) -> Option<String> {
    let mut parts: Vec<u64> = Vec::new();
    let mut acc: u64 = 0;
    for (i, b) in value.iter().enumerate() {
        if acc > (u64::MAX >> 7) {
            return None;
        }
        acc = (acc << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if parts.is_empty() {
                let (a, b2) = if acc < 40 {
                    (0, acc)
                } else if acc < 80 {
                    (1, acc - 40)
                } else {
                    (2, acc - 80)
                };
                parts.push(a);
                parts.push(b2);
            } else {
                parts.push(acc);
            }
            acc = 0;
        } else if i + 1 == value.len() {
            return None;
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.iter().map(u64::to_string).collect::<Vec<_>>().join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_element_past_the_end_of_memory_has_no_span() {
        assert_eq!(element_span(10, 6, 100), Some((16, 116)));
        assert_eq!(element_span(usize::MAX - 4, 6, 1), None, "offset + header overflows");
        assert_eq!(element_span(usize::MAX - 10, 6, 0xFFFF_FFFF), None, "offset + header + length overflows");
    }

    #[test]
    fn reads_nested_definite_elements() {
        // SEQUENCE { INTEGER 5, OCTET STRING "hi" }
        let der = [0x30, 0x07, 0x02, 0x01, 0x05, 0x04, 0x02, b'h', b'i'];
        let seq = Reader::new(&der).read_tag(tag::SEQUENCE, "SEQUENCE").unwrap(); // ok: test
        let mut r = seq.reader();
        assert_eq!(r.read().unwrap().value, &[5]); // ok: test
        assert_eq!(r.read_tag(tag::OCTET_STRING, "OCTET STRING").unwrap().value, b"hi"); // ok: test
        assert!(r.is_empty());
    }

    #[test]
    fn truncated_and_bad_lengths_are_errors() {
        assert_eq!(Reader::new(&[0x30, 0x05, 0x02]).read(), Err(Asn1Error::Truncated { offset: 0 }));
        assert_eq!(Reader::new(&[0x30, 0x85, 1, 1, 1, 1, 1]).read(), Err(Asn1Error::BadLength { offset: 0 }));
        assert!(Reader::new(&[0x30, 0x80, 0, 0]).read().is_err(), "indefinite length is not DER");
    }

    /// A SET (or `[0]`/`[1]`) of `max + 1` elements is refused at any depth; a SEQUENCE of as many
    /// and a SET of `max` are not.
    #[test]
    fn sets_wider_than_the_bound_are_refused() {
        let nulls = |n: usize| [0x05u8, 0x00].repeat(n);
        let wrap = |t: u8, body: &[u8]| {
            let mut v = Vec::new();
            push_header(&mut v, t, body.len());
            v.extend_from_slice(body);
            v
        };
        for t in [tag::SET, tag::CTX0, tag::CTX1] {
            let wide = wrap(tag::SEQUENCE, &wrap(t, &nulls(9)));
            assert_eq!(check_set_widths(&wide, 8), Err(Asn1Error::TooWide { max: 8 }), "tag {t:02x}");
            assert_eq!(check_set_widths(&wrap(tag::SEQUENCE, &wrap(t, &nulls(8))), 8), Ok(()));
        }
        assert_eq!(check_set_widths(&wrap(tag::SEQUENCE, &nulls(1_000)), 8), Ok(()));
    }

    #[test]
    fn oids_decode() {
        assert_eq!(oid_to_string(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]).unwrap(), "1.2.840.113549.1.7.2"); // ok: test
        assert_eq!(oid_to_string(&[0x55, 0x04, 0x03]).unwrap(), "2.5.4.3"); // ok: test
        assert_eq!(oid_to_string(&[0x86]), None);
    }
}
