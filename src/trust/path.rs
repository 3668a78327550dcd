//! Path building and RFC 5280 §6 validation at a given time.
//!
//! Depth-first from the certificate towards the anchors, by issuer name (key identifiers order
//! the candidates), verifying each link's signature; a path that fails a check is set aside and
//! the search goes on (duplicates and cross-signs happen). The closest failed path is reported
//! when none passes. All work is bounded: every candidate issuer considered and every signature
//! check is charged to the search's [`Budget`] and the report's [`super::ReportBudget`], at most
//! [`MAX_ISSUER_CANDIDATES`] certificates of one issuer name are tried, and no chain is longer
//! than [`MAX_CHAIN_LENGTH`]; what a bound leaves out is *not checked*, and the verdict says so.

use super::checks::*;
use super::{
    nc, policy, signature_reason, Anchor, AnchorKind, Answer, Budget, ChainLink, Reason, ReasonCode, ReasonKind, SignatureCache, StrictOptions, TrustStore,
    MAX_CHAIN_LENGTH, MAX_ISSUER_CANDIDATES,
};
use crate::cert::Certificate;
use crate::time::Timestamp;
use serde::Serialize;
use std::collections::HashMap;

/// A path verdict: RFC 5280 path validation at a time under one rule set — the strict check
/// ([`super::Rules::Rfc5280`]) or what macOS would say ([`super::Rules::Macos`]); an evaluation
/// carries one of each (`trust::evaluate`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathVerdict {
    pub ok: bool,
    /// Every reason, most severe first.
    pub reasons: Vec<Reason>,
    /// The chain that passed, or the closest one that failed (leaf first).
    pub chain: Vec<ChainLink>,
    /// The anchor's name, when the chain reached one.
    pub anchor: Option<String>,
    /// Where that anchor comes from (Apple's pinned keys, Mozilla's list, the caller's).
    #[serde(skip)]
    pub anchor_kind: Option<AnchorKind>,
    /// Plain-words information beside the verdict (not failures).
    pub notes: Vec<String>,
    /// The certificate policies the chain is valid for (RFC 5280 §6.1.5 (g): the
    /// user-constrained policy set), sorted: "2.5.29.32.0" (anyPolicy) means any policy, empty
    /// means none was asserted (valid without a policy). Empty when the verdict fails.
    pub policies: Vec<String>,
}

const DEFAULT_MAX_INTERMEDIATES: usize = 8;

/// The certificates a path may go through: the input's and the store's intermediates, without
/// duplicates, indexed by subject (and by subject and key identifier, so the likeliest issuers
/// are found without going through every certificate of a name). Built once per report and
/// shared by every evaluation.
#[derive(Debug, Default)]
pub struct Pool<'a> {
    certs: Vec<&'a Certificate>,
    by_subject: HashMap<&'a str, Vec<usize>>,
    by_key_id: HashMap<(&'a str, &'a str), Vec<usize>>,
}

