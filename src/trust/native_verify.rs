//! The native verifier: RustCrypto's arithmetic on what [`prepare`] accepted. Not in the page's
//! build (the page asks the browser's WebCrypto, src/ui/webcrypto.rs); the CLI and the native
//! tests use it, and it is the reference the page's results are tested against (tests/wasm.rs
//! with tests/fixtures/signatures/, written by tests/signatures.rs).

use super::sig_parse::{Curve, RsaKey};
use super::signature::{prepare, Hash, Prepared, SigError};
use crate::cert::PublicKey;
use rsa::{BigUint, Pkcs1v15Sign, Pss, RsaPublicKey};
use sha1::Sha1;
use sha2::{Sha256, Sha384, Sha512};

fn pkcs1(hash: Hash) -> Pkcs1v15Sign {
    match hash {
        Hash::Sha1 => Pkcs1v15Sign::new::<Sha1>(),
        Hash::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
        Hash::Sha384 => Pkcs1v15Sign::new::<Sha384>(),
        Hash::Sha512 => Pkcs1v15Sign::new::<Sha512>(),
    }
}

fn pss(hash: Hash, salt: usize) -> Pss {
    match hash {
        Hash::Sha1 => Pss::new_with_salt::<Sha1>(salt),
        Hash::Sha256 => Pss::new_with_salt::<Sha256>(salt),
        Hash::Sha384 => Pss::new_with_salt::<Sha384>(salt),
        Hash::Sha512 => Pss::new_with_salt::<Sha512>(salt),
    }
}

/// The rsa crate's key, with its own checks run again (they agree with `sig_parse::rsa_key`,
/// which already passed: tested in sig_parse's tests).
fn rsa_key(k: &RsaKey<'_>) -> Result<RsaPublicKey, SigError> {
    RsaPublicKey::new_with_max_size(BigUint::from_bytes_be(k.n), BigUint::from_bytes_be(k.e), super::sig_parse::RSA_MAX_BITS)
        .map_err(|e| SigError::BadKey(e.to_string()))
}

/// Verifies `signature` over `message` with `key`, using the algorithm `alg_oid`/`params`.
pub fn verify(key: &PublicKey, alg_oid: &str, params: Option<&[u8]>, message: &[u8], signature: &[u8]) -> Result<(), SigError> {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    let ok = match prepare(key, alg_oid, params, signature)? {
        Prepared::Pkcs1 { key, hash } => rsa_key(&key)?.verify(pkcs1(hash), &hash.digest(message), signature).is_ok(),
        Prepared::Pss { key, hash, salt } => rsa_key(&key)?.verify(pss(hash, salt), &hash.digest(message), signature).is_ok(),
        Prepared::Ecdsa { curve, point, signature, hash, .. } => {
            let bad = || SigError::BadKey(format!("invalid {} point", curve.name()));
            match curve {
                Curve::P256 => {
                    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| bad())?;
                    let sig = p256::ecdsa::Signature::from_slice(&signature).map_err(|_| SigError::Mismatch)?;
                    key.verify_prehash(&hash.digest(message), &sig).is_ok()
                }
                Curve::P384 => {
                    let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| bad())?;
                    let sig = p384::ecdsa::Signature::from_slice(&signature).map_err(|_| SigError::Mismatch)?;
                    key.verify_prehash(&hash.digest(message), &sig).is_ok()
                }
            }
        }
        // RFC 8032 §5.1.7 as BoringSSL (Chromium) and NSS (Firefox) verify: S < L required,
        // cofactorless, small-order keys and R not refused — `verify`, not `verify_strict`
        // (tested on both sides in tests/signatures.rs). A key that is not a curve point can
        // verify nothing; browsers find that out only when verifying, so it is a mismatch here
        // too, never a different verdict.
        Prepared::Ed25519 { key, signature } => match ed25519_dalek::VerifyingKey::from_bytes(&key) {
            Ok(k) => ed25519_dalek::Verifier::verify(&k, message, &ed25519_dalek::Signature::from_bytes(&signature)).is_ok(),
            Err(_) => false,
        },
    };
    if ok {
        Ok(())
    } else {
        Err(SigError::Mismatch)
    }
}
