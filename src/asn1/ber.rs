//! The BER → DER normaliser (X.690 §8 and §10): Apple's tools emit BER with indefinite lengths
//! and chunked OCTET STRINGs, which no `cms`/`der` release reads and no crate converts. Only what
//! is BER is rewritten; everything else keeps its bytes (see [`ber_to_der`]).

use super::{element_span, push_header, read_header, tag, Asn1Error, Reader, MAX_DEPTH};

/// Rewrites what is BER-only as DER: indefinite lengths become definite, and constructed
/// OCTET STRINGs (which BER producers use to stream content in chunks) become one primitive
/// OCTET STRING (X.690 §8.7.3). An element with nothing of the kind inside it is copied as
/// received, header included, even when its lengths are not minimal: the bytes of an embedded
/// certificate or of signed attributes are what their signature and fingerprint cover, and a
/// rewrite would change them. Only the elements that enclose something indefinite or chunked get
/// a new (DER) header, since their length changes.
///
/// Bounded by [`MAX_DEPTH`]; the output is never larger than the input.
pub fn ber_to_der(input: &[u8]) -> Result<Vec<u8>, Asn1Error> {
    let mut out = Vec::with_capacity(input.len());
    // Only the first element is normalised; trailing bytes are the caller's concern.
    normalize(input, 0, 0, &mut out)?;
    Ok(out)
}

/// True when the bytes contain an indefinite length or a constructed OCTET STRING at any depth.
pub fn is_ber_only(input: &[u8]) -> bool {
    fn walk(data: &[u8], depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let mut pos = 0;
        while pos < data.len() {
            let Ok((header, len)) = read_header(&data[pos..], pos) else { return false };
            let tag = data[pos];
            let Some(len) = len else { return true };
            if tag == (tag::OCTET_STRING | 0x20) {
                return true;
            }
            // Checked: on wasm32 a four-byte length can reach past `usize`.
            let Some((start, end)) = element_span(pos, header, len) else { return false };
            let Some(value) = data.get(start..end) else { return false };
            if tag & 0x20 != 0 && walk(value, depth + 1) {
                return true;
            }
            pos = end;
        }
        false
    }
    walk(input, 0)
}

/// Normalises one element at `data[0..]`, appending it to `out`; returns how many input bytes it
/// used and whether it was rewritten (`false`: appended exactly as received).
fn normalize(data: &[u8], base: usize, depth: usize, out: &mut Vec<u8>) -> Result<(usize, bool), Asn1Error> {
    if depth > MAX_DEPTH {
        return Err(Asn1Error::TooDeep);
    }
    let (header, len) = read_header(data, base)?;
    let tag = data[0];
    let constructed = tag & 0x20 != 0;
    match len {
        Some(len) => {
            let end = header.checked_add(len).ok_or(Asn1Error::BadLength { offset: base })?;
            let value = data.get(header..end).ok_or(Asn1Error::Truncated { offset: base })?;
            if !constructed {
                out.extend_from_slice(&data[..end]);
                return Ok((end, false));
            }
            let (children, changed) = normalize_children(value, base + header, depth)?;
            if changed || tag == (tag::OCTET_STRING | 0x20) {
                emit_constructed(tag, children, out, base)?;
                Ok((end, true))
            } else {
                out.extend_from_slice(&data[..end]);
                Ok((end, false))
            }
        }
        None => {
            if !constructed {
                return Err(Asn1Error::BadLength { offset: base });
            }
            let rest = &data[header..];
            let (children, used) = normalize_indefinite(rest, base + header, depth)?;
            emit_constructed(tag, children, out, base)?;
            Ok((header + used, true))
        }
    }
}

/// The children of a definite-length constructed element; whether any was rewritten.
fn normalize_children(value: &[u8], base: usize, depth: usize) -> Result<(Vec<u8>, bool), Asn1Error> {
    let mut inner = Vec::with_capacity(value.len());
    let mut pos = 0;
    let mut changed = false;
    while pos < value.len() {
        let (used, c) = normalize(&value[pos..], base + pos, depth + 1, &mut inner)?;
        pos += used;
        changed |= c;
    }
    Ok((inner, changed))
}

/// Reads children up to the end-of-contents octets `00 00`; returns them and the bytes used
/// (including the end-of-contents).
fn normalize_indefinite(data: &[u8], base: usize, depth: usize) -> Result<(Vec<u8>, usize), Asn1Error> {
    let mut inner = Vec::new();
    let mut pos = 0;
    loop {
        match data.get(pos..pos + 2) {
            None => return Err(Asn1Error::Truncated { offset: base + pos }),
            Some([0, 0]) => return Ok((inner, pos + 2)),
            Some(_) => pos += normalize(&data[pos..], base + pos, depth + 1, &mut inner)?.0,
        }
    }
}