impl<'a> Pool<'a> {
    pub fn new(input: &[&'a Certificate], store: &'a TrustStore) -> Self {
        let mut pool = Pool::default();
        let mut seen = std::collections::HashSet::new();
        for c in input.iter().copied().chain(store.intermediates.iter()) {
            if seen.insert(c.sha256.as_str()) {
                pool.by_subject.entry(c.subject.key.as_str()).or_default().push(pool.certs.len());
                if let Some(ski) = &c.subject_key_id {
                    pool.by_key_id.entry((c.subject.key.as_str(), ski.as_str())).or_default().push(pool.certs.len());
                }
                pool.certs.push(c);
            }
        }
        pool
    }

    /// The keys likeliest to have signed `cert`, as the path search tries them first: the
    /// store's anchors bearing its issuer's name, then (unless `cert` is self-issued) the pool's
    /// certificates bearing that name whose key identifier is its authority key identifier, or
    /// without one every certificate of that name when there are at most
    /// [`MAX_ISSUER_CANDIDATES`]; never `cert`'s own key, at most [`MAX_ISSUER_CANDIDATES`] of
    /// each. A guess for a shell that has signatures checked ahead of the search (one batch of
    /// the browser's WebCrypto instead of one per slice): the search still asks for each check
    /// it makes, in its own order, under its own budgets.
    pub fn likely_issuer_keys<'s>(&'s self, cert: &Certificate, store: &'s TrustStore) -> Vec<&'s crate::cert::PublicKey> {
        let anchors = store.anchor_index.get(&cert.issuer.key).into_iter().flatten().take(MAX_ISSUER_CANDIDATES).map(|ai| &store.anchors[*ai].key);
        let mut keys: Vec<&crate::cert::PublicKey> = anchors.collect();
        if !cert.is_self_issued() {
            let issuer = cert.issuer.key.as_str();
            let pooled = match cert.authority_key_id.as_deref() {
                Some(aki) => self.by_key_id.get(&(issuer, aki)),
                None => self.by_subject.get(issuer).filter(|v| v.len() <= MAX_ISSUER_CANDIDATES),
            };
            keys.extend(pooled.into_iter().flatten().take(MAX_ISSUER_CANDIDATES).map(|i| &self.certs[*i].public_key));
        }
        keys.retain(|k| k.spki_der != cert.public_key.spki_der);
        keys
    }

    /// The certificates with this subject name (a CRL's possible signers).
    pub fn of_subject(&self, name: &crate::cert::Name) -> impl Iterator<Item = &'a Certificate> + '_ {
        self.by_subject.get(name.key.as_str()).into_iter().flatten().map(|i| self.certs[*i])
    }
}

#[derive(Debug, Clone)]
struct Candidate {
    chain: Vec<usize>,
    anchor: Option<usize>,
    /// Index in `chain` whose signature failed against the next link.
    bad_signature_at: Option<usize>,
    reasons: Vec<Reason>,
    /// Information about the path that is not a failure (weak algorithms, a zero serial).
    notes: Vec<String>,
    /// The policies of a path that passed (§6.1.5 (g)).
    policies: Vec<String>,
}

impl Candidate {
    /// Lower is closer to valid.
    fn distance(&self) -> (ReasonKind, usize, usize) {
        let worst = self.reasons.iter().map(|r| r.kind).max().unwrap_or(ReasonKind::Time);
        (worst, usize::from(self.anchor.is_none()), usize::MAX - self.chain.len())
    }
}

struct Search<'a> {
    /// The certificate being evaluated at 0, then the shared pool (index + 1).
    pool: Vec<&'a Certificate>,
    /// The shared pool and store (a CRL signer's own path is built from them).
    shared: &'a Pool<'a>,
    store: &'a TrustStore,
    anchors: &'a [Anchor],
    anchor_index: &'a HashMap<String, Vec<usize>>,
    at: Timestamp,
    opts: &'a StrictOptions,
    cache: &'a mut SignatureCache,
    budget: Budget,
    best: Option<Candidate>,
    /// The search's own budget ran out.
    exhausted: bool,
    /// The report's budget refused a check or a step.
    report_spent: bool,
    /// More certificates bore an issuer's name than were tried: (how many, that certificate).
    capped: Option<(usize, usize)>,
    /// A chain would have been longer than [`MAX_CHAIN_LENGTH`].
    too_deep: bool,
}

impl<'a> Search<'a> {
    fn record(&mut self, c: Candidate) {
        if self.best.as_ref().is_none_or(|b| c.distance() < b.distance()) {
            self.best = Some(c);
        }
    }

    /// The candidate issuers of `cert` in the pool (pool indexes): those bearing its issuer's
    /// name, key identifiers first, at most [`MAX_ISSUER_CANDIDATES`] of them, found without
    /// going through the others; and how many bear that name in all.
    fn issuers_of(&self, cert: &Certificate) -> (Vec<usize>, usize) {
        let Some(named) = self.shared.by_subject.get(cert.issuer.key.as_str()) else { return (Vec::new(), 0) };
        let matches_aki = |i: usize| cert.authority_key_id.is_some() && self.shared.certs[i].subject_key_id == cert.authority_key_id;
        let mut v: Vec<usize> = if named.len() <= MAX_ISSUER_CANDIDATES {
            let mut v = named.clone();
            // Key identifiers first: the likeliest issuer is tried first.
            crate::sort::sort_by_key(&mut v, |i| usize::from(!matches_aki(*i)));
            v
        } else {
            let by_key_id = cert.authority_key_id.as_deref().and_then(|aki| self.shared.by_key_id.get(&(cert.issuer.key.as_str(), aki)));
            let mut v: Vec<usize> = by_key_id.map(|v| v.iter().take(MAX_ISSUER_CANDIDATES).copied().collect()).unwrap_or_default();
            let first = v.len();
            for i in named {
                if v.len() >= MAX_ISSUER_CANDIDATES {
                    break;
                }
                if !v[..first].contains(i) {
                    v.push(*i);
                }
            }
            v
        };
        for i in v.iter_mut() {
            *i += 1;
        }
        (v, named.len())
    }

