//! Reading a private key for its public key: the opener's work ([`super::unlock`]), never the
//! page's main module. A private key is decoded just long enough to name its public key; the
//! secret bytes are dropped here and never reach an item, the report or its JSON.
//!
//! Crates: RustCrypto's `pkcs8` (RFC 5208/5958), `pkcs1` (RFC 8017 A.1.2) and `sec1` (RFC 5915),
//! all on the der 0.7 line the rest of the tree links.

use super::{derive, KeyForm, Passwords};
use crate::cert::PublicKey;
use pkcs8::der::asn1::BitString;
use pkcs8::der::{Decode, Encode};
use pkcs8::spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

/// rsaEncryption (RFC 8017 A.1).
const RSA: &str = "1.2.840.113549.1.1.1";
/// id-ecPublicKey (RFC 5480 §2.1.1).
const EC: &str = "1.2.840.10045.2.1";
/// id-Ed25519 (RFC 8410 §3).
const ED25519: &str = "1.3.101.112";

/// The public key of a private key of `form` (not encrypted: [`super::unlock`] decrypts first).
pub(super) fn public_key(der: &[u8], form: KeyForm, pw: &Passwords) -> Result<PublicKey, String> {
    match form {
        KeyForm::Pkcs8 => pkcs8_public(der, pw),
        KeyForm::Pkcs1 => rsa_public(der),
        KeyForm::Sec1 => ec_public(der, None, pw),
        KeyForm::EncryptedPkcs8 => Err("an encrypted private key read as a plain one".into()),
    }
}

/// The SubjectPublicKeyInfo DER for `algorithm` (with `params` DER) and the key bits.
pub(crate) fn spki(algorithm: &str, params: Option<&[u8]>, key: &[u8]) -> Option<PublicKey> {
    let oid = pkcs8::ObjectIdentifier::new(algorithm).ok()?;
    let parameters = match params {
        Some(p) => Some(pkcs8::der::Any::from_der(p).ok()?),
        None => None,
    };
    let info = SubjectPublicKeyInfoOwned { algorithm: AlgorithmIdentifierOwned { oid, parameters }, subject_public_key: BitString::from_bytes(key).ok()? };
    PublicKey::from_spki_der(&info.to_der().ok()?)
}

/// ASN.1 NULL, the parameters of rsaEncryption (RFC 8017 A.1).
const NULL: [u8; 2] = [0x05, 0x00];

/// The public key of a PKCS#1 RSAPrivateKey (RFC 8017 A.1.2): its modulus and public exponent.
fn rsa_public(pkcs1_der: &[u8]) -> Result<PublicKey, String> {
    let k = pkcs1::RsaPrivateKey::from_der(pkcs1_der).map_err(|e| format!("not a readable RSA private key ({e})"))?;
    rsa_consistent(&k)?;
    let public = k.public_key().to_der().map_err(|e| format!("RSA public key not encodable ({e})"))?;
    spki(RSA, Some(&NULL), &public).ok_or_else(|| "RSA public key not readable".into())
}

/// The modulus and exponent of an RSAPrivateKey are only written beside the private part: a key
/// that copies a certificate's public key with made-up primes must not be "the key of" that
/// certificate. RFC 8017 §3.2: n = r_1·r_2·…·r_u (prime1, prime2 and any otherPrimeInfos); whoever
/// holds factors of n holds its private key. Schoolbook multiplication on 32-bit limbs, so the page
/// (which has no big-integer crate) checks it the same way: a few thousand limb products.
fn rsa_consistent(k: &pkcs1::RsaPrivateKey<'_>) -> Result<(), String> {
    // Bounded work: a modulus above 16,384 bits (no RSA key in use) is not multiplied out.
    let n_len = k.modulus.as_bytes().len();
    let factors_len =
        k.prime1.as_bytes().len() + k.prime2.as_bytes().len() + k.other_prime_infos.as_ref().map_or(0, |o| o.iter().map(|p| p.prime.as_bytes().len()).sum());
    if n_len > 2048 || factors_len > n_len + 64 {
        return Err("an RSA private key above 16,384 bits or with primes longer than its modulus: not matched".into());
    }
    let mut product = limbs(k.prime1.as_bytes());
    product = mul(&product, &limbs(k.prime2.as_bytes()));
    if let Some(others) = &k.other_prime_infos {
        for o in others.iter() {
            product = mul(&product, &limbs(o.prime.as_bytes()));
        }
    }
    let trim = |mut v: Vec<u32>| {
        while v.last() == Some(&0) {
            v.pop();
        }
        v
    };
    let one = [1u32];
    let primes_ok = [k.prime1.as_bytes(), k.prime2.as_bytes()].iter().all(|p| trim(limbs(p)).as_slice() > one.as_slice());
    if primes_ok && trim(product) == trim(limbs(k.modulus.as_bytes())) {
        Ok(())
    } else {
        Err("an RSA private key whose primes do not multiply to its modulus (RFC 8017 §3.2): it is not the private key of that public key, so it is not matched".into())
    }
}

