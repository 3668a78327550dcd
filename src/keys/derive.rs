//! The public key of an EC or Ed25519 private key, so that it can be paired with a certificate.
//!
//! Natively it is computed: SEC 1 §3.2.1 (Q = d·G) with RustCrypto's `p256`/`p384`, RFC 8032
//! §5.1.5 with `ed25519-dalek`. The page's build carries no curve arithmetic (no crate for it in
//! the page): it asks the browser's WebCrypto instead, as it does for signatures, and the core
//! never touches the browser. Reading records a [`KeyToDerive`] for each key it could not
//! compute (the key rewritten as a PKCS#8 PrivateKeyInfo *without* any public key, so the
//! browser must compute it from the private value), the shell gives it to WebCrypto (import,
//! export the public key, and a signature by the private key verified with that public key), and
//! reads again with the answers ([`super::Passwords::with_derived`]). A key without an answer is
//! "not checked": never paired, and never said not to be a certificate's.
//!
//! The key's bytes live in memory only, like the passwords: a [`KeyToDerive`] is never
//! serialised and its `Debug` shows no key material.

// The page's path ([`ec_point_from_shell`], [`ed25519_from_shell`] and what they use) is built
// natively too, for its unit tests; only the page calls it.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use super::Passwords;
use sha2::{Digest, Sha256};

/// id-ecPublicKey (RFC 5480 §2.1.1).
const EC: &str = "1.2.840.10045.2.1";
/// id-Ed25519 (RFC 8410 §3).
const ED25519: &str = "1.3.101.112";
/// secp256r1, secp384r1, secp521r1 (RFC 5480 §2.1.1.1): the OID, WebCrypto's name, the field
/// size in bytes, the OID's DER.
const CURVES: [(&str, &str, usize, &[u8]); 3] = [
    ("1.2.840.10045.3.1.7", "P-256", 32, &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]),
    ("1.3.132.0.34", "P-384", 48, &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22]),
    ("1.3.132.0.35", "P-521", 66, &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23]),
];
/// The DER of id-ecPublicKey and id-Ed25519.
const EC_DER: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const ED25519_DER: &[u8] = &[0x06, 0x03, 0x2b, 0x65, 0x70];

/// Which key a [`KeyToDerive`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeriveKind {
    /// ECDSA on a named curve (WebCrypto's `namedCurve`: `P-256`, `P-384`, `P-521`); the
    /// answer is the uncompressed point, 0x04 ‖ x ‖ y, each `size` bytes.
    Ecdsa { curve: &'static str, size: usize },
    /// Ed25519; the answer is the 32-byte public key.
    Ed25519,
}

/// A private key whose public key reading could not compute, for the shell to ask about.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyToDerive {
    /// What the answer is given back under (SHA-256 over the algorithm, the curve and the
    /// private value; in memory only).
    pub id: [u8; 32],
    pub kind: DeriveKind,
    pkcs8: Vec<u8>,
    with_written: Option<Vec<u8>>,
}

impl KeyToDerive {
    /// The key as a PKCS#8 PrivateKeyInfo (RFC 5208 §5) without a public key: what WebCrypto's
    /// `importKey("pkcs8", …)` takes, and the browser must compute the public key from.
    pub fn pkcs8(&self) -> &[u8] {
        &self.pkcs8
    }

    /// The same with the public key the file wrote (an EC key's `publicKey [1]`), for browsers
    /// that import EC keys only with one (Firefox): only what the file says, so the shell must
    /// prove it with a signature before answering.
    pub fn pkcs8_with_written_public_key(&self) -> Option<&[u8]> {
        self.with_written.as_deref()
    }
}

impl KeyToDerive {
    /// What the opener's answer carries of it (src/keys/unlock/wire.rs): WebCrypto's curve name
    /// ("" for Ed25519), the PKCS#8 and the one with the written public key.
    pub(crate) fn parts(&self) -> (&'static str, &[u8], Option<&[u8]>) {
        let curve = match self.kind {
            DeriveKind::Ecdsa { curve, .. } => curve,
            DeriveKind::Ed25519 => "",
        };
        (curve, &self.pkcs8, self.with_written.as_deref())
    }

