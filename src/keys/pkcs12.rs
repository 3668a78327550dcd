//! PKCS#12 bundles (RFC 7292) opened with a password: the MAC checked, the certificates taken out
//! to be evaluated like any other, the private keys reduced to their public keys.
//!
//! ```text
//! PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL }
//! MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
//! AuthenticatedSafe ::= SEQUENCE OF ContentInfo   -- data, or encryptedData (RFC 5652 §8)
//! SafeContents ::= SEQUENCE OF SafeBag
//! SafeBag ::= SEQUENCE { bagId OID, bagValue [0] EXPLICIT ANY, bagAttributes SET OF … OPTIONAL }
//! CertBag ::= SEQUENCE { certId OID (x509Certificate), certValue [0] EXPLICIT OCTET STRING }
//! ```
//! What macOS Keychain and OpenSSL before 3 (`-legacy`) write: pbeWithSHAAnd40BitRC2-CBC around
//! the certificates, pbeWithSHAAnd3-KeyTripleDES-CBC around the key, an HMAC-SHA-1 MAC, all keyed
//! by the PKCS#12 KDF (Appendix B.2) over the password as a BMPString (Appendix B.1). What OpenSSL
//! 3 writes: PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC; RFC 8018 §6.2) around both, with the UTF-8
//! password, and an HMAC-SHA-256 MAC keyed by the same Appendix B KDF. Iteration counts are
//! bounded ([`MAX_ITERATIONS`]): a crafted bundle cannot make reading hang.

use super::unlock::{KeyBag, LockedKind, Opened, Unlocked};
use super::{Passwords, PrivateKey};
use crate::asn1::{tag, Reader, Tlv};
use cbc::cipher::{BlockDecryptMut, InnerIvInit, KeyIvInit};
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// At most this many iterations of a key derivation (OpenSSL writes 2048; macOS 2048 or fewer).
pub const MAX_ITERATIONS: u64 = 600_000;
/// At most this many bags are read from one bundle.
const MAX_BAGS: usize = 256;

const DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
const ENCRYPTED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x06];
/// pkcs-12 bag types, 1.2.840.113549.1.12.10.1.{1 keyBag, 2 pkcs8ShroudedKeyBag, 3 certBag}.
const BAG: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01];
/// pbeWithSHAAnd… 1.2.840.113549.1.12.1.{3 3-KeyTripleDES-CBC, 6 40BitRC2-CBC}.
const PBE: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01];
/// id-PBES2, 1.2.840.113549.1.5.13.
const PBES2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d];
/// pkcs-5, 1.2.840.113549.1.5: PBES1 pbeWithMD5AndDES-CBC (.3) and pbeWithSHA1AndDES-CBC (.10).
const PKCS5: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05];
const SHA1_OID: &[u8] = &[0x2b, 0x0e, 0x03, 0x02, 0x1a];
const SHA256_OID: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];

/// What an opened (or unopened) bundle holds. No secret in it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pkcs12 {
    pub opened: bool,
    /// The MAC verified with the password that opened it (`None`: the bundle has no MAC).
    pub mac_ok: Option<bool>,
    /// The encryption schemes used, in words ("RC2-40 (legacy)", "PBES2 AES-256-CBC", …).
    pub encryption: Vec<String>,
    /// The certificates' DER, in bag order.
    pub certificates: Vec<Vec<u8>>,
    pub private_keys: Vec<PrivateKey>,
    /// Why it is not (fully) opened, in words.
    pub notes: Vec<String>,
}

type Fail = String;

/// The core's view of a PFX: asked to be opened ([`super::unlock`]) when passwords are given
/// and, once answered, its certificates kept and its keys reduced to their public keys.
pub fn open(ber: &[u8], passwords: &Passwords) -> Pkcs12 {
    if passwords.is_empty() {
        return closed("give its password to open it".into());
    }
    match passwords.opened(LockedKind::Bundle, ber) {
        Some(Unlocked::Bundle(o)) => from_opened(o),
        Some(Unlocked::NotRun(why)) => closed(why),
        Some(Unlocked::Key(_)) | None => closed(super::unlock::NOT_OPENED.into()),
    }
}

