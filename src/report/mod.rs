//! The one document both shells render: items with verdicts, problems, and one diagnosis.
//!
//! [`analyze`] is the core's entry point: sources, trust store and evaluation time in, a
//! [`Report`] out. The CLI prints it (or its JSON); the page renders the same structure.

mod chips;
mod crl;
mod diagnosis;
mod facts;
mod job;
mod keys;
mod kinds;
mod local_trust;
mod markdown;
mod markdown_summary;
mod push_request;
mod signed;
mod summary_lines;
mod time_banner;
mod verdicts;

pub use chips::{Chip, Tone};
pub use crl::CrlSummary;
pub use diagnosis::{capitalize, Diagnosis, DiagnosisCode, APSD_COMMAND};
pub use facts::{days_left, Fact};
pub use job::{input_certificates, needs_public_roots, ReportJob, Step, MAX_SLICE_ROUNDS};
pub use keys::{CsrSummary, KeyItem, KeyKind, PushCertificates};
pub use kinds::{ContentType, Encoding, ItemKind, NoteKind, RoleLabel, SignatureState};
pub use local_trust::{can_trust_locally, is_locally_trusted};
pub use markdown::{markdown, ticket_markdown};
pub use signed::{signature_state, MacosLabel, ProfileJson, SignedDataItem, SignerItem};
pub(crate) use summary_lines::plural;
pub use summary_lines::{
    certificate_headline, certificate_severity, display_order, fleet_running_line, item_severity, sort_lines, Severity, SummaryLine, COMPACT_ABOVE,
};
pub use time_banner::{is_now, time_banner, TimeBanner, TimeOrigin, NOW_TOLERANCE_SECONDS};
pub use verdicts::{AppleDeviceJson, StrictJson, Verdicts, Word};

use crate::cert::{Attribute, Certificate, Extension, PublicKey, Role};
use crate::input::{self, Source};
use crate::time::Timestamp;
use crate::trust::evaluate::Imitation;
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
    /// SHA-256 of the SubjectPublicKeyInfo DER, as keys, requests and bundles give it.
    pub public_key_sha256: String,
    /// The sources of the keys, requests and bundles in this report that hold this public key.
    pub key_pair: Vec<String>,
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
    /// Why the certificate is treated as a look-alike of Apple's, when it is (its note is in
    /// `notes`; shells decide from this, never from the text).
    #[serde(skip)]
    pub imitation: Option<Imitation>,
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
    /// A CRL's facts (kind `crl` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crl: Option<crl::CrlSummary>,
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
    /// A private key, a certificate signing request or a PKCS#12 bundle.
    Key(Box<KeyItem>),
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
    /// Two or more MDM push certificates: their topics and whether they are the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub push_certificates: Option<PushCertificates>,
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
    /// Some TLS verdict matched its server name only through a wildcard and had no Public Suffix
    /// List to judge it (`public-suffix-not-checked`): a shell that can load the list should,
    /// and evaluate again.
    pub fn needs_public_suffixes(&self) -> bool {
        self.certificates().filter_map(|c| c.verdicts.tls.as_ref()).any(|t| t.reason_codes.contains(&crate::trust::ReasonCode::PublicSuffixNotChecked))
    }

    pub fn needs_the_certificate(&self) -> bool {
        self.items.is_empty() || matches!(self.diagnosis.as_ref().map(|d| d.code), Some(DiagnosisCode::Enrollment403 | DiagnosisCode::NotADeviceIdentity))
    }
}

