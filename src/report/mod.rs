//! The one document both shells render: items with verdicts, problems, and one diagnosis.
//!
//! [`analyze`] is the core's entry point: sources, trust store and evaluation time in, a
//! [`Report`] out. The CLI prints it (or its JSON); the page renders the same structure.

mod chips;
mod diagnosis;
mod facts;
mod kinds;
mod local_trust;
mod markdown;
mod markdown_summary;
mod signed;
mod summary_lines;
mod time_banner;
mod verdicts;

pub use chips::{Chip, Tone};
pub use diagnosis::{capitalize, Diagnosis, DiagnosisCode, APSD_COMMAND};
pub use facts::{days_left, Fact};
pub use kinds::{ContentType, Encoding, ItemKind, NoteKind, RoleLabel, SignatureState};
pub use local_trust::{can_trust_locally, is_locally_trusted};
pub use markdown::markdown;
pub use signed::{signature_state, MacosLabel, ProfileJson, SignedDataItem, SignerItem};
pub use summary_lines::{
    certificate_headline, certificate_severity, display_order, fleet_running_line, item_severity, sort_lines, Severity, SummaryLine,
    COMPACT_ABOVE,
};
pub(crate) use summary_lines::plural;
pub use verdicts::{AppleDeviceJson, StrictJson, Verdicts, Word};
pub use time_banner::{is_now, time_banner, TimeBanner, TimeOrigin, NOW_TOLERANCE_SECONDS};

use crate::cert::{Attribute, Certificate, Extension, PublicKey, Role};
use crate::input::{self, Content, Source};
use crate::time::Timestamp;
use crate::trust::{evaluate, ChainLink, SignatureCache, StrictOptions, TrustStore};
use serde::Serialize;

/// A fingerprint line printed in the paste, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HashLineItem {
    pub algorithm: input::HashAlgorithm,
    pub printed: String,
    pub matches: bool,
}

/// A certificate with its details and both verdicts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertificateItem {
    pub kind: ItemKind,
    pub source: String,
    pub sha256: String,
    pub sha1: String,
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub not_before: String,
    pub not_after: String,
    pub name: String,
    pub version: u32,
    pub validity_days: i64,
    pub subject_attributes: Vec<Attribute>,
    pub issuer_attributes: Vec<Attribute>,
    pub public_key: PublicKey,
    pub signature_algorithm: String,
    pub extensions: Vec<Extension>,
    pub role: Role,
    pub role_label: RoleLabel,
    /// What the certificate says in plain words, in display order (Team ID, APNs topic, …).
    pub facts: Vec<Fact>,
    pub hash_lines: Vec<HashLineItem>,
    pub notes: Vec<String>,
    /// SHA-256 of each link of the strict chain, leaf first, anchor last.
    pub chain: Vec<String>,
    pub chain_links: Vec<ChainLink>,
    /// The Apple-rule chain (four links) when the rule applies.
    pub apple_chain: Vec<ChainLink>,
    pub verdicts: Verdicts,
    #[serde(skip)]
    pub cert: Certificate,
    #[serde(skip)]
    pub not_before_ts: Timestamp,
    #[serde(skip)]
    pub not_after_ts: Timestamp,
}

/// A keychain attribute record (`find-certificate -a` without `-p`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeychainRecordItem {
    pub kind: ItemKind,
    pub source: String,
    pub label: Option<String>,
    pub subject: Option<String>,
    pub issuer: Option<String>,
    pub serial: Option<String>,
    pub message: String,
}

/// An item that is recognised but not opened (PKCS#12) or pasted error text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteItem {
    pub kind: NoteKind,
    pub source: String,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub matched: Vec<crate::phrases::ErrorPhrase>,
}

/// An unsigned profile: what macOS shows as "Unsigned", with its payloads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileItem {
    pub kind: ItemKind,
    pub source: String,
    pub macos_label: MacosLabel,
    pub macos_label_reason: String,
    pub profile: ProfileJson,
}

