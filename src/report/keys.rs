//! Keys, requests and bundles in the report: what each holds (public halves only), which
//! certificate each pairs with, and what the MDM push certificates given together say — the
//! same topic (a renewal) or another one (a replacement that silently cuts every device off).

use super::diagnosis::{Diagnosis, DiagnosisCode};
use super::{CertificateItem, Evaluator, Item};
use crate::cert::PublicKey;
use crate::keys::{Csr, Pkcs12, PrivateKey};
use crate::trust::signature::SigError;
use crate::wire::wire_enum;
use serde::Serialize;

pub(super) use super::push_request::push_request_item;

wire_enum! {
    /// What a key-like item is (JSON `kind`; the page's `data-kind`).
    pub enum KeyKind {
        PrivateKey = "private-key",
        Csr = "csr",
        Pkcs12 = "pkcs12",
        PushRequest = "push-request",
    }
}

/// A private key, a certificate signing request or a PKCS#12 bundle. Only public values: the
/// key material and the passwords never get here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyItem {
    pub kind: KeyKind,
    pub source: String,
    /// `RSA`, `EC` or `Ed25519` (private keys and requests).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bits: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub curve: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opened: Option<bool>,
    /// SHA-256 of the SubjectPublicKeyInfo DER: the same value as a certificate's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_key_sha256: Option<String>,
    /// The request's subject (RFC 4514).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The request's own signature: `null` when it could not be checked (never "bad").
    #[serde(skip_serializing_if = "is_absent")]
    pub signature_ok: Option<Option<bool>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requested_extensions: Vec<String>,
    /// The bundle's integrity check: `null` when it has none or was not opened.
    #[serde(skip_serializing_if = "is_absent")]
    pub mac_ok: Option<Option<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption: Option<Vec<String>>,
    /// The bundle's certificates (SHA-256 of each).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificates: Option<Vec<String>>,
    /// The bundle's private keys (their public keys' SHA-256).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_keys: Option<Vec<String>>,
    /// A push request's CSR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csr: Option<CsrSummary>,
    /// A push request's vendor certificate (SHA-256).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor_certificate: Option<String>,
    /// The vendor certificate is Apple's MDM vendor certificate: its chain reaches Apple's pinned
    /// keys (by key, never by name) with every signature verified and macOS would accept it but
    /// for its dates, it is of no other Apple kind (a push certificate, a developer's certificate,
    /// a CA), and it carries Apple's MDM vendor marker ([`crate::cert::MDM_VENDOR_MARKER`],
    /// value NULL). That marker is not documented by Apple: it is the one Apple's real vendor
    /// certificates carry (`cert::apple_oids` names them), so `true` rests on what Apple issues,
    /// not on a published rule. `false` with the reason in `problems` otherwise; the vendor
    /// certificate's dates are said on their own (`vendor_not_after`).
    #[serde(skip_serializing_if = "is_absent")]
    pub vendor_chain_ok: Option<Option<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor_not_after: Option<String>,
    /// What is wrong with a push request, in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
    /// What it is and what is wrong, in words.
    pub message: String,
    /// What pairs it with certificates, per key it holds ([`PublicKey::pair_ids`] of a private
    /// key, [`PublicKey::pair_id`] of a request): never in the JSON.
    #[serde(skip)]
    pub key_hashes: Vec<Vec<String>>,
}

/// Absent from the JSON for the kinds the field is not about; `null` inside means "not known".
fn is_absent<T>(v: &Option<T>) -> bool {
    v.is_none()
}

pub(super) fn base(kind: KeyKind, source: String) -> KeyItem {
    KeyItem {
        kind,
        source,
        algorithm: None,
        bits: None,
        curve: None,
        encrypted: None,
        opened: None,
        public_key_sha256: None,
        subject: None,
        signature_ok: None,
        requested_extensions: Vec::new(),
        mac_ok: None,
        encryption: None,
        certificates: None,
        private_keys: None,
        csr: None,
        vendor_certificate: None,
        vendor_chain_ok: None,
        vendor_not_after: None,
        problems: Vec::new(),
        message: String::new(),
        key_hashes: Vec::new(),
    }
}

