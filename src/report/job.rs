//! An evaluation in slices: the one item loop behind [`super::analyze`] (run to the end at once,
//! with the native verifier) and the page (a few items per step, the browser's WebCrypto
//! answering the signature checks between steps, and the browser free to paint and take input
//! between slices).
//!
//! ```text
//! job = ReportJob::new(sources, decoded, store, at, options, results)
//! loop {
//!     match job.step(n) {
//!         Evaluated { done, total } if done == total => break,
//!         Evaluated { .. } => {}                                   // yield to the browser
//!         NeedsSignatures(checks) => job.add_results(verify(checks)), // the slice is redone
//!     }
//! }
//! report = job.finish()
//! ```
//! A slice lacking results is evaluated again with them, only that slice; after
//! [`MAX_SLICE_ROUNDS`] rounds its missing checks are "not checked", never verified. No clock:
//! the shell decides how many items a step takes.

use super::{
    diagnosis, signed, summary_lines, Evaluator, Item, ItemKind, KeychainRecordItem, MacosLabel, NoteItem, NoteKind, ProblemItem, ProfileItem, Report,
    ScreenshotItem,
};
use crate::cert::Certificate;
use crate::input::{self, Content, Source};
use crate::time::Timestamp;
use crate::trust::{ReportBudget, SignatureCache, SignatureCheck, SignatureResults, StrictOptions, TrustStore, MAX_CHAIN_LENGTH};

/// Rounds a slice may take before its missing checks count as not checked.
///
/// Why this bound is enough, whatever the slice: every evaluation in a slice (one certificate's
/// `trust::evaluate`, one CMS signer's check) is a deterministic function of the answers to its
/// checks, and the slice's evaluations run in order on one report budget. A round follows the
/// slice's true course (the one with every answer) up to its first check still unanswered and
/// asks for it; past it the round differs only by leaving out work (the path search does not go
/// on under an unanswered check, so it spends no more of any budget than the true course at
/// any point it reaches, and reaches at least as far). Apple's rule and a CMS signer ask for
/// all their checks in the first round (they take a missing answer as "verified" and go on).
/// A path search tries every candidate at a depth in one round, and goes one issuer deeper
/// only under an answered check: so each round answers the true course one chain link deeper,
/// and no chain has more than [`MAX_CHAIN_LENGTH`] links (`trust::path`). After that many
/// rounds plus two nothing is missing. The bound is therefore never reached by any input: it
/// only guards the loop; each round is bounded by the budgets, put back when it is redone.
pub const MAX_SLICE_ROUNDS: usize = MAX_CHAIN_LENGTH + 2;

/// What one step gives.
#[derive(Debug)]
pub enum Step {
    /// The slice is evaluated: `done` of `total` items so far (all when they are equal).
    Evaluated { done: usize, total: usize },
    /// The slice needs these signatures first: verify them, give the results to
    /// [`ReportJob::add_results`] and step again (the same slice is evaluated again with them).
    NeedsSignatures(Vec<SignatureCheck>),
}

/// What evaluating one input item gives: an item, or a problem (a property list that is
/// neither a profile nor a device request).
enum Outcome {
    Item(Item),
    Problem(ProblemItem),
}

/// Input items whose evaluation the report's budget cut short: how many, the first and the last
/// (their sources), for the problem that locates them.
#[derive(Default)]
struct NotChecked {
    count: usize,
    first: Option<String>,
    last: Option<String>,
}

/// Every certificate a report on `decoded` evaluates or builds paths through: the certificates
/// read, and those inside signed data and profile payloads (which join the pool of
/// intermediates).
pub fn input_certificates(decoded: &input::Decoded) -> Vec<&Certificate> {
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
    input_certs
}

/// Whether a report on `decoded` could use Mozilla's roots ([`TrustStore::reaches_past_apple`]
/// over the issuers of its certificates and CRLs): the page fetches them only then. A device
/// identity, Apple's PKI and profiles signed under Apple never need them.
pub fn needs_public_roots(decoded: &input::Decoded, store: &TrustStore) -> bool {
    let certs = input_certificates(decoded);
    store.reaches_past_apple(certs.iter().map(|c| c.issuer.key.as_str()).chain(decoded.crls().map(|c| c.issuer.key.as_str())))
}

