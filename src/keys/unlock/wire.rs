//! The page's messages to its opener and back (src/ui/unlock.rs ↔ src/unlock_web.rs), in DER
//! written here and read with the core's own bounded reader: a serde format would add its
//! deserializer to the page's wasm (9 KB gzip measured); this adds a few hundred bytes. A request
//! carries passwords and keys: it exists in memory only, posted to the worker that answers it,
//! never stored. An answer carries nothing secret but the EC and Ed25519 keys to ask WebCrypto
//! about ([`KeyToDerive`]).
//!
//! ```text
//! Request  ::= SEQUENCE { passwords SEQUENCE OF UTF8String, items SEQUENCE OF Item,
//!                         derived SEQUENCE OF Derived,
//!                         work INTEGER }   -- what is left of the work budget (keys::MAX_WORK)
//! Item     ::= SEQUENCE { kind INTEGER { pkcs8(0), encryptedPkcs8(1), pkcs1(2), sec1(3),
//!                                        bundle(4) }, bytes OCTET STRING }
//! Derived  ::= SEQUENCE { id OCTET STRING, publicKey OCTET STRING }   -- WebCrypto's answers
//!
//! Answer   ::= CHOICE { opening Opening, failed UTF8String }
//! Opening  ::= SEQUENCE { answers SEQUENCE OF Answered, wanted SEQUENCE OF Wanted,
//!                         waiting SEQUENCE OF OCTET STRING, workLeft INTEGER }
//! Answered ::= SEQUENCE { id OCTET STRING (SIZE (32)), CHOICE {
//!                key [0] KeyResult, bundle [1] Opened, notRun [2] UTF8String } }
//! KeyResult ::= CHOICE { subjectPublicKeyInfo OCTET STRING, why UTF8String }
//! Opened   ::= SEQUENCE { opened INTEGER, mac INTEGER { none(0), fails(1), verifies(2) },
//!                encryption SEQUENCE OF UTF8String, certificates SEQUENCE OF OCTET STRING,
//!                keys SEQUENCE OF KeyBag, notes SEQUENCE OF UTF8String }
//! KeyBag   ::= SEQUENCE { encrypted INTEGER, publicKey KeyResult }
//! Wanted   ::= SEQUENCE { id OCTET STRING, curve UTF8String ("" for Ed25519),
//!                         pkcs8 OCTET STRING, withWrittenPublicKey OCTET STRING OPTIONAL }
//! ```

use super::{open, ItemId, KeyBag, KeyForm, Locked, LockedKind, Opened, Opening, Passwords, Unlocked, MAX_LOCKED};
use crate::asn1::{tag, Asn1Error, Reader, Tlv};
use crate::keys::derive::KeyToDerive;

/// The request the page posts to its opener.
pub fn request(locked: &[Locked], passwords: &Passwords, derived: &[(ItemId, Vec<u8>)]) -> Vec<u8> {
    let pws = seq(passwords.iter().map(|p| tlv(tag::UTF8_STRING, p.as_bytes())));
    let items = seq(locked.iter().take(MAX_LOCKED).map(|l| seq([int(kind_code(l.kind)), tlv(tag::OCTET_STRING, &l.bytes)])));
    let derived = seq(derived.iter().map(|(id, public)| seq([tlv(tag::OCTET_STRING, id), tlv(tag::OCTET_STRING, public)])));
    seq([pws, items, derived, uint(passwords.work_left())])
}

/// The opener's side (src/unlock_web.rs): answers a [`request`] with [`open`]'s answers.
pub fn serve(request: &[u8]) -> Vec<u8> {
    match read_request(request) {
        Ok(r) => write_opening(&open(&r.items, &Passwords::new(r.passwords).with_derived(r.derived).with_work(r.work))),
        Err(e) => tlv(tag::UTF8_STRING, format!("an unreadable request ({e})").as_bytes()),
    }
}