fn describe(k: &PublicKey) -> String {
    match (&k.bits, &k.curve) {
        (_, Some(c)) => format!("{} {c}", k.algorithm),
        (Some(b), None) => format!("{} {b}-bit", k.algorithm),
        _ => k.algorithm.clone(),
    }
}

pub(super) fn private_key_item(k: &PrivateKey, source: String) -> KeyItem {
    let mut item = base(KeyKind::PrivateKey, source);
    item.encrypted = Some(k.encrypted);
    item.opened = Some(k.opened);
    if let Some(p) = &k.public_key {
        item.algorithm = Some(p.algorithm.clone());
        item.bits = p.bits.filter(|_| p.curve.is_none());
        item.curve = p.curve.clone();
        item.public_key_sha256 = Some(p.spki_sha256.clone());
        item.key_hashes.push(p.pair_ids());
    }
    item.message = match (&k.public_key, &k.note) {
        (Some(p), _) => format!(
            "A private key ({}{}). Its public key's SHA-256 is shown so it can be matched with a certificate; the key itself stays in memory and is never shown or shared.",
            describe(p),
            if k.encrypted { ", encrypted, opened with the given password" } else { "" }
        ),
        (None, Some(n)) => format!("A private key: {n}."),
        (None, None) => "A private key that could not be read.".into(),
    };
    item
}

pub(super) fn csr_item(csr: &Csr, source: String, ev: &mut Evaluator<'_>) -> KeyItem {
    let mut item = base(KeyKind::Csr, source);
    let p = &csr.public_key;
    item.algorithm = Some(p.algorithm.clone());
    item.bits = p.bits.filter(|_| p.curve.is_none());
    item.curve = p.curve.clone();
    item.public_key_sha256 = Some(p.spki_sha256.clone());
    item.subject = Some(csr.subject.rfc4514.clone());
    item.requested_extensions = csr.requested_extensions.clone();
    let a = &csr.signature_algorithm;
    let checked = ev.cache.check_raw(p, &a.oid, a.params.as_deref(), &csr.info_der, &csr.signature);
    // A request holds its key as far as its own signature shows (RFC 2986 §3: signed with the
    // private key of the public key it carries): one that does not verify, or was not checked,
    // pairs with no certificate, as a key that only copies a public key does not.
    if checked.is_ok() {
        item.key_hashes.push(vec![p.pair_id()]);
    }
    let (ok, words) = match checked {
        Ok(()) => (Some(true), "its own signature verifies (it was made with the key it carries)".to_string()),
        Err(SigError::Unsupported(why)) => (None, format!("its own signature was not checked ({why})")),
        Err(e) => (Some(false), format!("its own signature does not verify ({e}): the request was changed after it was made, or is damaged")),
    };
    item.signature_ok = Some(ok);
    item.message = format!("A certificate signing request for \"{}\" ({}): {words}.", csr.subject.rfc4514, describe(p));
    item
}

