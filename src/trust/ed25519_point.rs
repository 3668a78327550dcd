//! Whether 32 bytes are the encoding of a point of edwards25519 (RFC 8032 §5.1.3, "Decoding"),
//! without the point itself: the only curve arithmetic the core does. Written out because the
//! page has no curve crate (its WebCrypto verifies; curve25519-dalek would add its whole
//! arithmetic to the page's wasm for this one question) and because WebKitGTK's WebCrypto
//! crashes the page's process when handed an Ed25519 key that is no point: the key is refused
//! before either verifier sees it (trust/sig_parse.rs). Not constant-time: public keys only.
//!
//! Field elements are four little-endian 64-bit limbs, kept below 2^256 and reduced modulo
//! p = 2^255 − 19 only to compare (2^256 ≡ 38 mod p folds a product's high half).

type Fe = [u64; 4];

/// p = 2^255 − 19.
const P: Fe = [0xffff_ffff_ffff_ffed, 0xffff_ffff_ffff_ffff, 0xffff_ffff_ffff_ffff, 0x7fff_ffff_ffff_ffff];
/// d = −121665/121666 mod p (RFC 8032 §5.1).
const D: Fe = [0x75eb_4dca_1359_78a3, 0x0070_0a4d_4141_d8ab, 0x8cc7_4079_7779_e898, 0x5203_6cee_2b6f_fe73];
const ONE: Fe = [1, 0, 0, 0];

/// a + b·38 with the carry above 2^256 folded back in (twice is enough: the second carry is 0 or 1).
fn fold(lo: Fe, hi: Fe) -> Fe {
    let mut out = [0u64; 4];
    let mut carry: u128 = 0;
    for i in 0..4 {
        let t = u128::from(lo[i]) + u128::from(hi[i]) * 38 + carry;
        out[i] = t as u64;
        carry = t >> 64;
    }
    while carry != 0 {
        let mut c = carry * 38;
        for limb in out.iter_mut() {
            let t = u128::from(*limb) + c;
            *limb = t as u64;
            c = t >> 64;
            if c == 0 {
                break;
            }
        }
        carry = c;
    }
    out
}

fn mul(a: &Fe, b: &Fe) -> Fe {
    let mut wide = [0u64; 8];
    for i in 0..4 {
        let mut carry: u128 = 0;
        for j in 0..4 {
            let t = u128::from(a[i]) * u128::from(b[j]) + u128::from(wide[i + j]) + carry;
            wide[i + j] = t as u64;
            carry = t >> 64;
        }
        wide[i + 4] = carry as u64;
    }
    fold([wide[0], wide[1], wide[2], wide[3]], [wide[4], wide[5], wide[6], wide[7]])
}

fn add(a: &Fe, b: &Fe) -> Fe {
    let mut out = [0u64; 4];
    let mut carry = 0u128;
    for i in 0..4 {
        let t = u128::from(a[i]) + u128::from(b[i]) + carry;
        out[i] = t as u64;
        carry = t >> 64;
    }
    fold(out, [carry as u64, 0, 0, 0])
}

/// The value in [0, p): below 2^256 = 2p + 38, at most two subtractions.
fn canonical(a: &Fe) -> Fe {
    let mut v = *a;
    while !less_than(&v, &P) {
        let mut borrow = 0i128;
        for i in 0..4 {
            let t = i128::from(v[i]) - i128::from(P[i]) - borrow;
            v[i] = t as u64;
            borrow = i128::from(t < 0);
        }
    }
    v
}

fn less_than(a: &Fe, b: &Fe) -> bool {
    for i in (0..4).rev() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
    }
    false
}

/// −a mod p (as p − canonical(a), or 0).
fn neg(a: &Fe) -> Fe {
    let a = canonical(a);
    if a == [0; 4] {
        return a;
    }
    let mut out = [0u64; 4];
    let mut borrow = 0i128;
    for i in 0..4 {
        let t = i128::from(P[i]) - i128::from(a[i]) - borrow;
        out[i] = t as u64;
        borrow = i128::from(t < 0);
    }
    out
}