    /// Charges one candidate issuer considered; false when a budget stops the search.
    fn step(&mut self) -> bool {
        if self.budget.spend_path() {
            return true;
        }
        if self.budget.report_spent() {
            self.report_spent = true;
        } else {
            self.exhausted = true;
        }
        false
    }

    fn stopped(&self) -> bool {
        self.exhausted || self.report_spent
    }

    fn dfs(&mut self, chain: &mut Vec<usize>) -> Option<Candidate> {
        let cur = self.pool[*chain.last()?];
        let mut found_issuer = false;
        let candidates = self.anchor_index.get(&cur.issuer.key).cloned().unwrap_or_default();
        if candidates.len() > MAX_ISSUER_CANDIDATES {
            self.capped = Some((candidates.len(), chain.len() - 1));
        }
        for ai in candidates.into_iter().take(MAX_ISSUER_CANDIDATES) {
            let anchor = &self.anchors[ai];
            found_issuer = true;
            if !self.step() {
                return None;
            }
            if !self.budget.spend_signature() {
                self.exhausted = true;
                return None;
            }
            match self.cache.answer_for(&anchor.key, cur) {
                // Asked; the round that has the answer goes on from here.
                Answer::Pending => {}
                Answer::NotChecked => {
                    self.report_spent = true;
                    return None;
                }
                Answer::Known(Ok(())) => {
                    let (reasons, notes, policies) = self.validate(chain, anchor);
                    let cand = Candidate { chain: chain.clone(), anchor: Some(ai), bad_signature_at: None, reasons, notes, policies };
                    if cand.reasons.is_empty() {
                        return Some(cand);
                    }
                    self.record(cand);
                    if self.budget.report_spent() {
                        self.report_spent = true;
                        return None;
                    }
                }
                Answer::Known(Err(e)) => {
                    self.record(Candidate {
                        chain: chain.clone(),
                        anchor: Some(ai),
                        bad_signature_at: Some(chain.len() - 1),
                        reasons: vec![signature_reason(&e, &cur.display_name(), &anchor.label())],
                        notes: Vec::new(),
                        policies: Vec::new(),
                    });
                }
            }
        }
        let max = self.opts.max_intermediates.unwrap_or(DEFAULT_MAX_INTERMEDIATES);
        let (issuers, named) = self.issuers_of(cur);
        if named > issuers.len() {
            self.capped = Some((named, chain.len() - 1));
        }
        for pi in issuers {
            // Every candidate considered is charged, whatever becomes of it.
            if !self.step() {
                return None;
            }
            let issuer = self.pool[pi];
            // A trust anchor's own certificate in the pool is reached through the anchor (tried
            // above), never as an intermediate under itself: the chain would list it twice.
            let is_anchor = self
                .anchor_index
                .get(&issuer.subject.key)
                .is_some_and(|v| v.iter().any(|ai| self.anchors[*ai].cert.as_ref().is_some_and(|c| c.sha256 == issuer.sha256)));
            if is_anchor {
                continue;
            }
            // No certificate twice, and no second certificate of the same logical CA (a loop).
            if chain
                .iter()
                .any(|c| *c == pi || (self.pool[*c].subject.matches(&issuer.subject) && self.pool[*c].public_key.spki_der == issuer.public_key.spki_der))
            {
                continue;
            }
            found_issuer = true;
            // Self-issued intermediates (key rollover) are not counted (RFC 5280 §6.1.4(l)).
            let depth = chain[1..].iter().filter(|c| !self.pool[**c].is_self_issued()).count() + usize::from(!issuer.is_self_issued());
            if depth > max {
                self.record(Candidate {
                    chain: chain.clone(),
                    anchor: None,
                    bad_signature_at: None,
                    reasons: vec![Reason::new(
                        ReasonKind::Constraint,
                        ReasonCode::ChainTooLong,
                        format!("the chain would need more than {max} intermediate certificates"),
                    )],
                    notes: Vec::new(),
                    policies: Vec::new(),
                });
                continue;
            }
            // The chain with this issuer and an anchor above it.
            if chain.len() + 2 > MAX_CHAIN_LENGTH {
                self.too_deep = true;
                continue;
            }
            if !self.budget.spend_signature() {
                self.exhausted = true;
                return None;
            }
            match self.cache.answer_for(&issuer.public_key, cur) {
                Answer::Known(Ok(())) => {}
                // Asked; the round that has the answer goes on under it.
                Answer::Pending => continue,
                Answer::NotChecked => {
                    self.report_spent = true;
                    return None;
                }
                Answer::Known(Err(e)) => {
                    let mut c = chain.clone();
                    c.push(pi);
                    self.record(Candidate {
                        chain: c,
                        anchor: None,
                        bad_signature_at: Some(chain.len() - 1),
                        reasons: vec![signature_reason(&e, &cur.display_name(), &issuer.display_name())],
                        notes: Vec::new(),
                        policies: Vec::new(),
                    });
                    continue;
                }
            }
            chain.push(pi);
            if let Some(found) = self.dfs(chain) {
                return Some(found);
            }
            chain.pop();
            if self.stopped() {
                return None;
            }
        }
        if !found_issuer {
            let text = if cur.is_self_issued() {
                format!("\"{}\" is a self-signed root that is not trusted", cur.display_name())
            } else {
                format!(
                    "no trusted issuer found for \"{}\" (issuer \"{}\"): an intermediate is missing or the root is not trusted",
                    cur.display_name(),
                    cur.issuer.common_name().unwrap_or(&cur.issuer.rfc4514)
                )
            };
            self.record(Candidate {
                chain: chain.clone(),
                anchor: None,
                bad_signature_at: None,
                reasons: vec![Reason::new(ReasonKind::Untrusted, ReasonCode::Untrusted, text)],
                notes: Vec::new(),
                policies: Vec::new(),
            });
        }
        None
    }

