//! Certificate policy processing: RFC 5280 §6.1.2–§6.1.5, the `valid_policy_tree`.
//!
//! The extensions involved (RFC 5280 §4.2.1.4, §4.2.1.5, §4.2.1.11, §4.2.1.14):
//!
//! ```text
//! certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation
//! PolicyInformation ::= SEQUENCE {
//!      policyIdentifier   CertPolicyId,
//!      policyQualifiers   SEQUENCE SIZE (1..MAX) OF PolicyQualifierInfo OPTIONAL }
//! PolicyMappings ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE {
//!      issuerDomainPolicy      CertPolicyId,
//!      subjectDomainPolicy     CertPolicyId }
//! PolicyConstraints ::= SEQUENCE {
//!      requireExplicitPolicy   [0] SkipCerts OPTIONAL,
//!      inhibitPolicyMapping    [1] SkipCerts OPTIONAL }
//! InhibitAnyPolicy ::= SkipCerts
//! SkipCerts ::= INTEGER (0..MAX)
//! ```
//!
//! Policy qualifiers are not tracked: they never change whether a path is valid.
//!
//! The tree can grow multiplicatively with policy mappings (the reason RFC 9618 later replaced
//! it with a graph), so every node created and every node visited is charged to the
//! evaluation's [`Budget`]; running out is a failure with a budget reason, never a hang.

use super::{Budget, Reason, ReasonCode, ReasonKind};
use crate::cert::Certificate;
use std::collections::HashSet;
use tree::{Meter, Node, Tree};

mod tree;

/// The special policy OID `anyPolicy` (RFC 5280 §4.2.1.4): `{ id-ce-certificatePolicies 0 }`.
pub const ANY_POLICY: &str = "2.5.29.32.0";

/// The policy inputs of RFC 5280 §6.1.1 (c), (e), (f), (g).
///
/// The default is what every standard suite assumes: `user-initial-policy-set` = {anyPolicy}
/// and the three initial flags off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyInputs {
    /// §6.1.1 (c) `user-initial-policy-set`: the policies acceptable to the user; anyPolicy
    /// (the default) means any.
    pub initial_policy_set: Vec<String>,
    /// §6.1.1 (e) `initial-policy-mapping-inhibit`.
    pub initial_policy_mapping_inhibit: bool,
    /// §6.1.1 (f) `initial-explicit-policy`: the path must be valid for at least one policy in
    /// the user-initial-policy-set.
    pub initial_explicit_policy: bool,
    /// §6.1.1 (g) `initial-any-policy-inhibit`.
    pub initial_any_policy_inhibit: bool,
}

impl Default for PolicyInputs {
    fn default() -> Self {
        PolicyInputs {
            initial_policy_set: vec![ANY_POLICY.to_string()],
            initial_policy_mapping_inhibit: false,
            initial_explicit_policy: false,
            initial_any_policy_inhibit: false,
        }
    }
}

impl PolicyInputs {
    fn user_any(&self) -> bool {
        self.initial_policy_set.iter().any(|p| p == ANY_POLICY)
    }
}

fn who(c: &Certificate) -> String {
    format!("\"{}\"", c.display_name())
}

fn constraint(code: ReasonCode, text: String) -> Reason {
    Reason::new(ReasonKind::Constraint, code, text)
}

/// §6.1.3 (d)(1), (2): adds depth i to the tree from certificate i's policies.
fn add_level(tree: &mut Tree, policies: &[String], any_allowed: bool, meter: &mut Meter<'_>) -> Result<(), Reason> {
    let prev = tree.depth();
    let mut level: Vec<Node> = Vec::new();
    let mut seen: HashSet<(usize, &str)> = HashSet::new();
    let mut distinct: Vec<&String> = policies.iter().filter(|p| p.as_str() != ANY_POLICY).collect();
    crate::sort::sort(&mut distinct);
    distinct.dedup();
    // (d)(1): each policy other than anyPolicy.
    for p in distinct {
        meter.spend(tree.levels[prev].len())?;
        let matches: Vec<usize> = tree.alive(prev).filter(|(_, n)| n.expected.contains(p)).map(|(k, _)| k).collect();
        let parents = if matches.is_empty() {
            // (ii): no match, but a node of depth i-1 with valid_policy anyPolicy.
            tree.alive(prev).filter(|(_, n)| n.valid_policy == ANY_POLICY).map(|(k, _)| k).collect()
        } else {
            matches
        };
        meter.spend(parents.len())?;
        for k in parents {
            seen.insert((k, p.as_str()));
            level.push(Node { valid_policy: p.clone(), expected: vec![p.clone()], parent: k, alive: true });
        }
    }
    // (d)(2): anyPolicy, when not inhibited (or in a self-issued intermediate): every expected
    // policy of a depth i-1 node not yet among its children becomes a child.
    if any_allowed && policies.iter().any(|p| p == ANY_POLICY) {
        for (k, n) in tree.alive(prev) {
            meter.spend(n.expected.len())?;
            for e in &n.expected {
                if seen.insert((k, e.as_str())) {
                    level.push(Node { valid_policy: e.clone(), expected: vec![e.clone()], parent: k, alive: true });
                }
            }
        }
    }
    tree.levels.push(level);
    Ok(())
}

