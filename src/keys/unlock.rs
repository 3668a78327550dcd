//! Opening encrypted items with passwords, as an effect: the core never decrypts while it reads.
//!
//! Reading meets an encrypted private key (RFC 5958 §3 EncryptedPrivateKeyInfo) or a PKCS#12
//! bundle (RFC 7292) and, with passwords given, asks for it to be opened ([`super::Passwords`]
//! records a [`Locked`] item); the shell opens what was asked with [`open`] and reads again with
//! the answers ([`Unlocked`], by the item's SHA-256), as the page's WebCrypto answers signature
//! checks. The CLI opens in process (`crate::input::read_with`). The page opens in a worker of
//! its own with a second, small wasm (`certscope-unlock`, src/unlock_web.rs): the decryption
//! crates (pkcs5's PBES2 with PBKDF2/scrypt and AES, RC2, DES/3DES, MD5, RFC 7292's KDF and
//! MACs) are not part of the page's first load, and only a page that meets an encrypted item
//! with a password fetches them. The worker ends after it answers: its copy of the passwords and
//! plaintext goes with it.
//!
//! What comes back is secret (a plaintext PrivateKeyInfo): it lives in memory only, is read for
//! its public key by [`super::read_private_key`] and dropped; no report, output or storage holds it.

use super::{pkcs12, Passwords, PrivateKey};
use pkcs8::der::Decode;
use sha2::{Digest, Sha256};

/// An item's identity: the SHA-256 of its bytes as read.
pub type ItemId = [u8; 32];

/// At most this many encrypted items are opened per reading (the work budget,
/// [`super::MAX_WORK`], bounds them anyway).
pub const MAX_LOCKED: usize = 64;

/// What kind of encrypted item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockedKind {
    /// EncryptedPrivateKeyInfo (PBES2, PBES1 or a PKCS#12 PBE scheme).
    Key,
    /// A PKCS#12 PFX.
    Bundle,
}

/// An encrypted item reading asks to have opened.
#[derive(Clone, PartialEq, Eq)]
pub struct Locked {
    pub id: ItemId,
    pub kind: LockedKind,
    pub bytes: Vec<u8>,
}

impl Locked {
    pub fn new(kind: LockedKind, bytes: &[u8]) -> Self {
        Locked { id: id_of(bytes), kind, bytes: bytes.to_vec() }
    }
}

impl std::fmt::Debug for Locked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Locked({:?}, {} bytes)", self.kind, self.bytes.len())
    }
}

/// The SHA-256 of `bytes`.
pub fn id_of(bytes: &[u8]) -> ItemId {
    Sha256::digest(bytes).into()
}

/// A private key out of an encrypted item: its plaintext PrivateKeyInfo (secret), or why not.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyBag {
    /// Whether the key was encrypted (a PKCS#12 keyBag is not, a pkcs8ShroudedKeyBag is).
    pub encrypted: bool,
    pub pkcs8: Result<Vec<u8>, String>,
}

/// What opening a PKCS#12 bundle found (see [`pkcs12::Pkcs12`], which the core makes of it).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Opened {
    pub opened: bool,
    pub mac_ok: Option<bool>,
    pub encryption: Vec<String>,
    pub certificates: Vec<Vec<u8>>,
    pub keys: Vec<KeyBag>,
    pub notes: Vec<String>,
}

/// The answer for one [`Locked`] item.
#[derive(Clone, PartialEq, Eq)]
pub enum Unlocked {
    /// An encrypted private key: its plaintext PrivateKeyInfo, or why it was not opened.
    Key(Result<Vec<u8>, String>),
    Bundle(Opened),
    /// Not tried, in words (the page's opener could not run).
    NotRun(String),
}

impl std::fmt::Debug for Unlocked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unlocked::Key(Ok(_)) => write!(f, "Key(opened, hidden)"),
            Unlocked::Key(Err(e)) => write!(f, "Key(not opened: {e})"),
            Unlocked::Bundle(o) => write!(f, "Bundle(opened: {}, {} certificates, {} keys hidden)", o.opened, o.certificates.len(), o.keys.len()),
            Unlocked::NotRun(why) => write!(f, "NotRun({why})"),
        }
    }
}