/// An evaluation in progress (see the module's documentation).
pub struct ReportJob<'a> {
    sources: &'a [Source],
    decoded: &'a input::Decoded,
    ev: Evaluator<'a>,
    items: Vec<Item>,
    problems: Vec<ProblemItem>,
    /// The next input item to evaluate.
    next: usize,
    /// Rounds the current slice has taken.
    rounds: usize,
    /// The job closed the cache for this slice (after [`MAX_SLICE_ROUNDS`]): reopen it after.
    closed_here: bool,
    /// The items the report's budget did not let be checked in full.
    not_checked: NotChecked,
}

impl<'a> ReportJob<'a> {
    /// A job whose signature checks the shell does (the page's WebCrypto): `results` are those
    /// known already (usually none). `decoded` is `input::read(sources)`.
    pub fn new(
        sources: &'a [Source],
        decoded: &'a input::Decoded,
        store: &'a TrustStore,
        at: Timestamp,
        options: StrictOptions,
        results: SignatureResults,
    ) -> Self {
        Self::with_cache(sources, decoded, store, at, options, SignatureCache::with_results(results))
    }

    /// A job that verifies signatures itself with the native verifier (the CLI's): it never asks.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn native(sources: &'a [Source], decoded: &'a input::Decoded, store: &'a TrustStore, at: Timestamp, options: StrictOptions) -> Self {
        Self::with_cache(sources, decoded, store, at, options, SignatureCache::default())
    }

    pub(super) fn with_cache(
        sources: &'a [Source],
        decoded: &'a input::Decoded,
        store: &'a TrustStore,
        at: Timestamp,
        options: StrictOptions,
        cache: SignatureCache,
    ) -> Self {
        let problems = decoded.problems.iter().map(|p| ProblemItem { source: p.origin.to_string(), message: p.message.clone() }).collect();
        let input_certs = input_certificates(decoded);
        let mut cache = cache;
        // One budget for the whole report, however it is stepped: the page's slices and the
        // CLI's single pass spend it alike.
        cache.set_budget(ReportBudget::for_certificates(input_certs.len()));
        let pool = crate::trust::Pool::new(&input_certs, store);
        // CRLs in the input: the strict check reads them (RFC 5280 §6.3); without any, nothing changes.
        let crls: Vec<std::sync::Arc<crate::crl::Crl>> = decoded.crls().cloned().collect();
        let mut options = options;
        if !crls.is_empty() && options.crls.is_none() {
            options.crls = Some(std::sync::Arc::new(crate::trust::CrlSet::new(crls)));
        }
        let ev = Evaluator { store, at, pool, cache, options };
        ReportJob {
            sources,
            decoded,
            ev,
            items: Vec::with_capacity(decoded.items.len()),
            problems,
            next: 0,
            rounds: 0,
            closed_here: false,
            not_checked: NotChecked::default(),
        }
    }

    /// The signature checks this input's certificates most likely need: each certificate of
    /// the input against the keys of its likeliest issuers ([`crate::trust::Pool::likely_issuer_keys`]),
    /// and Apple's device rule's checks where it applies, each check once, at most the report's bound on checks. A shell that verifies them in one
    /// batch before stepping (the page's WebCrypto: one wait instead of one per slice) gives
    /// the same report: answers given ahead are used, counted and charged only when the job
    /// asks for them, and those it never asks for are never read.
    pub fn likely_checks(&self) -> Vec<SignatureCheck> {
        let checks = self.decoded.certificates().filter(|c| c.signature_unused_bits == 0).flat_map(|cert| {
            let pinned = self.ev.store.apple.as_ref().map(|a| crate::trust::apple::device_rule_checks(cert, a)).unwrap_or_default();
            let guessed = self.ev.pool.likely_issuer_keys(cert, self.ev.store).into_iter().map(move |key| SignatureCheck::of_certificate(key, cert));
            pinned.into_iter().chain(guessed)
        });
        within(checks, self.ev.cache.budget().checks_bound(), LIKELY_BYTES)
    }

    /// The signature checks the job has made so far, with their results: the checks asked
    /// (in the page, answered by WebCrypto), not those given ahead and never asked.
    pub fn checks_made(&self) -> impl Iterator<Item = (&crate::trust::CheckId, &Result<(), crate::trust::signature::SigError>)> {
        self.ev.cache.made()
    }

    /// Input items in all.
    pub fn len(&self) -> usize {
        self.decoded.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.decoded.items.is_empty()
    }

    /// Input items evaluated so far.
    pub fn done(&self) -> usize {
        self.next
    }

    /// Evaluates the next slice of up to `max_items` items (at least one), or says which
    /// signatures it needs first.
    pub fn step(&mut self, max_items: usize) -> Step {
        let total = self.len();
        let end = self.next.saturating_add(max_items.max(1)).min(total);
        self.ev.cache.begin_round();
        let outcomes = self.evaluate(self.next, end);
        let pending = self.ev.cache.take_pending();
        if !pending.is_empty() {
            self.ev.cache.rollback_round();
            self.rounds += 1;
            if self.rounds >= MAX_SLICE_ROUNDS {
                // The next round of this slice completes: what it still lacks is not checked.
                self.ev.cache.close();
                self.closed_here = true;
            }
            return Step::NeedsSignatures(pending);
        }
        self.commit(outcomes, end);
        Step::Evaluated { done: self.next, total }
    }

    /// Results of the checks a step asked for.
    pub fn add_results(&mut self, results: SignatureResults) {
        self.ev.cache.add_results(results);
    }

    /// The report. Items not evaluated yet are evaluated now without asking: with the native
    /// verifier, or (a shell that stopped stepping) with their missing checks not checked.
    pub fn finish(mut self) -> Report {
        let total = self.len();
        if self.next < total {
            self.ev.cache.close();
            let outcomes = self.evaluate(self.next, total);
            // A closed (or native) cache asks for nothing.
            self.ev.cache.take_pending();
            self.commit(outcomes, total);
        }
        let ReportJob { sources, ev, mut items, mut problems, not_checked, .. } = self;
        let at = ev.at;
        if let (Some(first), Some(last)) = (not_checked.first, not_checked.last) {
            let which = if not_checked.count == 1 { format!("{first} was") } else { format!("{} inputs, from {first} to {last}, were", not_checked.count) };
            problems.push(ProblemItem {
                source: first.clone(),
                message: format!(
                    "not checked: {which} not checked in full — this input holds more work than one report does (at most {} signature checks for its certificates); their verdicts say \"not checked\", never \"bad\". Check fewer certificates at once to check them",
                    ev.cache.budget().checks_bound()
                ),
            });
        }
        for s in sources.iter().filter(|s| s.screenshot) {
            let findings = crate::triage::find(&String::from_utf8_lossy(&s.bytes));
            if findings.is_empty() {
                problems.push(ProblemItem {
                    source: s.name.clone(),
                    message: "nothing recognisable in this screenshot's text: correct the recognised text, or ask the user for the command's output instead"
                        .into(),
                });
            } else {
                items.insert(
                    0,
                    Item::Screenshot(Box::new(ScreenshotItem {
                        kind: ItemKind::Screenshot,
                        source: s.name.clone(),
                        findings,
                        message: "Read from a screenshot: confirm with the certificate itself before acting.".into(),
                    })),
                );
            }
        }
        // No input at all (the page with only a fleet file, evaluated apart) is not "nothing to read".
        if items.is_empty() && problems.is_empty() && !sources.is_empty() {
            problems.push(ProblemItem { source: "input".into(), message: "nothing to read: paste a certificate or drop a file".into() });
        }
        super::keys::pair(&mut items);
        let push_certificates = super::keys::push_certificates(&items);
        problems.shrink_to_fit();
        let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
        let mut summary_lines = summary_lines::summary_lines(&names, &items, &problems);
        // With several inputs, each gets its own diagnosis and the report's is the worst of them.
        let general = summary_lines::attach_diagnoses(&mut summary_lines, &items, at).or_else(|| diagnosis::diagnose(&items, at));
        // A forged Apple device certificate is said first; then what the push certificates, keys
        // and requests given together say; then the rest.
        let diagnosis = match general {
            Some(d) if d.code == super::DiagnosisCode::AppleDeviceForged => Some(d),
            general => match super::keys::diagnose(&items, push_certificates.as_ref()) {
                // The push diagnoses are about push certificates, keys and requests (judged by
                // their names where no chain reaches Apple): they take the place of "no device
                // identity here" or of a push certificate's own dates, never of what is said of
                // another input (a broken signature, a device certificate's diagnosis).
                Some(_)
                    if general.as_ref().is_some_and(|g| {
                        !matches!(
                            g.code,
                            super::DiagnosisCode::NotADeviceIdentity
                                | super::DiagnosisCode::MdmPushExpired
                                | super::DiagnosisCode::MdmPushExpiring
                                | super::DiagnosisCode::MdmPushOk
                        )
                    }) =>
                {
                    general
                }
                // It is about the inputs together: it stands on the lines (the page shows the
                // lines' diagnoses), where "no device identity here" says nothing.
                Some(push) => {
                    summary_lines::attach_together(&mut summary_lines, &push);
                    Some(push)
                }
                None => general,
            },
        };
        let summary = diagnosis::summary(&items, &problems, diagnosis.as_ref());
        let display_order = summary_lines::display_order(&items);
        Report {
            evaluated_at: at.rfc3339(),
            elapsed_ms: 0.0,
            summary,
            items,
            problems,
            diagnosis,
            push_certificates,
            signatures_verified: ev.cache.verified,
            summary_lines,
            display_order,
        }
    }

    /// The outcomes of items `from..to`, each with whether the report's budget cut it short.
    fn evaluate(&mut self, from: usize, to: usize) -> Vec<(Outcome, Option<String>)> {
        let decoded = self.decoded;
        decoded.items[from..to]
            .iter()
            .map(|item| {
                let before = self.ev.cache.budget().refusals();
                let outcome = self.item(item);
                let cut = (self.ev.cache.budget().refusals() > before).then(|| item.origin.to_string());
                (outcome, cut)
            })
            .collect()
    }

    fn commit(&mut self, outcomes: Vec<(Outcome, Option<String>)>, end: usize) {
        for (o, cut) in outcomes {
            if let Some(source) = cut {
                self.not_checked.count += 1;
                self.not_checked.first.get_or_insert_with(|| source.clone());
                self.not_checked.last = Some(source);
            }
            match o {
                Outcome::Item(i) => self.items.push(i),
                Outcome::Problem(p) => self.problems.push(p),
            }
        }
        self.next = end;
        self.rounds = 0;
        if std::mem::take(&mut self.closed_here) {
            self.ev.cache.reopen();
        }
    }

    /// One input item evaluated.
    fn item(&mut self, item: &input::Item) -> Outcome {
        let ev = &mut self.ev;
        let source = item.origin.to_string();
        Outcome::Item(match &item.content {
            Content::Certificate { cert, hashes } => Item::Certificate(Box::new(ev.certificate_item(cert, source, hashes))),
            Content::SignedData(sd) => {
                // A detached signature: the content may be another of the sources.
                let matched = if sd.data.content.is_none() { signed::find_detached_content(&sd.data, self.sources) } else { None };
                let item_sd = match matched {
                    Some(content) => std::borrow::Cow::Owned(sd.with_content(content)),
                    None => std::borrow::Cow::Borrowed(sd.as_ref()),
                };
                Item::SignedData(Box::new(signed::signed_data_item(&item_sd, &item.origin, ev)))
            }
            Content::KeychainRecord(r) => Item::KeychainRecord(KeychainRecordItem {
                kind: ItemKind::KeychainRecord,
                source,
                label: r.label.clone(),
                subject: r.subject.as_ref().map(|n| n.rfc4514.clone()),
                issuer: r.issuer.as_ref().map(|n| n.rfc4514.clone()),
                serial: r.serial.clone(),
                message: "This is the keychain's attribute list, not the certificate itself: run the command again with -p (security find-certificate -a -p -Z …) to get the certificate.".into(),
            }),
            Content::Plist(p) => match p.as_ref() {
                crate::profile::Plist::Profile(profile) => Item::Profile(Box::new(ProfileItem {
                    kind: ItemKind::Profile,
                    macos_label: MacosLabel::Unsigned,
                    macos_label_reason: "the profile is not signed: macOS shows it as Unsigned and cannot tell who made it or whether it was changed".into(),
                    profile: signed::profile_json(profile, &source, ev),
                    source,
                })),
                crate::profile::Plist::DeviceRequest(fields) => Item::Note(NoteItem {
                    kind: NoteKind::DeviceRequest,
                    message: format!("An unsigned device request: {}", fields.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join(", ")),
                    source,
                    matched: Vec::new(),
                    crl: None,
                }),
                crate::profile::Plist::Other(keys) => {
                    return Outcome::Problem(ProblemItem {
                        source,
                        message: format!("a property list that is neither a profile nor a device request (keys: {})", keys.join(", ")),
                    })
                }
            },
            Content::Pkcs12(p) => Item::Key(Box::new(super::keys::pkcs12_item(p, source))),
            Content::PrivateKey(k) => Item::Key(Box::new(super::keys::private_key_item(k, source))),
            Content::Csr(c) => Item::Key(Box::new(super::keys::csr_item(c, source, ev))),
            Content::PushRequest(r) => Item::Key(Box::new(super::keys::push_request_item(r, source, ev))),
            Content::ErrorText(e) => Item::Note(NoteItem {
                kind: NoteKind::ErrorText,
                source,
                message: "Recognised error text from an enrollment failure.".into(),
                matched: e.matched.clone(),
                crl: None,
            }),
            Content::Crl(crl) => Item::Note(ev.crl_item(crl, source)),
        })
    }
}

