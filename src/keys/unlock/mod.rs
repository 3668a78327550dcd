//! Opening private keys and PKCS#12 bundles, as an effect: the core never decodes a private key
//! or decrypts while it reads.
//!
//! Reading meets a private key (PKCS#8, encrypted or not, PKCS#1, SEC1) or a PKCS#12 bundle
//! (RFC 7292) and asks for it to be opened ([`super::Passwords`] records a [`Locked`] item, by
//! its SHA-256); the shell opens what was asked with [`open`] and reads again with the answers
//! ([`Unlocked`]: public keys and certificates, never a private key), as the page's WebCrypto
//! answers signature checks. The CLI opens in process (`crate::input::read_with`). The page
//! opens in a worker of its own with a second, small wasm (`certscope-unlock`,
//! src/unlock_web.rs): the crates that decode and decrypt private keys (pkcs8, pkcs1, sec1,
//! pkcs5's PBES2 with PBKDF2/scrypt and AES, RC2, DES/3DES, MD5, RFC 7292's KDF and MACs) are not
//! part of the page's first load, only a page that meets a key or a bundle fetches them, and the
//! page's main module decodes no private key. The worker ends after it answers: its copy of the
//! passwords and the keys goes with it.
//!
//! The page's opener has no curve arithmetic: an EC or Ed25519 key's public key is asked of the
//! browser's WebCrypto ([`super::derive`]): the opener's answer says which keys wait for it
//! ([`Opening::wanted`]: each key rewritten as a PKCS#8 without a public key, which passes through
//! the page's main module to WebCrypto's `importKey` and nowhere else), the page asks WebCrypto
//! and then the opener again for those items with WebCrypto's answers.

mod decrypt;
pub mod wire;

pub(crate) use decrypt::check_pbes2_cost;

use super::derive::KeyToDerive;
use super::{pkcs12, KeyForm, Passwords};
use sha2::{Digest, Sha256};

/// An item's identity: the SHA-256 of its kind and its bytes as read ([`id_of`]).
pub type ItemId = [u8; 32];

/// At most this many items are opened per reading (the work budget, [`super::MAX_WORK`], bounds
/// the encrypted ones anyway).
pub const MAX_LOCKED: usize = 64;

/// What kind of item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockedKind {
    /// A private key of this form (EncryptedPrivateKeyInfo with PBES2, PBES1 or a PKCS#12 PBE scheme).
    Key(KeyForm),
    /// A PKCS#12 PFX.
    Bundle,
}

/// An item reading asks to have opened.
#[derive(Clone, PartialEq, Eq)]
pub struct Locked {
    pub id: ItemId,
    pub kind: LockedKind,
    pub bytes: Vec<u8>,
}

impl Locked {
    pub fn new(kind: LockedKind, bytes: &[u8]) -> Self {
        Locked { id: id_of(kind, bytes), kind, bytes: bytes.to_vec() }
    }
}

impl std::fmt::Debug for Locked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Locked({:?}, {} bytes)", self.kind, self.bytes.len())
    }
}

/// The SHA-256 of the kind's code (the wire's, [`wire`]) and `bytes`: the same bytes read as
/// two forms (a PKCS#8 key under an `RSA PRIVATE KEY` label and under its own) are two
/// questions, each answered as what it says it is.
pub fn id_of(kind: LockedKind, bytes: &[u8]) -> ItemId {
    Sha256::new().chain_update([wire::kind_code(kind)]).chain_update(bytes).finalize().into()
}

/// A private key out of a bundle: its public key (SubjectPublicKeyInfo DER), or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBag {
    /// Whether the key was encrypted (a PKCS#12 keyBag is not, a pkcs8ShroudedKeyBag is).
    pub encrypted: bool,
    pub spki: Result<Vec<u8>, String>,
}

/// What opening a PKCS#12 bundle found (see [`pkcs12::Pkcs12`], which the core makes of it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Opened {
    pub opened: bool,
    pub mac_ok: Option<bool>,
    pub encryption: Vec<String>,
    pub certificates: Vec<Vec<u8>>,
    pub keys: Vec<KeyBag>,
    pub notes: Vec<String>,
}

/// The answer for one [`Locked`] item: nothing secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unlocked {
    /// A private key: its public key (SubjectPublicKeyInfo DER), or why it was not read.
    Key(Result<Vec<u8>, String>),
    Bundle(Opened),
    /// Not tried, in words (the page's opener could not run).
    NotRun(String),
}

/// What one run of the opener gives.
#[derive(Debug, Default)]
pub struct Opening {
    pub answers: Vec<(ItemId, Unlocked)>,
    /// The EC and Ed25519 keys whose public key the opener could not compute (the page's), for
    /// the shell to ask WebCrypto about.
    pub wanted: Vec<KeyToDerive>,
    /// The items whose answer waits on those: to be opened again with WebCrypto's answers.
    pub waiting: Vec<ItemId>,
    /// What is left of the work budget ([`super::MAX_WORK`]): all a second run may use.
    pub work_left: u64,
}

/// Opens `locked` with `passwords` (and the public keys WebCrypto gave, [`Passwords::with_derived`]),
/// in order, under their one work budget (what is left of [`super::MAX_WORK`], over every item
/// and password together).
pub fn open(locked: &[Locked], passwords: &Passwords) -> Opening {
    let pw = passwords;
    let mut out = Opening::default();
    for l in locked.iter().take(MAX_LOCKED) {
        // Every item that asks waits, also one whose key another item asked about first.
        let asked = pw.asks();
        let answer = match l.kind {
            LockedKind::Key(form) => Unlocked::Key(decrypt::open_key(&l.bytes, form, pw).map(|k| k.spki_der)),
            LockedKind::Bundle => Unlocked::Bundle(pkcs12::unlock(&l.bytes, pw)),
        };
        if pw.asks() > asked {
            out.waiting.push(l.id);
        }
        out.answers.push((l.id, answer));
    }
    out.wanted = pw.take_wanted();
    out.work_left = pw.work_left();
    out
}

/// An item no answer came for (more than [`MAX_LOCKED`] keys and bundles in one reading, or a
/// reading without an opener, as a fleet row's).
pub(super) const NOT_OPENED: &str =
    "not read: private keys and bundles are read by a part of certscope of its own, which was not run for this item (it reads at most 64 in one input)";

#[cfg(test)]
mod tests;
