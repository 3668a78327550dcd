//! Signature algorithms: RSA PKCS#1 v1.5 with SHA-1/256/384/512 (RFC 8017 §8.2; 1024-bit keys
//! accepted: the Apple iPhone Device CA is 1024-bit), RSASSA-PSS (RFC 4055), ECDSA on P-256 and
//! P-384 (RFC 5758), Ed25519 (RFC 8410).
//!
//! [`prepare`] decides everything but the arithmetic, for both verifiers: natively
//! `native_verify` (RustCrypto; not in the page's build), in the page the browser's WebCrypto
//! through [`plan_web`].

use super::sig_parse::{self, Curve, PointForm, RsaKey};
use crate::asn1::{oid_to_string, tag, Reader};
use crate::cert::PublicKey;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

pub use super::sig_error::{NotChecked, SigError};

pub(crate) use crate::cert::algorithms::Hash;

impl Hash {
    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha1 => Sha1::digest(data).to_vec(),
            Hash::Sha256 => Sha256::digest(data).to_vec(),
            Hash::Sha384 => Sha384::digest(data).to_vec(),
            Hash::Sha512 => Sha512::digest(data).to_vec(),
        }
    }

    /// The output length in bytes (hLen).
    fn len(self) -> usize {
        match self {
            Hash::Sha1 => 20,
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }

    /// The name WebCrypto gives the hash (the table's: `SHA-256`).
    fn web_name(self) -> &'static str {
        self.name()
    }
}

/// What a browser's WebCrypto (`crypto.subtle`) needs to check one signature: everything but
/// the arithmetic is decided here, with the same parsing and refusals as [`verify`], so the page
/// and the CLI reach the same verdicts (tested in tests/wasm.rs against the native verifier).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebVerify {
    /// RSASSA-PKCS1-v1_5: `importKey("spki", spki, {name, hash})`, `verify(name, key, sig, msg)`.
    RsaPkcs1 { hash: &'static str, spki: Vec<u8>, signature: Vec<u8> },
    /// RSA-PSS with `saltLength`.
    RsaPss { hash: &'static str, salt: u32, spki: Vec<u8>, signature: Vec<u8> },
    /// ECDSA with the signature in WebCrypto's fixed-width r ‖ s form (not DER). `compressed`:
    /// the key is a compressed point, which not every browser imports.
    Ecdsa { hash: &'static str, curve: &'static str, compressed: bool, spki: Vec<u8>, signature: Vec<u8> },
    /// Ed25519 (`{name: "Ed25519"}`, RFC 8032 pure EdDSA over the whole message).
    Ed25519 { spki: Vec<u8>, signature: Vec<u8> },
}

/// An RSA key's SubjectPublicKeyInfo in the rsaEncryption form WebCrypto imports for both
/// PKCS#1 and PSS (an id-RSASSA-PSS key, RFC 4055 §1.2, is re-labelled; the key is the same).
fn rsa_encryption_spki(key: &PublicKey) -> Vec<u8> {
    if key.algorithm_oid == "1.2.840.113549.1.1.1" {
        return key.spki_der.clone();
    }
    // AlgorithmIdentifier { rsaEncryption, NULL }
    let alg = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
    let mut bits = vec![0u8];
    bits.extend_from_slice(&key.key_bytes);
    let mut body = alg.to_vec();
    crate::asn1::push_header(&mut body, tag::BIT_STRING, bits.len());
    body.extend_from_slice(&bits);
    let mut out = Vec::with_capacity(body.len() + 4);
    crate::asn1::push_header(&mut out, tag::SEQUENCE, body.len());
    out.extend_from_slice(&body);
    out
}

/// A signature ready for the arithmetic: every parse and every refusal the native verifier and
/// the WebCrypto plan share, decided once here (without RustCrypto, which the page does not
/// ship) so the two cannot drift apart.
// The keys are read by the native arithmetic only; the page hands WebCrypto the SPKI.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) enum Prepared<'a> {
    Pkcs1 {
        key: RsaKey<'a>,
        hash: Hash,
    },
    Pss {
        key: RsaKey<'a>,
        hash: Hash,
        salt: usize,
    },
    /// The point's encoding is checked; whether it is on the curve is left to the arithmetic.
    /// The signature is in the fixed-width r ‖ s form.
    Ecdsa {
        curve: Curve,
        point: &'a [u8],
        form: PointForm,
        signature: Vec<u8>,
        hash: Hash,
    },
    Ed25519 {
        key: [u8; 32],
        signature: [u8; 64],
    },
}

