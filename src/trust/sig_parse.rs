//! The parsing and refusals both signature verifiers share, without RustCrypto: the page checks
//! signatures with the browser's WebCrypto and ships no RSA or elliptic-curve arithmetic, yet it
//! must refuse exactly what the native verifier (RustCrypto) refuses before any arithmetic.
//!
//! Hand-written on purpose: the crates that make these checks (rsa's `RsaPublicKey::new_with_max_size`,
//! ecdsa's `Signature::from_der` over der's `UintRef`, sec1's `EncodedPoint`) come with the
//! arithmetic the page leaves out. Each rule below names the crate code it mirrors, and the
//! native tests at the end compare every rule with the crate itself on many encodings.

use super::sig_error::SigError;
use crate::asn1::{tag, Reader};

/// Bytes without their leading zeros (a big-endian unsigned integer's significant bytes).
fn strip(mut b: &[u8]) -> &[u8] {
    while let [0, rest @ ..] = b {
        b = rest;
    }
    b
}

/// Compares two big-endian unsigned integers.
fn cmp_uint(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let (a, b) = (strip(a), strip(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn bits(b: &[u8]) -> usize {
    match strip(b) {
        [] => 0,
        [first, rest @ ..] => rest.len() * 8 + (8 - first.leading_zeros() as usize),
    }
}

/// The largest modulus accepted, in bits (what the native verifier passes to
/// `RsaPublicKey::new_with_max_size`; BoringSSL's limit too).
pub const RSA_MAX_BITS: usize = 16_384;

/// An RSA public key that passed the checks of rsa 0.9's `check_public_with_max_size`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RsaKey<'a> {
    /// The modulus, big-endian, leading zeros removed.
    pub n: &'a [u8],
    /// The public exponent, big-endian, leading zeros removed.
    pub e: &'a [u8],
}

impl RsaKey<'_> {
    /// The modulus length in bytes (k in RFC 8017; rsa's `PublicKeyParts::size`).
    pub fn size(&self) -> usize {
        bits(self.n).div_ceil(8)
    }

    /// RFC 8017 §8.2.2 step 1 and RSAVP1 (§5.2.2): a signature is exactly k bytes and below n.
    /// Both verifiers (and BoringSSL) refuse other values before any arithmetic.
    pub fn signature_in_range(&self, signature: &[u8]) -> bool {
        signature.len() == self.size() && cmp_uint(signature, self.n).is_lt()
    }
}

/// RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1), both
/// positive (a negative INTEGER is refused: browsers refuse to import it, and rsa would read it
/// as another, unsigned, number), then rsa 0.9's checks in its order and with its messages:
/// modulus at most 16,384 bits, exponent fitting 64 bits, e < n and n odd, e odd, 2 ≤ e ≤ 2³³ − 1.
pub fn rsa_key(key_bytes: &[u8]) -> Result<RsaKey<'_>, SigError> {
    let bad = |w: &str| SigError::BadKey(w.to_string());
    let seq = Reader::new(key_bytes).read_tag(tag::SEQUENCE, "RSAPublicKey").map_err(|_| bad("not an RSA key"))?;
    let mut r = seq.reader();
    let n = r.read_tag(tag::INTEGER, "modulus").map_err(|_| bad("no modulus"))?.value;
    let e = r.read_tag(tag::INTEGER, "exponent").map_err(|_| bad("no exponent"))?.value;
    if n.first().is_some_and(|b| b & 0x80 != 0) || e.first().is_some_and(|b| b & 0x80 != 0) {
        return Err(bad("a negative modulus or exponent"));
    }
    let (n, e) = (strip(n), strip(e));
    if bits(n) > RSA_MAX_BITS {
        return Err(bad("modulus too large"));
    }
    if e.len() > 8 {
        return Err(bad("public exponent too large"));
    }
    let odd = |x: &[u8]| x.last().is_some_and(|b| b & 1 == 1);
    if cmp_uint(e, n).is_ge() || !odd(n) {
        return Err(bad("invalid modulus"));
    }
    if !odd(e) {
        return Err(bad("invalid exponent"));
    }
    let e_value = e.iter().fold(0u64, |a, b| (a << 8) | u64::from(*b));
    if e_value < 2 {
        return Err(bad("public exponent too small"));
    }
    if e_value > (1 << 33) - 1 {
        return Err(bad("public exponent too large"));
    }
    Ok(RsaKey { n, e })
}