/// Little-endian 32-bit limbs of a big-endian unsigned integer.
fn limbs(be: &[u8]) -> Vec<u32> {
    be.rchunks(4).map(|c| c.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b))).collect()
}

fn mul(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = vec![0u32; a.len() + b.len()];
    for (i, x) in a.iter().enumerate() {
        let mut carry = 0u64;
        for (j, y) in b.iter().enumerate() {
            let t = u64::from(*x) * u64::from(*y) + u64::from(out[i + j]) + carry;
            out[i + j] = t as u32;
            carry = t >> 32;
        }
        out[i + b.len()] = carry as u32;
    }
    out
}

/// The public key of a SEC1 ECPrivateKey (RFC 5915 §3) on the curve named by `curve_params`
/// (from PKCS#8) or its own `parameters [0]`: computed from `privateKey` (the optional
/// `publicKey [1]` is only what the file says, and a key that copies a certificate's point
/// beside another scalar must not be matched with it). The key's public key is the computed point,
/// uncompressed, whatever form the file wrote it in (certificates are paired with both forms:
/// [`crate::cert::PublicKey::pair_ids`]).
fn ec_public(sec1_der: &[u8], curve_params: Option<&[u8]>, pw: &Passwords) -> Result<PublicKey, String> {
    let k = sec1::EcPrivateKey::from_der(sec1_der).map_err(|e| format!("not a readable EC private key ({e})"))?;
    let own = k.parameters.and_then(|p| p.named_curve()).and_then(|c| c.to_der().ok());
    let params = curve_params.map(<[u8]>::to_vec).or(own).ok_or("the EC private key does not name its curve")?;
    let curve = pkcs8::ObjectIdentifier::from_der(&params).map_err(|_| "the EC private key's curve is not a named curve")?;
    let computed = derive::ec_point(&curve.to_string(), k.private_key, k.public_key, pw)?;
    let point = match k.public_key {
        Some(written) if derive::same_point(written, &computed) => computed,
        Some(_) => return Err("an EC private key whose written public key is not the one its private value makes: it is not matched".into()),
        None => computed,
    };
    spki(EC, Some(&params), &point).ok_or_else(|| "EC public key not readable".into())
}

/// The public key of an Ed25519 private key (RFC 8410 §7: `CurvePrivateKey ::= OCTET STRING`, the
/// 32-byte seed): computed natively, asked of the browser in the page ([`derive`]).
fn ed25519_public(inner: &[u8], pw: &Passwords) -> Result<PublicKey, String> {
    let seed = pkcs8::der::asn1::OctetStringRef::from_der(inner).map_err(|e| format!("not a readable Ed25519 key ({e})"))?;
    let seed: [u8; 32] = seed.as_bytes().try_into().map_err(|_| "an Ed25519 key is 32 bytes")?;
    let public = derive::ed25519(&seed, pw)?;
    spki(ED25519, None, &public).ok_or_else(|| "Ed25519 public key not readable".into())
}

/// A PKCS#8 PrivateKeyInfo / OneAsymmetricKey (RFC 5958 §2).
fn pkcs8_public(der: &[u8], pw: &Passwords) -> Result<PublicKey, String> {
    let info = pkcs8::PrivateKeyInfo::from_der(der).map_err(|e| format!("not a readable PKCS#8 private key ({e})"))?;
    let oid = info.algorithm.oid.to_string();
    let params = info.algorithm.parameters.map(|p| p.to_der()).transpose().map_err(|e| format!("{e}"))?;
    let computed = match oid.as_str() {
        RSA => rsa_public(info.private_key),
        EC => ec_public(info.private_key, params.as_deref(), pw),
        ED25519 => ed25519_public(info.private_key, pw),
        other => Err(format!("a private key of algorithm {other}, which certscope does not read")),
    }?;
    // OneAsymmetricKey's [1] publicKey, when present, is only what the file says: it must be the
    // one the private part makes, or the key is not matched with anything.
    match info.public_key {
        Some(pk) if oid != RSA => match spki(&oid, params.as_deref(), pk) {
            Some(written) if computed.pair_ids().contains(&written.pair_id()) => Ok(computed),
            _ => Err("a private key whose written public key is not the one its private part makes: it is not matched".into()),
        },
        _ => Ok(computed),
    }
}