/// Writes a constructed element whose children are already DER. A constructed OCTET STRING
/// becomes a primitive one holding its segments' contents concatenated (X.690 §8.7.3).
fn emit_constructed(tag: u8, children: Vec<u8>, out: &mut Vec<u8>, base: usize) -> Result<(), Asn1Error> {
    if tag == (tag::OCTET_STRING | 0x20) {
        let mut joined = Vec::with_capacity(children.len());
        let mut r = Reader::new(&children);
        while !r.is_empty() {
            let seg = r.read().map_err(|_| Asn1Error::BadLength { offset: base })?;
            if seg.tag != tag::OCTET_STRING {
                return Err(Asn1Error::Unexpected { offset: base, expected: "an OCTET STRING segment", found: seg.tag });
            }
            joined.extend_from_slice(seg.value);
        }
        push_header(out, tag::OCTET_STRING, joined.len());
        out.extend_from_slice(&joined);
    } else {
        push_header(out, tag, children.len());
        out.extend_from_slice(&children);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ber_indefinite_and_chunked_octets_become_der() {
        // SEQUENCE (indefinite) { OCTET STRING (constructed, indefinite) { "ab", "c" } } EOC
        let ber = [0x30, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0, 0, 0, 0];
        assert!(is_ber_only(&ber));
        let der = ber_to_der(&ber).unwrap(); // ok: test
        assert_eq!(der, vec![0x30, 0x05, 0x04, 0x03, b'a', b'b', b'c']);
        assert!(!is_ber_only(&der));
        // DER is a fixed point.
        assert_eq!(ber_to_der(&der).unwrap(), der); // ok: test
    }

    /// Only what is BER is rewritten: an element with nothing indefinite inside keeps its bytes,
    /// a non-minimal length included (an embedded certificate's signature covers them); only its
    /// indefinite ancestors get a new header.
    #[test]
    fn elements_without_indefinite_lengths_are_copied_as_received() {
        // SEQUENCE (indefinite) { SEQUENCE 81 03 { INTEGER 5 }, INTEGER 81 01 7 } EOC
        let ber = [0x30, 0x80, 0x30, 0x81, 0x03, 0x02, 0x01, 0x05, 0x02, 0x81, 0x01, 0x07, 0, 0];
        let inner = &ber[2..12];
        let der = ber_to_der(&ber).unwrap(); // ok: test
        assert_eq!(der, [&[0x30, 0x0a][..], inner].concat());
        // An indefinite element inside one with a long-form length: that ancestor is rebuilt.
        let nested = [0x30, 0x81, 0x06, 0x30, 0x80, 0x05, 0x00, 0x00, 0x00];
        assert_eq!(ber_to_der(&nested).unwrap(), vec![0x30, 0x04, 0x30, 0x02, 0x05, 0x00]);
        // ok: test
    }

    #[test]
    fn long_lengths_round_trip() {
        let content = vec![0x41u8; 300];
        let mut der = Vec::new();
        push_header(&mut der, tag::OCTET_STRING, content.len());
        der.extend_from_slice(&content);
        assert_eq!(&der[..4], &[0x04, 0x82, 0x01, 0x2c]);
        let t = Reader::new(&der).read().unwrap(); // ok: test
        assert_eq!(t.value.len(), 300);
        assert_eq!(ber_to_der(&der).unwrap(), der); // ok: test
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut ber = Vec::new();
        for _ in 0..10_000 {
            ber.extend_from_slice(&[0x30, 0x80]);
        }
        for _ in 0..10_000 {
            ber.extend_from_slice(&[0, 0]);
        }
        assert_eq!(ber_to_der(&ber), Err(Asn1Error::TooDeep));
    }

    /// `is_ber_only` walks at most [`MAX_DEPTH`] levels: an indefinite length nested within the
    /// bound is found, one below it is not walked to (and 2,000 levels do not exhaust the stack).
    #[test]
    fn is_ber_only_looks_as_deep_as_max_depth_and_no_deeper() {
        const INDEFINITE: &[u8] = &[0x30, 0x80, 0x00, 0x00];
        fn nested(inner: &[u8], levels: usize) -> Vec<u8> {
            let mut v = inner.to_vec();
            for _ in 0..levels {
                let mut w = Vec::with_capacity(v.len() + 4);
                push_header(&mut w, tag::SEQUENCE, v.len());
                w.extend_from_slice(&v);
                v = w;
            }
            v
        }
        assert!(is_ber_only(&nested(INDEFINITE, 0)));
        assert!(is_ber_only(&nested(INDEFINITE, MAX_DEPTH)));
        assert!(!is_ber_only(&nested(INDEFINITE, MAX_DEPTH + 1)));
        assert!(!is_ber_only(&nested(INDEFINITE, 2_000)));
        // The same shape with a definite length is DER, and reads as such.
        let der = nested(&[0x30, 0x00], MAX_DEPTH);
        assert!(!is_ber_only(&der));
        assert_eq!(ber_to_der(&der), Ok(der.clone()));
    }

    #[test]
    fn missing_end_of_contents_is_truncation() {
        let ber = [0x30, 0x80, 0x02, 0x01, 0x05];
        assert!(matches!(ber_to_der(&ber), Err(Asn1Error::Truncated { .. })));
    }
}