pub(crate) fn prepare<'a>(key: &'a PublicKey, alg_oid: &str, params: Option<&[u8]>, signature: &[u8]) -> Result<Prepared<'a>, SigError> {
    let mismatch = || SigError::KeyMismatch { key: key.algorithm.clone(), algorithm: crate::cert::oid_name(alg_oid).unwrap_or(alg_oid).to_string() };
    let scheme = match scheme(alg_oid, params) {
        // An algorithm this build does not verify is "not checked" only when the key could have
        // made it: one of another key family is a failure (a forger must not turn "forged" into
        // "not checked" by naming an algorithm certscope lacks).
        Err(SigError::Unsupported(_)) if key_family(alg_oid).zip(family_of_key(&key.algorithm)).is_some_and(|(a, k)| a != k) => return Err(mismatch()),
        other => other?,
    };
    match scheme {
        Scheme::Pkcs1(_) | Scheme::Pss { .. } if key.algorithm != "RSA" => Err(mismatch()),
        Scheme::Pkcs1(hash) => {
            let k = sig_parse::rsa_key(&key.key_bytes)?;
            if !k.signature_in_range(signature) {
                return Err(SigError::Mismatch);
            }
            Ok(Prepared::Pkcs1 { key: k, hash })
        }
        Scheme::Pss { hash, salt } => {
            let k = sig_parse::rsa_key(&key.key_bytes)?;
            // RFC 8017 §9.1.2 step 3: emLen >= hLen + sLen + 2. Bounded here, before any
            // arithmetic, so a hostile saltLength never reaches it.
            if salt.saturating_add(hash.len() + 2) > k.size() {
                return Err(SigError::Weak(format!("RSASSA-PSS salt length {salt} does not fit the key (RFC 8017 §9.1.2)")));
            }
            if !k.signature_in_range(signature) {
                return Err(SigError::Mismatch);
            }
            Ok(Prepared::Pss { key: k, hash, salt })
        }
        Scheme::Ecdsa(hash) => {
            let curve = match key.curve.as_deref() {
                Some("P-256") => Curve::P256,
                Some("P-384") => Curve::P384,
                Some(other) if key.algorithm == "EC" => return Err(SigError::Unsupported(format!("ECDSA on curve {other}"))),
                _ => return Err(mismatch()),
            };
            let form = sig_parse::ec_point(curve, &key.key_bytes)?;
            let signature = sig_parse::ecdsa_signature(curve, signature).ok_or(SigError::Mismatch)?;
            Ok(Prepared::Ecdsa { curve, point: &key.key_bytes, form, signature, hash })
        }
        Scheme::Ed25519 if key.algorithm != "Ed25519" => Err(mismatch()),
        Scheme::Ed25519 => {
            let k = sig_parse::ed25519_key(&key.key_bytes)?;
            let signature = sig_parse::ed25519_signature(signature).ok_or(SigError::Mismatch)?;
            Ok(Prepared::Ed25519 { key: k, signature })
        }
    }
}

