//! Revocation from the CRLs in the input (RFC 5280 §6.3), for every certificate of a path, as
//! `openssl verify -crl_check_all -use_deltas -extended_crl` does. Nothing is fetched: the CRLs
//! are what the user gave, and without any CRL nothing here runs.
//!
//! For each certificate, over its distribution points (or the CRL issuer alone when it names
//! none) and the complete CRLs of that issuer (§6.3.3):
//! - (b) the CRL's issuer is the certificate's issuer, or the point's `cRLIssuer` of an
//!   indirect CRL; its issuing distribution point covers the certificate (names, user/CA/
//!   attribute certificates);
//! - (c)/(d) the reasons it covers add to those already covered;
//! - a critical CRL or entry extension this check does not process makes the CRL unusable
//!   (§5.2, §5.3); so does a nextUpdate before, or a thisUpdate after, the evaluation time;
//! - (f)/(g) it is signed by the certificate's issuer, or by another certificate of the CRL
//!   issuer (a separate CRL signing key, a new key, an indirect CRL issuer) whose own path is
//!   valid — revocation included — to the same trust anchor; the signer's keyUsage, when
//!   present, has cRLSign. The signature is asked of the [`SignatureCache`] like every other
//!   (the page verifies it with WebCrypto);
//! - (a)/(i) a current delta CRL over it (same issuer, key and scope, BaseCRLNumber at most the
//!   complete CRL's number) is read first: `removeFromCRL` there undoes a hold.
//!
//! A certificate is revoked when an entry names it, good when the usable CRLs cover every
//! reason, and otherwise undecided (`revocation-unknown`, saying what is missing): fail closed.
//! Apple's device rule ([`super::apple`]) ignores revocation, as Apple's
//! SecPolicyCreateiPhoneDeviceCertificate does; only the strict verdict reads CRLs.

use super::{Anchor, Budget, Pool, Reason, ReasonCode, ReasonKind, SignatureCache, StrictOptions, TrustStore};
use crate::cert::{Certificate, Name, PublicKey};
use crate::crl::scope::{distribution_points, CertDp, ALL_REASONS};
use crate::crl::{compare_numbers, Crl, RevocationReason};
use crate::time::Timestamp;
use std::collections::HashMap;
use std::sync::Arc;

/// How deep a CRL signer's own path may ask for its CRLs' signers (a separate CRL key whose
/// certificate is itself on a CRL signed by another separate key …).
const MAX_DEPTH: u8 = 2;

/// At most this many distribution points of one certificate are read.
const MAX_POINTS: usize = 16;

/// At most this many CRLs of one issuer are read for one certificate (the rest are not).
const MAX_CRLS_PER_ISSUER: usize = 64;

/// Where in CRL signers' own paths a strict check runs: the depth (0 for the certificate asked
/// about) and the signers being validated further up. Each strict check validates at most
/// [`super::Budget`]'s few signer paths, and at most [`MAX_DEPTH`] deep, so the work of one
/// evaluation stays bounded (6 + 36 strict checks at most).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Depth(u8, Vec<String>);

/// The CRLs of one input, indexed by issuer name.
#[derive(Debug, Default)]
pub struct CrlSet {
    crls: Vec<Arc<Crl>>,
    by_issuer: HashMap<String, Vec<usize>>,
}

impl CrlSet {
    /// The CRLs of one input (shared with the input's items, never copied: a CRL may be large).
    pub fn new(crls: impl IntoIterator<Item = impl Into<Arc<Crl>>>) -> Self {
        let crls: Vec<Arc<Crl>> = crls.into_iter().map(Into::into).collect();
        let mut by_issuer: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in crls.iter().enumerate() {
            by_issuer.entry(c.issuer.key.clone()).or_default().push(i);
        }
        CrlSet { crls, by_issuer }
    }

    pub fn crls(&self) -> &[Arc<Crl>] {
        &self.crls
    }

    pub fn is_empty(&self) -> bool {
        self.crls.is_empty()
    }

    fn of(&self, issuer: &Name) -> impl Iterator<Item = &Crl> {
        self.by_issuer.get(&issuer.key).into_iter().flatten().map(|i| self.crls[*i].as_ref())
    }
}

/// What path validation hands the check.
pub(super) struct Ctx<'a, 'p> {
    pub pool: &'a Pool<'p>,
    pub store: &'a TrustStore,
    pub at: Timestamp,
    pub opts: &'a StrictOptions,
    pub cache: &'a mut SignatureCache,
    pub budget: &'a mut Budget,
}

/// The issuer of a certificate in the path: the next certificate, or the anchor.
struct Issuer<'a> {
    key: &'a PublicKey,
    cert: Option<&'a Certificate>,
}

