//! The crate-free rules against the crates they stand for (rsa, ecdsa/der, sec1 via p256/p384),
//! on hand-picked edge cases and on many mutations of real encodings: every input must get the
//! same answer from both.

use super::*;
use rsa::{BigUint, RsaPublicKey};

/// A small deterministic generator (xorshift64*), so the mutations are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn der_int(v: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    crate::asn1::push_header(&mut out, tag::INTEGER, v.len());
    out.extend_from_slice(v);
    out
}

/// The INTEGERs as DER writes positive numbers (a leading zero before a high bit).
fn rsa_public_key(n: &[u8], e: &[u8]) -> Vec<u8> {
    let positive = |v: &[u8]| if v.first().is_some_and(|b| b & 0x80 != 0) { [&[0u8][..], v].concat() } else { v.to_vec() };
    let body = [der_int(&positive(n)), der_int(&positive(e))].concat();
    let mut out = Vec::new();
    crate::asn1::push_header(&mut out, tag::SEQUENCE, body.len());
    out.extend(body);
    out
}

fn rsa_crate(n: &[u8], e: &[u8]) -> Result<(), SigError> {
    RsaPublicKey::new_with_max_size(BigUint::from_bytes_be(n), BigUint::from_bytes_be(e), RSA_MAX_BITS).map(|_| ()).map_err(|e| SigError::BadKey(e.to_string()))
}

/// The Apple Root CA's 2048-bit modulus.
fn real_modulus() -> Vec<u8> {
    let pem = include_str!("../../tests/fixtures/apple/apple-root-ca-2006-rsa.pem");
    let cert = crate::testing::pem_certificate(pem);
    let seq = Reader::new(&cert.public_key.key_bytes).read_tag(tag::SEQUENCE, "k").expect("key"); // ok: test
    seq.reader().read_tag(tag::INTEGER, "n").expect("n").value.to_vec() // ok: test
}

#[test]
fn rsa_key_checks_are_the_rsa_crates() {
    let n = real_modulus();
    let mut even = n.clone();
    if let Some(last) = even.last_mut() {
        *last &= 0xfe;
    }
    let mut huge = vec![0x80u8];
    huge.extend(vec![0u8; 2047]);
    huge.push(1); // 16,385 bits, odd
    let mut max = vec![0xffu8; 2048]; // 16,384 bits, odd
    max[0] = 0xc1;
    let moduli: Vec<Vec<u8>> = vec![n.clone(), even, huge, max, vec![0], vec![], vec![0, 0, 0x0b], vec![0x0b], vec![0x00, 0x03]];
    let exponents: Vec<Vec<u8>> = vec![
        vec![],
        vec![0],
        vec![1],
        vec![2],
        vec![3],
        vec![4],
        vec![0, 1, 0, 1],
        vec![0x01, 0x00, 0x01],
        vec![0x01, 0xff, 0xff, 0xff, 0xff], // 2^33 − 1
        vec![0x02, 0x00, 0x00, 0x00, 0x01], // 2^33 + 1
        vec![0xff; 8],
        vec![0x01, 0, 0, 0, 0, 0, 0, 0, 1], // 2^64 + 1
        vec![0x0b],
        vec![0x0d],
    ];
    let mut checked = 0;
    for m in &moduli {
        for e in &exponents {
            let ours = rsa_key(&rsa_public_key(m, e)).map(|_| ());
            assert_eq!(ours, rsa_crate(m, e), "n = {:02x?}…, e = {e:02x?}", m.get(..4));
            checked += 1;
        }
    }
    assert!(checked > 100);
    // e equal to n, and e just above n.
    assert_eq!(rsa_key(&rsa_public_key(&[0x0b], &[0x0b])).map(|_| ()), rsa_crate(&[0x0b], &[0x0b]));
    assert_eq!(rsa_key(&rsa_public_key(&[0x0b], &[0x0d])).map(|_| ()), Err(SigError::BadKey("invalid modulus".into())));
    assert_eq!(rsa_key(&rsa_public_key(&n, &[1])).map(|_| ()), Err(SigError::BadKey("public exponent too small".into())));
    // A negative INTEGER (no leading zero before the high bit) is refused, where rsa would read
    // the bytes as an unsigned number.
    let negative = [der_int(&n[1..]), der_int(&[1, 0, 1])].concat();
    let mut der = Vec::new();
    crate::asn1::push_header(&mut der, tag::SEQUENCE, negative.len());
    der.extend(negative);
    assert_eq!(n[0], 0);
    assert_eq!(rsa_key(&der).map(|_| ()), Err(SigError::BadKey("a negative modulus or exponent".into())));
}