/// The page's side: the opener's answer, or why there is none.
pub fn answers(answer: &[u8]) -> Result<Opening, String> {
    let bad = |e: Asn1Error| format!("an unreadable answer ({e})");
    let top = Reader::new(answer).read().map_err(bad)?;
    if top.tag == tag::UTF8_STRING {
        return Err(text(&top).map_err(bad)?);
    }
    read_opening(answer).map_err(bad)
}

pub(super) fn kind_code(kind: LockedKind) -> u8 {
    match kind {
        LockedKind::Key(KeyForm::Pkcs8) => 0,
        LockedKind::Key(KeyForm::EncryptedPkcs8) => 1,
        LockedKind::Key(KeyForm::Pkcs1) => 2,
        LockedKind::Key(KeyForm::Sec1) => 3,
        LockedKind::Bundle => 4,
    }
}

fn kind_of(code: u8) -> Option<LockedKind> {
    Some(match code {
        0 => LockedKind::Key(KeyForm::Pkcs8),
        1 => LockedKind::Key(KeyForm::EncryptedPkcs8),
        2 => LockedKind::Key(KeyForm::Pkcs1),
        3 => LockedKind::Key(KeyForm::Sec1),
        4 => LockedKind::Bundle,
        _ => return None,
    })
}

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

/// A non-negative INTEGER (X.690 §8.3: minimal, a leading zero when the top bit is set).
fn uint(v: u64) -> Vec<u8> {
    let bytes = v.to_be_bytes();
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(7);
    let mut content = if bytes[start] & 0x80 != 0 { vec![0] } else { Vec::new() };
    content.extend_from_slice(&bytes[start..]);
    tlv(tag::INTEGER, &content)
}

/// An INTEGER read by [`uint`]: one out of range (negative, above 2^64) is an error.
fn read_uint(r: &mut Reader<'_>, what: &'static str) -> Result<u64, Asn1Error> {
    let v = r.read_tag(tag::INTEGER, what)?.value;
    let negative = v.first().is_some_and(|b| b & 0x80 != 0);
    let v = v.strip_prefix(&[0]).unwrap_or(v);
    if negative || v.len() > 8 {
        return Err(Asn1Error::Unexpected { offset: 0, expected: "a work budget", found: tag::INTEGER });
    }
    Ok(v.iter().fold(0u64, |a, b| (a << 8) | u64::from(*b)))
}

fn strings<'a>(list: impl IntoIterator<Item = &'a String>) -> Vec<u8> {
    seq(list.into_iter().map(|s| tlv(tag::UTF8_STRING, s.as_bytes())))
}

fn key_result(k: &Result<Vec<u8>, String>) -> Vec<u8> {
    match k {
        Ok(spki) => tlv(tag::OCTET_STRING, spki),
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
            let keys = seq(o.keys.iter().map(|k| seq([int(u8::from(k.encrypted)), key_result(&k.spki)])));
            tlv(tag::CTX1, &seq([int(u8::from(o.opened)), mac, strings(&o.encryption), certs, keys, strings(&o.notes)]))
        }
        Unlocked::NotRun(why) => tlv(0xa2, &tlv(tag::UTF8_STRING, why.as_bytes())),
    }
}

pub(super) fn write_opening(o: &Opening) -> Vec<u8> {
    let answers = seq(o.answers.iter().map(|(id, a)| seq([tlv(tag::OCTET_STRING, id), write_answer(a)])));
    let wanted = seq(o.wanted.iter().map(|k| {
        let (curve, pkcs8, written) = k.parts();
        let written = written.map(|w| tlv(tag::OCTET_STRING, w)).unwrap_or_default();
        seq([tlv(tag::OCTET_STRING, &k.id), tlv(tag::UTF8_STRING, curve.as_bytes()), tlv(tag::OCTET_STRING, pkcs8), written])
    }));
    let waiting = seq(o.waiting.iter().map(|id| tlv(tag::OCTET_STRING, id)));
    seq([answers, wanted, waiting, uint(o.work_left)])
}