    /// The key from [`KeyToDerive::parts`]; `None` for a curve not named here.
    pub(crate) fn from_parts(id: [u8; 32], curve: &str, pkcs8: Vec<u8>, with_written: Option<Vec<u8>>) -> Option<Self> {
        let kind = if curve.is_empty() {
            DeriveKind::Ed25519
        } else {
            let (_, name, size, _) = CURVES.iter().find(|c| c.1 == curve)?;
            DeriveKind::Ecdsa { curve: name, size: *size }
        };
        Some(KeyToDerive { id, kind, pkcs8, with_written })
    }
}

impl std::fmt::Debug for KeyToDerive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyToDerive({:?}, key hidden)", self.kind)
    }
}

fn id(algorithm: &str, curve: &str, secret: &[u8]) -> [u8; 32] {
    Sha256::new().chain_update(algorithm).chain_update([0]).chain_update(curve).chain_update([0]).chain_update(secret).finalize().into()
}

/// Why a key's public key is not known on the page, in words ("not checked", never a mismatch).
const NOT_CHECKED: &str =
    "its public key was not computed (the page asks the browser's WebCrypto for it, and this browser did not give it), so it is not checked against any certificate: not a mismatch (the command-line tool computes it)";

/// The public key the shell gave for this key, or `Err` after recording the question.
fn from_shell(kind: DeriveKind, id: [u8; 32], pkcs8: (Vec<u8>, Option<Vec<u8>>), pw: &Passwords) -> Result<Vec<u8>, String> {
    if let Some(public) = pw.derived(&id) {
        let ok = match kind {
            DeriveKind::Ecdsa { size, .. } => public.len() == 1 + 2 * size && public[0] == 4,
            DeriveKind::Ed25519 => public.len() == 32,
        };
        return if ok { Ok(public.to_vec()) } else { Err(format!("an unusable public key from the browser: {NOT_CHECKED}")) };
    }
    pw.want(KeyToDerive { id, kind, pkcs8: pkcs8.0, with_written: pkcs8.1 });
    Err(NOT_CHECKED.into())
}

/// A DER TLV (X.690 §8.1: definite length, short form below 128, else one or two length bytes;
/// nothing here is longer).
fn tlv(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let mut out = vec![tag];
    match len {
        0..=127 => out.push(len as u8),
        128..=255 => out.extend([0x81, len as u8]),
        _ => out.extend([0x82, (len >> 8) as u8, len as u8]),
    }
    for p in parts {
        out.extend_from_slice(p);
    }
    out
}

/// ```text
/// PrivateKeyInfo ::= SEQUENCE { version INTEGER (0), privateKeyAlgorithm AlgorithmIdentifier,
///                               privateKey OCTET STRING }                      -- RFC 5208 §5
/// ```
fn private_key_info(algorithm: &[u8], private_key: &[u8]) -> Vec<u8> {
    tlv(0x30, &[&[0x02, 0x01, 0x00], &tlv(0x30, &[algorithm]), &tlv(0x04, &[private_key])])
}

/// The PrivateKeyInfo of an EC private value on the curve whose OID's DER is `curve_der`
/// (parameters: namedCurve, RFC 5480 §2.1.1), with `publicKey` only when `written` is given:
///
/// ```text
/// ECPrivateKey ::= SEQUENCE { version INTEGER { ecPrivkeyVer1(1) }, privateKey OCTET STRING,
///                             parameters [0] ECParameters OPTIONAL,
///                             publicKey  [1] BIT STRING OPTIONAL }             -- RFC 5915 §3
/// ```
fn ec_pkcs8(curve_der: &[u8], scalar: &[u8], written: Option<&[u8]>) -> Vec<u8> {
    let public = written.map(|w| tlv(0xa1, &[&tlv(0x03, &[&[0x00], w])])).unwrap_or_default();
    let inner = tlv(0x30, &[&[0x02, 0x01, 0x01], &tlv(0x04, &[scalar]), &public]);
    private_key_info(&[EC_DER, curve_der].concat(), &inner)
}

/// The PrivateKeyInfo of an Ed25519 seed (RFC 8410 §7: privateKey is the DER of `CurvePrivateKey
/// ::= OCTET STRING`; the algorithm has no parameters, §3).
fn ed25519_pkcs8(seed: &[u8; 32]) -> Vec<u8> {
    private_key_info(ED25519_DER, &tlv(0x04, &[seed]))
}

