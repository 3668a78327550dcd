//! The valid_policy_tree of RFC 5280 §6.1.2 (a), by levels, with its node budget.

use super::ANY_POLICY;
use crate::trust::{Budget, Reason};

/// One node of the valid_policy_tree (§6.1.2 (a)); the qualifier_set is not kept.
#[derive(Debug, Clone)]
pub(super) struct Node {
    pub(super) valid_policy: String,
    pub(super) expected: Vec<String>,
    /// Index of the parent in the level above (unused at depth 0).
    pub(super) parent: usize,
    pub(super) alive: bool,
}

/// The valid_policy_tree as levels: `levels[d]` holds the nodes of depth d. `None` is NULL.
pub(super) struct Tree {
    pub(super) levels: Vec<Vec<Node>>,
}

/// Node budget: creating or visiting a node costs one unit.
pub(super) struct Meter<'b> {
    pub(super) budget: &'b mut Budget,
}

impl Meter<'_> {
    pub(super) fn spend(&mut self, n: usize) -> Result<(), Reason> {
        if self.budget.spend_policy(n) {
            Ok(())
        } else {
            Err(Reason::budget("certificate-policy tree nodes"))
        }
    }
}

impl Tree {
    pub(super) fn new() -> Self {
        Tree { levels: vec![vec![Node { valid_policy: ANY_POLICY.to_string(), expected: vec![ANY_POLICY.to_string()], parent: 0, alive: true }]] }
    }

    pub(super) fn depth(&self) -> usize {
        self.levels.len() - 1
    }

    pub(super) fn alive(&self, d: usize) -> impl Iterator<Item = (usize, &Node)> {
        self.levels[d].iter().enumerate().filter(|(_, n)| n.alive)
    }

    /// Kills nodes whose parent is dead, top down, then nodes above `below` without a live child,
    /// bottom up ("delete that node … repeat", §6.1.3 (d)(3), §6.1.4 (b)(2), §6.1.5 (g)(iii)(4)).
    /// Returns false when the root died (the tree is NULL). Every node visited is charged.
    pub(super) fn sweep(&mut self, below: usize, meter: &mut Meter<'_>) -> Result<bool, Reason> {
        meter.spend(self.levels.iter().map(Vec::len).sum())?;
        for d in 1..self.levels.len() {
            let (upper, lower) = self.levels.split_at_mut(d);
            let parents = &upper[d - 1];
            for n in lower[0].iter_mut() {
                if n.alive && !parents[n.parent].alive {
                    n.alive = false;
                }
            }
        }
        for d in (0..below.min(self.levels.len())).rev() {
            let mut has_child = vec![false; self.levels[d].len()];
            if let Some(next) = self.levels.get(d + 1) {
                for n in next.iter().filter(|n| n.alive) {
                    has_child[n.parent] = true;
                }
            }
            for (n, h) in self.levels[d].iter_mut().zip(has_child) {
                if !h {
                    n.alive = false;
                }
            }
        }
        Ok(self.levels[0][0].alive)
    }

    /// The valid_policy values of the live nodes of the deepest level, sorted.
    pub(super) fn leaves(&self) -> Vec<String> {
        let mut v: Vec<String> = self.alive(self.depth()).map(|(_, n)| n.valid_policy.clone()).collect();
        crate::sort::sort(&mut v);
        v.dedup();
        v
    }
}