/// What opening found, each key as its public key.
fn from_opened(o: Opened) -> Pkcs12 {
    let private_keys = o
        .keys
        .into_iter()
        .map(|k| match k.spki.map(|spki| crate::cert::PublicKey::from_spki_der(&spki)) {
            Ok(Some(public_key)) => PrivateKey { encrypted: k.encrypted, opened: true, public_key: Some(public_key), note: None },
            Ok(None) => PrivateKey { encrypted: k.encrypted, opened: false, public_key: None, note: Some("the opener gave an unreadable public key".into()) },
            Err(e) => PrivateKey { encrypted: k.encrypted, opened: false, public_key: None, note: Some(e) },
        })
        .collect();
    Pkcs12 { opened: o.opened, mac_ok: o.mac_ok, encryption: o.encryption, certificates: o.certificates, private_keys, notes: o.notes }
}

/// Opens `ber` (a PFX) with the first of `passwords` whose MAC verifies (or, without a MAC, that
/// decrypts): the engine, run by [`super::unlock::open`].
pub(super) fn unlock(ber: &[u8], passwords: &Passwords) -> Opened {
    let der = match crate::asn1::ber_to_der(ber) {
        Ok(d) => d,
        Err(e) => return closed_opened(format!("the PKCS#12 bundle is not readable ({e})")),
    };
    match open_der(&der, passwords) {
        Ok(p) => p,
        Err(e) => closed_opened(e),
    }
}

fn closed(note: String) -> Pkcs12 {
    Pkcs12 { notes: vec![note], ..Pkcs12::default() }
}

fn closed_opened(note: String) -> Opened {
    Opened { notes: vec![note], ..Opened::default() }
}

fn err(e: crate::asn1::Asn1Error) -> Fail {
    format!("the PKCS#12 bundle is not readable ({e})")
}

struct Mac12<'a> {
    sha256: bool,
    digest: &'a [u8],
    salt: &'a [u8],
    iterations: u64,
}

fn open_der(der: &[u8], passwords: &Passwords) -> Result<Opened, Fail> {
    let pfx = Reader::new(der).read_tag(tag::SEQUENCE, "PFX").map_err(err)?;
    let mut r = pfx.reader();
    r.read_tag(tag::INTEGER, "version").map_err(err)?;
    let auth_safe = content_info_data(&r.read_tag(tag::SEQUENCE, "authSafe").map_err(err)?)?;
    let mac = match r.read_optional(tag::SEQUENCE).map_err(err)? {
        Some(m) => Some(mac_data(&m)?),
        None => None,
    };
    if passwords.is_empty() {
        return Ok(closed_opened("give its password to open it".into()));
    }
    let password = match &mac {
        Some(m) => {
            let mut charged = Ok(());
            let Some(p) = passwords.iter().find(|p| {
                charged = charged.clone().and_then(|()| passwords.charge(m.iterations));
                charged.is_ok() && mac_verifies(m, p, auth_safe)
            }) else {
                if let Err(e) = charged {
                    return Ok(closed_opened(e));
                }
                return Ok(Opened {
                    mac_ok: Some(false),
                    ..closed_opened("none of the given passwords opens this PKCS#12 bundle (its integrity check fails with each)".into())
                });
            };
            p
        }
        // No MAC: the first password that decrypts everything.
        None => passwords.iter().find(|p| read_safe(auth_safe, p, passwords).is_ok_and(|b| b.notes.is_empty())).or(passwords.iter().next()).unwrap_or_default(),
    };
    let mut out = read_safe(auth_safe, password, passwords)?;
    out.mac_ok = mac.as_ref().map(|_| true);
    if mac.is_none() {
        out.notes.push("the bundle has no integrity check (MAC): it may have been changed".into());
    }
    out.opened = out.notes.iter().all(|n| !n.contains("password"));
    Ok(out)
}