    /// When no path passed: what the bounds left unchecked, as candidates whose reasons say so
    /// (a budget reason is closer to valid than a bad signature or no anchor, so the verdict
    /// leads with "not checked" unless a complete path failed on a rule).
    fn record_what_was_not_checked(&mut self) {
        let not_checked =
            |reason: Reason| Candidate { chain: vec![0], anchor: None, bad_signature_at: None, reasons: vec![reason], notes: Vec::new(), policies: Vec::new() };
        if self.report_spent || self.budget.report_spent() {
            let reason = self.cache.budget().reason();
            self.record(not_checked(reason));
        } else if self.exhausted {
            self.record(not_checked(Reason::budget("candidate chains")));
        }
        if let Some((named, at)) = self.capped {
            let c = self.pool[at];
            let reason = Reason::new(
                ReasonKind::Budget,
                ReasonCode::Budget,
                format!(
                    "not checked in full: {named} certificates bear the name of \"{}\"'s issuer; the first {MAX_ISSUER_CANDIDATES} were tried (key identifiers first) and the others were not checked",
                    c.display_name()
                ),
            );
            self.record(not_checked(reason));
        }
        if self.too_deep {
            self.record(not_checked(Reason::new(
                ReasonKind::Budget,
                ReasonCode::Budget,
                format!("not checked in full: chains of more than {MAX_CHAIN_LENGTH} certificates are not searched"),
            )));
        }
    }

    /// RFC 5280 §6.1 on a complete path (leaf first) ending at `anchor`.
    fn validate(&mut self, chain: &[usize], anchor: &Anchor) -> (Vec<Reason>, Vec<String>, Vec<String>) {
        let mut full: Vec<&Certificate> = chain.iter().map(|i| self.pool[*i]).collect();
        // The Device CA anchor is a pinned key (Apple hands servers that certificate); the
        // certificate's own 2014 expiry is not part of what such a server checks.
        if anchor.kind != AnchorKind::AppleDeviceCa {
            if let Some(c) = &anchor.cert {
                if full.last().map(|l| l.sha256 != c.sha256).unwrap_or(true) {
                    full.push(c);
                }
            }
        }
        let (mut reasons, mut notes, policies) = validate_path(&full, anchor, self.at, self.opts, &mut self.budget);
        // RFC 5280 §6.3, when the input holds CRLs: only on a path that passes the rest.
        if let Some(crls) = self.opts.crls.as_deref().filter(|_| reasons.is_empty()) {
            let mut ctx =
                super::revocation::Ctx { pool: self.shared, store: self.store, at: self.at, opts: self.opts, cache: self.cache, budget: &mut self.budget };
            let (failed, good) = super::revocation::check_path(crls, &full, anchor, &mut ctx);
            reasons = failed;
            notes.extend(good);
        }
        (reasons, notes, policies)
    }
}