pub(super) fn pkcs12_item(p: &Pkcs12, source: String) -> KeyItem {
    let mut item = base(KeyKind::Pkcs12, source);
    item.opened = Some(p.opened);
    item.mac_ok = Some(p.mac_ok);
    item.encryption = Some(p.encryption.clone());
    item.certificates =
        Some(p.certificates.iter().map(|d| crate::cert::hex_upper(&sha2::Digest::finalize(sha2::Digest::chain_update(sha2::Sha256::default(), d)))).collect());
    let keys: Vec<String> = p.private_keys.iter().filter_map(|k| k.public_key.as_ref().map(|p| p.spki_sha256.clone())).collect();
    item.key_hashes = p.private_keys.iter().filter_map(|k| k.public_key.as_ref().map(PublicKey::pair_ids)).collect();
    item.private_keys = Some(keys);
    let mut words = if p.opened {
        format!(
            "A PKCS#12 bundle, opened with the given password{}: {} and {}{}.",
            match p.mac_ok {
                Some(true) => " (its integrity check verifies)",
                _ => "",
            },
            super::plural(p.certificates.len(), "certificate", "certificates"),
            super::plural(p.private_keys.len(), "private key", "private keys"),
            if p.encryption.is_empty() { String::new() } else { format!(", encrypted with {}", p.encryption.join(" and ")) }
        )
    } else {
        "A PKCS#12 bundle (a private key with its certificates), not opened:".to_string()
    };
    for n in p.notes.iter().chain(p.private_keys.iter().filter_map(|k| k.note.as_ref())) {
        words.push(' ');
        words.push_str(&if p.opened { super::capitalize(n) } else { n.clone() });
        words.push('.');
    }
    item.message = words;
    item
}

/// A push request's CSR, as the contract names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CsrSummary {
    pub subject: String,
    pub public_key_sha256: String,
}

/// Fills each certificate's `key_pair`: the sources of the keys, requests and bundles in the
/// same report that hold its public key.
pub(super) fn pair(items: &mut [Item]) {
    let holders: Vec<(String, String)> = items
        .iter()
        .filter_map(|i| match i {
            Item::Key(k) => Some(k),
            _ => None,
        })
        .flat_map(|k| k.key_hashes.iter().flatten().map(|h| (h.clone(), k.source.clone())))
        .collect();
    if holders.is_empty() {
        return;
    }
    for item in items.iter_mut() {
        if let Item::Certificate(c) = item {
            let id = c.cert.public_key.pair_id();
            c.key_pair = holders.iter().filter(|(h, _)| *h == id).map(|(_, s)| s.clone()).collect();
            c.key_pair.dedup();
        }
    }
}

/// The topic prefix of MDM push certificates' subject UID (Apple: "the topic is the UID of the
/// push certificate's subject", e.g. `com.apple.mgmt.External.<UUID>`).
pub(super) const PUSH_TOPIC_PREFIX: &str = "com.apple.mgmt.External.";

/// The MDM push certificates given together (JSON `push_certificates`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PushCertificates {
    /// Each distinct topic, oldest certificate first.
    pub topics: Vec<String>,
    pub same_topic: bool,
}

/// Push certificates (judged by their subject's UID, for this comparison), oldest first, each
/// certificate once.
fn push_certs(items: &[Item]) -> Vec<&CertificateItem> {
    let mut certs: Vec<&CertificateItem> = items
        .iter()
        .filter_map(|i| match i {
            Item::Certificate(c) => Some(c.as_ref()),
            _ => None,
        })
        .filter(|c| c.cert.subject.uid().is_some_and(|u| u.starts_with(PUSH_TOPIC_PREFIX)))
        .collect();
    crate::sort::sort_by_key(&mut certs, |c| (c.not_before_ts, c.not_after_ts));
    let mut seen = std::collections::HashSet::new();
    certs.retain(|c| seen.insert(c.sha256.clone()));
    certs
}

fn topic(c: &CertificateItem) -> &str {
    c.cert.subject.uid().unwrap_or_default()
}

/// `push_certificates` when two or more push certificates are given.
pub(super) fn push_certificates(items: &[Item]) -> Option<PushCertificates> {
    let certs = push_certs(items);
    if certs.len() < 2 {
        return None;
    }
    let mut topics: Vec<String> = Vec::new();
    for c in &certs {
        if !topics.iter().any(|t| t == topic(c)) {
            topics.push(topic(c).to_string());
        }
    }
    Some(PushCertificates { same_topic: topics.len() == 1, topics })
}

/// The note when a push certificate is judged by its content only.
fn unverified(c: &CertificateItem) -> &'static str {
    if c.role == crate::cert::Role::MdmPush {
        ""
    } else {
        " (judged by what it says: it does not chain to Apple's keys here, so it may not be Apple's)"
    }
}