/// Opens `locked` with `passwords`, in order, under their one work budget (what is left of
/// [`super::MAX_WORK`], over every item and password together).
pub fn open(locked: &[Locked], passwords: &Passwords) -> Vec<(ItemId, Unlocked)> {
    let pw = passwords;
    locked
        .iter()
        .take(MAX_LOCKED)
        .map(|l| {
            let answer = match l.kind {
                LockedKind::Key => Unlocked::Key(open_key(&l.bytes, pw)),
                LockedKind::Bundle => Unlocked::Bundle(pkcs12::unlock(&l.bytes, pw)),
            };
            (l.id, answer)
        })
        .collect()
}

/// The request the page posts to its opener: the items and the passwords, in DER written and read
/// with the core's own bounded reader (a serde format would add its deserializer to the page's
/// wasm; this adds a few hundred bytes). It exists in memory only, posted to the worker that
/// answers it, never stored.
///
/// ```text
/// Request ::= SEQUENCE { passwords SEQUENCE OF UTF8String, items SEQUENCE OF Item }
/// Item    ::= SEQUENCE { kind INTEGER { key(0), bundle(1) }, bytes OCTET STRING }
/// ```
pub fn request(locked: &[Locked], passwords: &Passwords) -> Vec<u8> {
    let pws = seq(passwords.iter().map(|p| tlv(tag::UTF8_STRING, p.as_bytes())));
    let items = seq(locked.iter().take(MAX_LOCKED).map(|l| seq([int(u8::from(l.kind == LockedKind::Bundle)), tlv(tag::OCTET_STRING, &l.bytes)])));
    seq([pws, items])
}

/// The opener's side (src/unlock_web.rs): answers a [`request`] with [`open`]'s answers.
///
/// ```text
/// Answer   ::= CHOICE { answers SEQUENCE OF Answered, failed UTF8String }
/// Answered ::= SEQUENCE { id OCTET STRING (SIZE (32)), CHOICE {
///                key [0] KeyResult, bundle [1] Opened, notRun [2] UTF8String } }
/// KeyResult ::= CHOICE { plaintext OCTET STRING, why UTF8String }
/// Opened   ::= SEQUENCE { opened INTEGER, mac INTEGER { none(0), fails(1), verifies(2) },
///                encryption SEQUENCE OF UTF8String, certificates SEQUENCE OF OCTET STRING,
///                keys SEQUENCE OF KeyBag, notes SEQUENCE OF UTF8String }
/// KeyBag   ::= SEQUENCE { encrypted INTEGER, pkcs8 KeyResult }
/// ```
pub fn serve(request: &[u8]) -> Vec<u8> {
    match read_request(request) {
        Ok((passwords, items)) => seq(open(&items, &Passwords::new(passwords)).iter().map(|(id, a)| seq([tlv(tag::OCTET_STRING, id), write_answer(a)]))),
        Err(e) => tlv(tag::UTF8_STRING, format!("an unreadable request ({e})").as_bytes()),
    }
}

/// The page's side: the opener's answer, or why there is none.
pub fn answers(answer: &[u8]) -> Result<Vec<(ItemId, Unlocked)>, String> {
    let bad = |e: crate::asn1::Asn1Error| format!("an unreadable answer ({e})");
    let top = Reader::new(answer).read().map_err(bad)?;
    if top.tag == tag::UTF8_STRING {
        return Err(text(&top).map_err(bad)?);
    }
    let mut r = Reader::new(answer).read_tag(tag::SEQUENCE, "answers").map_err(bad)?.reader();
    let mut out = Vec::new();
    while !r.is_empty() {
        let mut a = r.read_tag(tag::SEQUENCE, "answer").map_err(bad)?.reader();
        let id: ItemId = a.read_tag(tag::OCTET_STRING, "id").map_err(bad)?.value.try_into().map_err(|_| "an unreadable answer (id)".to_string())?;
        out.push((id, read_answer(&a.read().map_err(bad)?).map_err(bad)?));
    }
    Ok(out)
}

use crate::asn1::{tag, Asn1Error, Reader, Tlv};

fn tlv(t: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    crate::asn1::push_header(&mut out, t, content.len());
    out.extend_from_slice(content);
    out
}

fn seq(parts: impl IntoIterator<Item = Vec<u8>>) -> Vec<u8> {
    tlv(tag::SEQUENCE, &parts.into_iter().flatten().collect::<Vec<u8>>())
}