/// ContentInfo of type data: its OCTET STRING's contents.
fn content_info_data<'a>(ci: &Tlv<'a>) -> Result<&'a [u8], Fail> {
    let mut r = ci.reader();
    let oid = r.read_tag(tag::OID, "contentType").map_err(err)?;
    if oid.value != DATA {
        return Err("the PKCS#12 bundle is signed with a public key (not password-protected): certscope opens only password-protected bundles".into());
    }
    let inner = r.read_tag(tag::CTX0, "content").map_err(err)?;
    Ok(inner.reader().read_tag(tag::OCTET_STRING, "data").map_err(err)?.value)
}

fn mac_data<'a>(m: &Tlv<'a>) -> Result<Mac12<'a>, Fail> {
    let mut r = m.reader();
    let digest_info = r.read_tag(tag::SEQUENCE, "mac").map_err(err)?;
    let salt = r.read_tag(tag::OCTET_STRING, "macSalt").map_err(err)?.value;
    let iterations = match r.read_optional(tag::INTEGER).map_err(err)? {
        Some(i) => integer(i.value)?,
        None => 1,
    };
    let mut d = digest_info.reader();
    let alg = d.read_tag(tag::SEQUENCE, "digestAlgorithm").map_err(err)?;
    let alg_oid = alg.reader().read_tag(tag::OID, "algorithm").map_err(err)?.value;
    let digest = d.read_tag(tag::OCTET_STRING, "digest").map_err(err)?.value;
    let sha256 = match alg_oid {
        SHA1_OID => false,
        SHA256_OID => true,
        _ => return Err("the bundle's integrity check uses a hash certscope does not compute (only SHA-1 and SHA-256)".into()),
    };
    Ok(Mac12 { sha256, digest, salt, iterations })
}

fn integer(v: &[u8]) -> Result<u64, Fail> {
    if v.len() > 8 || v.first().is_some_and(|b| b & 0x80 != 0) {
        return Err("an iteration count out of range".into());
    }
    let n = v.iter().fold(0u64, |a, b| (a << 8) | u64::from(*b));
    if n == 0 || n > MAX_ITERATIONS {
        return Err(format!("an iteration count of {n}: certscope stops at {MAX_ITERATIONS}, so the bundle is not opened"));
    }
    Ok(n)
}

fn mac_verifies(m: &Mac12<'_>, password: &str, data: &[u8]) -> bool {
    let pw = bmp_password(password);
    if m.sha256 {
        let key = kdf::<Sha256>(&pw, m.salt, 3, m.iterations, 32);
        <Hmac<Sha256> as Mac>::new_from_slice(&key).map(|h| h.chain_update(data).verify_slice(m.digest).is_ok()).unwrap_or(false)
    } else {
        let key = kdf::<Sha1>(&pw, m.salt, 3, m.iterations, 20);
        <Hmac<Sha1> as Mac>::new_from_slice(&key).map(|h| h.chain_update(data).verify_slice(m.digest).is_ok()).unwrap_or(false)
    }
}

/// The password as a BMPString with its two-zero terminator (RFC 7292 Appendix B.1).
fn bmp_password(p: &str) -> Vec<u8> {
    let mut out: Vec<u8> = p.encode_utf16().flat_map(u16::to_be_bytes).collect();
    out.extend([0, 0]);
    out
}