#[test]
fn ecdsa_signature_parsing_is_ecdsa_from_der() {
    use p256::ecdsa::signature::hazmat::PrehashSigner;
    let k256 = p256::ecdsa::SigningKey::from_slice(&[7u8; 32]).expect("key"); // ok: test
    let k384 = p384::ecdsa::SigningKey::from_slice(&[9u8; 48]).expect("key"); // ok: test
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut seeds: Vec<(Curve, Vec<u8>)> = Vec::new();
    for i in 0..8u8 {
        let s: p256::ecdsa::Signature = k256.sign_prehash(&[i; 32]).expect("sign"); // ok: test
        seeds.push((Curve::P256, s.to_der().as_bytes().to_vec()));
        let s: p384::ecdsa::Signature = k384.sign_prehash(&[i; 48]).expect("sign"); // ok: test
        seeds.push((Curve::P384, s.to_der().as_bytes().to_vec()));
    }
    // Edge values of r and s: 0, 1, n − 1, n, n + 1, p, 2^size − 1, with and without padding.
    for curve in [Curve::P256, Curve::P384] {
        let n = curve.order().to_vec();
        let mut n_minus = n.clone();
        if let Some(l) = n_minus.last_mut() {
            *l -= 1;
        }
        let mut n_plus = n.clone();
        if let Some(l) = n_plus.last_mut() {
            *l += 1;
        }
        let values = [vec![0u8], vec![1], n_minus, n.clone(), n_plus, curve.prime().to_vec(), vec![0xff; curve.size()], vec![0x7f; curve.size() + 1]];
        for r in &values {
            for s in &values {
                let enc = |v: &[u8]| if v[0] >= 0x80 { [&[0u8][..], v].concat() } else { v.to_vec() };
                let body = [der_int(&enc(r)), der_int(&enc(s))].concat();
                let mut der = Vec::new();
                crate::asn1::push_header(&mut der, tag::SEQUENCE, body.len());
                der.extend(body);
                seeds.push((curve, der));
            }
        }
    }
    let mut cases = seeds.clone();
    for (curve, der) in &seeds {
        for _ in 0..150 {
            let mut m = der.clone();
            match rng.below(5) {
                0 => {
                    let i = rng.below(m.len());
                    m[i] ^= 1 << rng.below(8);
                }
                1 => m.truncate(rng.below(m.len())),
                2 => m.push(rng.below(256) as u8),
                3 => {
                    // Non-minimal length, or a leading zero in an INTEGER.
                    let i = rng.below(m.len());
                    m.insert(i, if rng.below(2) == 0 { 0 } else { 0x81 });
                }
                _ => {
                    let i = rng.below(m.len());
                    m[i] = rng.below(256) as u8;
                }
            }
            cases.push((*curve, m));
        }
    }
    let mut accepted = 0;
    for (curve, der) in &cases {
        let ours = ecdsa_signature(*curve, der);
        let theirs = match curve {
            Curve::P256 => p256::ecdsa::Signature::from_der(der).ok().map(|s| s.to_bytes().to_vec()),
            Curve::P384 => p384::ecdsa::Signature::from_der(der).ok().map(|s| s.to_bytes().to_vec()),
        };
        assert_eq!(ours, theirs, "{curve:?} {der:02x?}");
        accepted += usize::from(ours.is_some());
    }
    assert!(accepted > 30 && accepted < cases.len() / 2, "{accepted} of {}", cases.len());
}

