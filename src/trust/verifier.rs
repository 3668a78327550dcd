//! Signature checks as an effect of the pure core (sans-IO, as quinn-proto and rustls-webpki
//! keep I/O out): the core says which signatures it needs, a shell checks them — RustCrypto
//! natively, the browser's WebCrypto in the page — and the core finishes with the results.
//!
//! ```text
//! results = {}
//! loop {
//!     match analyze_with_signatures(sources, store, at, &results) {
//!         Complete(report)       => break report,
//!         NeedsSignatures(checks) => results.extend(shell.verify(checks)),   // async in the page
//!     }
//! }
//! ```
//! (The page runs the same protocol slice by slice: `report::ReportJob`.)
//! A round that lacks a result asks for it: Apple's rule and CMS signers read it as "verified"
//! and go on, the path search does not go on under it (it tries the other candidates, so one
//! round asks for every candidate at that depth); only a round with every result is ever
//! returned. Each round asks only for checks not yet answered, and every round is bounded by
//! the same budgets ([`super::Budget`] per search, [`super::ReportBudget`] per report, put back
//! when a round is redone), so the loop ends. The page runs the same rounds per slice of items (`report::ReportJob`,
//! src/report/job.rs, which also bounds the rounds a slice may take).

use super::signature::{self, NotChecked, SigError};
use super::ReportBudget;
use crate::cert::{Certificate, PublicKey};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

/// Identifies a check: (the key's SPKI SHA-256, the SHA-256 of what is checked — for a
/// certificate its own SHA-256, which covers its TBS, algorithm and signature).
pub type CheckId = (String, String);

/// Results a shell computed, by check.
pub type SignatureResults = HashMap<CheckId, Result<(), SigError>>;

/// One signature the core needs checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureCheck {
    pub id: CheckId,
    /// The verifying key (its SPKI DER and decoded parts are for the shell).
    pub key: PublicKey,
    /// The signature algorithm OID and its DER parameters (RSASSA-PSS).
    pub algorithm_oid: String,
    #[serde(skip)]
    pub params: Option<Vec<u8>>,
    /// The signed bytes (a TBSCertificate, CMS signed attributes or content).
    #[serde(skip)]
    pub message: Vec<u8>,
    #[serde(skip)]
    pub signature: Vec<u8>,
}

impl SignatureCheck {
    /// The check that `issuer_key` signed `cert` (its TBSCertificate), as the path search and
    /// Apple's rule ask for it.
    pub fn of_certificate(issuer_key: &PublicKey, cert: &Certificate) -> Self {
        SignatureCheck {
            id: (issuer_key.spki_sha256.clone(), cert.sha256.clone()),
            key: issuer_key.clone(),
            algorithm_oid: cert.signature_algorithm.oid.clone(),
            params: cert.signature_algorithm.params.clone(),
            message: cert.tbs.clone(),
            signature: cert.signature.clone(),
        }
    }

    /// The native verifier (RustCrypto): what the CLI uses, and the reference the page's
    /// WebCrypto results are tested against. Not in the page's build.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn verify_native(&self) -> Result<(), SigError> {
        super::native_verify::verify(&self.key, &self.algorithm_oid, self.params.as_deref(), &self.message, &self.signature)
    }

    /// What the page hands to WebCrypto, or the verdict when no arithmetic is needed.
    pub fn web(&self) -> Result<signature::WebVerify, SigError> {
        signature::plan_web(&self.key, &self.algorithm_oid, self.params.as_deref(), &self.signature)
    }
}

#[derive(Debug)]
enum Mode {
    /// Verify here, with RustCrypto (not in the page's build: there is no `Default` cache in
    /// wasm32, so nothing in the page can verify without WebCrypto by mistake).
    #[cfg(not(target_arch = "wasm32"))]
    Native,
    /// Use the shell's results; record what is missing.
    Given(SignatureResults),
    /// Use the shell's results; what is missing was not checked (the shell stopped asking).
    Closed(SignatureResults),
}

/// Remembers signature results, so each distinct check is made once per report, and either
/// verifies natively or reads the shell's results.
#[derive(Debug)]
pub struct SignatureCache {
    results: HashMap<CheckId, Result<(), SigError>>,
    mode: Mode,
    pending: Vec<SignatureCheck>,
    pending_ids: HashSet<CheckId>,
    /// The results remembered since [`Self::begin_round`] from the shell's answers, forgotten
    /// again by [`Self::rollback_round`] when the round is redone.
    journal: Vec<CheckId>,
    /// Distinct signatures that verified for this report (a check that failed is not one).
    pub verified: usize,
    /// The report's budget: every check not remembered yet is charged to it.
    budget: ReportBudget,
    /// The budget when the round started (put back when the round is redone).
    round_start: ReportBudget,
}

/// What a cache knows of one check ([`SignatureCache::answer_for`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Known(Result<(), SigError>),
    /// Asked of the shell; not answered yet.
    Pending,
    /// The report's budget is spent: not checked.
    NotChecked,
}