/// §6.1.4 (a), (b): policy mappings of an intermediate certificate at depth `i`.
fn apply_mappings(tree: &mut Tree, c: &Certificate, mappings: &[(String, String)], policy_mapping: usize, meter: &mut Meter<'_>) -> Result<bool, Reason> {
    // (a): anyPolicy may appear on neither side.
    if mappings.iter().any(|(a, b)| a == ANY_POLICY || b == ANY_POLICY) {
        return Err(constraint(ReasonCode::PolicyMappingAny, format!("{} maps policies to or from anyPolicy (RFC 5280 §6.1.4 (a))", who(c))));
    }
    let d = tree.depth();
    let mut issuer_policies: Vec<&String> = mappings.iter().map(|(a, _)| a).collect();
    crate::sort::sort(&mut issuer_policies);
    issuer_policies.dedup();
    for idp in issuer_policies {
        let targets: Vec<String> = mappings.iter().filter(|(a, _)| a == idp).map(|(_, b)| b.clone()).collect();
        meter.spend(tree.levels[d].len() + targets.len())?;
        if policy_mapping > 0 {
            // (b)(1)(i): every node of depth i for ID-P now expects the mapped policies.
            let mut found = false;
            for n in tree.levels[d].iter_mut().filter(|n| n.alive && &n.valid_policy == idp) {
                n.expected = targets.clone();
                found = true;
            }
            // (b)(1)(ii): otherwise a sibling of the anyPolicy node stands for ID-P.
            if !found {
                let any_parent = tree.alive(d).find(|(_, n)| n.valid_policy == ANY_POLICY).map(|(_, n)| n.parent);
                if let Some(parent) = any_parent {
                    tree.levels[d].push(Node { valid_policy: idp.clone(), expected: targets, parent, alive: true });
                }
            }
        } else {
            // (b)(2): mapping inhibited: delete the nodes for ID-P (pruned below).
            for n in tree.levels[d].iter_mut().filter(|n| &n.valid_policy == idp) {
                n.alive = false;
            }
        }
    }
    if policy_mapping == 0 {
        return tree.sweep(d, meter);
    }
    Ok(true)
}

/// Lowers `counter` to `limit` when smaller (§6.1.4 (i), (j)).
fn lower(counter: &mut usize, limit: Option<u32>) {
    if let Some(l) = limit {
        *counter = (*counter).min(l as usize);
    }
}

/// §6.1.5 (g): the intersection of the tree with the user-initial-policy-set, in place.
fn intersect(tree: &mut Tree, inputs: &PolicyInputs, meter: &mut Meter<'_>) -> Result<bool, Reason> {
    if inputs.user_any() {
        // (g)(ii): the intersection is the tree itself.
        return Ok(true);
    }
    let n = tree.depth();
    // (g)(iii)(1)(2): nodes whose parent is anyPolicy (the valid_policy_node_set) survive only
    // for policies the user accepts.
    let mut in_node_set: Vec<String> = Vec::new();
    for d in 1..=n {
        let (upper, lower) = tree.levels.split_at_mut(d);
        meter.spend(lower[0].len())?;
        for node in lower[0].iter_mut().filter(|x| x.alive) {
            if upper[d - 1][node.parent].valid_policy == ANY_POLICY {
                if node.valid_policy != ANY_POLICY && !inputs.initial_policy_set.contains(&node.valid_policy) {
                    node.alive = false;
                } else {
                    in_node_set.push(node.valid_policy.clone());
                }
            }
        }
    }
    if !tree.sweep(0, meter)? {
        return Ok(false);
    }
    // (g)(iii)(3): a depth-n anyPolicy node stands for every user policy not yet present.
    let any_leaf = tree.alive(n).find(|(_, x)| x.valid_policy == ANY_POLICY).map(|(k, x)| (k, x.parent));
    if let Some((k, parent)) = any_leaf {
        for p in &inputs.initial_policy_set {
            if !in_node_set.contains(p) {
                meter.spend(1)?;
                tree.levels[n].push(Node { valid_policy: p.clone(), expected: vec![p.clone()], parent, alive: true });
            }
        }
        tree.levels[n][k].alive = false;
    }
    // (g)(iii)(4): prune nodes of depth < n without children.
    tree.sweep(n, meter)
}