impl CertificateItem {
    /// It carries Apple's names without chaining to Apple's keys (a look-alike, or damaged).
    pub fn imitates_apple(&self) -> bool {
        self.imitation.is_some()
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
        notes.extend(ev.imitation.as_ref().map(Imitation::note));
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
            validity_days: cert.not_after.seconds_since(cert.not_before) / 86_400,
            subject_attributes: cert.subject.attributes.clone(),
            issuer_attributes: cert.issuer.attributes.clone(),
            public_key: cert.public_key.clone(),
            public_key_sha256: cert.public_key.spki_sha256.clone(),
            key_pair: Vec::new(),
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
                apple_device: AppleDeviceJson {
                    applies: apple.applies,
                    ok: apple.ok,
                    reasons: apple.reasons.iter().map(|r| r.text.clone()).collect(),
                    not_checked: apple.not_checked(),
                },
                strict: StrictJson::of(s).naming_the_list(),
                macos: StrictJson::of(&ev.macos),
                disagreement: verdicts::disagreement(s, &ev.macos),
                tls: self.options.server_name.as_ref().filter(|_| !cert.is_ca()).map(|name| {
                    StrictJson::of(&crate::trust::tls::tls_verdict(cert, &self.pool, self.store, self.at, name, &self.options, &mut self.cache))
                        .naming_the_list()
                }),
                tls_server: self.options.server_name.as_ref().filter(|_| !cert.is_ca()).map(ToString::to_string),
            },
            imitation: ev.imitation.clone(),
            cert: cert.clone(),
            not_before_ts: cert.not_before,
            not_after_ts: cert.not_after,
        }
    }
}

/// Reads the sources and evaluates everything at `at`, with the native verifier (the CLI's; the
/// page uses [`ReportJob`] and WebCrypto).
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze(sources: &[Source], store: &TrustStore, at: Timestamp) -> Report {
    analyze_with(sources, store, at, StrictOptions::default(), &crate::keys::Passwords::default())
}

/// [`analyze`] with passwords for encrypted keys and PKCS#12 bundles (each tried in turn; they
/// are used to open the items and kept nowhere).
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze_with_passwords(sources: &[Source], store: &TrustStore, at: Timestamp, passwords: &crate::keys::Passwords) -> Report {
    analyze_with(sources, store, at, StrictOptions::default(), passwords)
}

/// [`analyze`] with explicit strict-check options: the [`ReportJob`] run to the end at once.
/// Without a Public Suffix List in `options`, the one compiled into the native build is used.
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze_with(sources: &[Source], store: &TrustStore, at: Timestamp, mut options: StrictOptions, passwords: &crate::keys::Passwords) -> Report {
    if options.public_suffixes.is_none() {
        options.public_suffixes = crate::trust::public_suffix::builtin();
    }
    ReportJob::native(sources, &input::read_with(sources, passwords), store, at, options).finish()
}

/// What one round of [`analyze_with_signatures`] gives.
#[derive(Debug)]
pub enum Analysis {
    /// Every signature the report rests on had a result.
    Complete(Box<Report>),
    /// These checks are needed: verify them and call again with their results added.
    NeedsSignatures(Vec<crate::trust::SignatureCheck>),
}

/// [`analyze`] with the signature checks done by the shell: the core asks for what it needs and
/// is called again with the results (see `trust::verifier`). One round is one step of a
/// [`ReportJob`] over every item; the page steps a job in slices instead.
pub fn analyze_with_signatures(sources: &[Source], store: &TrustStore, at: Timestamp, results: crate::trust::SignatureResults) -> Analysis {
    let read = input::read(sources);
    let mut job = ReportJob::new(sources, &read, store, at, StrictOptions::default(), results);
    match job.step(usize::MAX) {
        Step::NeedsSignatures(checks) => Analysis::NeedsSignatures(checks),
        Step::Evaluated { .. } => Analysis::Complete(Box::new(job.finish())),
    }
}

/// The last round when a shell stops asking: the checks `results` lack are reported as not
/// checked (unsupported), never as verified.
pub fn analyze_unverified_rest(sources: &[Source], store: &TrustStore, at: Timestamp, results: crate::trust::SignatureResults) -> Report {
    let read = input::read(sources);
    ReportJob::with_cache(sources, &read, store, at, StrictOptions::default(), SignatureCache::closed(results)).finish()
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
        let forged =
            run(&[Source::file("f.pem", read("chains/forged-apple-chain/leaf.pem")), Source::file("u.pem", read("chains/forged-apple-chain/untrusted.pem"))]);
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