/// The PKCS#12 key derivation (RFC 7292 Appendix B.2): `id` 1 key, 2 IV, 3 MAC key; block size
/// 64 bytes for SHA-1 and SHA-256.
fn kdf<D: Digest>(password: &[u8], salt: &[u8], id: u8, iterations: u64, n: usize) -> Vec<u8> {
    const V: usize = 64;
    let u = <D as Digest>::output_size();
    let fill = |s: &[u8]| -> Vec<u8> {
        if s.is_empty() {
            return Vec::new();
        }
        let len = V * s.len().div_ceil(V);
        s.iter().copied().cycle().take(len).collect()
    };
    let mut i_block = fill(salt);
    i_block.extend(fill(password));
    let mut out = Vec::with_capacity(n + u);
    while out.len() < n {
        let mut a = D::new().chain_update([id; V]).chain_update(&i_block).finalize().to_vec();
        for _ in 1..iterations {
            a = D::digest(&a).to_vec();
        }
        let b: Vec<u8> = a.iter().copied().cycle().take(V).collect();
        for chunk in i_block.chunks_mut(V) {
            let mut carry = 1u16;
            for (x, y) in chunk.iter_mut().rev().zip(b.iter().rev()) {
                let s = u16::from(*x) + u16::from(*y) + carry;
                *x = s as u8;
                carry = s >> 8;
            }
        }
        out.extend_from_slice(&a);
    }
    out.truncate(n);
    out
}

/// Reads the AuthenticatedSafe with `password`.
fn read_safe(auth_safe: &[u8], password: &str, pw: &Passwords) -> Result<Opened, Fail> {
    let mut out = Opened::default();
    let list = Reader::new(auth_safe).read_tag(tag::SEQUENCE, "AuthenticatedSafe").map_err(err)?;
    let mut r = list.reader();
    while !r.is_empty() {
        let ci = r.read_tag(tag::SEQUENCE, "ContentInfo").map_err(err)?;
        let mut c = ci.reader();
        let oid = c.read_tag(tag::OID, "contentType").map_err(err)?.value;
        let content = c.read_tag(tag::CTX0, "content").map_err(err)?;
        let safe = if oid == DATA {
            content.reader().read_tag(tag::OCTET_STRING, "data").map_err(err)?.value.to_vec()
        } else if oid == ENCRYPTED_DATA {
            match encrypted_data(&content, password, pw, &mut out.encryption) {
                Ok(plain) => plain,
                Err(e) => {
                    out.notes.push(e);
                    continue;
                }
            }
        } else {
            out.notes.push("a part of the bundle encrypted to a public key (envelopedData): not opened".into());
            continue;
        };
        bags(&safe, password, pw, &mut out)?;
    }
    Ok(out)
}

/// EncryptedData ::= SEQUENCE { version, EncryptedContentInfo { contentType, algorithm,
/// encryptedContent [0] IMPLICIT OCTET STRING } } (RFC 5652 §8, §6.1).
fn encrypted_data(content: &Tlv<'_>, password: &str, pw: &Passwords, schemes: &mut Vec<String>) -> Result<Vec<u8>, Fail> {
    let ed = content.reader().read_tag(tag::SEQUENCE, "EncryptedData").map_err(err)?;
    let mut r = ed.reader();
    r.read_tag(tag::INTEGER, "version").map_err(err)?;
    let eci = r.read_tag(tag::SEQUENCE, "EncryptedContentInfo").map_err(err)?;
    let mut e = eci.reader();
    e.read_tag(tag::OID, "contentType").map_err(err)?;
    let alg = e.read_tag(tag::SEQUENCE, "contentEncryptionAlgorithm").map_err(err)?;
    let body = e.read().map_err(err)?;
    let ciphertext: Vec<u8> = match body.tag {
        0x80 => body.value.to_vec(),
        // Constructed (BER chunks, normalised): the chunks' contents in order.
        0xa0 => {
            let mut c = body.reader();
            let mut v = Vec::new();
            while !c.is_empty() {
                v.extend_from_slice(c.read_tag(tag::OCTET_STRING, "chunk").map_err(err)?.value);
            }
            v
        }
        _ => return Err("the bundle's encrypted part has no content".into()),
    };
    decrypt(&alg, password, pw, &ciphertext, schemes)
}

