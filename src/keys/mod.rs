//! Private keys, certificate signing requests, PKCS#12 bundles and the MDM vendor-signed push
//! request: read for their **public** half only. A private key is decoded (after decryption with
//! one of the given passwords when it is encrypted) just long enough to name its public key; the
//! secret bytes are dropped there and never reach an item, the report or its JSON.
//!
//! Crates: RustCrypto's `pkcs8` (RFC 5208/5958, with its `pkcs5` for PBES2 — PBKDF2 or scrypt
//! with AES-CBC, RFC 8018 §6.2), `pkcs1` (RFC 8017 A.1.2) and `sec1` (RFC 5915), all on the
//! der 0.7 line the rest of the tree links; PKCS#12 in [`pkcs12`].

pub mod csr;
pub mod derive;
pub mod pkcs12;
pub mod push;
pub mod unlock;

use crate::cert::PublicKey;
use pkcs8::der::asn1::BitString;
use pkcs8::der::{Decode, Encode};
use pkcs8::spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

pub use csr::Csr;
pub use pkcs12::Pkcs12;
pub use push::PushRequest;

/// rsaEncryption (RFC 8017 A.1).
const RSA: &str = "1.2.840.113549.1.1.1";
/// id-ecPublicKey (RFC 5480 §2.1.1).
const EC: &str = "1.2.840.10045.2.1";
/// id-Ed25519 (RFC 8410 §3).
const ED25519: &str = "1.3.101.112";

/// At most this many key-derivation iterations (PBKDF2 rounds, PKCS#12 KDF rounds, scrypt N·r)
/// per reading, over every item and password together: many encrypted items or passwords cannot
/// make reading hang (OpenSSL's defaults cost 2048 to 16384 each).
pub const MAX_WORK: u64 = 8_000_000;

/// What an encrypted item without a password says.
const GIVE_PASSWORD: &str = "an encrypted private key: give its password to open it";

/// At most this many keys are asked about per reading (each costs the page's WebCrypto an import,
/// an export, a signature and a verification).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the page's path
const MAX_KEYS_TO_DERIVE: usize = 64;

/// Passwords to try on encrypted items, each in turn. Never serialised, never printed. Carries
/// the work left for key derivations ([`MAX_WORK`] when it is handed to a reader), and, for the
/// page, the public keys its WebCrypto computed for EC and Ed25519 keys and the keys reading
/// still wants computed ([`derive`]).
#[derive(Clone, PartialEq, Eq)]
pub struct Passwords {
    list: Vec<String>,
    work: std::cell::Cell<u64>,
    derived: std::rc::Rc<Vec<([u8; 32], Vec<u8>)>>,
    wanted: std::rc::Rc<std::cell::RefCell<Vec<derive::KeyToDerive>>>,
    unlocked: std::rc::Rc<Vec<(unlock::ItemId, unlock::Unlocked)>>,
    locked: std::rc::Rc<std::cell::RefCell<Vec<unlock::Locked>>>,
}

impl Default for Passwords {
    fn default() -> Self {
        Passwords::new(Vec::new())
    }
}

impl Passwords {
    pub fn new(list: Vec<String>) -> Self {
        Passwords {
            list,
            work: std::cell::Cell::new(MAX_WORK),
            derived: Default::default(),
            wanted: Default::default(),
            unlocked: Default::default(),
            locked: Default::default(),
        }
    }

