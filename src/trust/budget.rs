//! Bounds on the work untrusted input can cause: one path search's [`Budget`] (after
//! rustls-webpki's: signature checks and candidate issuers per search), and one report's
//! [`ReportBudget`], shared by every evaluation of the report, so that a paste of thousands of
//! certificates built to stall the search (same issuer name, distinct keys: every one a
//! candidate issuer of every other) ends in time linear in its size. Past a bound the rest is
//! *not checked*, said as such, never "bad".

use super::{Reason, ReasonCode, ReasonKind};

/// How many signature checks one path search may make.
pub const SIGNATURE_BUDGET: usize = 200;

/// At most this many certificates named as a certificate's issuer are tried as that issuer
/// (key identifiers first). Real PKIs have a few per name (cross-signs, key rollovers); more
/// than this are a search built to stall, and the rest of them are not checked.
pub const MAX_ISSUER_CANDIDATES: usize = 16;

/// No chain longer than this many certificates (the anchor's included) is searched, whatever
/// the options: self-issued certificates do not count towards the path length of RFC 5280
/// §6.1.4 (l), so without this a chain of them could go as deep as the budget allows. It also
/// bounds the rounds a slice of a report needs ([`crate::report::MAX_SLICE_ROUNDS`]).
pub const MAX_CHAIN_LENGTH: usize = 16;

/// A bound on the work one path search may do on untrusted input (after rustls-webpki). It
/// also draws on the report's [`ReportBudget`] (`work`), so the report's bound holds across
/// every search.
#[derive(Debug, Clone)]
pub struct Budget {
    signatures: usize,
    /// Candidate issuers considered (RFC 5280 §6.1 is run on each path that reaches an anchor).
    paths: usize,
    names: usize,
    /// Certificate-policy tree nodes created or visited (RFC 5280 §6.1.3 (d)).
    policy: usize,
    /// What is left of the report's work units ([`ReportBudget::work`]).
    report_work: usize,
    /// The report's bound stopped this search.
    report_spent: bool,
    /// CRL signers whose own path this check validates (`super::revocation`).
    signer_paths: usize,
}

impl Default for Budget {
    /// A search on its own (a report of nothing else).
    fn default() -> Self {
        Budget::within(&ReportBudget::default())
    }
}

/// Takes `n` from `left` when it holds that much; the whole allowance can be used.
fn take(left: &mut usize, n: usize) -> bool {
    match left.checked_sub(n) {
        Some(rest) => {
            *left = rest;
            true
        }
        None => {
            *left = 0;
            false
        }
    }
}

impl Budget {
    /// A search's budget, drawing on what is left of `report`'s work.
    pub fn within(report: &ReportBudget) -> Self {
        Budget { signatures: SIGNATURE_BUDGET, paths: 2_000, names: 200_000, policy: 100_000, report_work: report.work, report_spent: false, signer_paths: 6 }
    }

    /// One more CRL signer's path validated for this check (RFC 5280 §6.3.3 (f)).
    pub(crate) fn spend_signer_path(&mut self) -> bool {
        take(&mut self.signer_paths, 1)
    }

    fn report(&mut self, n: usize) -> bool {
        let ok = take(&mut self.report_work, n);
        self.report_spent |= !ok;
        ok
    }

    pub(crate) fn spend_signature(&mut self) -> bool {
        take(&mut self.signatures, 1)
    }

    /// One candidate issuer considered (an anchor or a certificate, tried or skipped).
    pub(crate) fn spend_path(&mut self) -> bool {
        self.report(1) && take(&mut self.paths, 1)
    }

    pub(crate) fn spend_names(&mut self, n: usize) -> bool {
        let n = n.max(1);
        self.report(n) && take(&mut self.names, n)
    }

    pub(crate) fn spend_policy(&mut self, n: usize) -> bool {
        let n = n.max(1);
        self.report(n) && take(&mut self.policy, n)
    }

    /// True when the report's bound (not this search's) stopped the search.
    pub(crate) fn report_spent(&self) -> bool {
        self.report_spent
    }

    /// Gives what the search left of the report's work back to `report`.
    pub(crate) fn settle(&self, report: &mut ReportBudget) {
        report.work = self.report_work;
        if self.report_spent {
            report.refusals += 1;
        }
    }
}