/// At most this many bytes of signed data and signatures are guessed ahead
/// ([`ReportJob::likely_checks`]; the page copies each check to WebCrypto): a paste of a few
/// huge certificates, each a candidate of many, is guessed in part, and its slices ask for the rest.
pub const LIKELY_BYTES: usize = 16 << 20;

/// `checks` in order, each once, until `max_checks` of them or `max_bytes` of their messages
/// and signatures.
fn within(checks: impl Iterator<Item = SignatureCheck>, max_checks: usize, max_bytes: usize) -> Vec<SignatureCheck> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let mut bytes = 0usize;
    for check in checks {
        bytes = bytes.saturating_add(check.message.len()).saturating_add(check.signature.len());
        if out.len() >= max_checks || bytes > max_bytes {
            break;
        }
        if seen.insert(check.id.clone()) {
            out.push(check);
        }
    }
    out
}

/// The certificates a profile's payloads install.
fn payload_certs(p: Option<&crate::profile::Plist>) -> Vec<&Certificate> {
    match p {
        Some(crate::profile::Plist::Profile(p)) => p.payloads.iter().flat_map(|p| p.certificates.iter()).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::input::Source;
    use crate::testing::{at, fixture};
    use crate::trust::TrustStore;

    /// The guess stops at the bound on checks and at the bound on bytes (a few huge
    /// certificates), each check once.
    #[test]
    fn likely_checks_are_bounded_in_number_and_bytes() {
        let cert = crate::input::read(&[Source::file("leaf.pem", fixture("chains/rsa-chain/leaf.pem"))]).certificates().next().cloned().expect("a cert"); // ok: test
        let check = |n: u8, len: usize| {
            let mut c = crate::trust::SignatureCheck::of_certificate(&cert.public_key, &cert);
            c.id.1 = format!("{n}");
            c.message = vec![n; len];
            c.signature = Vec::new();
            c
        };
        let five = || (0..5).map(|n| check(n, 300));
        assert_eq!(super::within(five().chain(five()), 100, 100_000).len(), 5, "each once");
        assert_eq!(super::within(five(), 2, 100_000).len(), 2, "the bound on checks");
        assert_eq!(super::within(five(), 100, 1_000).len(), 3, "the bound on bytes");
    }

    /// `signatures_verified` counts the signatures that verified, not every check made: a
    /// tampered leaf's failed check is not one of them.
    #[test]
    fn signatures_verified_counts_only_the_signatures_that_verified() {
        let dir = "chains/tampered-leaf";
        let store =
            TrustStore::with_anchors(crate::input::read(&[Source::file("t.pem", fixture(&format!("{dir}/trusted.pem")))]).certificates().cloned().collect());
        let sources = [Source::file("leaf.pem", fixture(&format!("{dir}/leaf.pem"))), Source::file("untrusted.pem", fixture(&format!("{dir}/untrusted.pem")))];
        let r = crate::analyze(&sources, &store, at("2026-12-30T00:16:49Z"));
        let links: Vec<_> =
            r.certificates().flat_map(|c| c.chain_links.iter().filter(|l| l.signature_ok.is_some()).map(move |l| (l.sha256.clone(), l.signature_ok))).collect();
        assert!(links.iter().any(|(_, ok)| *ok == Some(false)), "the tampered leaf fails: {links:?}");
        let verified: std::collections::HashSet<_> = links.iter().filter(|(_, ok)| *ok == Some(true)).map(|(s, _)| s).collect();
        assert_eq!(r.signatures_verified, verified.len(), "{links:?}");
    }
}
