//! The incremental gain structure of `seams suggest` (docs/suggest.md): where every unit sits
//! now, and for every movable unit the volume its subtree exchanges with each silo, kept exact
//! as units move, so the gain of every candidate move is known without recomputation.
//!
//! The objective is the weight of a symmetric unit graph that crosses silo boundaries:
//! objective = Σ over unordered pairs {x, y} in different silos of w(x, y). For a unit z with
//! subtree T_z, write W_z(S) = Σ w(x, y) over x ∈ T_z, y ∉ T_z, silo(y) = S. Moving z (its
//! subtree with it) from silo A to silo B changes the objective by W_z(A) − W_z(B): the gain
//! of the move is W_z(B) − W_z(A). Edges inside T_z never change side.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use crate::records::UnitId;

/// Below this, a volume is zero (sums of deltas of fractional volumes leave crumbs).
const CRUMB: f64 = 1e-9;

/// A symmetric weighted graph over units (CSR): both directions of every pair are stored,
/// with w(x, y) = w(y, x). Self pairs are left out.
#[derive(Debug, Clone, Default)]
pub struct UnitGraph {
    offsets: Vec<u32>,
    targets: Vec<UnitId>,
    weights: Vec<f64>,
}

impl UnitGraph {
    /// Builds the graph of `units` units from weighted pairs (any order, repeats summed,
    /// self pairs and non-positive weights dropped).
    ///
    /// # Complexity
    /// O(P log P) for P pairs.
    pub fn from_pairs(
        units: usize,
        pairs: impl IntoIterator<Item = (UnitId, UnitId, f64)>,
    ) -> Self {
        let mut both: Vec<(UnitId, UnitId, f64)> = Vec::new();
        for (a, b, w) in pairs {
            if a != b && w > 0.0 {
                both.push((a, b, w));
                both.push((b, a, w));
            }
        }
        both.sort_by_key(|p| (p.0, p.1));
        let mut offsets = vec![0u32; units + 1];
        let mut targets = Vec::with_capacity(both.len());
        let mut weights: Vec<f64> = Vec::with_capacity(both.len());
        let mut last: Option<(UnitId, UnitId)> = None;
        for (a, b, w) in both {
            if last == Some((a, b)) {
                if let Some(x) = weights.last_mut() {
                    *x += w;
                }
                continue;
            }
            last = Some((a, b));
            offsets[a as usize + 1] += 1;
            targets.push(b);
            weights.push(w);
        }
        for i in 0..units {
            offsets[i + 1] += offsets[i];
        }
        UnitGraph {
            offsets,
            targets,
            weights,
        }
    }

    /// The neighbours of `x` with their weights.
    pub fn neighbours(&self, x: UnitId) -> impl Iterator<Item = (UnitId, f64)> + '_ {
        let (a, b) = (
            self.offsets[x as usize] as usize,
            self.offsets[x as usize + 1] as usize,
        );
        self.targets[a..b]
            .iter()
            .copied()
            .zip(self.weights[a..b].iter().copied())
    }
}

/// A candidate move in the order the search takes them: largest gain first, then smallest
/// unit id, then smallest silo id (unit indices are id order).
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    /// The gain: how much the objective falls.
    pub gain: f64,
    /// The unit that moves (with its subtree).
    pub unit: UnitId,
    /// The silo it moves to.
    pub silo: UnitId,
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Candidate {}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .gain
            .total_cmp(&self.gain)
            .then(self.unit.cmp(&other.unit))
            .then(self.silo.cmp(&other.silo))
    }
}