/// The native verifier's cache (the CLI's).
#[cfg(not(target_arch = "wasm32"))]
impl Default for SignatureCache {
    fn default() -> Self {
        SignatureCache::new(Mode::Native)
    }
}

impl SignatureCache {
    fn new(mode: Mode) -> Self {
        let budget = ReportBudget::default();
        SignatureCache {
            results: HashMap::new(),
            mode,
            pending: Vec::new(),
            pending_ids: HashSet::new(),
            journal: Vec::new(),
            verified: 0,
            budget,
            round_start: budget,
        }
    }

    /// A cache that uses the shell's `results` and records the checks they lack.
    pub fn with_results(results: SignatureResults) -> Self {
        SignatureCache::new(Mode::Given(results))
    }

    /// A cache for the last round: the checks `results` lack are reported as not checked.
    pub fn closed(results: SignatureResults) -> Self {
        SignatureCache::new(Mode::Closed(results))
    }

    /// From now on, checks without a result are reported as not checked (see [`Self::closed`]).
    pub fn close(&mut self) {
        if let Mode::Given(given) = &mut self.mode {
            self.mode = Mode::Closed(std::mem::take(given));
        }
    }

    /// Back to asking for what is missing (after [`Self::close`]).
    pub fn reopen(&mut self) {
        if let Mode::Closed(given) = &mut self.mode {
            self.mode = Mode::Given(std::mem::take(given));
        }
    }

    /// Adds the shell's results of a round (for a cache kept across rounds, as a fleet job
    /// keeps one across its chunks).
    pub fn add_results(&mut self, results: SignatureResults) {
        match &mut self.mode {
            Mode::Given(given) | Mode::Closed(given) => given.extend(results),
            #[cfg(not(target_arch = "wasm32"))]
            Mode::Native => {}
        }
    }

    /// Is `cert` signed by `issuer_key`?
    pub fn check(&mut self, issuer_key: &PublicKey, cert: &Certificate) -> Result<(), SigError> {
        let answer = self.answer_for(issuer_key, cert);
        self.optimistic(answer)
    }

    /// [`Self::check`] against one of Apple's pinned keys (Apple's device rule): never refused
    /// by the report's budget, so a genuine device identity is never "not checked" for want of
    /// it (and never taken for forged). Still bounded: one pinned key per rule, each input
    /// certificate checked once against it, the rule's three fixed links remembered.
    pub fn check_pinned(&mut self, pinned_key: &PublicKey, cert: &Certificate) -> Result<(), SigError> {
        if cert.signature_unused_bits != 0 {
            return Err(SigError::Mismatch);
        }
        let id = (pinned_key.spki_sha256.clone(), cert.sha256.clone());
        let answer = self.answer_charged(id, false, || SignatureCheck::of_certificate(pinned_key, cert));
        self.optimistic(answer)
    }