/// Decrypts with a PKCS#12 PBE scheme, PBES1 (DES) or PBES2.
pub(super) fn decrypt(alg: &Tlv<'_>, password: &str, pw: &Passwords, data: &[u8], schemes: &mut Vec<String>) -> Result<Vec<u8>, Fail> {
    let mut a = alg.reader();
    let oid = a.read_tag(tag::OID, "algorithm").map_err(err)?.value;
    let mut note = |s: &str| {
        if !schemes.iter().any(|x| x == s) {
            schemes.push(s.to_string());
        }
    };
    if oid == PBES2 {
        note("PBES2 (PBKDF2, AES-CBC)");
        let scheme = pkcs8::pkcs5::EncryptionScheme::try_from(alg.raw).map_err(|e| format!("the bundle's PBES2 parameters are not readable ({e})"))?;
        pw.charge(super::unlock::check_pbes2_cost(&scheme)?)?;
        return scheme.decrypt(password, data).map_err(|_| "the given password does not decrypt a part of the bundle".into());
    }
    let Some((&which, prefix)) = oid.split_last() else { return Err(err_scheme()) };
    if prefix != PBE && !(prefix == PKCS5 && matches!(which, 3 | 10)) {
        return Err(err_scheme());
    }
    let params = a.read_tag(tag::SEQUENCE, "pbeParams").map_err(err)?;
    let mut p = params.reader();
    let salt = p.read_tag(tag::OCTET_STRING, "salt").map_err(err)?.value;
    let iterations = integer(p.read_tag(tag::INTEGER, "iterations").map_err(err)?.value)?;
    if prefix == PKCS5 {
        pw.charge(iterations)?;
        // PBES1 (RFC 8018 §6.1): PBKDF1 (§5.1) gives 16 bytes, the DES key then the IV.
        let dk = if which == 3 { pbkdf1::<md5::Md5>(password.as_bytes(), salt, iterations) } else { pbkdf1::<Sha1>(password.as_bytes(), salt, iterations) };
        note(if which == 3 { "PBES1 pbeWithMD5AndDES-CBC (PKCS#5 v1.5)" } else { "PBES1 pbeWithSHA1AndDES-CBC (PKCS#5 v1.5)" });
        return cbc::Decryptor::<des::Des>::new_from_slices(&dk[..8], &dk[8..16])
            .map_err(|_| err_scheme())?
            .decrypt_padded_vec_mut::<cbc::cipher::block_padding::Pkcs7>(data)
            .map_err(|_| "the given password does not decrypt it".to_string());
    }
    // RFC 7292 Appendix B.2 runs the iterations once per 20-byte SHA-1 block of output: the
    // 3DES key (24 bytes) takes two, the RC2-40 key one, the IV (8 bytes) one.
    let key_blocks: u64 = if which == 3 { 2 } else { 1 };
    pw.charge(iterations.saturating_mul(key_blocks + 1))?;
    let pw = bmp_password(password);
    let iv = kdf::<Sha1>(&pw, salt, 2, iterations, 8);
    let bad = |_| "the given password does not decrypt a part of the bundle".to_string();
    match which {
        3 => {
            note("pbeWithSHAAnd3-KeyTripleDES-CBC (legacy)");
            let key = kdf::<Sha1>(&pw, salt, 1, iterations, 24);
            cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
                .map_err(|_| err_scheme())?
                .decrypt_padded_vec_mut::<cbc::cipher::block_padding::Pkcs7>(data)
                .map_err(bad)
        }
        6 => {
            note("pbeWithSHAAnd40BitRC2-CBC (legacy)");
            let key = kdf::<Sha1>(&pw, salt, 1, iterations, 5);
            let cipher = rc2::Rc2::new_with_eff_key_len(&key, 40);
            let iv: [u8; 8] = iv.as_slice().try_into().map_err(|_| err_scheme())?;
            cbc::Decryptor::<rc2::Rc2>::inner_iv_init(cipher, &iv.into()).decrypt_padded_vec_mut::<cbc::cipher::block_padding::Pkcs7>(data).map_err(bad)
        }
        _ => Err(err_scheme()),
    }
}