/// How Apple names MDM vendor certificates: the subject's common name is "MDM Vendor: <the
/// vendor's organisation>", issued by Apple Worldwide Developer Relations Certification Authority
/// (as mdmcert.download's and grinich/mdmvendorsign's documented chains and the real ones in
/// tests/fixtures/apple-pki show). Used for naming only: whether a certificate is Apple's MDM
/// vendor certificate is decided by its chain to Apple's keys and Apple's marker
/// (`vendor_chain_ok`), never by this name.
pub(super) const VENDOR_CN_PREFIX: &str = "MDM Vendor:";

/// MDM vendor certificates (Apple's, by key and marker: `Role::MdmVendor`; or by what they say:
/// the subject's common name or Apple's marker), each once; not one a push request carries as its
/// vendor certificate (there it is in its place, not the push certificate's).
fn vendor_certs(items: &[Item]) -> Vec<&CertificateItem> {
    let in_requests: std::collections::HashSet<&str> = items
        .iter()
        .filter_map(|i| match i {
            Item::Key(k) if k.kind == KeyKind::PushRequest => k.vendor_certificate.as_deref(),
            _ => None,
        })
        .collect();
    let mut certs: Vec<&CertificateItem> = items
        .iter()
        .filter_map(|i| match i {
            Item::Certificate(c) => Some(c.as_ref()),
            _ => None,
        })
        .filter(|c| {
            let says =
                c.cert.subject.common_name().is_some_and(|n| n.starts_with(VENDOR_CN_PREFIX)) || c.cert.mdm_vendor_marker() != crate::cert::Marker::Absent;
            (c.role == crate::cert::Role::MdmVendor || says) && !in_requests.contains(c.sha256.as_str())
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    certs.retain(|c| seen.insert(c.sha256.clone()));
    certs
}

/// The push diagnoses, before the others: a key that is not the push certificate's, then a
/// changed topic, then a renewal; with no push certificate, an MDM vendor certificate given in
/// its place.
pub(super) fn diagnose(items: &[Item], push: Option<&PushCertificates>) -> Option<Diagnosis> {
    let certs = push_certs(items);
    if certs.is_empty() {
        let vendor = vendor_certs(items).into_iter().next()?;
        // Its name in words: a line break or a control character in it is shown, never acted on.
        let name = vendor.cert.display_name();
        // Apple's only by key and marker (its role); otherwise named by what it says, and whether
        // Apple issued it is not claimed.
        let what = if vendor.role == crate::cert::Role::MdmVendor {
            format!("This certificate is an MDM vendor certificate Apple issued (\"{name}\": its chain reaches Apple's keys and it carries Apple's MDM vendor marker), not a push certificate. An MDM vendor certificate only signs customers' push certificate requests")
        } else {
            format!("This certificate says it is an MDM vendor certificate (\"{name}\"), not a push certificate. An MDM vendor certificate only signs customers' push certificate requests (Apple issues them to MDM vendors; whether Apple issued this one is not claimed here)")
        };
        return Some(Diagnosis {
            code: DiagnosisCode::VendorCertificateNotPush,
            title: "An MDM vendor certificate, not a push certificate".into(),
            text: format!(
                "{what} and cannot send pushes to devices. The MDM server needs the push certificate the Apple Push Certificates Portal issued (its subject's UID is the topic, com.apple.mgmt.External.<UUID>) together with the private key that made the request uploaded there."
            ),
        });
    }
    let keys: Vec<&KeyItem> = items
        .iter()
        .filter_map(|i| match i {
            Item::Key(k) if matches!(k.kind, KeyKind::PrivateKey | KeyKind::Pkcs12) && !k.key_hashes.is_empty() => Some(k.as_ref()),
            _ => None,
        })
        .collect();
    // A key (alone or in a bundle) that is no given certificate's, beside a push certificate.
    let paired: std::collections::HashSet<String> = items.iter().flat_map(Item::certificates).map(|c| c.cert.public_key.pair_id()).collect();
    let unpaired: Vec<&KeyItem> = keys.into_iter().filter(|k| k.key_hashes.iter().any(|ids| !ids.iter().any(|h| paired.contains(h)))).collect();
    if let (Some(c), false) = (certs.last(), unpaired.is_empty()) {
        let given: Vec<&str> = unpaired.iter().map(|k| k.source.as_str()).collect();
        return Some(Diagnosis {
            code: DiagnosisCode::KeyDoesNotMatch,
            title: "The private key is not the push certificate's".into(),
            text: format!(
                "The private key in {} is not the one the push certificate for topic {}{} was issued for (its public key is {}): this key is not the one this certificate was issued for: the MDM server cannot use this pair. Use the private key that made the certificate signing request uploaded to the Apple Push Certificates Portal for this certificate.",
                given.join(", "),
                crate::escape::visible(topic(c)),
                unverified(c),
                c.public_key_sha256,
            ),
        });
    }
    let push = push?;
    let (old, new) = (certs.first()?, certs.last()?);
    if !push.same_topic {
        return Some(Diagnosis {
            code: DiagnosisCode::PushTopicChanged,
            title: "A replacement, not a renewal: the push topic changed".into(),
            text: format!(
                "The older push certificate (topic {}, issued {}, expires {}){} and the newer one (topic {}, issued {}, expires {}){} have different topics: this is a replacement, not a renewal: every enrolled device keeps the old topic and stops receiving pushes; renew with the Apple Account that made the old one at the Apple Push Certificates Portal. If the new one is already in the MDM server, devices must enroll again to receive pushes.",
                crate::escape::visible(topic(old)),
                old.not_before_ts.date(),
                old.not_after_ts.date(),
                unverified(old),
                crate::escape::visible(topic(new)),
                new.not_before_ts.date(),
                new.not_after_ts.date(),
                unverified(new),
            ),
        });
    }
    let gained = (new.not_after_ts.0 - old.not_after_ts.0) / 86_400;
    Some(Diagnosis {
        code: DiagnosisCode::PushRenewed,
        title: "A renewal: the push topic is the same".into(),
        text: format!(
            "Both push certificates have topic {}{}: the newer one is a renewal, and enrolled devices keep receiving pushes once the MDM server has it. It expires {}, {} days later than the older one ({}).",
            crate::escape::visible(topic(new)),
            unverified(new),
            new.not_after_ts.date(),
            gained,
            old.not_after_ts.date()
        ),
    })
}

/// How much a key-like item needs attention: a request whose signature fails or a bundle whose
/// integrity check fails with every password is a warning; the rest (a bundle not opened for
/// want of a password included) is information.
pub(super) fn severity(k: &KeyItem) -> super::Severity {
    if k.signature_ok == Some(Some(false)) || k.mac_ok == Some(Some(false)) || (k.kind == KeyKind::PushRequest && !k.problems.is_empty()) {
        super::Severity::Warning
    } else {
        super::Severity::Info
    }
}

/// The summary line's words.
pub(super) fn headline(k: &KeyItem) -> String {
    match k.kind {
        KeyKind::PrivateKey if k.opened == Some(true) => "A private key (shown by its public key only)".into(),
        KeyKind::PrivateKey => "A private key, not opened".into(),
        KeyKind::Csr if k.signature_ok == Some(Some(false)) => "A certificate signing request whose signature does not verify".into(),
        KeyKind::Csr => "A certificate signing request".into(),
        KeyKind::Pkcs12 if k.opened == Some(true) => "A PKCS#12 bundle, opened".into(),
        KeyKind::Pkcs12 => "A PKCS#12 bundle, not opened: give its password".into(),
        KeyKind::PushRequest if k.problems.is_empty() => "A vendor-signed push certificate request".into(),
        KeyKind::PushRequest => "A vendor-signed push certificate request that Apple rejects".into(),
    }
}