/// The work one report may do, for all its evaluations together: distinct signature checks
/// (a remembered answer is free) and work units (candidate issuers considered, name-constraint
/// comparisons, certificate-policy tree nodes). Both grow with the certificates in the input,
/// so any input ends in time linear in its size and a genuine paste is checked in full.
///
/// The page evaluates a report slice by slice, each slice redone until WebCrypto has answered
/// what it asks (`report::ReportJob`): the budget is remembered when a round starts and put back
/// when the round is redone, so only the round that is kept spends, exactly as the CLI's single
/// pass does, and both give the same report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportBudget {
    checks: usize,
    work: usize,
    /// Checks or searches refused so far (0 while the budget holds).
    refusals: usize,
    /// The bound on checks this report started with (said in the reason).
    checks_bound: usize,
}

impl ReportBudget {
    /// Signature checks any report may make, however few its certificates.
    pub const BASE_CHECKS: usize = 512;
    /// And this many more per certificate in the input (a certificate of a genuine paste needs
    /// about one: its own signature by its issuer; shared issuers are checked once).
    pub const CHECKS_PER_CERTIFICATE: usize = 1;
    /// Work units any report may spend.
    pub const BASE_WORK: usize = 1_000_000;
    /// And this many more per certificate.
    pub const WORK_PER_CERTIFICATE: usize = 256;

    /// The budget of a report whose input holds `certificates` certificates.
    pub fn for_certificates(certificates: usize) -> Self {
        let checks = Self::BASE_CHECKS.saturating_add(certificates.saturating_mul(Self::CHECKS_PER_CERTIFICATE));
        let work = Self::BASE_WORK.saturating_add(certificates.saturating_mul(Self::WORK_PER_CERTIFICATE));
        ReportBudget { checks, work, refusals: 0, checks_bound: checks }
    }

    /// Takes one signature check; false (and counted as refused) when none is left.
    pub(crate) fn spend_check(&mut self) -> bool {
        let ok = take(&mut self.checks, 1);
        if !ok {
            self.refusals += 1;
        }
        ok
    }

    /// How many checks or searches the bound refused so far: an evaluation during which this
    /// grew was not checked in full.
    pub fn refusals(&self) -> usize {
        self.refusals
    }

    /// Signature checks left.
    pub fn checks_left(&self) -> usize {
        self.checks
    }

    /// Work units left.
    pub fn work_left(&self) -> usize {
        self.work
    }

    /// The bound on signature checks this report started with.
    pub fn checks_bound(&self) -> usize {
        self.checks_bound
    }

    /// The reason of a verdict the report's bound stopped.
    pub fn reason(&self) -> Reason {
        Reason::new(
            ReasonKind::Budget,
            ReasonCode::Budget,
            format!(
                "not checked: this input holds more work than one report does (at most {} signature checks for its certificates), and the bound was reached before this chain was searched in full; check fewer certificates at once",
                self.checks_bound
            ),
        )
    }
}

impl Default for ReportBudget {
    fn default() -> Self {
        ReportBudget::for_certificates(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_allowance_can_be_used_and_no_more() {
        let mut b = Budget::default();
        for i in 0..SIGNATURE_BUDGET {
            assert!(b.spend_signature(), "check {} of {SIGNATURE_BUDGET} refused", i + 1);
        }
        assert!(!b.spend_signature(), "one more than the budget");
        let mut b = Budget::default();
        assert!(b.spend_names(200_000), "the whole name allowance at once");
        assert!(!b.spend_names(1));
        let mut r = ReportBudget::for_certificates(3);
        for _ in 0..ReportBudget::BASE_CHECKS + 3 {
            assert!(r.spend_check());
        }
        assert_eq!(r.refusals(), 0);
        assert!(!r.spend_check());
        assert_eq!(r.refusals(), 1);
    }

    #[test]
    fn a_search_draws_on_the_reports_work_and_gives_back_what_is_left() {
        let mut report = ReportBudget::for_certificates(0);
        report.work = 5;
        let mut b = Budget::within(&report);
        assert!(b.spend_path() && b.spend_names(4));
        assert!(!b.report_spent());
        assert!(!b.spend_path(), "the report's sixth unit");
        assert!(b.report_spent());
        b.settle(&mut report);
        assert_eq!((report.work_left(), report.refusals()), (0, 1));
    }
}