fn int(v: u8) -> Vec<u8> {
    tlv(tag::INTEGER, &[v])
}

fn strings<'a>(list: impl IntoIterator<Item = &'a String>) -> Vec<u8> {
    seq(list.into_iter().map(|s| tlv(tag::UTF8_STRING, s.as_bytes())))
}

fn key_result(k: &Result<Vec<u8>, String>) -> Vec<u8> {
    match k {
        Ok(plain) => tlv(tag::OCTET_STRING, plain),
        Err(why) => tlv(tag::UTF8_STRING, why.as_bytes()),
    }
}

fn write_answer(a: &Unlocked) -> Vec<u8> {
    match a {
        Unlocked::Key(k) => tlv(tag::CTX0, &key_result(k)),
        Unlocked::Bundle(o) => {
            let mac = int(match o.mac_ok {
                None => 0,
                Some(false) => 1,
                Some(true) => 2,
            });
            let certs = seq(o.certificates.iter().map(|c| tlv(tag::OCTET_STRING, c)));
            let keys = seq(o.keys.iter().map(|k| seq([int(u8::from(k.encrypted)), key_result(&k.pkcs8)])));
            tlv(tag::CTX1, &seq([int(u8::from(o.opened)), mac, strings(&o.encryption), certs, keys, strings(&o.notes)]))
        }
        Unlocked::NotRun(why) => tlv(0xa2, &tlv(tag::UTF8_STRING, why.as_bytes())),
    }
}

fn text(t: &Tlv<'_>) -> Result<String, Asn1Error> {
    String::from_utf8(t.value.to_vec()).map_err(|_| Asn1Error::Unexpected { offset: 0, expected: "UTF-8 text", found: tag::UTF8_STRING })
}

fn small(r: &mut Reader<'_>, what: &'static str) -> Result<u8, Asn1Error> {
    let v = r.read_tag(tag::INTEGER, what)?.value;
    Ok(v.last().copied().unwrap_or(0))
}

