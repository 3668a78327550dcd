//! Private keys, certificate signing requests, PKCS#12 bundles and the MDM vendor-signed push
//! request: read for their **public** half only. A private key is decoded (after decryption with
//! one of the given passwords when it is encrypted) just long enough to name its public key; the
//! secret bytes are dropped there and never reach an item, the report or its JSON.
//!
//! Reading a private key is the opener's work ([`unlock`], [`read`]): the core asks for each key
//! and bundle to be opened and reads on with the answers (public keys only). The CLI opens in
//! process; the page in a worker with a wasm of its own, so its main module never decodes a
//! private key and carries none of the crates that do: RustCrypto's `pkcs8` (RFC 5208/5958, with
//! its `pkcs5` for PBES2 — PBKDF2 or scrypt with AES-CBC, RFC 8018 §6.2), `pkcs1` (RFC 8017
//! A.1.2) and `sec1` (RFC 5915), all on the der 0.7 line the rest of the tree links; PKCS#12 in
//! [`pkcs12`].

pub mod csr;
pub mod derive;
pub mod pkcs12;
pub mod push;
pub mod read;
pub mod unlock;

use crate::asn1::{tag, Reader};
use crate::cert::PublicKey;

pub use csr::Csr;
pub use pkcs12::Pkcs12;
pub use push::PushRequest;

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
/// the work left for key derivations ([`MAX_WORK`] when it is handed to the opener), the keys and
/// bundles reading asks the opener about and its answers ([`unlock`]), and, in the page's opener,
/// the public keys WebCrypto computed for EC and Ed25519 keys and the keys it still wants
/// computed ([`derive`]).
#[derive(Clone, PartialEq, Eq)]
pub struct Passwords {
    list: Vec<String>,
    work: std::cell::Cell<u64>,
    derived: std::rc::Rc<Vec<([u8; 32], Vec<u8>)>>,
    wanted: std::rc::Rc<std::cell::RefCell<Vec<derive::KeyToDerive>>>,
    unlocked: std::rc::Rc<Vec<(unlock::ItemId, unlock::Unlocked)>>,
    locked: std::rc::Rc<std::cell::RefCell<Vec<unlock::Locked>>>,
    /// How many times reading asked for a public key it was not given, a question already on
    /// `wanted` included: each item that asks waits on the answer ([`unlock::open`]).
    asks: std::rc::Rc<std::cell::Cell<usize>>,
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
            asks: Default::default(),
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

    /// The same passwords with `left` of the work budget (at most [`MAX_WORK`]): the page's
    /// second run of its opener has what the first left (src/ui/unlock.rs), so both together
    /// stay within one budget.
    pub fn with_work(&self, left: u64) -> Self {
        Passwords { work: std::cell::Cell::new(left.min(MAX_WORK)), ..self.clone() }
    }

    /// What is left of the work budget.
    pub fn work_left(&self) -> u64 {
        self.work.get()
    }

    /// The same passwords and answers, with questions of its own: what one reading asks.
    pub fn isolated(&self) -> Self {
        Passwords { wanted: Default::default(), locked: Default::default(), asks: Default::default(), ..self.fresh() }
    }

    /// These passwords with public keys the shell computed ([`derive`]), by [`derive::KeyToDerive::id`].
    pub fn with_derived(&self, derived: Vec<([u8; 32], Vec<u8>)>) -> Self {
        let mut all = (*self.derived).clone();
        all.extend(derived);
        Passwords { derived: std::rc::Rc::new(all), ..self.isolated() }
    }

    /// These passwords with the shell's answers for private keys and bundles ([`unlock`]), by [`unlock::Locked::id`].
    pub fn with_unlocked(&self, answers: Vec<(unlock::ItemId, unlock::Unlocked)>) -> Self {
        let mut all = (*self.unlocked).clone();
        all.extend(answers);
        Passwords { unlocked: std::rc::Rc::new(all), ..self.isolated() }
    }

    /// Runs `read` with these passwords and, when it asked for keys or bundles to be opened, opens
    /// them in process ([`unlock::open`], under one work budget) and runs `read` again with the
    /// answers: the CLI's way (`crate::input::read_with`). The page opens in a worker instead
    /// (src/ui/report_job.rs), and never calls this.
    pub fn read_opening<T>(&self, read: impl Fn(&Passwords) -> T) -> T {
        let pw = self.isolated();
        let first = read(&pw);
        let locked = pw.take_locked();
        if locked.is_empty() {
            return first;
        }
        let opening = unlock::open(&locked, &pw.fresh());
        read(&pw.with_unlocked(opening.answers))
    }

    /// The private keys and bundles reading asked to have opened, for the shell to open with
    /// [`unlock::open`] (taken: the list is emptied).
    pub fn take_locked(&self) -> Vec<unlock::Locked> {
        std::mem::take(&mut *self.locked.borrow_mut())
    }

