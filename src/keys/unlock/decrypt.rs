//! Decoding and decrypting a private key: the opener's work ([`super::open`]).

use super::super::{pkcs12, read, KeyForm, Passwords, GIVE_PASSWORD};
use crate::cert::PublicKey;
use pkcs8::der::Decode;

/// The public key of a private key of `form`, decrypted first with each password in turn when it
/// is an EncryptedPrivateKeyInfo (RFC 5958 §3).
pub(super) fn open_key(der: &[u8], form: KeyForm, passwords: &Passwords) -> Result<PublicKey, String> {
    if form != KeyForm::EncryptedPkcs8 {
        return read::public_key(der, form, passwords);
    }
    let plain = decrypt_key(der, passwords)?;
    read::public_key(&plain, KeyForm::Pkcs8, passwords)
}

/// An EncryptedPrivateKeyInfo (RFC 5958 §3), tried with each password: the plaintext
/// PrivateKeyInfo, or why not, in words.
fn decrypt_key(der: &[u8], passwords: &Passwords) -> Result<Vec<u8>, String> {
    if let Some(k) = open_key_pbe(der, passwords) {
        return k;
    }
    let info = pkcs8::EncryptedPrivateKeyInfo::from_der(der).map_err(|e| format!("an encrypted private key that is not readable ({e})"))?;
    if passwords.is_empty() {
        return Err(GIVE_PASSWORD.into());
    }
    let cost = check_pbes2_cost(&info.encryption_algorithm)?;
    for p in passwords.iter() {
        passwords.charge(cost)?;
        match info.decrypt(p) {
            Ok(doc) => return Ok(doc.as_bytes().to_vec()),
            Err(pkcs8::Error::EncryptedPrivateKey(pkcs8::pkcs5::Error::UnsupportedAlgorithm { oid })) => {
                return Err(format!("an encrypted private key whose scheme ({oid}) certscope cannot decrypt"));
            }
            Err(_) => {}
        }
    }
    Err(NONE_OPENS.into())
}

const NONE_OPENS: &str = "an encrypted private key that none of the given passwords opens";

/// An EncryptedPrivateKeyInfo whose scheme is not PBES2: PBES1 (`openssl pkcs8 -topk8 -v1
/// PBE-MD5-DES`, `PBE-SHA1-DES`) or a PKCS#12 PBE (`-v1 PBE-SHA1-3DES`), decrypted by the
/// PKCS#12 reader's code; `None` for PBES2 (RustCrypto's pkcs5 decrypts it).
fn open_key_pbe(der: &[u8], passwords: &Passwords) -> Option<Result<Vec<u8>, String>> {
    use crate::asn1::{tag, Reader};
    let outer = Reader::new(der).read_tag(tag::SEQUENCE, "EncryptedPrivateKeyInfo").ok()?;
    let mut r = outer.reader();
    let alg = r.read_tag(tag::SEQUENCE, "encryptionAlgorithm").ok()?;
    let data = r.read_tag(tag::OCTET_STRING, "encryptedData").ok()?.value;
    let oid = alg.reader().read_tag(tag::OID, "algorithm").ok()?.value;
    // id-PBES2 (1.2.840.113549.1.5.13): not here.
    if oid == [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d] {
        return None;
    }
    if passwords.is_empty() {
        return Some(Err(GIVE_PASSWORD.into()));
    }
    let mut last = String::new();
    for p in passwords.iter() {
        match pkcs12::decrypt(&alg, p, passwords, data, &mut Vec::new()) {
            // A wrong password usually fails the padding; the rest decrypt to something that is
            // not a PrivateKeyInfo.
            Ok(plain) if pkcs8::PrivateKeyInfo::from_der(&plain).is_ok() => return Some(Ok(plain)),
            Ok(_) => last = NONE_OPENS.into(),
            Err(e) => last = e,
        }
    }
    Some(Err(if last.contains("does not decrypt") || last.is_empty() { NONE_OPENS.into() } else { last }))
}

/// At most this scrypt cost (N; OpenSSL writes 16384, `-scrypt` at most 2^20 needs 1 GB).
const MAX_SCRYPT_LOG_N: u8 = 17;
/// At most this much scrypt memory (128·N·r bytes): OpenSSL's default `maxmem` (32 MiB).
const MAX_SCRYPT_MEMORY: u64 = 32 << 20;

/// Refuses key derivations that would run for minutes or exhaust memory: a crafted key or
/// bundle must end in bounded time (PBKDF2 iterations at most [`pkcs12::MAX_ITERATIONS`]).
/// Its cost in iterations when it may run.
pub(crate) fn check_pbes2_cost(scheme: &pkcs8::pkcs5::EncryptionScheme<'_>) -> Result<u64, String> {
    use pkcs8::pkcs5::pbes2::Kdf;
    let Some(params) = scheme.pbes2() else {
        return Err("an encryption scheme certscope does not decrypt (PKCS#5 v1.5 PBES1): convert it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`".into());
    };
    match &params.kdf {
        Kdf::Pbkdf2(p) if u64::from(p.iteration_count) > pkcs12::MAX_ITERATIONS => {
            Err(format!("a key derivation of {} iterations: certscope stops at {}", p.iteration_count, pkcs12::MAX_ITERATIONS))
        }
        // Memory is 128·N·r bytes (RFC 7914 §5): at most OpenSSL's default `maxmem`, 32 MiB.
        Kdf::Scrypt(p)
            if p.cost_parameter > (1 << MAX_SCRYPT_LOG_N)
                || p.block_size > 32
                || p.parallelization > 16
                || p.cost_parameter.saturating_mul(u64::from(p.block_size)).saturating_mul(128) > MAX_SCRYPT_MEMORY =>
        {
            Err("an scrypt key derivation too costly to run here".into())
        }
        // PBKDF2 runs its iterations once per block of the PRF's output (RFC 8018 §5.2): an
        // AES-256 key (32 bytes) under HMAC-SHA1 (20-byte blocks) takes two.
        Kdf::Pbkdf2(p) => {
            use pkcs8::pkcs5::pbes2::Pbkdf2Prf;
            let block = match p.prf {
                Pbkdf2Prf::HmacWithSha1 => 20,
                Pbkdf2Prf::HmacWithSha224 => 28,
                Pbkdf2Prf::HmacWithSha256 => 32,
                Pbkdf2Prf::HmacWithSha384 => 48,
                Pbkdf2Prf::HmacWithSha512 => 64,
                // A PRF this version does not name: the smallest block, the most work charged.
                _ => 20,
            };
            let blocks = params.encryption.key_size().div_ceil(block).max(1) as u64;
            Ok(u64::from(p.iteration_count).saturating_mul(blocks))
        }
        Kdf::Scrypt(p) => Ok(p.cost_parameter.saturating_mul(u64::from(p.block_size)).saturating_mul(u64::from(p.parallelization))),
        _ => Err("a key derivation certscope does not run".into()),
    }
}
