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

use super::{diagnosis, signed, summary_lines, Evaluator, Item, ItemKind, KeychainRecordItem, MacosLabel, NoteItem, NoteKind, ProblemItem, ProfileItem, Report, ScreenshotItem};
use crate::cert::Certificate;
use crate::input::{self, Content, Source};
use crate::time::Timestamp;
use crate::trust::{SignatureCache, SignatureCheck, SignatureResults, StrictOptions, TrustStore, SIGNATURE_BUDGET};

/// Signature checks one certificate evaluation can make: Apple's device rule (the leaf and the
/// three links of Apple's chain, `trust::apple`), then the strict and the macOS path searches,
/// each bounded by its own [`crate::trust::Budget`] of [`SIGNATURE_BUDGET`] checks.
const CHECKS_PER_EVALUATION: usize = 4 + 2 * SIGNATURE_BUDGET;

/// Rounds a slice may take before its missing checks count as not checked.
///
/// Why this bound is enough, whatever the slice: every evaluation in a slice (one certificate's
/// `trust::evaluate`, one CMS signer's check) is a deterministic function of the answers to its
/// own checks. A round answers the checks it lacks "verified" (optimistically), so it follows the
/// evaluation's true course (the one with every answer) up to the first check of that course
/// still unanswered, and asks for it: each round that asks learns at least one more check of
/// every unfinished evaluation's true course. That course has at most
/// [`CHECKS_PER_EVALUATION`] checks (the budget counts every check, remembered or not), so after
/// that many rounds plus one nothing is missing. The bound is therefore never reached by any
/// input: it only guards the loop. The work stays bounded too: each round is one evaluation of
/// the slice under the same budgets. (x509-limbo's pathological-chain-same-subject-distinct-key,
/// dozens of same-subject issuers tried one by one, needs about 40.)
pub const MAX_SLICE_ROUNDS: usize = CHECKS_PER_EVALUATION + 1;

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
        let ev = Evaluator { store, at, pool, cache, options };
        ReportJob { sources, decoded, ev, items: Vec::with_capacity(decoded.items.len()), problems, next: 0, rounds: 0, closed_here: false }
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
        let ReportJob { sources, ev, mut items, mut problems, .. } = self;
        let at = ev.at;
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
        problems.shrink_to_fit();
        let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
        let mut summary_lines = summary_lines::summary_lines(&names, &items, &problems);
        // With several inputs, each gets its own diagnosis and the report's is the worst of them.
        let diagnosis = summary_lines::attach_diagnoses(&mut summary_lines, &items, at).or_else(|| diagnosis::diagnose(&items, at));
        let summary = diagnosis::summary(&items, &problems, diagnosis.as_ref());
        let display_order = summary_lines::display_order(&items);
        Report {
            evaluated_at: at.rfc3339(),
            elapsed_ms: 0.0,
            summary,
            items,
            problems,
            diagnosis,
            signatures_verified: ev.cache.verified,
            summary_lines,
            display_order,
        }
    }

    fn evaluate(&mut self, from: usize, to: usize) -> Vec<Outcome> {
        let decoded = self.decoded;
        decoded.items[from..to].iter().map(|item| self.item(item)).collect()
    }

    fn commit(&mut self, outcomes: Vec<Outcome>, end: usize) {
        for o in outcomes {
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
                }),
                crate::profile::Plist::Other(keys) => {
                    return Outcome::Problem(ProblemItem {
                        source,
                        message: format!("a property list that is neither a profile nor a device request (keys: {})", keys.join(", ")),
                    })
                }
            },
            Content::Pkcs12 => Item::Note(NoteItem {
                kind: NoteKind::Pkcs12,
                source,
                message: "A PKCS#12 (.p12/.pfx) identity: a password-protected bundle of a private key and certificates. certscope does not open it; export the certificate alone (.cer or .pem) instead.".into(),
                matched: Vec::new(),
            }),
            Content::ErrorText(e) => Item::Note(NoteItem {
                kind: NoteKind::ErrorText,
                source,
                message: "Recognised error text from an enrollment failure.".into(),
                matched: e.matched.clone(),
            }),
        })
    }
}

/// The certificates a profile's payloads install.
fn payload_certs(p: Option<&crate::profile::Plist>) -> Vec<&Certificate> {
    match p {
        Some(crate::profile::Plist::Profile(p)) => p.payloads.iter().flat_map(|p| p.certificates.iter()).collect(),
        _ => Vec::new(),
    }
}