fn curve_of(curve: &str) -> Result<(&'static str, usize, &'static [u8]), String> {
    CURVES.iter().find(|(oid, _, _, _)| *oid == curve).map(|(_, name, size, der)| (*name, *size, *der)).ok_or_else(|| {
        format!(
            "an EC private key on curve {curve}: certscope computes public keys on P-256, P-384 and P-521 only, so it is not checked against any certificate"
        )
    })
}

/// The uncompressed point of the private value `scalar` on `curve` (its OID), as the shell
/// gave it (the page).
pub(super) fn ec_point_from_shell(curve: &str, scalar: &[u8], written: Option<&[u8]>, pw: &Passwords) -> Result<Vec<u8>, String> {
    let (name, size, der) = curve_of(curve)?;
    let asked = (ec_pkcs8(der, scalar, None), written.map(|w| ec_pkcs8(der, scalar, Some(w))));
    from_shell(DeriveKind::Ecdsa { curve: name, size }, id(EC, curve, scalar), asked, pw)
}

/// The Ed25519 public key of `seed`, as the shell gave it (the page).
pub(super) fn ed25519_from_shell(seed: &[u8; 32], pw: &Passwords) -> Result<[u8; 32], String> {
    let public = from_shell(DeriveKind::Ed25519, id(ED25519, "", seed), (ed25519_pkcs8(seed), None), pw)?;
    public.try_into().map_err(|_| NOT_CHECKED.to_string())
}

/// Whether `written` (a SEC 1 §2.3.3 point, compressed or not) is the uncompressed `point`.
pub(super) fn same_point(written: &[u8], point: &[u8]) -> bool {
    let size = (point.len().saturating_sub(1)) / 2;
    match written.first() {
        Some(4) => written == point,
        Some(p @ (2 | 3)) if written.len() == 1 + size && point.len() == 1 + 2 * size && size > 0 => {
            written[1..] == point[1..=size] && point.last().is_some_and(|y| u8::from(y & 1 == 1) == p - 2)
        }
        _ => false,
    }
}

/// The uncompressed point of `scalar` on `curve` (its OID).
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn ec_point(curve: &str, scalar: &[u8], _written: Option<&[u8]>, _pw: &Passwords) -> Result<Vec<u8>, String> {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    let bad = || "an EC private value out of range for its curve".to_string();
    match curve_of(curve)?.0 {
        "P-256" => Ok(p256::SecretKey::from_slice(scalar).map_err(|_| bad())?.public_key().to_encoded_point(false).as_bytes().to_vec()),
        "P-384" => Ok(p384::SecretKey::from_slice(scalar).map_err(|_| bad())?.public_key().to_encoded_point(false).as_bytes().to_vec()),
        _ => Err(format!("an EC private key on curve {curve}: the command-line tool computes public keys on P-256 and P-384 only, so it is not checked against any certificate")),
    }
}

/// The page: the browser's answer (see the module's documentation).
#[cfg(target_arch = "wasm32")]
pub(super) fn ec_point(curve: &str, scalar: &[u8], written: Option<&[u8]>, pw: &Passwords) -> Result<Vec<u8>, String> {
    ec_point_from_shell(curve, scalar, written, pw).map_err(|e| format!("an EC private key: {e}"))
}

/// The Ed25519 public key of `seed`.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn ed25519(seed: &[u8; 32], _pw: &Passwords) -> Result<[u8; 32], String> {
    Ok(ed25519_dalek::SigningKey::from_bytes(seed).verifying_key().to_bytes())
}