#[test]
fn ec_point_refusals_are_refusals_of_sec1() {
    let p256_point = p256::ecdsa::SigningKey::from_slice(&[7u8; 32]).expect("key").verifying_key().to_encoded_point(false).as_bytes().to_vec(); // ok: test
    let p256_compressed = p256::ecdsa::SigningKey::from_slice(&[7u8; 32]).expect("key").verifying_key().to_encoded_point(true).as_bytes().to_vec(); // ok: test
    let p384_point = p384::ecdsa::SigningKey::from_slice(&[9u8; 48]).expect("key").verifying_key().to_encoded_point(false).as_bytes().to_vec(); // ok: test
                                                                                                                                                // The compact form (0x05 ‖ X) of a real point is a key natively.
    let compact = [&[5u8][..], &p256_point[1..33]].concat();
    assert!(p256::ecdsa::VerifyingKey::from_sec1_bytes(&compact).is_ok());
    let mut rng = Rng(42);
    let mut cases: Vec<(Curve, Vec<u8>)> = vec![
        (Curve::P256, p256_point.clone()),
        (Curve::P256, p256_compressed.clone()),
        (Curve::P384, p384_point.clone()),
        (Curve::P256, vec![0]),
        (Curve::P256, vec![]),
    ];
    // Coordinates equal to p (non-canonical) and off-curve points.
    for curve in [Curve::P256, Curve::P384] {
        let size = curve.size();
        cases.push((curve, [&[4u8][..], curve.prime(), &vec![1u8; size]].concat()));
        cases.push((curve, [&[2u8][..], curve.prime()].concat()));
        cases.push((curve, [&[4u8][..], &vec![1u8; size], &vec![2u8; size]].concat()));
    }
    for (curve, base) in [(Curve::P256, &p256_point), (Curve::P256, &p256_compressed), (Curve::P384, &p384_point)] {
        for _ in 0..200 {
            let mut m = base.clone();
            match rng.below(3) {
                0 => {
                    let i = rng.below(m.len());
                    m[i] ^= 1 << rng.below(8);
                }
                1 => m.truncate(rng.below(m.len())),
                _ => m[0] = rng.below(8) as u8,
            }
            cases.push((curve, m));
        }
    }
    let (mut off_curve, mut ok) = (0, 0);
    for (curve, point) in &cases {
        let ours = ec_point(*curve, point);
        let native_ok = match curve {
            Curve::P256 => p256::ecdsa::VerifyingKey::from_sec1_bytes(point).is_ok(),
            Curve::P384 => p384::ecdsa::VerifyingKey::from_sec1_bytes(point).is_ok(),
        };
        match &ours {
            // What we refuse, sec1 refuses, with the native verifier's words.
            Err(e) => {
                assert!(!native_ok, "{curve:?} {point:02x?}");
                assert_eq!(e, &SigError::BadKey(format!("invalid {} point", curve.name())));
            }
            Ok(_) if native_ok => ok += 1,
            // Left to the arithmetic (RustCrypto, or the browser's importKey): off the curve,
            // in a form sec1 reads.
            Ok(_) => {
                assert!(matches!(point.first(), Some(2..=5)), "{point:02x?}");
                off_curve += 1;
            }
        }
    }
    assert!(ok >= 3 && off_curve > 50, "{ok} ok, {off_curve} off the curve");
}

/// Ed25519: a small-order key is refused with its sign bit either way (libsodium's blocklist,
/// which masks it); S must be below L (RFC 8032 §5.1.7): L − 1 passes, L and above do not.
#[test]
fn ed25519_small_order_keys_and_s_out_of_range_are_refused() {
    for k in super::ED25519_SMALL_ORDER {
        let mut signed = k;
        signed[31] |= 0x80;
        assert!(matches!(ed25519_key(&k), Err(SigError::BadKey(_))), "{k:02x?}");
        assert!(matches!(ed25519_key(&signed), Err(SigError::BadKey(_))), "{signed:02x?}");
    }
    let mut point = [0u8; 32];
    point[0] = 9;
    assert!(ed25519_key(&point).is_ok());
    let with_s = |s: [u8; 32]| [&[0u8; 32][..], &s[..]].concat();
    let mut below = super::ED25519_L;
    below[0] -= 1;
    assert!(ed25519_signature(&with_s(below)).is_some());
    assert!(ed25519_signature(&with_s(super::ED25519_L)).is_none());
    assert!(ed25519_signature(&with_s([0xff; 32])).is_none());
    assert!(ed25519_signature(&with_s([0; 32])).is_some());
}