/// §6.3 for every certificate of `full` (leaf first; the anchor's own certificate, when last,
/// is an input to validation and is not checked). Returns the failure, if any, and a note per
/// certificate found on no CRL.
pub(super) fn check_path(set: &CrlSet, full: &[&Certificate], anchor: &Anchor, ctx: &mut Ctx<'_, '_>) -> (Vec<Reason>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for (i, c) in full.iter().enumerate() {
        let is_anchor_cert = match &anchor.cert {
            Some(a) => a.sha256 == c.sha256,
            None => c.is_self_issued() && c.subject.matches(&anchor.subject) && c.public_key.spki_der == anchor.key.spki_der,
        };
        if is_anchor_cert {
            continue;
        }
        let issuer = match full.get(i + 1) {
            Some(next) => Issuer { key: &next.public_key, cert: Some(*next) },
            None => Issuer { key: &anchor.key, cert: anchor.cert.as_ref() },
        };
        match status(set, c, &issuer, anchor, ctx) {
            Ok(good) => notes.push(good),
            Err(r) => {
                out.push(r);
                break;
            }
        }
    }
    (out, notes)
}

fn who(c: &Certificate) -> String {
    format!("\"{}\"", c.display_name())
}

/// The certificate's status: a note naming the CRLs it is not on when good.
fn status(set: &CrlSet, c: &Certificate, issuer: &Issuer<'_>, anchor: &Anchor, ctx: &mut Ctx<'_, '_>) -> Result<String, Reason> {
    let implicit = [CertDp { names: None, reasons: None, crl_issuer: None, crl_issuer_names: Vec::new() }];
    let dps = distribution_points(&c.der);
    // A hostile certificate may list thousands of points: the first few are read.
    let points: &[CertDp] = match dps.as_deref() {
        Some(v) if !v.is_empty() => &v[..v.len().min(MAX_POINTS)],
        _ => &implicit,
    };
    let mut mask = 0u16;
    let mut problems: Vec<String> = Vec::new();
    let mut read: Vec<String> = Vec::new();
    for dp in points {
        let indirect = !dp.crl_issuer_names.is_empty();
        let names: Vec<&Name> = if indirect { dp.crl_issuer_names.iter().take(MAX_POINTS).collect() } else { vec![&c.issuer] };
        for name in names {
            for crl in set.of(name).filter(|x| !x.is_delta()).take(MAX_CRLS_PER_ISSUER) {
                if mask == ALL_REASONS {
                    break;
                }
                let scope = crl.scope.as_ref();
                // (b)(1): a cRLIssuer means an indirect CRL.
                if indirect && !scope.is_some_and(|s| s.indirect) {
                    problems.push(format!("the CRL of \"{}\" is not marked indirect, so it cannot speak for {}", crl.display_issuer(), who(c)));
                    continue;
                }
                // (b)(2): the issuing distribution point covers the certificate.
                if let Some(s) = scope {
                    if let Some(idp) = &s.names {
                        let meets = match (&dp.names, &dp.crl_issuer) {
                            (Some(d), _) => d.meets(idp),
                            (None, Some(ci)) => ci.meets(idp),
                            (None, None) => false,
                        };
                        if !meets {
                            continue;
                        }
                    }
                    if (s.only_user_certs && c.is_ca()) || (s.only_ca_certs && !c.is_ca()) || s.only_attribute_certs {
                        continue;
                    }
                }
                // (c)/(d): what this CRL adds.
                let interim = dp.reasons.unwrap_or(ALL_REASONS) & scope.and_then(|s| s.only_some_reasons).unwrap_or(ALL_REASONS);
                if interim & !mask == 0 {
                    continue;
                }
                match usable(crl, c, issuer, anchor, ctx) {
                    Err(why) => problems.push(why),
                    Ok(key) => {
                        let delta = current_delta(set, crl, &key, ctx);
                        let entry = match delta.and_then(|d| d.lookup(&c.issuer, &c.serial_raw).map(|e| (d, e))) {
                            Some((_, e)) if e.reason == Some(RevocationReason::RemoveFromCrl) => None,
                            Some(found) => Some(found),
                            None => crl.lookup(&c.issuer, &c.serial_raw).filter(|e| e.reason != Some(RevocationReason::RemoveFromCrl)).map(|e| (crl, e)),
                        };
                        if let Some((from, e)) = entry {
                            let reason = e.reason.map(|r| format!(", reason: {}", r.describe())).unwrap_or_default();
                            return Err(Reason::new(
                                ReasonKind::Revocation,
                                ReasonCode::Revoked,
                                format!(
                                    "{} was revoked on {}{reason} (CRL of \"{}\" issued {})",
                                    who(c),
                                    e.date.long_date(),
                                    from.display_issuer(),
                                    from.this_update.long_date()
                                ),
                            ));
                        }
                        mask |= interim;
                        read.push(format!(
                            "the CRL of \"{}\" issued {}{}",
                            crl.display_issuer(),
                            crl.this_update.long_date(),
                            delta.map(|d| format!(" with its delta CRL issued {}", d.this_update.long_date())).unwrap_or_default()
                        ));
                    }
                }
            }
        }
    }
    if mask == ALL_REASONS {
        read.dedup();
        return Ok(format!("not revoked: {} is not on {}", who(c), read.join(" nor on ")));
    }
    let issuer_name = c.issuer.common_name().unwrap_or(&c.issuer.rfc4514);
    let text = if problems.is_empty() {
        if mask == 0 {
            format!("the revocation of {} cannot be decided: no CRL from \"{issuer_name}\" that covers it was given", who(c))
        } else {
            format!("the revocation of {} cannot be decided: the CRLs given from \"{issuer_name}\" cover only some revocation reasons", who(c))
        }
    } else {
        problems.dedup();
        format!("the revocation of {} cannot be decided: {}", who(c), problems.join("; "))
    };
    Err(Reason::new(ReasonKind::Revocation, ReasonCode::RevocationUnknown, text))
}

