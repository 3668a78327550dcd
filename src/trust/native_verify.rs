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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::signature::plan_web;

    /// RSASSA-PSS-params with SHA-256, MGF1-SHA-256 and the given saltLength (4 bytes).
    fn pss_params_der(salt: u32) -> Vec<u8> {
        let sha256 = [0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00];
        let mut p = vec![0xa0, 0x0f];
        p.extend_from_slice(&sha256);
        p.extend_from_slice(&[0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08]);
        p.extend_from_slice(&sha256);
        p.extend_from_slice(&[0xa2, 0x06, 0x02, 0x04]);
        p.extend_from_slice(&salt.to_be_bytes());
        let mut out = vec![0x30, p.len() as u8];
        out.extend(p);
        out
    }

    #[test]
    fn a_hostile_pss_salt_length_is_refused_before_the_arithmetic() {
        let pem = include_str!("../../tests/fixtures/apple/apple-root-ca-2006-rsa.pem");
        let cert = crate::testing::pem_certificate(pem);
        let key = &cert.public_key;
        let sig = vec![0u8; 256];
        for salt in [0x7FFF_FFF0u32, 256, 223] {
            let r = verify(key, "1.2.840.113549.1.1.10", Some(&pss_params_der(salt)), b"message", &sig);
            assert!(matches!(r, Err(SigError::Weak(_))), "salt {salt}: {r:?}");
            assert_eq!(plan_web(key, "1.2.840.113549.1.1.10", Some(&pss_params_der(salt)), &sig).err(), r.err());
        }
        // The largest salt a 2048-bit key leaves room for (256 − 32 − 2) is checked normally.
        let r = verify(key, "1.2.840.113549.1.1.10", Some(&pss_params_der(222)), b"message", &sig);
        assert_eq!(r, Err(SigError::Mismatch));
    }

    /// An algorithm this build does not verify is "not checked" only when the key could have
    /// made it: DSA, ECDSA-with-SHA224, GOST or SM2 under an RSA key (Apple's pinned CAs are RSA)
    /// is a key of the wrong kind, a failure, never "not checked" (a forger must not turn
    /// "forged" into "not checked" by naming an algorithm certscope lacks).
    #[test]
    fn an_unverified_algorithm_under_a_key_of_another_kind_is_a_mismatch() {
        let pem = include_str!("../../tests/fixtures/apple/apple-root-ca-2006-rsa.pem");
        let cert = crate::testing::pem_certificate(pem);
        let key = &cert.public_key;
        let sig = vec![1u8; 64];
        for oid in ["2.16.840.1.101.3.4.3.2", "1.2.840.10040.4.3", "1.2.840.10045.4.3.1", "1.2.643.7.1.1.3.2", "1.2.156.10197.1.501", "1.3.101.113"] {
            let r = plan_web(key, oid, None, &sig).err();
            assert!(matches!(r, Some(SigError::KeyMismatch { .. })), "{oid}: {r:?}");
        }
        // An RSA scheme this build lacks stays "not checked" under an RSA key.
        assert!(matches!(plan_web(key, "1.2.840.113549.1.1.14", None, &sig), Err(SigError::Unsupported(_))));
    }
}
