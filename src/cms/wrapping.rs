//! The unsigned wrapping of a SignedData rewritten with minimal (DER) lengths: BER allows a
//! definite length in more octets than needed (X.690 §8.1.3.5, note 2), the `der` crate reads
//! DER only, and no signature or fingerprint covers these headers. What something does cover is
//! copied as received:
//!
//! ```text
//! ContentInfo ::= SEQUENCE {                      -- header rewritten
//!   contentType OBJECT IDENTIFIER,                -- header rewritten
//!   content [0] EXPLICIT SignedData }             -- header rewritten
//! SignedData ::= SEQUENCE {                       -- header rewritten
//!   version CMSVersion,                           -- header rewritten
//!   digestAlgorithms SET OF AlgorithmIdentifier,  -- every header rewritten
//!   encapContentInfo SEQUENCE {                   -- header rewritten
//!     eContentType OBJECT IDENTIFIER,             -- header rewritten
//!     eContent [0] EXPLICIT OCTET STRING },       -- headers rewritten; the contents octets, which
//!                                                 -- the messageDigest covers (RFC 5652 §5.4), kept
//!   certificates [0] IMPLICIT CertificateSet,     -- header rewritten; each certificate kept (its
//!   crls [1] IMPLICIT RevocationInfoChoices,      --   signature and fingerprint cover its bytes)
//!   signerInfos SET OF SignerInfo }               -- headers of the SET and of each SignerInfo
//!                                                 -- rewritten; each SignerInfo's fields kept
//! ```
//!
//! Rewriting can only make more encodings read as the same signed data: what was signed (the
//! content, the signed attributes, the certificates) is compared byte for byte as before.

use crate::asn1::{push_header, tag, Reader, Tlv, MAX_DEPTH};

/// `[0]` and `[1]`, constructed, context-specific.
const CONTEXT_0: u8 = 0xa0;
const CONTEXT_1: u8 = 0xa1;

/// The first ContentInfo of `input` (definite lengths: after [`crate::asn1::ber_to_der`]) with
/// its wrapping in DER; `None` when nothing changes or it does not read as one (the DER decoder
/// then says why).
pub fn der_wrapping(input: &[u8]) -> Option<Vec<u8>> {
    let ci = Reader::new(input).read().ok().filter(|t| t.tag == tag::SEQUENCE)?;
    let mut r = ci.reader();
    let content_type = r.read().ok()?;
    let explicit = r.read().ok().filter(|t| t.tag == CONTEXT_0)?;
    let mut e = explicit.reader();
    let sd = e.read().ok().filter(|t| t.tag == tag::SEQUENCE)?;
    // Anything after the SignedData, or after the [0], is kept for the DER decoder to refuse.
    let mut inner = wrap(tag::SEQUENCE, &signed_data(&sd)?);
    inner.extend(rest(&mut e)?);
    let mut outer = rehead(&content_type);
    outer.extend(wrap(CONTEXT_0, &inner));
    outer.extend(rest(&mut r)?);
    let out = wrap(tag::SEQUENCE, &outer);
    (out.as_slice() != ci.raw).then_some(out)
}

/// The fields of SignedData, each rewritten as the table above says.
fn signed_data(sd: &Tlv) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(sd.value.len());
    let mut r = sd.reader();
    let mut i = 0;
    while !r.is_empty() {
        let field = r.read().ok()?;
        match (i, field.tag) {
            (1, tag::SET) => out.extend(deep(&field, 0)?),
            (2, tag::SEQUENCE) => out.extend(wrap(tag::SEQUENCE, &encap(&field)?)),
            (0, _) => out.extend(rehead(&field)),
            (_, CONTEXT_0 | CONTEXT_1) => out.extend(wrap(field.tag, field.value)),
            (_, tag::SET) => out.extend(wrap(tag::SET, &children(&field)?.iter().flat_map(rehead).collect::<Vec<u8>>())),
            _ => out.extend_from_slice(field.raw),
        }
        i += 1;
    }
    Some(out)
}