/// The page: the browser's answer.
#[cfg(target_arch = "wasm32")]
pub(super) fn ed25519(seed: &[u8; 32], pw: &Passwords) -> Result<[u8; 32], String> {
    ed25519_from_shell(seed, pw).map_err(|e| format!("an Ed25519 key: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{read_in_process, KeyForm};
    use pkcs8::der::{Decode, Encode};

    fn fixture_scalar() -> (String, Vec<u8>, Vec<u8>) {
        let pem = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/push/ec-sec1.pem")).unwrap_or_default();
        let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let der = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).unwrap_or_default();
        let k = sec1::EcPrivateKey::from_der(&der).expect("the fixture's EC key"); // ok: test
        let curve = k.parameters.and_then(|p| p.named_curve()).map(|c| c.to_string()).unwrap_or_default();
        (curve, k.private_key.to_vec(), k.public_key.unwrap_or_default().to_vec())
    }

    /// Without an answer the page's path records the key (as a PKCS#8 that, read natively, names
    /// the same public key as the original, so the browser is asked the right question) and
    /// says "not checked"; with the answer it gives it; a wrong-sized answer is not taken.
    #[test]
    fn the_page_asks_for_a_key_and_takes_the_answer() {
        let (curve, scalar, written) = fixture_scalar();
        let pw = Passwords::default();
        let e = ec_point_from_shell(&curve, &scalar, Some(&written), &pw).expect_err("not known yet"); // ok: test
        assert!(e.contains("not checked") && e.contains("not a mismatch"), "{e}");
        let wanted = pw.take_wanted();
        assert_eq!(wanted.len(), 1);
        assert_eq!(wanted[0].kind, DeriveKind::Ecdsa { curve: "P-256", size: 32 });
        assert!(!format!("{:?}", wanted[0]).contains(&format!("{:?}", &scalar[..4])));
        let asked = read_in_process(wanted[0].pkcs8(), KeyForm::Pkcs8, &Passwords::default());
        // With the written public key too: the same key (read natively, it is checked).
        let with = wanted[0].pkcs8_with_written_public_key().map(|d| read_in_process(d, KeyForm::Pkcs8, &Passwords::default()));
        assert_eq!(with.and_then(|k| k.public_key).map(|k| k.spki_sha256), asked.public_key.as_ref().map(|k| k.spki_sha256.clone()));
        let original = ec_point(&curve, &scalar, None, &pw).expect("native"); // ok: test
        assert_eq!(original, written, "OpenSSL wrote the computed point");
        let expected = crate::keys::read::spki(EC, Some(&pkcs8::ObjectIdentifier::new(&curve).expect("oid").to_der().expect("der")), &original); // ok: test
        assert_eq!(asked.public_key.map(|k| k.spki_sha256), expected.map(|k| k.spki_sha256));
        // The answer, given back.
        let answered = pw.with_derived(vec![(wanted[0].id, original.clone())]);
        assert_eq!(ec_point_from_shell(&curve, &scalar, None, &answered), Ok(original.clone()));
        assert!(answered.take_wanted().is_empty());
        let wrong = pw.with_derived(vec![(wanted[0].id, original[..33].to_vec())]);
        assert!(ec_point_from_shell(&curve, &scalar, None, &wrong).is_err());
        // Another private value is another question.
        let mut other = scalar.clone();
        other[31] ^= 1;
        assert!(ec_point_from_shell(&curve, &other, None, &answered).is_err());
    }

    #[test]
    fn an_ed25519_seed_is_asked_as_pkcs8() {
        let seed = [7u8; 32];
        let pw = Passwords::default();
        assert!(ed25519_from_shell(&seed, &pw).is_err());
        let wanted = pw.take_wanted();
        let asked = read_in_process(wanted[0].pkcs8(), KeyForm::Pkcs8, &Passwords::default());
        let native = ed25519(&seed, &pw).expect("native"); // ok: test
        assert_eq!(asked.public_key.map(|k| k.spki_sha256), crate::keys::read::spki(ED25519, None, &native).map(|k| k.spki_sha256));
        let answered = pw.with_derived(vec![(wanted[0].id, native.to_vec())]);
        assert_eq!(ed25519_from_shell(&seed, &answered), Ok(native));
    }

    #[test]
    fn compressed_points_compare_with_their_uncompressed_form() {
        let (curve, scalar, _) = fixture_scalar();
        let point = ec_point(&curve, &scalar, None, &Passwords::default()).expect("native"); // ok: test
        let parity = 2 + (point[64] & 1);
        let mut compressed = vec![parity];
        compressed.extend_from_slice(&point[1..33]);
        assert!(same_point(&compressed, &point));
        assert!(same_point(&point, &point));
        compressed[0] ^= 1;
        assert!(!same_point(&compressed, &point));
        assert!(!same_point(&[], &point) && !same_point(&[4], &point));
    }
}