fn text(t: &Tlv<'_>) -> Result<String, Asn1Error> {
    String::from_utf8(t.value.to_vec()).map_err(|_| Asn1Error::Unexpected { offset: 0, expected: "UTF-8 text", found: tag::UTF8_STRING })
}

fn small(r: &mut Reader<'_>, what: &'static str) -> Result<u8, Asn1Error> {
    let v = r.read_tag(tag::INTEGER, what)?.value;
    Ok(v.last().copied().unwrap_or(0))
}

fn id(r: &mut Reader<'_>) -> Result<ItemId, Asn1Error> {
    let t = r.read_tag(tag::OCTET_STRING, "id")?;
    t.value.try_into().map_err(|_| Asn1Error::BadLength { offset: 0 })
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
                Ok(KeyBag { encrypted: small(&mut k, "encrypted")? == 1, spki: read_key_result(&k.read()?)? })
            })?;
            let notes = read_strings(&mut o, "notes")?;
            Unlocked::Bundle(Opened { opened, mac_ok, encryption, certificates, keys, notes })
        }
        _ => Unlocked::NotRun(text(&inner)?),
    })
}

fn read_opening(answer: &[u8]) -> Result<Opening, Asn1Error> {
    let mut r = Reader::new(answer).read_tag(tag::SEQUENCE, "opening")?.reader();
    let answers = list(&mut r, "answers", |l| {
        let mut a = l.read_tag(tag::SEQUENCE, "answer")?.reader();
        let id = id(&mut a)?;
        Ok((id, read_answer(&a.read()?)?))
    })?;
    let wanted = list(&mut r, "wanted", |l| {
        let mut w = l.read_tag(tag::SEQUENCE, "wanted")?.reader();
        let id = id(&mut w)?;
        let curve = text(&w.read_tag(tag::UTF8_STRING, "curve")?)?;
        let pkcs8 = w.read_tag(tag::OCTET_STRING, "pkcs8")?.value.to_vec();
        let written = w.read_optional(tag::OCTET_STRING)?.map(|t| t.value.to_vec());
        KeyToDerive::from_parts(id, &curve, pkcs8, written).ok_or(Asn1Error::Unexpected { offset: 0, expected: "a known curve", found: tag::UTF8_STRING })
    })?;
    let waiting = list(&mut r, "waiting", id)?;
    let work_left = read_uint(&mut r, "workLeft")?;
    Ok(Opening { answers, wanted, waiting, work_left })
}

/// A [`request`] as read. Its `Debug` shows no password (as [`Passwords`]' does not).
#[derive(PartialEq, Eq)]
pub(super) struct Request {
    pub passwords: Vec<String>,
    pub items: Vec<Locked>,
    pub derived: Vec<(ItemId, Vec<u8>)>,
    pub work: u64,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Request({} passwords hidden, {:?}, {} derived)", self.passwords.len(), self.items, self.derived.len())
    }
}

pub(super) fn read_request(request: &[u8]) -> Result<Request, Asn1Error> {
    let mut r = Reader::new(request).read_tag(tag::SEQUENCE, "request")?.reader();
    let passwords = read_strings(&mut r, "passwords")?;
    let items = list(&mut r, "items", |l| {
        let mut i = l.read_tag(tag::SEQUENCE, "item")?.reader();
        let kind = kind_of(small(&mut i, "kind")?).ok_or(Asn1Error::Unexpected { offset: 0, expected: "an item kind", found: tag::INTEGER })?;
        Ok(Locked::new(kind, i.read_tag(tag::OCTET_STRING, "bytes")?.value))
    })?;
    let derived = list(&mut r, "derived", |l| {
        let mut d = l.read_tag(tag::SEQUENCE, "derived")?.reader();
        let id = id(&mut d)?;
        Ok((id, d.read_tag(tag::OCTET_STRING, "publicKey")?.value.to_vec()))
    })?;
    let work = read_uint(&mut r, "work")?;
    Ok(Request { passwords, items, derived, work })
}
