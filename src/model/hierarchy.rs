//! The reporting hierarchy: depths, children, ancestors and lowest common ancestors.

use crate::records::{Unit, UnitId};

/// The reports-to tree (a forest: several roots are allowed), with O(log depth) ancestor and
/// lowest-common-ancestor queries by binary lifting.
///
/// # Complexity
/// Build O(U log D) time and space (U units, D the greatest depth); queries O(log D).
#[derive(Debug, Clone)]
pub struct Hierarchy {
    depth: Vec<u32>,
    parent: Vec<Option<UnitId>>,
    child_offsets: Vec<u32>,
    children: Vec<UnitId>,
    roots: Vec<UnitId>,
    /// `up[k][u]` = the 2^k-th ancestor of u (u itself past the root).
    up: Vec<Vec<UnitId>>,
    max_depth: u32,
}

impl Hierarchy {
    /// Builds the hierarchy of units whose parent relation is acyclic (ingest guarantees it).
    pub fn new(units: &[Unit]) -> Hierarchy {
        let n = units.len();
        let parent: Vec<Option<UnitId>> = units.iter().map(|u| u.parent).collect();
        // Children CSR, children in id order.
        let mut counts = vec![0u32; n + 1];
        for p in parent.iter().flatten() {
            counts[*p as usize + 1] += 1;
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let child_offsets = counts.clone();
        let mut fill = counts;
        let mut children = vec![0; child_offsets[n] as usize];
        for (u, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[fill[*p as usize] as usize] = u as UnitId;
                fill[*p as usize] += 1;
            }
        }
        let roots: Vec<UnitId> = (0..n as UnitId)
            .filter(|&u| parent[u as usize].is_none())
            .collect();
        // Depths by BFS from the roots (iterative; the tree may be deep).
        let mut depth = vec![0u32; n];
        let mut queue: Vec<UnitId> = roots.clone();
        let mut head = 0;
        while head < queue.len() {
            let u = queue[head];
            head += 1;
            let (a, b) = (
                child_offsets[u as usize] as usize,
                child_offsets[u as usize + 1] as usize,
            );
            for &c in &children[a..b] {
                depth[c as usize] = depth[u as usize] + 1;
                queue.push(c);
            }
        }
        let max_depth = depth.iter().copied().max().unwrap_or(0);
        let levels = (32 - max_depth.leading_zeros()).max(1) as usize;
        let mut up: Vec<Vec<UnitId>> = Vec::with_capacity(levels);
        up.push((0..n).map(|u| parent[u].unwrap_or(u as UnitId)).collect());
        for k in 1..levels {
            let prev = &up[k - 1];
            let next: Vec<UnitId> = (0..n).map(|u| prev[prev[u] as usize]).collect();
            up.push(next);
        }
        Hierarchy {
            depth,
            parent,
            child_offsets,
            children,
            roots,
            up,
            max_depth,
        }
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.depth.len()
    }

    /// True when there is no unit.
    pub fn is_empty(&self) -> bool {
        self.depth.is_empty()
    }

    /// Depth of a unit (a root is at depth 0).
    pub fn depth(&self, u: UnitId) -> u32 {
        self.depth[u as usize]
    }

    /// Greatest depth of any unit.
    pub fn max_depth(&self) -> u32 {
        self.max_depth
    }

    /// The parent of a unit.
    pub fn parent(&self, u: UnitId) -> Option<UnitId> {
        self.parent[u as usize]
    }

    /// Children of a unit, in id order.
    pub fn children(&self, u: UnitId) -> &[UnitId] {
        let (a, b) = (
            self.child_offsets[u as usize] as usize,
            self.child_offsets[u as usize + 1] as usize,
        );
        &self.children[a..b]
    }

    /// True when the unit has no child (a team at the bottom of the tree).
    pub fn is_leaf(&self, u: UnitId) -> bool {
        self.children(u).is_empty()
    }

    /// Roots, in id order.
    pub fn roots(&self) -> &[UnitId] {
        &self.roots
    }

    /// Number of units at each depth (index = depth).
    pub fn units_per_depth(&self) -> Vec<usize> {
        let mut counts = vec![0usize; self.max_depth as usize + 1];
        if self.is_empty() {
            return Vec::new();
        }
        for &d in &self.depth {
            counts[d as usize] += 1;
        }
        counts
    }