/// The NIST curves both sides verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
}

impl Curve {
    /// The field element and scalar size in bytes.
    pub fn size(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
        }
    }

    /// The field prime p (FIPS 186-5 / SEC 2).
    fn prime(self) -> &'static [u8] {
        match self {
            Curve::P256 => &P256_P,
            Curve::P384 => &P384_P,
        }
    }

    /// The group order n.
    fn order(self) -> &'static [u8] {
        match self {
            Curve::P256 => &P256_N,
            Curve::P384 => &P384_N,
        }
    }
}

const P256_P: [u8; 32] = hex32("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
const P256_N: [u8; 32] = hex32("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
const P384_P: [u8; 48] = hex48("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff");
const P384_N: [u8; 48] = hex48("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973");

const fn hex_nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => panic!("not hex"), // ok: const evaluation of the literals above, at compile time
    }
}

const fn hex32(s: &str) -> [u8; 32] {
    let b = s.as_bytes();
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = hex_nibble(b[2 * i]) << 4 | hex_nibble(b[2 * i + 1]);
        i += 1;
    }
    out
}

const fn hex48(s: &str) -> [u8; 48] {
    let b = s.as_bytes();
    let mut out = [0u8; 48];
    let mut i = 0;
    while i < 48 {
        out[i] = hex_nibble(b[2 * i]) << 4 | hex_nibble(b[2 * i + 1]);
        i += 1;
    }
    out
}

/// How an EC public key is encoded (SEC 1 §2.3.3; sec1 0.7's `EncodedPoint` tags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointForm {
    /// 0x04 ‖ X ‖ Y: every browser imports it when the point is on the curve.
    Uncompressed,
    /// 0x02/0x03 ‖ X, or the compact 0x05 ‖ X: valid natively, not imported by every browser.
    Compressed,
}

/// The checks on an EC point that need no arithmetic: a tag and length sec1 accepts and
/// coordinates below p (p256/p384 refuse non-canonical field elements). Whether the point is on
/// the curve needs the arithmetic: RustCrypto decides it natively, `importKey` in the page.
pub fn ec_point(curve: Curve, point: &[u8]) -> Result<PointForm, SigError> {
    let bad = || SigError::BadKey(format!("invalid {} point", curve.name()));
    let size = curve.size();
    let (form, coords) = match point {
        [4, rest @ ..] if rest.len() == 2 * size => (PointForm::Uncompressed, rest.chunks(size).collect::<Vec<_>>()),
        [2 | 3 | 5, rest @ ..] if rest.len() == size => (PointForm::Compressed, vec![rest]),
        _ => return Err(bad()),
    };
    if coords.iter().any(|c| cmp_uint(c, curve.prime()).is_ge()) {
        return Err(bad());
    }
    Ok(form)
}

/// An ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5480 §2.2 / RFC 3279), read as
/// ecdsa 0.16's `Signature::from_der` does: DER only (one-byte tags 0x30 and 0x02, minimal
/// definite lengths, minimal INTEGERs, none negative, nothing after s or after the sequence),
/// r and s at most the scalar size, then 1 ≤ r, s < n. Returns WebCrypto's fixed-width r ‖ s.
pub fn ecdsa_signature(curve: Curve, der: &[u8]) -> Option<Vec<u8>> {
    let (seq, rest) = der_element(der, 0x30)?;
    if !rest.is_empty() {
        return None;
    }
    let (r, rest) = der_element(seq, 0x02)?;
    let (s, rest) = der_element(rest, 0x02)?;
    if !rest.is_empty() {
        return None;
    }
    let size = curve.size();
    let mut out = vec![0u8; 2 * size];
    for (i, v) in [r, s].into_iter().enumerate() {
        let v = der_uint(v)?;
        if v.len() > size || cmp_uint(v, curve.order()).is_ge() || strip(v).is_empty() {
            return None;
        }
        out[(i + 1) * size - v.len()..(i + 1) * size].copy_from_slice(v);
    }
    Some(out)
}