fn list<T>(r: &mut Reader<'_>, what: &'static str, mut each: impl FnMut(&mut Reader<'_>) -> Result<T, Asn1Error>) -> Result<Vec<T>, Asn1Error> {
    let mut l = r.read_tag(tag::SEQUENCE, what)?.reader();
    let mut out = Vec::new();
    while !l.is_empty() {
        out.push(each(&mut l)?);
    }
    Ok(out)
}

fn read_strings(r: &mut Reader<'_>, what: &'static str) -> Result<Vec<String>, Asn1Error> {
    list(r, what, |l| text(&l.read_tag(tag::UTF8_STRING, "string")?))
}

fn read_key_result(t: &Tlv<'_>) -> Result<Result<Vec<u8>, String>, Asn1Error> {
    Ok(if t.tag == tag::OCTET_STRING { Ok(t.value.to_vec()) } else { Err(text(t)?) })
}

fn read_answer(t: &Tlv<'_>) -> Result<Unlocked, Asn1Error> {
    let inner = t.reader().read()?;
    Ok(match t.tag {
        tag::CTX0 => Unlocked::Key(read_key_result(&inner)?),
        tag::CTX1 => {
            let mut o = inner.reader();
            let opened = small(&mut o, "opened")? == 1;
            let mac_ok = match small(&mut o, "mac")? {
                0 => None,
                m => Some(m == 2),
            };
            let encryption = read_strings(&mut o, "encryption")?;
            let certificates = list(&mut o, "certificates", |l| Ok(l.read_tag(tag::OCTET_STRING, "certificate")?.value.to_vec()))?;
            let keys = list(&mut o, "keys", |l| {
                let mut k = l.read_tag(tag::SEQUENCE, "key")?.reader();
                Ok(KeyBag { encrypted: small(&mut k, "encrypted")? == 1, pkcs8: read_key_result(&k.read()?)? })
            })?;
            let notes = read_strings(&mut o, "notes")?;
            Unlocked::Bundle(Opened { opened, mac_ok, encryption, certificates, keys, notes })
        }
        _ => Unlocked::NotRun(text(&inner)?),
    })
}

fn read_request(request: &[u8]) -> Result<(Vec<String>, Vec<Locked>), Asn1Error> {
    let mut r = Reader::new(request).read_tag(tag::SEQUENCE, "request")?.reader();
    let passwords = read_strings(&mut r, "passwords")?;
    let items = list(&mut r, "items", |l| {
        let mut i = l.read_tag(tag::SEQUENCE, "item")?.reader();
        let kind = if small(&mut i, "kind")? == 1 { LockedKind::Bundle } else { LockedKind::Key };
        Ok(Locked::new(kind, i.read_tag(tag::OCTET_STRING, "bytes")?.value))
    })?;
    Ok((passwords, items))
}

/// An EncryptedPrivateKeyInfo (RFC 5958 §3), tried with each password: the plaintext
/// PrivateKeyInfo, or why not, in words.
fn open_key(der: &[u8], passwords: &Passwords) -> Result<Vec<u8>, String> {
    if let Some(k) = open_key_pbe(der, passwords) {
        return k;
    }
    let info = pkcs8::EncryptedPrivateKeyInfo::from_der(der).map_err(|e| format!("an encrypted private key that is not readable ({e})"))?;
    if passwords.is_empty() {
        return Err(super::GIVE_PASSWORD.into());
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
        return Some(Err(super::GIVE_PASSWORD.into()));
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

/// The core's view of an encrypted private key: asked to be opened ([`Passwords::opened`]) and,
/// once answered, read for its public key.
pub(super) fn encrypted_key(der: &[u8], passwords: &Passwords) -> PrivateKey {
    if passwords.is_empty() {
        // Not readable at all is said without a password too.
        return match pkcs8::EncryptedPrivateKeyInfo::from_der(der) {
            Err(e) if crate::asn1::Reader::new(der).read_tag(crate::asn1::tag::SEQUENCE, "EncryptedPrivateKeyInfo").is_err() => {
                PrivateKey::closed(true, format!("an encrypted private key that is not readable ({e})"))
            }
            _ => PrivateKey::closed(true, super::GIVE_PASSWORD),
        };
    }
    match passwords.opened(LockedKind::Key, der) {
        Some(Unlocked::Key(Ok(plain))) => match super::pkcs8_public(&plain, passwords) {
            Ok(k) => PrivateKey::opened(k, true),
            Err(e) => PrivateKey::closed(true, e),
        },
        Some(Unlocked::Key(Err(e)) | Unlocked::NotRun(e)) => PrivateKey::closed(true, e),
        Some(Unlocked::Bundle(_)) => PrivateKey::closed(true, NOT_OPENED),
        None => PrivateKey::closed(true, NOT_OPENED),
    }
}

/// An item no answer came for (more encrypted items than [`MAX_LOCKED`] in one reading).
pub(super) const NOT_OPENED: &str = "not opened: more encrypted items than certscope opens in one reading";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_and_hide_secrets() {
        let l = Locked::new(LockedKind::Key, b"not a key");
        let p = Passwords::new(vec!["pw".into()]);
        let req = request(std::slice::from_ref(&l), &p);
        let (pws, items) = read_request(&req).expect("request");
        assert_eq!((pws, items), (vec!["pw".to_string()], vec![l.clone()]));
        // Every kind of answer comes back as it was written.
        let bundle = Unlocked::Bundle(Opened {
            opened: true,
            mac_ok: Some(true),
            encryption: vec!["RC2".into()],
            certificates: vec![vec![1, 2, 3]],
            keys: vec![KeyBag { encrypted: true, pkcs8: Ok(vec![9; 300]) }, KeyBag { encrypted: false, pkcs8: Err("no".into()) }],
            notes: vec!["é".into()],
        });
        for a in [bundle, Unlocked::Key(Ok(vec![7; 200])), Unlocked::Key(Err("why".into())), Unlocked::NotRun("not run".into())] {
            let bytes = seq([seq([tlv(tag::OCTET_STRING, &l.id), write_answer(&a)])]);
            assert_eq!(answers(&bytes).expect("answer"), vec![(l.id, a)]);
        }
        let answer = answers(&serve(&req)).expect("answers");
        assert_eq!(answer.len(), 1);
        assert_eq!(answer[0].0, l.id);
        assert!(matches!(&answer[0].1, Unlocked::Key(Err(_))), "{:?}", answer[0].1);
        assert!(!format!("{:?}", Unlocked::Key(Ok(b"secret".to_vec()))).contains("115"));
        assert!(answers(b"garbage").is_err());
        assert!(answers(&serve(b"garbage")).is_err_and(|e| e.contains("unreadable request")));
    }
}