    /// Is `message` signed by `key` with `signature` (a CMS signer)?
    pub fn check_raw(&mut self, key: &PublicKey, algorithm_oid: &str, params: Option<&[u8]>, message: &[u8], signature: &[u8]) -> Result<(), SigError> {
        let mut h = Sha256::new();
        for part in [algorithm_oid.as_bytes(), params.unwrap_or_default(), message, signature] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part);
        }
        let id = (key.spki_sha256.clone(), crate::cert::hex_upper(&h.finalize()));
        let check_id = id.clone();
        self.run(id, || SignatureCheck {
            id: check_id,
            key: key.clone(),
            algorithm_oid: algorithm_oid.to_string(),
            params: params.map(<[u8]>::to_vec),
            message: message.to_vec(),
            signature: signature.to_vec(),
        })
    }

    fn run(&mut self, id: CheckId, make: impl FnOnce() -> SignatureCheck) -> Result<(), SigError> {
        let answer = self.answer(id, make);
        self.optimistic(answer)
    }

    /// An answer as the callers that go on regardless take it (Apple's rule, CMS signers): a
    /// pending check reads as verified (this round will not be returned), a refused one as not
    /// checked.
    fn optimistic(&self, answer: Answer) -> Result<(), SigError> {
        match answer {
            Answer::Known(r) => r,
            Answer::Pending => Ok(()),
            Answer::NotChecked => Err(SigError::NotChecked(NotChecked::ReportBound)),
        }
    }

    /// Is `cert` signed by `issuer_key`, as far as is known now? The path search's question: a
    /// check the shell has not answered yet is [`Answer::Pending`] (asked, and the search does
    /// not go on under it this round), one the report's budget refuses is
    /// [`Answer::NotChecked`].
    pub fn answer_for(&mut self, issuer_key: &PublicKey, cert: &Certificate) -> Answer {
        if cert.signature_unused_bits != 0 {
            // A BIT STRING signature with unused bits is malformed: no key can have made it.
            return Answer::Known(Err(SigError::Mismatch));
        }
        let id = (issuer_key.spki_sha256.clone(), cert.sha256.clone());
        self.answer(id, || SignatureCheck::of_certificate(issuer_key, cert))
    }

    fn answer(&mut self, id: CheckId, make: impl FnOnce() -> SignatureCheck) -> Answer {
        self.answer_charged(id, true, make)
    }

    /// [`Self::answer`], charged to the report's budget or not (`charge`).
    fn answer_charged(&mut self, id: CheckId, charge: bool, make: impl FnOnce() -> SignatureCheck) -> Answer {
        if let Some(r) = self.results.get(&id) {
            return Answer::Known(r.clone());
        }
        // What the shell said, if it has (`None` natively: verified here).
        let given = match &self.mode {
            #[cfg(not(target_arch = "wasm32"))]
            Mode::Native => None,
            Mode::Given(given) => Some(given.get(&id).cloned()),
            // Neither remembered nor counted nor charged: "not checked" holds for the slice that
            // stopped asking, and a later slice (the cache reopened) asks for it again.
            Mode::Closed(given) => match given.get(&id) {
                Some(r) => Some(Some(r.clone())),
                None => return Answer::Known(Err(SigError::NotChecked(NotChecked::StoppedAsking))),
            },
        };
        // Every check the report makes is charged, answered yet or not (as the CLI's single
        // pass makes it); a remembered result is free.
        if charge && !self.budget.spend_check() {
            return Answer::NotChecked;
        }
        let r = match given {
            Some(Some(r)) => r,
            Some(None) => {
                if self.pending_ids.insert(id) {
                    self.pending.push(make());
                }
                return Answer::Pending;
            }
            #[cfg(not(target_arch = "wasm32"))]
            None => make().verify_native(),
            #[cfg(target_arch = "wasm32")]
            None => return Answer::Pending,
        };
        if r.is_ok() {
            self.verified += 1;
        }
        if !self.is_native() {
            self.journal.push(id.clone());
        }
        self.results.insert(id, r.clone());
        Answer::Known(r)
    }

    fn is_native(&self) -> bool {
        match self.mode {
            #[cfg(not(target_arch = "wasm32"))]
            Mode::Native => true,
            Mode::Given(_) | Mode::Closed(_) => false,
        }
    }

    /// A round starts: the results it remembers and the budget it spends can be put back with
    /// [`Self::rollback_round`].
    pub fn begin_round(&mut self) {
        self.journal.clear();
        self.round_start = self.budget;
    }

    /// The round is redone (it lacked results): forget what it remembered, so the redone round
    /// counts each signature it checks once in [`Self::verified`], as a single pass with every
    /// result would. The shell's answers stay; only the memo of this round goes.
    pub fn rollback_round(&mut self) {
        for id in self.journal.drain(..) {
            if self.results.remove(&id).is_some_and(|r| r.is_ok()) {
                self.verified -= 1;
            }
        }
        self.budget = self.round_start;
    }

    /// The checks made so far and their results (each once; not those of a round redone).
    pub fn made(&self) -> impl Iterator<Item = (&CheckId, &Result<(), SigError>)> {
        self.results.iter()
    }

    /// The report's budget (what is left of it).
    pub fn budget(&self) -> &ReportBudget {
        &self.budget
    }

    /// Sets the report's budget (a report job, from its certificates; a fleet, per row).
    pub fn set_budget(&mut self, budget: ReportBudget) {
        self.budget = budget;
    }

    pub(crate) fn budget_mut(&mut self) -> &mut ReportBudget {
        &mut self.budget
    }

    /// The checks this round lacked (empty when every result was there).
    pub fn take_pending(&mut self) -> Vec<SignatureCheck> {
        self.pending_ids.clear();
        std::mem::take(&mut self.pending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::fixture;

    /// A check of `key` over made-up bytes (the arithmetic is never reached here).
    fn ask(cache: &mut SignatureCache, key: &PublicKey) -> Result<(), SigError> {
        cache.check_raw(key, "1.2.840.113549.1.1.11", None, b"message", b"signature")
    }

    #[test]
    fn not_checked_after_closing_holds_for_that_round_only_and_is_not_counted() {
        let key = crate::testing::pem_certificate(fixture("chains/rsa-chain/leaf.pem")).public_key;
        let mut cache = SignatureCache::with_results(SignatureResults::new());
        cache.close();
        assert_eq!(ask(&mut cache, &key), Err(SigError::NotChecked(NotChecked::StoppedAsking)));
        assert_eq!(cache.verified, 0, "a check not made is not counted as verified");
        // The next slice (the cache reopened) asks for it again instead of inheriting the answer.
        cache.reopen();
        assert_eq!(ask(&mut cache, &key), Ok(()), "optimistic while asking");
        assert_eq!(cache.take_pending().len(), 1, "asked again");
    }
}