/// What a screenshot's text says (from OCR: to be confirmed with the certificate itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScreenshotItem {
    pub kind: ItemKind,
    pub source: String,
    pub findings: crate::triage::Findings,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Item {
    Screenshot(Box<ScreenshotItem>),
    Certificate(Box<CertificateItem>),
    SignedData(Box<SignedDataItem>),
    Profile(Box<ProfileItem>),
    KeychainRecord(KeychainRecordItem),
    Note(NoteItem),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProblemItem {
    pub source: String,
    pub message: String,
}

/// Everything one evaluation found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub evaluated_at: String,
    /// Time spent in the core, measured by the shell around [`analyze`].
    pub elapsed_ms: f64,
    /// One sentence for the top of the page.
    pub summary: String,
    pub items: Vec<Item>,
    pub problems: Vec<ProblemItem>,
    pub diagnosis: Option<Diagnosis>,
    /// Signatures verified for this report (distinct issuer/certificate pairs).
    pub signatures_verified: usize,
    /// A line per input (each file, the pasted text), worst first.
    pub summary_lines: Vec<SummaryLine>,
    /// The order the shells show `items` in: worst first, input order among equals (the JSON's
    /// `items` keep input order).
    #[serde(skip)]
    pub display_order: Vec<usize>,
}

impl Item {
    /// The certificate items this item holds: itself, or those inside signed data and profile
    /// payloads. The one walk every renderer and the diagnosis use.
    pub fn certificates(&self) -> Vec<&CertificateItem> {
        match self {
            Item::Certificate(c) => vec![c.as_ref()],
            Item::SignedData(s) => s.certificates.iter().chain(s.profile.iter().flat_map(|p| p.certificates.iter())).collect(),
            Item::Profile(p) => p.profile.certificates.iter().collect(),
            _ => Vec::new(),
        }
    }
}

impl Report {
    /// Every certificate item, including those inside signed data.
    pub fn certificates(&self) -> impl Iterator<Item = &CertificateItem> {
        self.items.iter().flat_map(Item::certificates)
    }

    /// Whether the help desk should ask the user for the Mac's device certificate: nothing was
    /// read, the pasted error text needs it to confirm the cause, or what was read is not a Mac's
    /// device identity. (The page asks too when its input is empty, and not for a fleet file.)
    pub fn needs_the_certificate(&self) -> bool {
        self.items.is_empty() || matches!(self.diagnosis.as_ref().map(|d| d.code), Some(DiagnosisCode::Enrollment403 | DiagnosisCode::NotADeviceIdentity))
    }
}

impl CertificateItem {
    /// It carries Apple's names without chaining to Apple's keys (a look-alike, or damaged).
    pub fn imitates_apple(&self) -> bool {
        self.notes.iter().any(|n| n == crate::trust::evaluate::IMITATION_NOTE)
    }
}

/// Evaluates certificates against the store at a time; shared by items and signed data.
pub(crate) struct Evaluator<'a> {
    pub store: &'a TrustStore,
    pub at: Timestamp,
    pub pool: crate::trust::Pool<'a>,
    pub cache: SignatureCache,
    pub options: StrictOptions,
}