/// PBKDF1 (RFC 8018 §5.1): T_1 = Hash(P || S), T_i = Hash(T_{i-1}); the first 16 bytes.
fn pbkdf1<D: Digest>(password: &[u8], salt: &[u8], iterations: u64) -> Vec<u8> {
    let mut t = D::new().chain_update(password).chain_update(salt).finalize().to_vec();
    for _ in 1..iterations {
        t = D::digest(&t).to_vec();
    }
    t.truncate(16);
    t
}

fn err_scheme() -> Fail {
    "a part of the bundle is encrypted with a scheme certscope does not decrypt (it reads RC2-40 and 3DES with SHA-1, and PBES2)".into()
}

/// SafeContents: certificates kept, keys reduced to their public keys.
fn bags(safe: &[u8], password: &str, pw: &Passwords, out: &mut Opened) -> Result<(), Fail> {
    let list = Reader::new(safe).read_tag(tag::SEQUENCE, "SafeContents").map_err(err)?;
    let mut r = list.reader();
    while !r.is_empty() {
        if out.certificates.len() + out.keys.len() >= MAX_BAGS {
            out.notes.push(format!("more than {MAX_BAGS} entries: the rest of the bundle was not read"));
            return Ok(());
        }
        let bag = r.read_tag(tag::SEQUENCE, "SafeBag").map_err(err)?;
        let mut b = bag.reader();
        let id = b.read_tag(tag::OID, "bagId").map_err(err)?.value;
        let value = b.read_tag(tag::CTX0, "bagValue").map_err(err)?;
        let inner = value.reader().read().map_err(err)?;
        let Some((&kind, prefix)) = id.split_last() else { continue };
        if prefix != BAG {
            continue;
        }
        match kind {
            1 => out.keys.push(KeyBag { encrypted: false, spki: public_key(inner.raw, pw) }),
            2 => out.keys.push(shrouded_key(&inner, password, pw, &mut out.encryption)),
            3 => {
                let mut c = inner.reader();
                c.read_tag(tag::OID, "certId").map_err(err)?;
                let v = c.read_tag(tag::CTX0, "certValue").map_err(err)?;
                out.certificates.push(v.reader().read_tag(tag::OCTET_STRING, "certificate").map_err(err)?.value.to_vec());
            }
            _ => {}
        }
    }
    Ok(())
}

/// EncryptedPrivateKeyInfo with a PKCS#12 PBE scheme or PBES2, decrypted and read for its public key.
fn shrouded_key(epki: &Tlv<'_>, password: &str, pw: &Passwords, schemes: &mut Vec<String>) -> KeyBag {
    let plain = (|| {
        let mut r = epki.reader();
        let alg = r.read_tag(tag::SEQUENCE, "encryptionAlgorithm").map_err(err)?;
        let data = r.read_tag(tag::OCTET_STRING, "encryptedData").map_err(err)?.value;
        decrypt(&alg, password, pw, data, schemes)
    })();
    KeyBag { encrypted: true, spki: plain.and_then(|p| public_key(&p, pw)) }
}

/// A PrivateKeyInfo's public key (SubjectPublicKeyInfo DER), with the answers and questions for
/// WebCrypto but not the passwords.
fn public_key(pkcs8: &[u8], pw: &Passwords) -> Result<Vec<u8>, String> {
    super::read::public_key(pkcs8, super::KeyForm::Pkcs8, &pw.keys_only()).map(|k| k.spki_der)
}

/// The iteration-count reader, for the unit tests.
#[cfg(test)]
pub(super) fn tests_integer(v: &[u8]) -> Result<u64, Fail> {
    integer(v)
}