    /// One password per line (a trailing CR is dropped; empty lines are skipped).
    pub fn from_lines(text: &str) -> Self {
        Passwords::new(text.lines().map(|l| l.strip_suffix('\r').unwrap_or(l).to_string()).filter(|l| !l.is_empty()).collect())
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The first password (what a one-password field shows), or "".
    pub fn first(&self) -> &str {
        self.list.first().map(String::as_str).unwrap_or_default()
    }

    /// The same passwords with the whole work budget (the same answers, the same questions).
    pub fn fresh(&self) -> Self {
        Passwords { work: std::cell::Cell::new(MAX_WORK), ..self.clone() }
    }

    /// The same passwords and answers, with questions of its own: what one reading asks.
    pub fn isolated(&self) -> Self {
        Passwords { wanted: Default::default(), locked: Default::default(), ..self.fresh() }
    }

    /// These passwords with public keys the shell computed ([`derive`]), by [`derive::KeyToDerive::id`].
    pub fn with_derived(&self, derived: Vec<([u8; 32], Vec<u8>)>) -> Self {
        let mut all = (*self.derived).clone();
        all.extend(derived);
        Passwords { derived: std::rc::Rc::new(all), ..self.isolated() }
    }

    /// These passwords with the shell's answers for encrypted items ([`unlock`]), by [`unlock::Locked::id`].
    pub fn with_unlocked(&self, answers: Vec<(unlock::ItemId, unlock::Unlocked)>) -> Self {
        let mut all = (*self.unlocked).clone();
        all.extend(answers);
        Passwords { unlocked: std::rc::Rc::new(all), ..self.isolated() }
    }

    /// The encrypted items reading asked to have opened, for the shell to open with
    /// [`unlock::open`] (taken: the list is emptied).
    pub fn take_locked(&self) -> Vec<unlock::Locked> {
        std::mem::take(&mut *self.locked.borrow_mut())
    }

    /// The shell's answer for the encrypted item `bytes`; `None` (and the item asked for) when
    /// there is none yet.
    fn opened(&self, kind: unlock::LockedKind, bytes: &[u8]) -> Option<unlock::Unlocked> {
        let id = unlock::id_of(bytes);
        if let Some((_, answer)) = self.unlocked.iter().find(|(i, _)| *i == id) {
            return Some(answer.clone());
        }
        let mut locked = self.locked.borrow_mut();
        if locked.len() < unlock::MAX_LOCKED && !locked.iter().any(|l| l.id == id) {
            locked.push(unlock::Locked { id, kind, bytes: bytes.to_vec() });
        }
        None
    }

    /// The keys reading could not compute the public key of, for the shell to ask about (taken:
    /// the list is emptied).
    pub fn take_wanted(&self) -> Vec<derive::KeyToDerive> {
        std::mem::take(&mut *self.wanted.borrow_mut())
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the page's path
    fn derived(&self, id: &[u8; 32]) -> Option<&[u8]> {
        self.derived.iter().find(|(i, _)| i == id).map(|(_, p)| p.as_slice())
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the page's path
    fn want(&self, key: derive::KeyToDerive) {
        let mut wanted = self.wanted.borrow_mut();
        // At most one question per key, and a bounded list.
        if wanted.len() < MAX_KEYS_TO_DERIVE && !wanted.iter().any(|k| k.id == key.id) {
            wanted.push(key);
        }
    }

    /// The answers and questions without the passwords: for a key inside an opened bundle.
    pub(crate) fn keys_only(&self) -> Self {
        Passwords { list: Vec::new(), ..self.clone() }
    }

    /// Takes `cost` iterations from the budget; `Err` (in words) when too little is left.
    pub(crate) fn charge(&self, cost: u64) -> Result<(), String> {
        let left = self.work.get();
        if cost > left {
            return Err("not opened: the key derivations of this input's encrypted items together exceed what certscope runs".into());
        }
        self.work.set(left - cost);
        Ok(())
    }
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Passwords({} hidden)", self.list.len())
    }
}

/// What is known of a private key: never the key itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateKey {
    pub encrypted: bool,
    /// Decoded (decrypted when encrypted) far enough to name its public key.
    pub opened: bool,
    pub public_key: Option<PublicKey>,
    /// Why it was not opened, or what could not be derived, in words.
    pub note: Option<String>,
}

impl PrivateKey {
    fn opened(public_key: PublicKey, encrypted: bool) -> Self {
        PrivateKey { encrypted, opened: true, public_key: Some(public_key), note: None }
    }

    fn closed(encrypted: bool, note: impl Into<String>) -> Self {
        PrivateKey { encrypted, opened: false, public_key: None, note: Some(note.into()) }
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

/// Which private key form `label` (a PEM label) or the DER's shape names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyForm {
    Pkcs8,
    EncryptedPkcs8,
    Pkcs1,
    Sec1,
}

impl KeyForm {
    pub fn from_label(label: &str) -> Option<Self> {
        Some(match label {
            "PRIVATE KEY" => KeyForm::Pkcs8,
            "ENCRYPTED PRIVATE KEY" => KeyForm::EncryptedPkcs8,
            "RSA PRIVATE KEY" => KeyForm::Pkcs1,
            "EC PRIVATE KEY" => KeyForm::Sec1,
            _ => return None,
        })
    }

    /// By structure (DER without a label): the form that decodes.
    pub fn sniff(der: &[u8]) -> Option<Self> {
        if pkcs8::PrivateKeyInfo::from_der(der).is_ok() {
            Some(KeyForm::Pkcs8)
        } else if pkcs8::EncryptedPrivateKeyInfo::from_der(der).is_ok() {
            Some(KeyForm::EncryptedPkcs8)
        } else if pkcs1::RsaPrivateKey::from_der(der).is_ok() {
            Some(KeyForm::Pkcs1)
        } else if sec1::EcPrivateKey::from_der(der).is_ok() {
            Some(KeyForm::Sec1)
        } else {
            None
        }
    }
}

/// Reads a private key of `form` from DER. OpenSSL's legacy `Proc-Type: 4,ENCRYPTED` PEM headers
/// are not read here (the PEM reader reports them).
pub fn read_private_key(der: &[u8], form: KeyForm, passwords: &Passwords) -> PrivateKey {
    let public = match form {
        KeyForm::EncryptedPkcs8 => return unlock::encrypted_key(der, passwords),
        KeyForm::Pkcs8 => pkcs8_public(der, passwords),
        KeyForm::Pkcs1 => rsa_public(der),
        KeyForm::Sec1 => ec_public(der, None, passwords),
    };
    match public {
        Ok(k) => PrivateKey::opened(k, false),
        Err(e) => PrivateKey::closed(false, e),
    }
}

#[cfg(test)]
mod tests;