/// One DER element with the expected one-byte `tag`: its contents and what follows. Lengths as
/// der 0.7's `Length::decode`: short form, or 0x81–0x84 with the minimum number of octets.
fn der_element(b: &[u8], expected: u8) -> Option<(&[u8], &[u8])> {
    let (&t, rest) = b.split_first()?;
    if t != expected {
        return None;
    }
    let (&first, mut rest) = rest.split_first()?;
    let len = match first {
        0..=0x7f => usize::from(first),
        0x81..=0x84 => {
            let n = usize::from(first - 0x80);
            let (digits, after) = (rest.get(..n)?, rest.get(n..)?);
            rest = after;
            let len = digits.iter().fold(0usize, |a, d| (a << 8) | usize::from(*d));
            // Minimal: the value needs every octet given, and the long form only from 0x80.
            let needed = if len < 0x80 { 0 } else { (usize::BITS as usize - len.leading_zeros() as usize).div_ceil(8) };
            if needed != n || len > 0x0FFF_FFFF {
                return None;
            }
            len
        }
        _ => return None,
    };
    Some((rest.get(..len)?, rest.get(len..)?))
}

/// A DER INTEGER's contents as an unsigned value (der 0.7's `decode_to_slice`): not empty, no
/// superfluous leading zero, not negative.
fn der_uint(v: &[u8]) -> Option<&[u8]> {
    match v {
        [] => None,
        [0] => Some(v),
        [0, b, ..] if *b < 0x80 => None,
        [0, rest @ ..] => Some(rest),
        [b, ..] if *b >= 0x80 => None,
        _ => Some(v),
    }
}

/// The encodings of Ed25519's points of small order (1, 2, 4, 8), canonical and not (y = p,
/// p + 1, p − 1), sign bit cleared: libsodium's blocklist (`has_small_order`, ed25519_ref10.c).
/// Written out because no kept crate exposes the check without its arithmetic (the page has none).
const ED25519_SMALL_ORDER: [[u8; 32]; 7] = [
    // 0 (order 4)
    [0; 32],
    // 1 (order 1)
    [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    // order 8
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1,
        0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05,
    ],
    // order 8
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e,
        0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a,
    ],
    // p − 1 (order 2)
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
    ],
    // p (= 0, order 4)
    [
        0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
    ],
    // p + 1 (= 1, order 1)
    [
        0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
    ],
];

/// L, the order of Ed25519's base point (RFC 8032 §5.1), little-endian.
const ED25519_L: [u8; 32] =
    [0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];

/// An Ed25519 key (RFC 8410 §4): 32 bytes, not a point of small order. For such a key a
/// signature over any message can be made without a private key (with the identity, R = [S]B
/// verifies), so it is a bad key, not a signer; nor one that is no point (RFC 8032 §5.1.3,
/// trust/ed25519_point.rs). WebKitGTK's WebCrypto crashes the page's process on either.
pub fn ed25519_key(key_bytes: &[u8]) -> Result<[u8; 32], SigError> {
    let key: [u8; 32] = key_bytes.try_into().map_err(|_| SigError::BadKey(format!("an Ed25519 key is 32 bytes, this one {}", key_bytes.len())))?;
    let mut y = key;
    y[31] &= 0x7f;
    if ED25519_SMALL_ORDER.contains(&y) {
        return Err(SigError::BadKey("an Ed25519 key of small order (a signature for any message can be made for it)".into()));
    }
    if !super::ed25519_point::decodes(&key) {
        return Err(SigError::BadKey("an Ed25519 key that is no curve point".into()));
    }
    Ok(key)
}

/// An Ed25519 signature is R ‖ S, 64 bytes, with S below L (RFC 8032 §5.1.6, §5.1.7 step 1: "if
/// any of the decodings fail (including S being out of range), the signature is invalid").
/// Checked here, for both verifiers: ed25519-dalek refuses S ≥ L, WebKitGTK's WebCrypto accepts it.
pub fn ed25519_signature(signature: &[u8]) -> Option<[u8; 64]> {
    let signature: [u8; 64] = signature.try_into().ok()?;
    // S < L, compared from the most significant (last) byte.
    let s_below_l = signature[32..].iter().rev().zip(ED25519_L.iter().rev()).find(|(s, l)| s != l).is_some_and(|(s, l)| s < l);
    s_below_l.then_some(signature)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "sig_parse_tests.rs"]
mod tests;