/// Where every unit sits, the silo exchange volumes W_z(S) of every movable unit, and the
/// candidate moves ordered by gain.
#[derive(Debug, Clone)]
pub struct Placement {
    level: u32,
    graph: UnitGraph,
    parent: Vec<Option<UnitId>>,
    children: Vec<Vec<UnitId>>,
    depth: Vec<u32>,
    silo: Vec<UnitId>,
    /// W_z(S) of each movable unit z, sorted by silo, no zero entries.
    exchange: Vec<Vec<(UnitId, f64)>>,
    /// Size of each unit's subtree.
    subtree_size: Vec<f64>,
    /// Size of each silo (indexed by unit; 0 for non-silos).
    silo_size: Vec<f64>,
    /// Whether a unit may be a silo someone moves into (a unit at the silo level).
    is_target: Vec<bool>,
    /// Units whose subtree holds a unit that never moves (static: locked units never move).
    locked: Vec<bool>,
    candidates: BTreeSet<Candidate>,
    touched: Vec<bool>,
    touched_list: Vec<UnitId>,
    objective: f64,
}

impl Placement {
    /// Builds the structure for today's organisation.
    ///
    /// * `parent` — each unit's parent; `level` — the silo level (units deeper move);
    /// * `graph` — the weights the objective counts;
    /// * `size` — each unit's own size for the balance limit;
    /// * `never_moves` — units that never move (fixed, customer-facing): every unit whose
    ///   subtree holds one never moves either.
    ///
    /// # Complexity
    /// O(U + P·D) for U units, P stored pairs and hierarchy depth D, plus O(C log C) for the
    /// C candidate moves.
    pub fn new(
        parent: Vec<Option<UnitId>>,
        level: u32,
        graph: UnitGraph,
        size: Vec<f64>,
        never_moves: &[bool],
    ) -> Placement {
        let n = parent.len();
        let mut children = vec![Vec::new(); n];
        for (u, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[*p as usize].push(u as UnitId);
            }
        }
        // Depths and silos in an order where parents come first (a BFS from the roots).
        let mut depth = vec![0u32; n];
        let mut silo: Vec<UnitId> = (0..n as UnitId).collect();
        let mut order: Vec<UnitId> = (0..n as UnitId)
            .filter(|&u| parent[u as usize].is_none())
            .collect();
        let mut i = 0;
        while i < order.len() {
            let u = order[i];
            i += 1;
            for &c in &children[u as usize] {
                depth[c as usize] = depth[u as usize] + 1;
                silo[c as usize] = if depth[c as usize] > level {
                    silo[u as usize]
                } else {
                    c
                };
                order.push(c);
            }
        }
        let mut subtree_size = size.clone();
        let mut locked: Vec<bool> = never_moves.to_vec();
        for &u in order.iter().rev() {
            if let Some(p) = parent[u as usize] {
                subtree_size[p as usize] += subtree_size[u as usize];
                locked[p as usize] |= locked[u as usize];
            }
        }
        let mut silo_size = vec![0.0; n];
        for (u, s) in size.iter().enumerate() {
            silo_size[silo[u] as usize] += s;
        }
        let is_target = (0..n).map(|u| depth[u] == level).collect();
        let mut p = Placement {
            level,
            graph,
            parent,
            children,
            depth,
            silo,
            exchange: vec![Vec::new(); n],
            subtree_size,
            silo_size,
            is_target,
            locked,
            candidates: BTreeSet::new(),
            touched: vec![false; n],
            touched_list: Vec::new(),
            objective: 0.0,
        };
        let mut objective = 0.0;
        for x in 0..n as UnitId {
            let pairs: Vec<(UnitId, f64)> = p.graph.neighbours(x).collect();
            for (y, w) in pairs {
                if x < y && p.silo[x as usize] != p.silo[y as usize] {
                    objective += w;
                }
                p.contribute(x, y, w);
            }
        }
        p.objective = objective;
        for z in 0..n as UnitId {
            p.insert_candidates(z);
        }
        p.touched.iter_mut().for_each(|t| *t = false);
        p.touched_list.clear();
        p
    }

    /// The objective now: Σ w over pairs in different silos.
    pub fn objective(&self) -> f64 {
        self.objective
    }

    /// The silo of a unit now.
    pub fn silo(&self, u: UnitId) -> UnitId {
        self.silo[u as usize]
    }

    /// The parent of a unit now.
    pub fn parent(&self, u: UnitId) -> Option<UnitId> {
        self.parent[u as usize]
    }

    /// The depth of a unit now.
    pub fn depth(&self, u: UnitId) -> u32 {
        self.depth[u as usize]
    }

    /// The size of a silo now.
    pub fn silo_size(&self, s: UnitId) -> f64 {
        self.silo_size[s as usize]
    }

    /// The size of a unit's subtree (what moves with it).
    pub fn subtree_size(&self, u: UnitId) -> f64 {
        self.subtree_size[u as usize]
    }

    /// Whether a unit may move at all: below the silo level, and no unit of its subtree is
    /// fixed (or customer-facing without `--move-customer-facing`).
    pub fn movable(&self, u: UnitId) -> bool {
        self.depth[u as usize] > self.level && !self.locked[u as usize]
    }

    /// Whether `s` is a silo units can move into (a unit at the silo level).
    pub fn is_target(&self, s: UnitId) -> bool {
        self.is_target[s as usize]
    }

    /// W_z(S): the volume z's subtree exchanges with silo S (outside the subtree).
    pub fn exchange(&self, z: UnitId, s: UnitId) -> f64 {
        let m = &self.exchange[z as usize];
        match m.binary_search_by_key(&s, |e| e.0) {
            Ok(i) => m[i].1,
            Err(_) => 0.0,
        }
    }

    /// The gain of moving z into silo s: W_z(s) − W_z(silo(z)).
    pub fn gain(&self, z: UnitId, s: UnitId) -> f64 {
        self.exchange(z, s) - self.exchange(z, self.silo(z))
    }

    /// Candidate moves, best first (only movable units, only into silos their subtree
    /// exchanges volume with).
    pub fn candidates(&self) -> impl Iterator<Item = &Candidate> + '_ {
        self.candidates.iter()
    }

    /// The unit's subtree now (itself first, then depth-first in id order).
    pub fn subtree(&self, v: UnitId) -> Vec<UnitId> {
        let mut out = vec![v];
        let mut i = 0;
        while i < out.len() {
            let u = out[i];
            i += 1;
            out.extend_from_slice(&self.children[u as usize]);
        }
        out
    }

    /// The parent `v` would get in silo `target` (docs/suggest.md, "Moves"): `preferred` when
    /// it is in that silo (moving back); else, the unit at the depth of v's parent in `target`
    /// that v's subtree exchanges most volume with (ties by id); the silo itself when v's
    /// parent is the silo or `target` has no unit at that depth.
    ///
    /// # Complexity
    /// O(vol(T_v)·D + U) (the scan for the units at that depth).
    pub fn parent_in(&self, v: UnitId, target: UnitId, preferred: Option<UnitId>) -> UnitId {
        if let Some(p) = preferred {
            if self.silo(p) == target {
                return p;
            }
        }
        let d = match self.parent(v) {
            Some(q) => self.depth(q),
            None => return target,
        };
        if d <= self.level {
            return target;
        }
        let mut volume: std::collections::BTreeMap<UnitId, f64> = Default::default();
        for x in self.subtree(v) {
            for (y, w) in self.graph.neighbours(x) {
                if self.silo(y) == target && self.depth(y) >= d {
                    let mut a = y;
                    while self.depth(a) > d {
                        a = self.parent[a as usize].unwrap_or(a);
                    }
                    *volume.entry(a).or_default() += w;
                }
            }
        }
        let best = volume
            .iter()
            .fold(None::<(UnitId, f64)>, |best, (&u, &w)| match best {
                Some((_, bw)) if bw >= w => best,
                _ => Some((u, w)),
            });
        if let Some((u, _)) = best {
            return u;
        }
        (0..self.parent.len() as UnitId)
            .find(|&u| self.silo(u) == target && self.depth(u) == d)
            .unwrap_or(target)
    }

    /// Moves `v` (with its subtree) under `new_parent`, in another silo, and returns the gain
    /// (how much the objective fell). Only the exchange volumes of the units whose W changes
    /// are updated: the moved subtree, its old and new ancestors, and the ancestors of its
    /// neighbours.
    ///
    /// # Complexity
    /// O(vol(T_v)·D + |T_v| + k log C) for k changed candidates.
    pub fn apply_move(&mut self, v: UnitId, new_parent: UnitId) -> f64 {
        let from = self.silo(v);
        let to = self.silo(new_parent);
        let gain = self.gain(v, to);
        let moved = self.subtree(v);
        for &x in &moved {
            self.touch(x);
        }
        // Every stored pair with one end in the moved subtree (both directions once).
        let mut entries: Vec<(UnitId, UnitId, f64)> = Vec::new();
        let in_moved = |p: &Placement, u: UnitId| {
            p.silo(u) == from && {
                let mut a = u;
                loop {
                    if a == v {
                        break true;
                    }
                    if p.depth(a) <= p.depth(v) {
                        break false;
                    }
                    match p.parent[a as usize] {
                        Some(q) => a = q,
                        None => break false,
                    }
                }
            }
        };
        for &x in &moved {
            for (y, w) in self.graph.neighbours(x) {
                entries.push((x, y, w));
                if !in_moved(self, y) {
                    entries.push((y, x, w));
                }
            }
        }
        for &(x, y, w) in &entries {
            self.contribute(x, y, -w);
        }
        // The move itself: parent, children, sizes, depths, silos.
        let s = self.subtree_size[v as usize];
        if let Some(q) = self.parent[v as usize] {
            self.children[q as usize].retain(|&c| c != v);
            let mut a = Some(q);
            while let Some(u) = a {
                self.subtree_size[u as usize] -= s;
                a = self.parent[u as usize];
            }
        }
        let kids = &mut self.children[new_parent as usize];
        let at = kids.partition_point(|&c| c < v);
        kids.insert(at, v);
        self.parent[v as usize] = Some(new_parent);
        let mut a = Some(new_parent);
        while let Some(u) = a {
            self.subtree_size[u as usize] += s;
            a = self.parent[u as usize];
        }
        self.silo_size[from as usize] -= s;
        self.silo_size[to as usize] += s;
        let shift = self.depth[new_parent as usize] + 1;
        let old = self.depth[v as usize];
        for &x in &moved {
            self.depth[x as usize] = self.depth[x as usize] - old + shift;
            self.silo[x as usize] = to;
        }
        for &(x, y, w) in &entries {
            self.contribute(x, y, w);
        }
        let touched = std::mem::take(&mut self.touched_list);
        for &z in &touched {
            self.touched[z as usize] = false;
            self.insert_candidates(z);
        }
        self.touched_list = touched;
        self.touched_list.clear();
        self.objective -= gain;
        gain
    }

    /// Adds `w` to W_z(silo(y)) for every movable ancestor z of x (x included) whose subtree
    /// does not hold y.
    fn contribute(&mut self, x: UnitId, y: UnitId, w: f64) {
        let sy = self.silo(y);
        let floor = if self.silo(x) == sy {
            self.lca_depth(x, y)
        } else {
            self.level
        }
        .max(self.level);
        let mut z = x;
        while self.depth(z) > floor {
            self.touch(z);
            let m = &mut self.exchange[z as usize];
            match m.binary_search_by_key(&sy, |e| e.0) {
                Ok(i) => {
                    m[i].1 += w;
                    if m[i].1.abs() < CRUMB {
                        m.remove(i);
                    }
                }
                Err(i) => m.insert(i, (sy, w)),
            }
            match self.parent[z as usize] {
                Some(p) => z = p,
                None => break,
            }
        }
    }

    /// Depth of the lowest common ancestor of two units of one silo.
    fn lca_depth(&self, mut a: UnitId, mut b: UnitId) -> u32 {
        while self.depth(a) > self.depth(b) {
            a = self.parent[a as usize].unwrap_or(a);
        }
        while self.depth(b) > self.depth(a) {
            b = self.parent[b as usize].unwrap_or(b);
        }
        while a != b {
            match (self.parent[a as usize], self.parent[b as usize]) {
                (Some(p), Some(q)) => {
                    a = p;
                    b = q;
                }
                _ => return 0,
            }
        }
        self.depth(a)
    }

    /// Marks z as changing: its candidates leave the ordered set (before W_z or its silo
    /// change) and come back after the move.
    fn touch(&mut self, z: UnitId) {
        if self.touched[z as usize] {
            return;
        }
        self.touched[z as usize] = true;
        self.touched_list.push(z);
        if !self.movable(z) {
            return;
        }
        let own = self.silo(z);
        let base = self.exchange(z, own);
        for &(s, w) in &self.exchange[z as usize] {
            if s != own && self.is_target[s as usize] && w > 0.0 {
                self.candidates.remove(&Candidate {
                    gain: w - base,
                    unit: z,
                    silo: s,
                });
            }
        }
    }

    fn insert_candidates(&mut self, z: UnitId) {
        if !self.movable(z) {
            return;
        }
        let own = self.silo(z);
        let base = self.exchange(z, own);
        for &(s, w) in &self.exchange[z as usize] {
            if s != own && self.is_target[s as usize] && w > 0.0 {
                self.candidates.insert(Candidate {
                    gain: w - base,
                    unit: z,
                    silo: s,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// hq → {a, b}; a → {a1, a2}; b → {b1, b2}; a2 → {a2x}. Silo level 1 (a, b).
    ///  ids: 0 hq, 1 a, 2 a1, 3 a2, 4 a2x, 5 b, 6 b1, 7 b2.
    fn small(pairs: &[(UnitId, UnitId, f64)]) -> Placement {
        let parent = vec![
            None,
            Some(0),
            Some(1),
            Some(1),
            Some(3),
            Some(0),
            Some(5),
            Some(5),
        ];
        let graph = UnitGraph::from_pairs(8, pairs.iter().copied());
        Placement::new(parent, 1, graph, vec![1.0; 8], &[false; 8])
    }

    /// The objective and every W recomputed from nothing, for comparison.
    fn brute(p: &Placement) -> (f64, Vec<Vec<(UnitId, f64)>>) {
        let n = p.parent.len() as UnitId;
        let mut obj = 0.0;
        let mut ex = vec![Vec::new(); n as usize];
        for x in 0..n {
            for (y, w) in p.graph.neighbours(x) {
                if x < y && p.silo(x) != p.silo(y) {
                    obj += w;
                }
            }
        }
        for z in 0..n {
            if p.depth(z) <= p.level {
                continue;
            }
            let t = p.subtree(z);
            let mut m: std::collections::BTreeMap<UnitId, f64> = Default::default();
            for &x in &t {
                for (y, w) in p.graph.neighbours(x) {
                    if !t.contains(&y) {
                        *m.entry(p.silo(y)).or_default() += w;
                    }
                }
            }
            ex[z as usize] = m.into_iter().filter(|e| e.1 != 0.0).collect();
        }
        (obj, ex)
    }

    #[test]
    fn gains_by_hand() {
        // a1–b1 5, a2x–b1 3, a2–a1 2, a2x–a1 1, b1–b2 4.
        let p = small(&[
            (2, 6, 5.0),
            (4, 6, 3.0),
            (3, 2, 2.0),
            (4, 2, 1.0),
            (6, 7, 4.0),
        ]);
        assert_eq!(p.objective(), 8.0);
        // a1 exchanges 5 with b, 2 + 1 with a: moving it to b gains 5 − 3 = 2.
        assert_eq!(p.gain(2, 5), 2.0);
        // a2's subtree {a2, a2x}: 3 with b, 2 + 1 with a (a1): gain 0.
        assert_eq!(p.exchange(3, 5), 3.0);
        assert_eq!(p.exchange(3, 1), 3.0);
        assert_eq!(p.gain(3, 5), 0.0);
        // a2x alone: 3 with b, 1 with a (a1); a2 (its parent) is not a neighbour.
        assert_eq!(p.gain(4, 5), 2.0);
        // b1: 5 + 3 with a, 4 with b.
        assert_eq!(p.gain(6, 1), 4.0);
        let best = p.candidates().next().copied().unwrap();
        assert_eq!((best.unit, best.silo, best.gain), (6, 1, 4.0));
    }

    #[test]
    fn moves_keep_gains_exact() {
        let pairs = [
            (2, 6, 5.0),
            (4, 6, 3.0),
            (3, 2, 2.0),
            (4, 2, 1.0),
            (6, 7, 4.0),
            (4, 7, 2.5),
            (3, 5, 1.0),
        ];
        let mut p = small(&pairs);
        for (v, parent) in [(3, 5), (6, 1), (2, 6), (3, 2), (6, 5)] {
            let before = p.objective();
            let gain = p.apply_move(v, parent);
            assert_eq!(p.objective(), before - gain);
            let (obj, ex) = brute(&p);
            assert!(
                (obj - p.objective()).abs() < 1e-9,
                "objective {obj} vs {}",
                p.objective()
            );
            for z in 0..8u32 {
                if p.depth(z) > 1 {
                    assert_eq!(p.exchange[z as usize], ex[z as usize], "W of unit {z}");
                }
            }
            // The candidate set is what a fresh structure would hold.
            let fresh: Vec<Candidate> = Placement::new(
                p.parent.clone(),
                1,
                p.graph.clone(),
                vec![1.0; 8],
                &[false; 8],
            )
            .candidates()
            .copied()
            .collect();
            let kept: Vec<Candidate> = p.candidates().copied().collect();
            assert_eq!(kept.len(), fresh.len());
            for (a, b) in kept.iter().zip(&fresh) {
                assert_eq!((a.unit, a.silo), (b.unit, b.silo));
                assert!((a.gain - b.gain).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn depth_changes_when_the_target_is_the_silo() {
        let mut p = small(&[(4, 6, 3.0)]);
        // a2 (depth 2, parent at the silo level) moves under b itself: depths stay.
        p.apply_move(3, 5);
        assert_eq!((p.depth(3), p.depth(4), p.silo(4)), (2, 3, 5));
        // a2x then moves under a directly: depth 3 → 2.
        p.apply_move(4, 1);
        assert_eq!((p.depth(4), p.silo(4)), (2, 1));
        assert_eq!(p.objective(), 3.0);
    }

    #[test]
    fn locked_subtrees_offer_no_candidate() {
        let parent = vec![
            None,
            Some(0),
            Some(1),
            Some(1),
            Some(3),
            Some(0),
            Some(5),
            Some(5),
        ];
        let graph = UnitGraph::from_pairs(8, [(4, 6, 3.0), (2, 6, 1.0)]);
        let mut never = [false; 8];
        never[4] = true; // a2x is fixed: a2 cannot move either, a1 can.
        let p = Placement::new(parent, 1, graph, vec![1.0; 8], &never);
        assert!(!p.movable(4) && !p.movable(3) && p.movable(2));
        assert!(p.candidates().all(|c| c.unit != 3 && c.unit != 4));
    }

    #[test]
    fn parent_choice_follows_volume_then_id() {
        let p = small(&[(2, 7, 1.0), (2, 6, 1.0)]);
        // a1's parent a is at depth 1 (the silo level): the new parent is the silo b.
        assert_eq!(p.parent_in(2, 5, None), 5);
        // a2x's parent a2 is at depth 2: b1 and b2 tie on volume 0 → smallest id, b1.
        assert_eq!(p.parent_in(4, 5, None), 6);
        let q = small(&[(4, 7, 2.0), (4, 6, 1.0)]);
        assert_eq!(q.parent_in(4, 5, None), 7);
    }
}