    /// The shell's answer for the key or bundle `bytes`; `None` (and the item asked for) when
    /// there is none yet.
    fn opened(&self, kind: unlock::LockedKind, bytes: &[u8]) -> Option<unlock::Unlocked> {
        let id = unlock::id_of(kind, bytes);
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
        self.asks.set(self.asks.get() + 1);
        let mut wanted = self.wanted.borrow_mut();
        // At most one question per key, and a bounded list.
        if wanted.len() < MAX_KEYS_TO_DERIVE && !wanted.iter().any(|k| k.id == key.id) {
            wanted.push(key);
        }
    }

    /// How many questions for WebCrypto reading has asked so far.
    pub(crate) fn asks(&self) -> usize {
        self.asks.get()
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

    /// By structure (DER without a label), read with the core's bounded reader (the page's main
    /// module decodes no private key: [`unlock`]). The one rule for "a private key in DER", which
    /// a share link's secret scan uses too (`share::keys`):
    /// ```text
    /// OneAsymmetricKey ::= SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier,
    ///                                 privateKey OCTET STRING, … }                   -- RFC 5958 §2
    /// EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier,  -- PBES1/2,
    ///                                        encryptedData OCTET STRING }           -- RFC 5958 §3
    /// RSAPrivateKey ::= SEQUENCE { version INTEGER { two-prime(0), multi(1) }, modulus INTEGER,
    ///                              … (9 INTEGERs), otherPrimeInfos OPTIONAL }   -- RFC 8017 A.1.2
    /// ECPrivateKey ::= SEQUENCE { version INTEGER (1), privateKey OCTET STRING, … }    -- RFC 5915 §3
    /// ```
    /// (OpenSSL's legacy DSA key, six INTEGERs, is caught with RSA's form: it is a private key,
    /// which the opener then says it cannot read.)
    pub fn sniff(der: &[u8]) -> Option<Self> {
        let outer = Reader::new(der).read().ok().filter(|o| o.tag == tag::SEQUENCE)?;
        let mut r = outer.reader();
        let first = r.read().ok()?;
        let second = r.read().ok()?;
        match (first.tag, second.tag) {
            (tag::INTEGER, tag::SEQUENCE) => r.read().ok().filter(|k| k.tag == tag::OCTET_STRING).map(|_| KeyForm::Pkcs8),
            (tag::INTEGER, tag::OCTET_STRING) => (first.value == [1]).then_some(KeyForm::Sec1),
            (tag::INTEGER, tag::INTEGER) => {
                // Version two-prime(0) or multi(1) (`openssl genrsa -primes 3`).
                (matches!(first.value, [0] | [1]) && 2 + std::iter::from_fn(|| r.read().ok()).take_while(|t| t.tag == tag::INTEGER).count() >= 6)
                    .then_some(KeyForm::Pkcs1)
            }
            (tag::SEQUENCE, tag::OCTET_STRING) => {
                // 1.2.840.113549.1.5 (PKCS #5 PBES1/PBES2) or 1.2.840.113549.1.12.1 (PKCS #12 PBE).
                const PKCS5: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05];
                const PKCS12_PBE: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x01];
                let oid = first.reader().read().ok().filter(|o| o.tag == tag::OID).map(|o| o.value);
                (r.is_empty() && oid.is_some_and(|o| o.starts_with(PKCS5) || o.starts_with(PKCS12_PBE))).then_some(KeyForm::EncryptedPkcs8)
            }
            _ => None,
        }
    }
}

/// The core's view of a private key of `form` in DER: asked of the opener ([`unlock`]), which
/// answers with its public key (or why not). OpenSSL's legacy `Proc-Type: 4,ENCRYPTED` PEM headers
/// are not read here (the PEM reader reports them).
pub fn read_private_key(der: &[u8], form: KeyForm, passwords: &Passwords) -> PrivateKey {
    let encrypted = form == KeyForm::EncryptedPkcs8;
    if encrypted && passwords.is_empty() {
        return PrivateKey::closed(true, GIVE_PASSWORD);
    }
    match passwords.opened(unlock::LockedKind::Key(form), der) {
        Some(unlock::Unlocked::Key(Ok(spki))) => match PublicKey::from_spki_der(&spki) {
            Some(k) => PrivateKey::opened(k, encrypted),
            None => PrivateKey::closed(encrypted, "the opener gave an unreadable public key"),
        },
        Some(unlock::Unlocked::Key(Err(e)) | unlock::Unlocked::NotRun(e)) => PrivateKey::closed(encrypted, e),
        Some(unlock::Unlocked::Bundle(_)) | None => PrivateKey::closed(encrypted, unlock::NOT_OPENED),
    }
}

/// [`read_private_key`] with the opener run in process ([`Passwords::read_opening`]): for the unit tests.
#[cfg(test)]
pub(crate) fn read_in_process(der: &[u8], form: KeyForm, passwords: &Passwords) -> PrivateKey {
    passwords.read_opening(|pw| read_private_key(der, form, pw))
}

#[cfg(test)]
mod tests;