impl Evaluator<'_> {
    pub fn certificate_item(&mut self, cert: &Certificate, source: String, hashes: &[input::HashLine]) -> CertificateItem {
        let ev = evaluate(cert, &self.pool, self.store, self.at, &self.options, &mut self.cache);
        let (apple, s) = (&ev.apple, &ev.strict);
        let mut notes = cert.notes.clone();
        notes.extend(ev.imitation.clone());
        CertificateItem {
            kind: ItemKind::Certificate,
            source,
            sha256: cert.sha256.clone(),
            sha1: cert.sha1.clone(),
            subject: cert.subject.rfc4514.clone(),
            issuer: cert.issuer.rfc4514.clone(),
            serial: cert.serial.clone(),
            not_before: cert.not_before.rfc3339(),
            not_after: cert.not_after.rfc3339(),
            name: cert.display_name(),
            version: cert.version,
            validity_days: (cert.not_after.0 - cert.not_before.0) / 86_400,
            subject_attributes: cert.subject.attributes.clone(),
            issuer_attributes: cert.issuer.attributes.clone(),
            public_key: cert.public_key.clone(),
            signature_algorithm: cert.signature_algorithm.name.clone(),
            extensions: cert.extensions.clone(),
            role: ev.role,
            role_label: RoleLabel(ev.role),
            facts: facts::facts(cert, ev.role, self.at),
            hash_lines: hashes.iter().map(|h| HashLineItem { algorithm: h.algorithm, printed: h.printed.clone(), matches: h.matches }).collect(),
            notes,
            chain: s.chain.iter().map(|l| l.sha256.clone()).collect(),
            chain_links: s.chain.clone(),
            apple_chain: apple.chain.clone(),
            verdicts: Verdicts {
                apple_device: AppleDeviceJson { applies: apple.applies, ok: apple.ok, reasons: apple.reasons.iter().map(|r| r.text.clone()).collect() },
                strict: StrictJson::of(s).naming_the_list(),
                macos: StrictJson::of(&ev.macos),
                disagreement: verdicts::disagreement(s, &ev.macos),
            },
            cert: cert.clone(),
            not_before_ts: cert.not_before,
            not_after_ts: cert.not_after,
        }
    }
}

/// The certificates a profile's payloads install.
fn payload_certs(p: Option<&crate::profile::Plist>) -> Vec<&Certificate> {
    match p {
        Some(crate::profile::Plist::Profile(p)) => p.payloads.iter().flat_map(|p| p.certificates.iter()).collect(),
        _ => Vec::new(),
    }
}

/// Reads the sources and evaluates everything at `at`, with the native verifier (the CLI's; the
/// page uses [`analyze_with_signatures`] and WebCrypto).
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze(sources: &[Source], store: &TrustStore, at: Timestamp) -> Report {
    analyze_with(sources, store, at, StrictOptions::default())
}

/// [`analyze`] with explicit strict-check options.
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze_with(sources: &[Source], store: &TrustStore, at: Timestamp, options: StrictOptions) -> Report {
    analyze_inner(sources, &input::read(sources), store, at, options, SignatureCache::default()).0
}

/// What one round of [`analyze_with_signatures`] gives.
#[derive(Debug)]
pub enum Analysis {
    /// Every signature the report rests on had a result.
    Complete(Box<Report>),
    /// These checks are needed: verify them and call again with their results added.
    NeedsSignatures(Vec<crate::trust::SignatureCheck>),
}

/// [`analyze`] with the signature checks done by the shell (the page's WebCrypto): the core
/// asks for what it needs and is called again with the results (see `trust::verifier`).
pub fn analyze_with_signatures(sources: &[Source], store: &TrustStore, at: Timestamp, results: crate::trust::SignatureResults) -> Analysis {
    analyze_read_with_signatures(sources, &input::read(sources), store, at, results)
}

/// [`analyze_with_signatures`] on sources already read (`read` is `input::read(sources)`):
/// reading depends on the sources alone, so a shell calling round after round reads them once.
pub fn analyze_read_with_signatures(
    sources: &[Source],
    read: &input::Decoded,
    store: &TrustStore,
    at: Timestamp,
    results: crate::trust::SignatureResults,
) -> Analysis {
    let (report, mut cache) = analyze_inner(sources, read, store, at, StrictOptions::default(), SignatureCache::with_results(results));
    let pending = cache.take_pending();
    if pending.is_empty() {
        Analysis::Complete(Box::new(report))
    } else {
        Analysis::NeedsSignatures(pending)
    }
}