/// The key family whose keys make signatures of `alg_oid`, by the OID's arc (RFC 8017 for RSA's
/// `pkcs-1`, RFC 5758 for ECDSA's and DSA's, RFC 8410, RFC 9215, GB/T 32918), as
/// `PublicKey::algorithm` names it; `None` for an OID of no known family.
fn key_family(alg_oid: &str) -> Option<&'static str> {
    const FAMILIES: &[(&str, &str)] = &[
        ("1.2.840.113549.1.1.", "RSA"),
        ("1.3.14.3.2.29", "RSA"),
        ("1.2.840.10045.4.", "EC"),
        ("1.2.840.10040.4.3", "DSA"),
        ("2.16.840.1.101.3.4.3.", "DSA"),
        ("1.3.101.112", "Ed25519"),
        ("1.3.101.113", "Ed448"),
        ("1.2.643.", "GOST"),
        // SM2 keys are id-ecPublicKey keys on the SM2 curve.
        ("1.2.156.10197.1.", "EC"),
    ];
    FAMILIES.iter().find(|(arc, _)| alg_oid == *arc || (arc.ends_with('.') && alg_oid.starts_with(arc))).map(|(_, f)| *f)
}

/// The family of a key as [`key_family`] names it (`PublicKey::algorithm` is "RSA", "EC",
/// "Ed25519" or the key's algorithm OID); `None` for a key of no known family.
fn family_of_key(algorithm: &str) -> Option<&'static str> {
    match algorithm {
        "RSA" => Some("RSA"),
        "EC" => Some("EC"),
        "Ed25519" => Some("Ed25519"),
        "1.2.840.10040.4.1" => Some("DSA"),
        "1.3.101.113" => Some("Ed448"),
        a if a.starts_with("1.2.643.") => Some("GOST"),
        _ => None,
    }
}

/// The WebCrypto form of a check, or the verdict when it is decided without arithmetic (an
/// unsupported or broken algorithm, a key of the wrong kind, an undecodable key or signature).
pub fn plan_web(key: &PublicKey, alg_oid: &str, params: Option<&[u8]>, signature: &[u8]) -> Result<WebVerify, SigError> {
    Ok(match prepare(key, alg_oid, params, signature)? {
        Prepared::Pkcs1 { hash, .. } => WebVerify::RsaPkcs1 { hash: hash.web_name(), spki: rsa_encryption_spki(key), signature: signature.to_vec() },
        Prepared::Pss { hash, salt, .. } => {
            // The salt fits the key (checked in `prepare`), so it fits a u32.
            let salt = u32::try_from(salt).map_err(|_| SigError::Weak(format!("RSASSA-PSS salt length {salt} does not fit the key (RFC 8017 §9.1.2)")))?;
            WebVerify::RsaPss { hash: hash.web_name(), salt, spki: rsa_encryption_spki(key), signature: signature.to_vec() }
        }
        Prepared::Ecdsa { curve, form, signature, hash, .. } => {
            WebVerify::Ecdsa { hash: hash.web_name(), curve: curve.name(), compressed: form == PointForm::Compressed, spki: key.spki_der.clone(), signature }
        }
        Prepared::Ed25519 { signature, .. } => WebVerify::Ed25519 { spki: key.spki_der.clone(), signature: signature.to_vec() },
    })
}

/// The digest algorithm (OID) a PKCS#1 v1.5 or ECDSA signature algorithm names, from the same
/// table the verifier uses (RSASSA-PSS names its hash in parameters: `None`).
pub fn named_hash(signature_oid: &str) -> Option<&'static str> {
    Hash::named_by_signature(signature_oid).map(Hash::oid)
}

/// Digests `data` with the digest algorithm `oid` (for CMS messageDigest).
pub fn digest(oid: &str, data: &[u8]) -> Option<Vec<u8>> {
    Hash::from_oid(oid).map(|h| h.digest(data))
}

enum Scheme {
    Pkcs1(Hash),
    Pss { hash: Hash, salt: usize },
    Ecdsa(Hash),
    Ed25519,
}

