//! Path building and RFC 5280 §6 validation at a given time.
//!
//! Depth-first from the certificate towards the anchors, by issuer name (key identifiers order
//! the candidates), verifying each link's signature; a path that fails a check is set aside and
//! the search goes on (duplicates and cross-signs happen). The closest failed path is reported
//! when none passes. All work is bounded by a [`Budget`].

use super::checks::*;
use super::{nc, policy, signature_reason, Anchor, AnchorKind, Budget, ChainLink, Reason, ReasonCode, ReasonKind, SignatureCache, StrictOptions, TrustStore};
use crate::cert::Certificate;
use crate::time::Timestamp;
use serde::Serialize;
use std::collections::HashMap;

/// The strict verdict: RFC 5280 path validation at `evaluated_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StrictVerdict {
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
/// duplicates, indexed by subject. Built once per report and shared by every evaluation.
#[derive(Debug, Default)]
pub struct Pool<'a> {
    certs: Vec<&'a Certificate>,
    by_subject: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Pool<'a> {
    pub fn new(input: &[&'a Certificate], store: &'a TrustStore) -> Self {
        let mut pool = Pool::default();
        let mut seen = std::collections::HashSet::new();
        for c in input.iter().copied().chain(store.intermediates.iter()) {
            if seen.insert(c.sha256.as_str()) {
                pool.by_subject.entry(c.subject.key.as_str()).or_default().push(pool.certs.len());
                pool.certs.push(c);
            }
        }
        pool
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
    index: &'a HashMap<&'a str, Vec<usize>>,
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
    exhausted: bool,
}

impl<'a> Search<'a> {
    fn record(&mut self, c: Candidate) {
        if self.best.as_ref().is_none_or(|b| c.distance() < b.distance()) {
            self.best = Some(c);
        }
    }

    fn issuers_of(&self, cert: &Certificate) -> Vec<usize> {
        let mut v: Vec<usize> = self.index.get(cert.issuer.key.as_str()).map(|v| v.iter().map(|i| i + 1).collect()).unwrap_or_default();
        // Key identifiers first: the likeliest issuer is tried first.
        v.sort_by_key(|i| usize::from(!(cert.authority_key_id.is_some() && self.pool[*i].subject_key_id == cert.authority_key_id)));
        v
    }

    fn dfs(&mut self, chain: &mut Vec<usize>) -> Option<Candidate> {
        let cur = self.pool[*chain.last()?];
        let mut found_issuer = false;
        let candidates = self.anchor_index.get(&cur.issuer.key).cloned().unwrap_or_default();
        for ai in candidates {
            let anchor = &self.anchors[ai];
            found_issuer = true;
            if !self.budget.spend_signature() {
                self.exhausted = true;
                return None;
            }
            match self.cache.check(&anchor.key, cur) {
                Ok(()) => {
                    let (reasons, notes, policies) = self.validate(chain, anchor);
                    let cand = Candidate { chain: chain.clone(), anchor: Some(ai), bad_signature_at: None, reasons, notes, policies };
                    if cand.reasons.is_empty() {
                        return Some(cand);
                    }
                    self.record(cand);
                }
                Err(e) => {
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
        for pi in self.issuers_of(cur) {
            let issuer = self.pool[pi];
            // A trust anchor's own certificate in the pool is reached through the anchor (tried
            // above), never as an intermediate under itself: the chain would list it twice.
            let is_anchor = self.anchor_index.get(&issuer.subject.key).is_some_and(|v| v.iter().any(|ai| self.anchors[*ai].cert.as_ref().is_some_and(|c| c.sha256 == issuer.sha256)));
            if is_anchor {
                continue;
            }
            // No certificate twice, and no second certificate of the same logical CA (a loop).
            if chain.iter().any(|c| *c == pi || (self.pool[*c].subject.matches(&issuer.subject) && self.pool[*c].public_key.spki_der == issuer.public_key.spki_der)) {
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
                    reasons: vec![Reason::new(ReasonKind::Constraint, ReasonCode::ChainTooLong, format!("the chain would need more than {max} intermediate certificates"))],
                    notes: Vec::new(),
                    policies: Vec::new(),
                });
                continue;
            }
            if !self.budget.spend_path() || !self.budget.spend_signature() {
                self.exhausted = true;
                return None;
            }
            if let Err(e) = self.cache.check(&issuer.public_key, cur) {
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
            chain.push(pi);
            if let Some(found) = self.dfs(chain) {
                return Some(found);
            }
            chain.pop();
            if self.exhausted {
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
            let mut ctx = super::revocation::Ctx { pool: self.shared, store: self.store, at: self.at, opts: self.opts, cache: self.cache, budget: &mut self.budget };
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
    r.sort_by_key(|x| std::cmp::Reverse(x.kind));
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

/// RFC 5280 path validation of `cert` at `at`, through `input` certificates and the store.
///
/// Device identities (issued by the genuine Apple iPhone Device CA's name) are anchored at the
/// Device CA itself, as date-checking MDM servers are told to do: the leaf's signature by the
/// pinned Device CA key and the leaf's own dates decide.
pub fn strict(
    cert: &Certificate,
    pool: &Pool<'_>,
    store: &TrustStore,
    at: Timestamp,
    opts: &StrictOptions,
    cache: &mut SignatureCache,
) -> StrictVerdict {
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
        let (reasons, notes, policies) = validate_path(&[cert], a, at, opts, &mut Budget::default());
        let ok = reasons.is_empty();
        let candidate = Candidate { chain: vec![], anchor: anchors.iter().position(|x| std::ptr::eq(x, a)), bad_signature_at: None, reasons, notes, policies };
        return verdict(&pool, anchors, Some(candidate), ok);
    }

    let mut search = Search { pool, index: &shared.by_subject, shared, store, anchors, anchor_index, at, opts, cache, budget: Budget::default(), best: None, exhausted: false };
    let found = search.dfs(&mut vec![0]);
    if search.exhausted {
        search.record(Candidate { chain: vec![0], anchor: None, bad_signature_at: None, reasons: vec![Reason::budget("candidate chains")], notes: Vec::new(), policies: Vec::new() });
    }
    let ok = found.is_some();
    let pool = search.pool;
    let chosen = found.or(search.best);
    verdict(&pool, anchors, chosen, ok)
}

fn verdict(pool: &[&Certificate], anchors: &[Anchor], chosen: Option<Candidate>, ok: bool) -> StrictVerdict {
    let Some(c) = chosen else {
        return StrictVerdict {
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
            ChainLink::of_cert(pool[*idx], sig, false)
        })
        .collect();
    let anchor = c.anchor.map(|a| &anchors[a]);
    if let Some(a) = anchor {
        chain.push(ChainLink::of_anchor(a));
    }
    let ok = ok && c.reasons.is_empty();
    let policies = if ok { c.policies } else { Vec::new() };
    StrictVerdict { ok, reasons: c.reasons, chain, anchor: anchor.map(Anchor::label), anchor_kind: anchor.map(|a| a.kind), notes: c.notes, policies }
}