/// RFC 5280 §6.1.2–§6.1.5 policy processing of a certification path.
///
/// `path` is **anchor first**, as the RFC numbers it: `path[0]` is certificate 1, issued by the
/// trust anchor (which is not part of the path), and the last element is the target
/// certificate n. An empty path (the target is the anchor) is valid for anyPolicy.
///
/// Returns the resulting policy set — the valid_policy of every leaf of the final tree (the
/// user-constrained policy set), sorted; it holds [`ANY_POLICY`] when any policy is acceptable
/// and is empty when the path is valid without policies (the tree is NULL but no explicit
/// policy is required) — or the reason the path fails.
pub fn process_policies(path: &[&Certificate], inputs: &PolicyInputs, budget: &mut Budget) -> Result<Vec<String>, Reason> {
    let n = path.len();
    if n == 0 {
        return Ok(vec![ANY_POLICY.to_string()]);
    }
    let mut meter = Meter { budget };
    // §6.1.2 (a), (d), (e), (f): initialization.
    let mut tree = Some(Tree::new());
    let start = |inhibited: bool| if inhibited { 0 } else { n + 1 };
    let mut explicit_policy = start(inputs.initial_explicit_policy);
    let mut inhibit_any = start(inputs.initial_any_policy_inhibit);
    let mut policy_mapping = start(inputs.initial_policy_mapping_inhibit);

    for (idx, c) in path.iter().enumerate() {
        let i = idx + 1;
        let self_issued = c.is_self_issued();
        // §6.1.3 (d), (e): grow the tree, or make it NULL without certificatePolicies.
        tree = match (tree, &c.certificate_policies) {
            (Some(mut t), Some(policies)) => {
                let any_allowed = inhibit_any > 0 || (i < n && self_issued);
                add_level(&mut t, policies, any_allowed, &mut meter)?;
                let d = t.depth();
                if t.sweep(d, &mut meter)? {
                    Some(t)
                } else {
                    None
                }
            }
            _ => None,
        };
        // §6.1.3 (f): explicit_policy > 0 or a non-NULL tree.
        if explicit_policy == 0 && tree.is_none() {
            return Err(constraint(
                ReasonCode::NoValidPolicy,
                format!("{} leaves no acceptable certificate policy, and the path requires one (RFC 5280 §6.1.3 (f))", who(c)),
            ));
        }
        if i == n {
            break;
        }
        // §6.1.4 (a), (b): policy mappings.
        if let Some(m) = &c.policy_mappings {
            if let Some(mut t) = tree.take() {
                tree = if apply_mappings(&mut t, c, m, policy_mapping, &mut meter)? { Some(t) } else { None };
            } else if m.iter().any(|(a, b)| a == ANY_POLICY || b == ANY_POLICY) {
                return Err(constraint(ReasonCode::PolicyMappingAny, format!("{} maps policies to or from anyPolicy (RFC 5280 §6.1.4 (a))", who(c))));
            }
        }
        // §6.1.4 (h): count down, except for self-issued certificates.
        if !self_issued {
            for counter in [&mut explicit_policy, &mut policy_mapping, &mut inhibit_any] {
                *counter = counter.saturating_sub(1);
            }
        }
        // §6.1.4 (i), (j).
        if let Some(pc) = c.policy_constraints {
            lower(&mut explicit_policy, pc.require_explicit_policy);
            lower(&mut policy_mapping, pc.inhibit_policy_mapping);
        }
        lower(&mut inhibit_any, c.inhibit_any_policy);
    }

    // §6.1.5 (a), (b): wrap-up of the target certificate.
    explicit_policy = explicit_policy.saturating_sub(1);
    if path.last().and_then(|c| c.policy_constraints).and_then(|pc| pc.require_explicit_policy) == Some(0) {
        explicit_policy = 0;
    }
    // §6.1.5 (g): intersect with the user-initial-policy-set.
    let tree = match tree {
        Some(mut t) => {
            if intersect(&mut t, inputs, &mut meter)? {
                Some(t)
            } else {
                None
            }
        }
        None => None,
    };
    match tree {
        Some(t) => Ok(t.leaves()),
        None if explicit_policy > 0 => Ok(Vec::new()),
        None => {
            let target = path.last().map(|c| who(c)).unwrap_or_else(|| "the certificate".to_string());
            Err(constraint(
                ReasonCode::PolicyRequired,
                format!("the path to {target} is valid for no certificate policy acceptable here, and an explicit policy is required (RFC 5280 §6.1.5 (g))"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cert::PolicyConstraints;

    const P1: &str = "2.16.840.1.101.3.2.1.48.1";
    const P2: &str = "2.16.840.1.101.3.2.1.48.2";
    const P3: &str = "2.16.840.1.101.3.2.1.48.3";

    /// A non-self-issued certificate with the given policies and nothing else policy-related.
    fn cert(policies: Option<&[&str]>) -> Certificate {
        let der = include_bytes!("../../tests/fixtures/pkits/certs/GoodCACert.crt");
        let mut c = Certificate::from_der(der).expect("fixture"); // ok: test
        c.certificate_policies = policies.map(|p| p.iter().map(|s| s.to_string()).collect());
        c.policy_mappings = None;
        c.policy_constraints = None;
        c.inhibit_any_policy = None;
        c
    }

    fn run(path: &[Certificate], inputs: &PolicyInputs) -> Result<Vec<String>, Reason> {
        let refs: Vec<&Certificate> = path.iter().collect();
        process_policies(&refs, inputs, &mut Budget::default())
    }

    fn code(r: Result<Vec<String>, Reason>) -> &'static str {
        r.err().map(|e| e.code.as_str()).unwrap_or("ok")
    }

    #[test]
    fn same_policy_throughout() {
        let path = [cert(Some(&[P1])), cert(Some(&[P1]))];
        assert_eq!(run(&path, &PolicyInputs::default()), Ok(vec![P1.to_string()]));
    }

    #[test]
    fn no_policies_valid_unless_explicit() {
        let path = [cert(None), cert(None)];
        assert_eq!(run(&path, &PolicyInputs::default()), Ok(vec![]));
        let explicit = PolicyInputs { initial_explicit_policy: true, ..Default::default() };
        assert_eq!(code(run(&path, &explicit)), "no-valid-policy");
    }

    #[test]
    fn require_explicit_policy_zero_in_ca() {
        let mut ca = cert(Some(&[P1]));
        ca.policy_constraints = Some(PolicyConstraints { require_explicit_policy: Some(0), inhibit_policy_mapping: None });
        assert_eq!(code(run(&[ca.clone(), cert(Some(&[P2]))], &PolicyInputs::default())), "no-valid-policy");
        assert_eq!(run(&[ca, cert(Some(&[P1]))], &PolicyInputs::default()), Ok(vec![P1.to_string()]));
    }

    #[test]
    fn require_explicit_policy_counts_down_to_the_leaf() {
        // requireExplicitPolicy 1 in certificate 1: certificate 2 (the leaf) must assert a policy
        // (§6.1.4 (h), (i), §6.1.5 (a)).
        let mut ca = cert(Some(&[P1]));
        ca.policy_constraints = Some(PolicyConstraints { require_explicit_policy: Some(1), inhibit_policy_mapping: None });
        assert_eq!(code(run(&[ca.clone(), cert(None)], &PolicyInputs::default())), "policy-required");
        assert_eq!(code(run(&[ca.clone(), cert(Some(&[P2]))], &PolicyInputs::default())), "policy-required");
        assert_eq!(run(&[ca.clone(), cert(Some(&[P1]))], &PolicyInputs::default()), Ok(vec![P1.to_string()]));
        // requireExplicitPolicy 2: the leaf is beyond its reach.
        ca.policy_constraints = Some(PolicyConstraints { require_explicit_policy: Some(2), inhibit_policy_mapping: None });
        assert_eq!(run(&[ca, cert(None)], &PolicyInputs::default()), Ok(vec![]));
    }

    #[test]
    fn mapping_and_inhibition() {
        let mut ca = cert(Some(&[P1]));
        ca.policy_mappings = Some(vec![(P1.to_string(), P2.to_string())]);
        let path = [ca.clone(), cert(Some(&[P2]))];
        assert_eq!(run(&path, &PolicyInputs::default()), Ok(vec![P2.to_string()]));
        // The user's P1 maps to the leaf's P2 (§6.1.5 (g)(iii) works in the anchor's domain).
        let user_p1 = PolicyInputs { initial_policy_set: vec![P1.to_string()], initial_explicit_policy: true, ..Default::default() };
        assert_eq!(run(&path, &user_p1), Ok(vec![P2.to_string()]));
        let user_p2 = PolicyInputs { initial_policy_set: vec![P2.to_string()], initial_explicit_policy: true, ..Default::default() };
        assert_eq!(code(run(&path, &user_p2)), "policy-required");
        let inhibit = PolicyInputs { initial_policy_mapping_inhibit: true, initial_explicit_policy: true, ..Default::default() };
        assert_eq!(code(run(&path, &inhibit)), "no-valid-policy");
        ca.policy_mappings = Some(vec![(P1.to_string(), ANY_POLICY.to_string())]);
        assert_eq!(code(run(&[ca, cert(Some(&[P2]))], &PolicyInputs::default())), "policy-mapping-any");
    }

    #[test]
    fn any_policy_and_its_inhibition() {
        let path = [cert(Some(&[ANY_POLICY])), cert(Some(&[ANY_POLICY]))];
        assert_eq!(run(&path, &PolicyInputs::default()), Ok(vec![ANY_POLICY.to_string()]));
        // A user set meets a depth-n anyPolicy node (§6.1.5 (g)(iii)(3)).
        let user = PolicyInputs { initial_policy_set: vec![P3.to_string(), P1.to_string()], ..Default::default() };
        assert_eq!(run(&path, &user), Ok(vec![P1.to_string(), P3.to_string()]));
        // inhibitAnyPolicy 0 in the CA: the leaf's anyPolicy no longer counts.
        let mut ca = cert(Some(&[ANY_POLICY]));
        ca.inhibit_any_policy = Some(0);
        let explicit = PolicyInputs { initial_explicit_policy: true, ..Default::default() };
        assert_eq!(code(run(&[ca.clone(), cert(Some(&[ANY_POLICY]))], &explicit)), "no-valid-policy");
        assert_eq!(run(&[ca, cert(Some(&[P1]))], &explicit), Ok(vec![P1.to_string()]));
    }

    #[test]
    fn user_set_intersection() {
        let path = [cert(Some(&[P1, P2])), cert(Some(&[P1, P2]))];
        let user = PolicyInputs { initial_policy_set: vec![P2.to_string()], ..Default::default() };
        assert_eq!(run(&path, &user), Ok(vec![P2.to_string()]));
        let other = PolicyInputs { initial_policy_set: vec![P3.to_string()], initial_explicit_policy: true, ..Default::default() };
        assert_eq!(code(run(&path, &other)), "policy-required");
    }

    #[test]
    fn exploding_tree_stops_on_the_budget() {
        // Every CA asserts 12 policies and maps each of them to all 12: the tree multiplies by
        // 12 per level (12^9 nodes at the leaf). The budget stops it with a reason.
        let policies: Vec<String> = (1..=12).map(|k| format!("1.2.3.{k}")).collect();
        let refs: Vec<&str> = policies.iter().map(String::as_str).collect();
        let mut ca = cert(Some(&refs));
        ca.policy_mappings = Some(policies.iter().flat_map(|a| policies.iter().map(move |b| (a.clone(), b.clone()))).collect());
        let mut path = vec![ca; 8];
        path.push(cert(Some(&refs)));
        let r = run(&path, &PolicyInputs::default());
        assert_eq!(r.as_ref().err().map(|e| e.kind), Some(ReasonKind::Budget), "{r:?}");
    }
}