/// The scheme the table gives `oid` (rsaEncryption is a key, not a scheme: CMS callers map it
/// with [`cms_signature_oid`] first).
fn scheme(oid: &str, params: Option<&[u8]>) -> Result<Scheme, SigError> {
    use crate::cert::algorithms::{algorithm, Kind};
    let row = algorithm(oid);
    Ok(match row.map(|a| a.kind) {
        Some(Kind::Pkcs1(h)) => Scheme::Pkcs1(h),
        Some(Kind::Pss) => pss_params(params)?,
        Some(Kind::Ecdsa(h)) => Scheme::Ecdsa(h),
        Some(Kind::Ed25519) => Scheme::Ed25519,
        Some(Kind::Broken(why)) => return Err(SigError::Weak(why.into())),
        _ => return Err(SigError::Unsupported(row.map_or(oid, |a| a.name).to_string())),
    })
}

/// RSASSA-PSS-params (RFC 4055 §3.1):
/// ```text
/// RSASSA-PSS-params  ::=  SEQUENCE  {
///     hashAlgorithm      [0] HashAlgorithm DEFAULT sha1Identifier,
///     maskGenAlgorithm   [1] MaskGenAlgorithm DEFAULT mgf1SHA1Identifier,
///     saltLength         [2] INTEGER DEFAULT 20,
///     trailerField       [3] INTEGER DEFAULT 1  }
/// ```
fn pss_params(params: Option<&[u8]>) -> Result<Scheme, SigError> {
    let bad = || SigError::Unsupported("RSASSA-PSS with unreadable parameters".into());
    let mut hash = Hash::Sha1;
    let mut mgf_hash = Hash::Sha1;
    let mut salt = 20usize;
    if let Some(p) = params {
        let seq = Reader::new(p).read_tag(tag::SEQUENCE, "RSASSA-PSS-params").map_err(|_| bad())?;
        let mut r = seq.reader();
        while !r.is_empty() {
            let field = r.read().map_err(|_| bad())?;
            let inner = field.reader().read().map_err(|_| bad())?;
            match field.tag {
                0xa0 => {
                    let oid = inner.reader().read_tag(tag::OID, "hash").map_err(|_| bad())?;
                    hash = oid_to_string(oid.value).and_then(|o| Hash::from_oid(&o)).ok_or_else(bad)?;
                }
                0xa1 => {
                    let mut m = inner.reader();
                    let mgf = m.read_tag(tag::OID, "mgf").map_err(|_| bad())?;
                    if oid_to_string(mgf.value).as_deref() != Some("1.2.840.113549.1.1.8") {
                        return Err(bad());
                    }
                    let h = m.read_tag(tag::SEQUENCE, "mgf hash").map_err(|_| bad())?;
                    let oid = h.reader().read_tag(tag::OID, "hash").map_err(|_| bad())?;
                    mgf_hash = oid_to_string(oid.value).and_then(|o| Hash::from_oid(&o)).ok_or_else(bad)?;
                }
                0xa2 => {
                    if inner.value.len() > 4 {
                        return Err(bad());
                    }
                    salt = inner.value.iter().fold(0usize, |a, b| (a << 8) | *b as usize);
                }
                0xa3 => {
                    if inner.value != [1] {
                        return Err(bad());
                    }
                }
                _ => return Err(bad()),
            }
        }
    }
    if mgf_hash != hash {
        return Err(SigError::Unsupported("RSASSA-PSS with a mask hash different from the message hash".into()));
    }
    Ok(Scheme::Pss { hash, salt })
}

/// CMS signers may name `rsaEncryption` as the signature algorithm and give the hash in
/// digestAlgorithm (RFC 5754 §3.2): that pair as the PKCS#1 v1.5 signature OID (the table's).
pub fn cms_signature_oid(signature_oid: &str, digest_oid: &str) -> String {
    crate::cert::algorithms::cms_signature_oid(signature_oid, digest_oid).to_string()
}