/// The last round when a shell stops asking (after more rounds than any input needs): the
/// checks `results` lack are reported as not checked (unsupported), never as verified.
pub fn analyze_unverified_rest(sources: &[Source], store: &TrustStore, at: Timestamp, results: crate::trust::SignatureResults) -> Report {
    analyze_read_unverified_rest(sources, &input::read(sources), store, at, results)
}

/// [`analyze_unverified_rest`] on sources already read (`read` is `input::read(sources)`).
pub fn analyze_read_unverified_rest(
    sources: &[Source],
    read: &input::Decoded,
    store: &TrustStore,
    at: Timestamp,
    results: crate::trust::SignatureResults,
) -> Report {
    analyze_inner(sources, read, store, at, StrictOptions::default(), SignatureCache::closed(results)).0
}

fn analyze_inner(
    sources: &[Source],
    decoded: &input::Decoded,
    store: &TrustStore,
    at: Timestamp,
    options: StrictOptions,
    cache: SignatureCache,
) -> (Report, SignatureCache) {
    let mut problems: Vec<ProblemItem> =
        decoded.problems.iter().map(|p| ProblemItem { source: p.origin.to_string(), message: p.message.clone() }).collect();

    // Certificates inside signed data and profile payloads join the pool of intermediates.
    let mut input_certs: Vec<&Certificate> = decoded.certificates().collect();
    for item in &decoded.items {
        match &item.content {
            Content::SignedData(sd) => {
                input_certs.extend(sd.certificates.iter());
                input_certs.extend(payload_certs(sd.plist.as_ref()));
            }
            Content::Plist(p) => input_certs.extend(payload_certs(Some(p))),
            _ => {}
        }
    }
    let pool = crate::trust::Pool::new(&input_certs, store);
    let mut ev = Evaluator { store, at, pool, cache, options };

    let mut items = Vec::with_capacity(decoded.items.len());
    for item in &decoded.items {
        let source = item.origin.to_string();
        match &item.content {
            Content::Certificate { cert, hashes } => items.push(Item::Certificate(Box::new(ev.certificate_item(cert, source, hashes)))),
            Content::SignedData(sd) => {
                // A detached signature: the content may be another of the sources.
                let matched = if sd.data.content.is_none() { signed::find_detached_content(&sd.data, sources) } else { None };
                let item_sd = match matched {
                    Some(content) => std::borrow::Cow::Owned(sd.with_content(content)),
                    None => std::borrow::Cow::Borrowed(sd.as_ref()),
                };
                items.push(Item::SignedData(Box::new(signed::signed_data_item(&item_sd, &item.origin, &mut ev))))
            }
            Content::KeychainRecord(r) => items.push(Item::KeychainRecord(KeychainRecordItem {
                kind: ItemKind::KeychainRecord,
                source,
                label: r.label.clone(),
                subject: r.subject.as_ref().map(|n| n.rfc4514.clone()),
                issuer: r.issuer.as_ref().map(|n| n.rfc4514.clone()),
                serial: r.serial.clone(),
                message: "This is the keychain's attribute list, not the certificate itself: run the command again with -p (security find-certificate -a -p -Z …) to get the certificate.".into(),
            })),
            Content::Plist(p) => match p.as_ref() {
                crate::profile::Plist::Profile(profile) => items.push(Item::Profile(Box::new(ProfileItem {
                    kind: ItemKind::Profile,
                    macos_label: MacosLabel::Unsigned,
                    macos_label_reason: "the profile is not signed: macOS shows it as Unsigned and cannot tell who made it or whether it was changed".into(),
                    profile: signed::profile_json(profile, &source, &mut ev),
                    source,
                }))),
                crate::profile::Plist::DeviceRequest(fields) => items.push(Item::Note(NoteItem {
                    kind: NoteKind::DeviceRequest,
                    message: format!(
                        "An unsigned device request: {}",
                        fields.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join(", ")
                    ),
                    source,
                    matched: Vec::new(),
                })),
                crate::profile::Plist::Other(keys) => problems.push(ProblemItem {
                    source,
                    message: format!("a property list that is neither a profile nor a device request (keys: {})", keys.join(", ")),
                }),
            },
            Content::Pkcs12 => items.push(Item::Note(NoteItem {
                kind: NoteKind::Pkcs12,
                source,
                message: "A PKCS#12 (.p12/.pfx) identity: a password-protected bundle of a private key and certificates. certscope does not open it; export the certificate alone (.cer or .pem) instead.".into(),
                matched: Vec::new(),
            })),
            Content::ErrorText(e) => items.push(Item::Note(NoteItem {
                kind: NoteKind::ErrorText,
                source,
                message: "Recognised error text from an enrollment failure.".into(),
                matched: e.matched.clone(),
            })),
        }
    }
    for s in sources.iter().filter(|s| s.screenshot) {
        let findings = crate::triage::find(&String::from_utf8_lossy(&s.bytes));
        if findings.is_empty() {
            problems.push(ProblemItem {
                source: s.name.clone(),
                message: "nothing recognisable in this screenshot's text: correct the recognised text, or ask the user for the command's output instead".into(),
            });
        } else {
            items.insert(0, Item::Screenshot(Box::new(ScreenshotItem {
                kind: ItemKind::Screenshot,
                source: s.name.clone(),
                findings,
                message: "Read from a screenshot: confirm with the certificate itself before acting.".into(),
            })));
        }
    }
    // No input at all (the page with only a fleet file, evaluated apart) is not "nothing to read".
    if items.is_empty() && problems.is_empty() && !sources.is_empty() {
        problems.push(ProblemItem { source: "input".into(), message: "nothing to read: paste a certificate or drop a file".into() });
    }
    let diagnosis = diagnosis::diagnose(&items, at);
    let summary = diagnosis::summary(&items, &problems, diagnosis.as_ref());
    problems.shrink_to_fit();
    let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
    let summary_lines = summary_lines::summary_lines(&names, &items, &problems);
    let display_order = summary_lines::display_order(&items);
    let report = Report {
        evaluated_at: at.rfc3339(),
        elapsed_ms: 0.0,
        summary,
        items,
        problems,
        diagnosis,
        signatures_verified: ev.cache.verified,
        summary_lines,
        display_order,
    };
    (report, ev.cache)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{at, fixture as read};

    fn run(sources: &[Source]) -> Report {
        analyze(sources, &TrustStore::builtin(), at("2026-11-29T00:00:00Z"))
    }

    #[test]
    fn a_look_alike_of_apple_is_said_once_by_the_core() {
        let forged = run(&[Source::file("f.pem", read("chains/forged-apple-chain/leaf.pem")), Source::file("u.pem", read("chains/forged-apple-chain/untrusted.pem"))]);
        assert!(forged.certificates().any(CertificateItem::imitates_apple));
        let plain = run(&[Source::file("r.pem", read("chains/rsa-chain/leaf.pem"))]);
        assert!(!plain.certificates().any(CertificateItem::imitates_apple));
    }

    #[test]
    fn the_help_desk_asks_for_the_certificate_only_when_it_is_missing() {
        assert!(run(&[]).needs_the_certificate(), "nothing read");
        let error = run(&[Source::text("paste", "The MDM server for your organization returned an unexpected status (403)")]);
        assert!(error.needs_the_certificate(), "{:?}", error.diagnosis);
        let device = run(&[Source::file("d.pem", read("apple/leaf-device-apsd-2018-expired-sha1.pem"))]);
        assert!(!device.needs_the_certificate(), "{:?}", device.diagnosis);
        let other = run(&[Source::file("r.pem", read("chains/rsa-chain/leaf.pem"))]);
        assert!(other.needs_the_certificate(), "not a device identity: {:?}", other.diagnosis);
    }
}