/// The checks of one complete path; `full` is leaf first and includes the anchor's certificate
/// when there is one. Returns the reasons (most severe first), notes, and, when there are no
/// reasons, the path's policies.
fn validate_path(full: &[&Certificate], anchor: &Anchor, at: Timestamp, opts: &StrictOptions, budget: &mut Budget) -> (Vec<Reason>, Vec<String>, Vec<String>) {
    let mut r = Vec::new();
    let mut notes = Vec::new();
    for c in full {
        check_validity(c, at, &mut r);
        check_signature_algorithm_match(c, &mut r);
        check_key_strength(c, &mut r, &mut notes);
        // RFC 5280 §6.1: a trust anchor is an input to path validation, not a certificate of
        // the path, so its serial number is not judged — when it issued the path, and when a
        // root that is itself in the store is evaluated alone (eight public roots have serial
        // 0): a note says so. A certificate trusted directly that is no self-issued root is
        // judged like any other (x509-limbo's rfc5280::serial::negative).
        if !is_the_anchor(c, anchor) || (full.len() == 1 && !c.is_self_issued()) {
            check_serial(c, &mut r, &mut notes);
        } else if full.len() == 1 {
            let (mut not_judged, mut said) = (Vec::new(), Vec::new());
            check_serial(c, &mut not_judged, &mut said);
            if let Some(reason) = not_judged.first() {
                notes.push(format!("{}: it is a trust anchor, which RFC 5280 §6.1 takes as an input to path validation, not as a certificate of the path, so its serial number is not judged", reason.text));
            }
        }
        check_extensions(c, opts.rules, &mut r);
        check_issuer_not_empty(c, &mut r);
        check_names(c, &mut r);
        check_authority_key_id(c, &mut r);
        nc::check_san_syntax(c, &mut r);
    }
    for c in full.iter().skip(1) {
        check_issuer(c, &mut r);
    }
    check_path_len(full, &mut r);
    if let Some(leaf) = full.first() {
        if !leaf.is_ca() && leaf.name_constraints.is_some() {
            r.push(Reason::new(
                ReasonKind::Malformed,
                ReasonCode::NameConstraintsInLeaf,
                format!("\"{}\" is not a CA but carries name constraints (RFC 5280 §4.2.1.10)", leaf.display_name()),
            ));
        }
        check_eku(leaf, &opts.eku, &mut r);
        if let Some(p) = &opts.peer_name {
            nc::check_peer_name(leaf, p, &mut r);
        }
    }
    for k in 1..full.len() {
        if let Some(constraints) = &full[k].name_constraints {
            let label = format!("\"{}\"", full[k].display_name());
            nc::check_constraints(&label, constraints, nc::Syntax::Certificate, &full[..k], budget, &mut r);
        }
    }
    if anchor.cert.is_none() {
        if let Some(constraints) = &anchor.name_constraints {
            nc::check_constraints(&format!("\"{}\"", anchor.label()), constraints, nc::Syntax::MozillaList, full, budget, &mut r);
        }
    }
    // §6.1.2–§6.1.5: certificate policies over the path without the anchor, anchor first.
    let is_anchor = |c: &&Certificate| anchor.cert.as_ref().is_some_and(|a| a.sha256 == c.sha256);
    let without_anchor = match full.split_last() {
        Some((last, rest)) if is_anchor(last) => rest,
        _ => full,
    };
    let anchor_first: Vec<&Certificate> = without_anchor.iter().rev().copied().collect();
    let policies = match policy::process_policies(&anchor_first, &opts.policy, budget) {
        Ok(p) => p,
        Err(reason) => {
            r.push(reason);
            Vec::new()
        }
    };
    if opts.rules == super::Rules::Macos {
        r.retain(|x| macos_enforces(x.code));
    }
    crate::sort::sort_by_key(&mut r, |x| std::cmp::Reverse(x.kind));
    let policies = if r.is_empty() { policies } else { Vec::new() };
    (r, notes, policies)
}

/// Is `c` the anchor itself: its certificate, or for a key-only anchor (Mozilla's list) a
/// self-issued certificate with the anchor's name and key?
fn is_the_anchor(c: &Certificate, anchor: &Anchor) -> bool {
    match &anchor.cert {
        Some(a) => a.sha256 == c.sha256,
        None => c.is_self_issued() && c.subject.matches(&anchor.subject) && c.public_key.spki_der == anchor.key.spki_der,
    }
}