/// `EncapsulatedContentInfo`'s fields: the type, and the `[0]` around the content, whose
/// contents octets are kept.
fn encap(e: &Tlv) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(e.value.len());
    for field in children(e)? {
        if field.tag == CONTEXT_0 {
            let content = children(&field)?;
            out.extend(wrap(CONTEXT_0, &content.iter().flat_map(rehead).collect::<Vec<u8>>()));
        } else {
            out.extend(rehead(&field));
        }
    }
    Some(out)
}

/// Every header inside `t` rewritten (AlgorithmIdentifiers: nothing signed), bounded by
/// [`MAX_DEPTH`].
fn deep(t: &Tlv, depth: usize) -> Option<Vec<u8>> {
    if !t.is_constructed() {
        return Some(rehead(t));
    }
    if depth > MAX_DEPTH {
        return None;
    }
    let mut inner = Vec::with_capacity(t.value.len());
    for c in children(t)? {
        inner.extend(deep(&c, depth + 1)?);
    }
    Some(wrap(t.tag, &inner))
}

fn children<'a>(t: &Tlv<'a>) -> Option<Vec<Tlv<'a>>> {
    let mut r = t.reader();
    let mut out = Vec::new();
    while !r.is_empty() {
        out.push(r.read().ok()?);
    }
    Some(out)
}

/// The elements left in `r`, as received.
fn rest(r: &mut Reader) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    while !r.is_empty() {
        out.extend_from_slice(r.read().ok()?.raw);
    }
    Some(out)
}

/// `t` with a DER header and its contents octets as received.
fn rehead(t: &Tlv) -> Vec<u8> {
    wrap(t.tag, t.value)
}

fn wrap(tag: u8, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 6);
    push_header(&mut out, tag, value.len());
    out.extend_from_slice(value);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cms::tests::{signed_data, tlv};

    /// The wrapping's non-minimal lengths become DER; a certificate, the content's octets and a
    /// SignerInfo's fields keep their bytes, non-minimal lengths included; DER is left alone.
    #[test]
    fn only_the_wrapping_is_rewritten() {
        // A "certificate" and a SignerInfo field whose inner lengths are not minimal (81 01 for 1).
        let certificate = [0x30, 0x81, 0x05, 0x02, 0x81, 0x01, 0x07, 0x05, 0x00];
        let field = [0x02, 0x81, 0x01, 0x03];
        let der = signed_data(&tlv(0x04, b"abc"), &tlv(0xa0, &certificate), &tlv(0x30, &field));
        assert_eq!(der_wrapping(&der), None);
        // The ContentInfo's length in four octets, the content's and the SignerInfo's in two.
        let mut long = vec![0x30, 0x84, 0, 0, 0, der[1] + 2];
        let bent = signed_data(&[0x04, 0x81, 0x03, b'a', b'b', b'c'], &tlv(0xa0, &certificate), &[&[0x30, 0x81, 0x04][..], &field].concat());
        long.extend_from_slice(&bent[2..]);
        let out = der_wrapping(&long);
        assert_eq!(out.as_ref(), Some(&der));
        for kept in [&certificate[..], &field[..], b"abc"] {
            assert!(der.windows(kept.len()).any(|w| w == kept), "{kept:02x?}");
        }
        // Deeper than the bound: not read (the DER decoder says why).
        let mut deep = tlv(0x30, &[]);
        for _ in 0..100 {
            deep = tlv(0x30, &deep);
        }
        let algorithms = [&[0x02, 0x01, 0x01][..], &tlv(0x31, &deep)].concat();
        let sd = [&[0x06, 0x01, 0x2a][..], &tlv(0xa0, &tlv(0x30, &algorithms))].concat();
        assert_eq!(der_wrapping(&tlv(0x30, &sd)), None);
        // An element after the [0] stays, for the DER decoder to refuse.
        let extra = [&long[..], &[0x05, 0x00]].concat();
        let mut extra_long = vec![0x30, 0x84, 0, 0, 0, long[5] + 2];
        extra_long.extend_from_slice(&extra[6..]);
        let out = der_wrapping(&extra_long).unwrap_or_default();
        assert!(out.ends_with(&[0x05, 0x00]) && crate::cms::SignedData::parse(&out).is_err());
    }
}