/// a^(2^252 − 3) = a^((p − 5)/8): 250 squarings with a multiply each (the exponent's bits are
/// all 1 but the second lowest), then the two lowest bits 0 and 1.
fn pow_p58(a: &Fe) -> Fe {
    let mut r = ONE;
    // Bits 251 down to 2 are 1, bit 1 is 0, bit 0 is 1.
    for _ in 2..252 {
        r = mul(&r, &r);
        r = mul(&r, a);
    }
    r = mul(&r, &r);
    r = mul(&r, &r);
    mul(&r, a)
}

/// Whether `bytes` decode to a point (RFC 8032 §5.1.3): y below p, x² = (y² − 1)/(d·y² + 1)
/// solvable, and not x = 0 with the sign bit set.
pub fn decodes(bytes: &[u8; 32]) -> bool {
    let sign = bytes[31] >> 7;
    let mut y = [0u64; 4];
    for (i, limb) in y.iter_mut().enumerate() {
        let mut b = [0u8; 8];
        b.copy_from_slice(&bytes[8 * i..8 * i + 8]);
        *limb = u64::from_le_bytes(b);
    }
    y[3] &= 0x7fff_ffff_ffff_ffff;
    if !less_than(&y, &P) {
        return false;
    }
    let y2 = mul(&y, &y);
    let u = add(&y2, &neg(&ONE));
    let v = add(&mul(&D, &y2), &ONE);
    // x = u·v³·(u·v⁷)^((p − 5)/8) (§5.1.3 step 3); a root exists when v·x² = ±u.
    let v3 = mul(&mul(&v, &v), &v);
    let v7 = mul(&mul(&v3, &v3), &v);
    let x = mul(&mul(&u, &v3), &pow_p58(&mul(&u, &v7)));
    let vx2 = canonical(&mul(&v, &mul(&x, &x)));
    let root = vx2 == canonical(&u) || vx2 == canonical(&neg(&u));
    // x = 0 exactly when u = 0; then the sign bit must be 0 (step 4).
    root && !(canonical(&u) == [0; 4] && sign == 1)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// The same answer as ed25519-dalek's decompression (the native verifier's) on keys of real
    /// signing keys, on random bytes (about half are points), and on the edge encodings.
    #[test]
    fn decoding_agrees_with_ed25519_dalek() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_f491_4f6c_dd1d)
        };
        let mut random = || {
            let mut b = [0u8; 32];
            for chunk in b.chunks_mut(8) {
                chunk.copy_from_slice(&next().to_le_bytes());
            }
            b
        };
        let dalek = |b: &[u8; 32]| ed25519_dalek::VerifyingKey::from_bytes(b).is_ok();
        let (mut points, mut not) = (0, 0);
        for _ in 0..3000 {
            let key = ed25519_dalek::SigningKey::from_bytes(&random()).verifying_key().to_bytes();
            assert!(decodes(&key), "{key:02x?}");
            let b = random();
            assert_eq!(decodes(&b), dalek(&b), "{b:02x?}");
            if dalek(&b) {
                points += 1;
            } else {
                not += 1;
            }
        }
        assert!(points > 1000 && not > 1000, "{points} points, {not} not");
        // The edges, where RFC 8032 is stricter than dalek's decompression (which reduces y
        // modulo p and negates x = 0): y = 0 (x² = −1, a point of order 4), 1 and p − 1 (x = 0:
        // the sign bit must be 0), 2 (no point), and y = p, p + 1, 2^255 − 1 (not below p).
        let y = |low: u8, high: bool| {
            let mut b = if high { [0xffu8; 32] } else { [0u8; 32] };
            b[0] = low;
            b[31] = if high { 0x7f } else { 0 };
            b
        };
        for (b, unsigned, signed) in [
            (y(0, false), true, true),
            (y(1, false), true, false),
            (y(2, false), false, false),
            (y(0xec, true), true, false),
            (y(0xed, true), false, false),
            (y(0xee, true), false, false),
            (y(0xff, true), false, false),
        ] {
            let mut with_sign = b;
            with_sign[31] |= 0x80;
            assert_eq!((decodes(&b), decodes(&with_sign)), (unsigned, signed), "{b:02x?}");
        }
    }
}