/// RFC 5280 path validation of `cert` at `at`, through the pool's certificates and the store,
/// under `opts.rules`: the strict check, or what macOS would say ([`super::Rules`]).
///
/// Device identities (strict rules only) (issued by the genuine Apple iPhone Device CA's name) are anchored at the
/// Device CA itself, as date-checking MDM servers are told to do: the leaf's signature by the
/// pinned Device CA key and the leaf's own dates decide.
pub fn path_verdict(cert: &Certificate, pool: &Pool<'_>, store: &TrustStore, at: Timestamp, opts: &StrictOptions, cache: &mut SignatureCache) -> PathVerdict {
    let empty = Pool::default();
    let (anchors, anchor_index, shared): (&[Anchor], &HashMap<String, Vec<usize>>, &Pool<'_>) = match &store.apple {
        Some(apple) if opts.rules == super::Rules::Rfc5280 && cert.issuer.matches(&apple.device_ca.subject) && !cert.is_ca() => {
            (std::slice::from_ref(&apple.device_ca_anchor), &apple.device_ca_index, &empty)
        }
        _ => (&store.anchors[..], &store.anchor_index, pool),
    };
    let mut pool: Vec<&Certificate> = Vec::with_capacity(shared.certs.len() + 1);
    pool.push(cert);
    pool.extend(shared.certs.iter().copied());

    // The certificate is itself a trust anchor.
    if let Some(a) = anchors.iter().find(|a| a.cert.as_ref().is_some_and(|c| c.sha256 == cert.sha256)) {
        let mut budget = Budget::within(cache.budget());
        let (mut reasons, notes, policies) = validate_path(&[cert], a, at, opts, &mut budget);
        budget.settle(cache.budget_mut());
        if budget.report_spent() {
            reasons.insert(0, cache.budget().reason());
        }
        let ok = reasons.is_empty();
        let candidate = Candidate { chain: vec![], anchor: anchors.iter().position(|x| std::ptr::eq(x, a)), bad_signature_at: None, reasons, notes, policies };
        return verdict(&pool, anchors, Some(candidate), ok);
    }

    let budget = Budget::within(cache.budget());
    let mut search = Search {
        pool,
        shared,
        store,
        anchors,
        anchor_index,
        at,
        opts,
        cache,
        budget,
        best: None,
        exhausted: false,
        report_spent: false,
        capped: None,
        too_deep: false,
    };
    let found = search.dfs(&mut vec![0]);
    if found.is_none() {
        search.record_what_was_not_checked();
    }
    search.budget.settle(search.cache.budget_mut());
    let ok = found.is_some();
    let pool = search.pool;
    let chosen = found.or(search.best);
    verdict(&pool, anchors, chosen, ok)
}

fn verdict(pool: &[&Certificate], anchors: &[Anchor], chosen: Option<Candidate>, ok: bool) -> PathVerdict {
    let Some(c) = chosen else {
        return PathVerdict {
            ok: false,
            reasons: vec![Reason::new(ReasonKind::Untrusted, ReasonCode::Untrusted, "no chain to a trusted root".into())],
            chain: Vec::new(),
            anchor: None,
            anchor_kind: None,
            notes: Vec::new(),
            policies: Vec::new(),
        };
    };
    let mut chain: Vec<ChainLink> = c
        .chain
        .iter()
        .enumerate()
        .map(|(i, idx)| {
            let sig = if c.bad_signature_at == Some(i) {
                Some(false)
            } else if i + 1 < c.chain.len() || c.anchor.is_some() {
                Some(true)
            } else {
                None
            };
            let mut link = ChainLink::of_cert(pool[*idx], sig, false);
            // A signature that could not be checked: `Some(false)` still, and said as not checked.
            link.signature_not_checked = sig == Some(false) && c.reasons.iter().any(Reason::is_not_checked);
            link
        })
        .collect();
    let anchor = c.anchor.map(|a| &anchors[a]);
    if let Some(a) = anchor {
        chain.push(ChainLink::of_anchor(a));
    }
    let ok = ok && c.reasons.is_empty();
    let policies = if ok { c.policies } else { Vec::new() };
    PathVerdict { ok, reasons: c.reasons, chain, anchor: anchor.map(Anchor::label), anchor_kind: anchor.map(|a| a.kind), notes: c.notes, policies }
}