    /// The ancestor of `u` at depth `d` (u itself when `d` ≥ depth(u)).
    pub fn ancestor_at_depth(&self, u: UnitId, d: u32) -> UnitId {
        let du = self.depth(u);
        if d >= du {
            return u;
        }
        self.climb(u, du - d)
    }

    /// Climbs `steps` levels up from `u`.
    fn climb(&self, mut u: UnitId, mut steps: u32) -> UnitId {
        let mut k = 0;
        while steps > 0 {
            if steps & 1 == 1 {
                u = self.up[k][u as usize];
            }
            steps >>= 1;
            k += 1;
        }
        u
    }

    /// Lowest common ancestor of two units, None when they are in different trees.
    pub fn lca(&self, a: UnitId, b: UnitId) -> Option<UnitId> {
        let (da, db) = (self.depth(a), self.depth(b));
        let (mut a, mut b) = if da >= db {
            (self.climb(a, da - db), b)
        } else {
            (a, self.climb(b, db - da))
        };
        if a == b {
            return Some(a);
        }
        for k in (0..self.up.len()).rev() {
            let (pa, pb) = (self.up[k][a as usize], self.up[k][b as usize]);
            if pa != pb {
                a = pa;
                b = pb;
            }
        }
        let (pa, pb) = (self.up[0][a as usize], self.up[0][b as usize]);
        (pa == pb && pa != a).then_some(pa)
    }

    /// Reporting-line hops between two units through their lowest common ancestor:
    /// depth(a) + depth(b) − 2·depth(lca), with depth(lca) = −1 when they share no ancestor
    /// (as if all roots reported to one virtual top). Siblings 2, parent 1, cousins 4.
    pub fn hierarchy_distance(&self, a: UnitId, b: UnitId) -> u32 {
        let sum = self.depth(a) + self.depth(b);
        match self.lca(a, b) {
            Some(l) => sum - 2 * self.depth(l),
            None => sum + 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(parents: &[Option<u32>]) -> Vec<Unit> {
        parents
            .iter()
            .enumerate()
            .map(|(i, p)| Unit {
                id: format!("u{i:02}"),
                name: None,
                parent: *p,
                kind: None,
                customer_facing: None,
                headcount: None,
                attributes: vec![],
                line: i as u64 + 2,
            })
            .collect()
    }

    #[test]
    fn distances_follow_spec_examples() {
        // 0 root; 1,2 children of 0; 3,4 children of 1; 5 child of 2; 6 a second root.
        let h = Hierarchy::new(&units(&[
            None,
            Some(0),
            Some(0),
            Some(1),
            Some(1),
            Some(2),
            None,
        ]));
        assert_eq!(h.hierarchy_distance(3, 4), 2); // siblings
        assert_eq!(h.hierarchy_distance(3, 1), 1); // parent
        assert_eq!(h.hierarchy_distance(3, 0), 2); // grandparent
        assert_eq!(h.hierarchy_distance(3, 2), 3); // uncle
        assert_eq!(h.hierarchy_distance(3, 5), 4); // cousins
        assert_eq!(h.hierarchy_distance(0, 6), 2); // two roots
        assert_eq!(h.hierarchy_distance(3, 6), 4); // different trees: 2 + 0 + 2
        assert_eq!(h.hierarchy_distance(4, 4), 0);
        assert_eq!(h.lca(3, 5), Some(0));
        assert_eq!(h.lca(3, 6), None);
        assert_eq!(h.ancestor_at_depth(3, 1), 1);
        assert_eq!(h.ancestor_at_depth(3, 5), 3);
        assert_eq!(h.units_per_depth(), vec![2, 2, 3]);
        assert!(h.is_leaf(3) && !h.is_leaf(1));
    }

    #[test]
    fn deep_chain_does_not_recurse() {
        let n = 100_000u32;
        let parents: Vec<Option<u32>> = (0..n).map(|i| i.checked_sub(1)).collect();
        let h = Hierarchy::new(&units(&parents));
        assert_eq!(h.depth(n - 1), n - 1);
        assert_eq!(h.hierarchy_distance(n - 1, 0), n - 1);
        assert_eq!(h.lca(n - 1, 5000), Some(5000));
    }
}