/// The dates, extensions and signer of a complete CRL: the verifying key when usable.
fn usable(crl: &Crl, c: &Certificate, issuer: &Issuer<'_>, anchor: &Anchor, ctx: &mut Ctx<'_, '_>) -> Result<PublicKey, String> {
    let label = format!("the CRL of \"{}\" issued {}", crl.display_issuer(), crl.this_update.long_date());
    current(crl, ctx.at).map_err(|why| format!("{label} {why}"))?;
    signer(crl, c, issuer, anchor, ctx).map_err(|why| format!("{label} {why}"))
}

/// §5.2/§5.3 and the dates: may this CRL be read at `at`?
fn current(crl: &Crl, at: Timestamp) -> Result<(), String> {
    if let Some(ext) = crl.unknown_critical.first() {
        return Err(format!("carries a critical extension this check does not process ({ext}), so it must not be used (RFC 5280 §5.2)"));
    }
    if let Some(problem) = crl.number_problem {
        return Err(format!("{problem}, which RFC 5280 §5.2.3 forbids, so it is not used"));
    }
    if crl.this_update > at {
        return Err(format!("is not issued yet at {}", at.long_date()));
    }
    if let Some(next) = crl.next_update.filter(|n| *n < at) {
        return Err(format!("is out of date (its next update was due {})", next.long_date()));
    }
    Ok(())
}

fn spend(ctx: &mut Ctx<'_, '_>) -> Result<(), String> {
    if ctx.budget.spend_signature() {
        Ok(())
    } else {
        Err("was not checked: the work budget ran out".into())
    }
}

fn verify(crl: &Crl, key: &PublicKey, ctx: &mut Ctx<'_, '_>) -> bool {
    crl.signature_unused_bits == 0
        && ctx.cache.check_raw(key, &crl.signature_algorithm.oid, crl.signature_algorithm.params.as_deref(), &crl.tbs, &crl.signature).is_ok()
}

fn crl_sign(c: &Certificate) -> bool {
    c.key_usage.is_none_or(|k| k.crl_sign)
}

/// §6.3.3 (f)/(g): who signed the CRL, and is that signer's own path valid to `anchor`?
fn signer(crl: &Crl, c: &Certificate, issuer: &Issuer<'_>, anchor: &Anchor, ctx: &mut Ctx<'_, '_>) -> Result<PublicKey, String> {
    let mut tried = Vec::new();
    // The certificate's own issuer (the common case; its path is the one being validated).
    if crl.issuer.matches(&c.issuer) {
        if issuer.cert.is_some_and(|i| !crl_sign(i)) {
            tried.push("its issuer's keyUsage lacks cRLSign".to_string());
        } else {
            spend(ctx)?;
            if verify(crl, issuer.key, ctx) {
                return Ok(issuer.key.clone());
            }
        }
    }
    // Another certificate of the CRL issuer: its path must be valid to the same anchor.
    let candidates: Vec<&Certificate> = ctx.pool.of_subject(&crl.issuer).filter(|s| issuer.cert.is_none_or(|i| i.sha256 != s.sha256)).collect();
    for s in candidates {
        if !crl_sign(s) {
            tried.push(format!("\"{}\"'s keyUsage lacks cRLSign", s.display_name()));
            continue;
        }
        spend(ctx)?;
        if !verify(crl, &s.public_key, ctx) {
            continue;
        }
        // A signer whose path is being validated further up (an indirect CRL issuer on its
        // own CRL, PKITS 4.14.30): that validation decides it.
        if ctx.opts.revocation_depth.1.contains(&s.sha256) {
            return Ok(s.public_key.clone());
        }
        if ctx.opts.revocation_depth.0 >= MAX_DEPTH {
            tried.push("its signer's own path is too deep to check".into());
            continue;
        }
        if !ctx.budget.spend_signer_path() {
            tried.push("its signer was not checked: the work budget for CRL signers ran out".into());
            break;
        }
        let mut stack = ctx.opts.revocation_depth.1.clone();
        stack.push(s.sha256.clone());
        let opts = StrictOptions { revocation_depth: Depth(ctx.opts.revocation_depth.0 + 1, stack), ..ctx.opts.clone() };
        let v = super::path_verdict(s, ctx.pool, ctx.store, ctx.at, &opts, ctx.cache);
        let same_anchor = v.chain.last().is_some_and(|l| l.anchor && l.sha256 == super::ChainLink::of_anchor(anchor).sha256);
        if v.ok && same_anchor {
            return Ok(s.public_key.clone());
        }
        let why = if v.ok { "a different trust anchor".to_string() } else { v.reasons.first().map_or_else(String::new, |r| r.text.clone()) };
        tried.push(format!("its signer \"{}\" is not valid ({why})", s.display_name()));
    }
    if tried.is_empty() {
        Err("is not signed by a key of its issuer that this input holds".into())
    } else {
        Err(format!("cannot be used: {}", tried.join("; ")))
    }
}

/// §5.2.4 and §6.3.3 (a)(2): the newest current delta CRL over `complete`, signed by `key`.
fn current_delta<'s>(set: &'s CrlSet, complete: &Crl, key: &PublicKey, ctx: &mut Ctx<'_, '_>) -> Option<&'s Crl> {
    let number = complete.number.as_deref()?;
    let mut best: Option<&Crl> = None;
    for d in set.of(&complete.issuer).filter(|d| d.is_delta()).take(MAX_CRLS_PER_ISSUER) {
        let fits = d.scope == complete.scope
            && (d.authority_key_id.is_none() || complete.authority_key_id.is_none() || d.authority_key_id == complete.authority_key_id)
            && d.delta_base.as_deref().is_some_and(|b| compare_numbers(b, number).is_le())
            && d.number.as_deref().is_some_and(|n| compare_numbers(n, number).is_gt())
            && current(d, ctx.at).is_ok();
        if !fits || best.is_some_and(|b| compare_numbers(b.number.as_deref().unwrap_or_default(), d.number.as_deref().unwrap_or_default()).is_ge()) {
            continue;
        }
        if spend(ctx).is_err() || !verify(d, key, ctx) {
            continue;
        }
        best = Some(d);
    }
    best
}

/// Who signed a CRL given in the input, for its card: `Some(true)` when a certificate of its
/// issuer in the input or the store verifies it, `Some(false)` when such keys exist and none
/// does, `None` when no key of the issuer is known or the algorithm cannot be checked here
/// (not checked is never "bad"). The signer's name comes with a verified signature.
pub fn crl_signature(crl: &Crl, pool: &Pool<'_>, store: &TrustStore, cache: &mut SignatureCache) -> (Option<bool>, Option<String>) {
    let mut keys: Vec<(&PublicKey, String)> = pool.of_subject(&crl.issuer).filter(|c| crl_sign(c)).map(|c| (&c.public_key, c.display_name())).collect();
    keys.extend(store.anchor_index.get(&crl.issuer.key).into_iter().flatten().map(|i| (&store.anchors[*i].key, store.anchors[*i].label())));
    let mut result = None;
    for (key, name) in keys.into_iter().take(super::SIGNATURE_BUDGET) {
        if crl.signature_unused_bits != 0 {
            return (Some(false), None);
        }
        match cache.check_raw(key, &crl.signature_algorithm.oid, crl.signature_algorithm.params.as_deref(), &crl.tbs, &crl.signature) {
            Ok(()) => return (Some(true), Some(name)),
            // Not checked (an algorithm this build lacks, no WebCrypto, the report's bound) is never "bad".
            Err(super::signature::SigError::Unsupported(_) | super::signature::SigError::NotChecked(_)) => {}
            Err(_) => result = Some(false),
        }
    }
    (result, None)
}
