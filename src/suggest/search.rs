//! The search of `seams suggest` (docs/suggest.md, "Search"): best feasible move first, in
//! Fiduccia–Mattheyses passes — tentative moves, each unit at most once per pass, negative
//! gains allowed, then a rollback to the best prefix — until a pass improves nothing.

use crate::records::UnitId;

use super::gains::{Candidate, Placement};

/// Improvements smaller than this are not improvements (float crumbs of the gain sums).
const EPSILON: f64 = 1e-9;

/// Passes after which the search stops even if the last one still improved.
const MAX_PASSES: usize = 16;

/// The limits every move must respect.
#[derive(Debug, Clone)]
pub struct Limits {
    /// At most this many units end with another parent than today.
    pub max_moves: usize,
    /// Smallest allowed size of each silo (indexed by unit; unused for non-silos).
    pub min_size: Vec<f64>,
    /// Largest allowed size of each silo.
    pub max_size: Vec<f64>,
}

impl Limits {
    /// Whether moving `c.unit`'s subtree into `c.silo` keeps both silos within their sizes.
    pub fn balanced(&self, p: &Placement, c: &Candidate) -> bool {
        let s = p.subtree_size(c.unit);
        if s == 0.0 {
            return true;
        }
        let from = p.silo(c.unit);
        let tol = |x: f64| EPSILON * x.abs().max(1.0);
        p.silo_size(from) - s >= self.min_size[from as usize] - tol(self.min_size[from as usize])
            && p.silo_size(c.silo) + s
                <= self.max_size[c.silo as usize] + tol(self.max_size[c.silo as usize])
    }
}

/// The state of the moves against today's organisation: each unit's original parent, and
/// when it last moved.
pub struct Ledger {
    original: Vec<Option<UnitId>>,
    last_moved: Vec<u64>,
    clock: u64,
    moved: usize,
}

impl Ledger {
    /// A ledger of no move, over today's parents.
    pub fn new(original: Vec<Option<UnitId>>) -> Ledger {
        let n = original.len();
        Ledger {
            original,
            last_moved: vec![0; n],
            clock: 0,
            moved: 0,
        }
    }

    /// Units whose parent differs from today's.
    pub fn moved(&self) -> usize {
        self.moved
    }

    /// Today's parent of a unit.
    pub fn original_parent(&self, u: UnitId) -> Option<UnitId> {
        self.original[u as usize]
    }

    /// Whether moving `u` into `silo` would leave it moved (not back under today's parent).
    fn stays_moved_after(&self, p: &Placement, u: UnitId, silo: UnitId) -> bool {
        match self.original_parent(u) {
            Some(q) => p.silo(q) != silo,
            None => true,
        }
    }

    /// Moves `u` under `parent` in the placement and records it; returns the parent it left.
    pub fn apply(&mut self, p: &mut Placement, u: UnitId, parent: UnitId) -> Option<UnitId> {
        let was = p.parent(u);
        let before = was != self.original_parent(u);
        p.apply_move(u, parent);
        let after = Some(parent) != self.original_parent(u);
        self.moved = self.moved + after as usize - before as usize;
        self.clock += 1;
        self.last_moved[u as usize] = self.clock;
        was
    }

    /// The moves that turn today's organisation into the placement: every unit with another
    /// parent, as (unit, new parent), by when it last moved, a unit never before a moved unit
    /// above it (so each prefix is a valid tree).
    pub fn moves(&self, p: &Placement) -> Vec<(UnitId, UnitId)> {
        let mut pending: Vec<UnitId> = (0..self.original.len() as UnitId)
            .filter(|&u| p.parent(u) != self.original_parent(u))
            .collect();
        pending.sort_by_key(|&u| (self.last_moved[u as usize], u));
        let mut out = Vec::with_capacity(pending.len());
        while !pending.is_empty() {
            let ready = pending
                .iter()
                .position(|&u| {
                    let mut a = p.parent(u);
                    while let Some(x) = a {
                        if pending.contains(&x) {
                            return false;
                        }
                        a = p.parent(x);
                    }
                    true
                })
                .unwrap_or(0);
            let u = pending.remove(ready);
            if let Some(parent) = p.parent(u) {
                out.push((u, parent));
            }
        }
        out
    }
}

/// The best feasible candidate: movable, balanced, within the move budget, not in `skip`.
pub fn best_feasible(
    p: &Placement,
    ledger: &Ledger,
    limits: &Limits,
    skip: &dyn Fn(UnitId) -> bool,
) -> Option<Candidate> {
    p.candidates()
        .find(|c| {
            if skip(c.unit) || !limits.balanced(p, c) {
                return false;
            }
            let now = p.parent(c.unit) != ledger.original_parent(c.unit);
            let after = ledger.stays_moved_after(p, c.unit, c.silo);
            ledger.moved() - now as usize + after as usize <= limits.max_moves
        })
        .copied()
}

/// Runs the passes from the placement's current state and leaves it at the best state
/// found (never worse than the start).
///
/// # Complexity
/// Per pass at most 2K tentative moves (K = `max_moves`), each O(vol·D) to apply plus the scan
/// of the candidates for the first feasible one; at most [`MAX_PASSES`] passes.
pub fn refine(p: &mut Placement, ledger: &mut Ledger, limits: &Limits) {
    if limits.max_moves == 0 {
        return;
    }
    for _ in 0..MAX_PASSES {
        let start = p.objective();
        let mut best = start;
        let mut best_len = 0;
        let mut log: Vec<(UnitId, Option<UnitId>)> = Vec::new();
        let mut moved_now = vec![false; 0];
        moved_now.resize(ledger.original.len(), false);
        for _ in 0..2 * limits.max_moves {
            let skip = |u: UnitId| moved_now[u as usize];
            let Some(c) = best_feasible(p, ledger, limits, &skip) else {
                break;
            };
            let parent = p.parent_in(c.unit, c.silo, ledger.original_parent(c.unit));
            let was = ledger.apply(p, c.unit, parent);
            moved_now[c.unit as usize] = true;
            log.push((c.unit, was));
            if p.objective() < best - EPSILON {
                best = p.objective();
                best_len = log.len();
            }
        }
        while log.len() > best_len {
            if let Some((u, Some(was))) = log.pop() {
                ledger.apply(p, u, was);
            }
        }
        if best_len == 0 || best >= start - EPSILON {
            break;
        }
    }
    prune(p, ledger, limits);
}

/// Drops the moves that do not pay: each moved unit, latest first, goes back under today's
/// parent when that is balanced and leaves the objective no worse (a move the passes kept
/// only because it came before the best point, or that no longer helps after later moves).
fn prune(p: &mut Placement, ledger: &mut Ledger, limits: &Limits) {
    for (u, _) in ledger.moves(p).into_iter().rev() {
        let Some(home) = ledger.original_parent(u) else {
            continue;
        };
        let silo = p.silo(home);
        if silo == p.silo(u) || !p.is_target(silo) {
            continue;
        }
        let back = Candidate {
            gain: p.gain(u, silo),
            unit: u,
            silo,
        };
        if back.gain >= -EPSILON && limits.balanced(p, &back) {
            ledger.apply(p, u, home);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::gains::UnitGraph;
    use super::*;

    /// hq → {a, b, c}; each silo has teams. ids: 0 hq, 1 a, 2 a1, 3 a2, 4 b, 5 b1, 6 b2,
    /// 7 c, 8 c1.
    fn org(pairs: &[(UnitId, UnitId, f64)]) -> (Placement, Ledger) {
        let parent = vec![
            None,
            Some(0),
            Some(1),
            Some(1),
            Some(0),
            Some(4),
            Some(4),
            Some(0),
            Some(7),
        ];
        let graph = UnitGraph::from_pairs(9, pairs.iter().copied());
        let p = Placement::new(parent.clone(), 1, graph, vec![1.0; 9], &[false; 9]);
        (p, Ledger::new(parent))
    }

    fn loose(max_moves: usize) -> Limits {
        Limits {
            max_moves,
            min_size: vec![f64::NEG_INFINITY; 9],
            max_size: vec![f64::INFINITY; 9],
        }
    }

    #[test]
    fn never_worse_and_within_budget() {
        let pairs = [
            (2, 5, 4.0),
            (3, 5, 3.0),
            (3, 6, 1.0),
            (8, 2, 2.0),
            (8, 5, 1.0),
        ];
        let (mut p, mut l) = org(&pairs);
        let start = p.objective();
        refine(&mut p, &mut l, &loose(1));
        assert!(p.objective() <= start);
        assert_eq!(l.moves(&p).len(), 1);
        // With budget 1 the best single move is b1 → a (gain 4 + 3 − 0 = 7; a1 → b gains 4).
        assert_eq!(l.moves(&p), vec![(5, 1)]);
        assert_eq!(p.objective(), 11.0 - 7.0);
        let (mut q, mut m) = org(&pairs);
        refine(&mut q, &mut m, &loose(3));
        assert!(q.objective() < p.objective());
        assert!(m.moves(&q).len() <= 3);
    }

    #[test]
    fn moves_that_do_not_pay_are_dropped() {
        // a2 exchanges nothing: moving it into c gains 0; a1 → b gains 4.
        let (mut p, mut l) = org(&[(2, 5, 4.0)]);
        l.apply(&mut p, 3, 7);
        l.apply(&mut p, 2, 4);
        prune(&mut p, &mut l, &loose(5));
        assert_eq!(l.moves(&p), vec![(2, 4)]);
        assert_eq!(p.objective(), 0.0);
    }

    #[test]
    fn zero_budget_moves_nothing() {
        let (mut p, mut l) = org(&[(2, 5, 4.0)]);
        refine(&mut p, &mut l, &loose(0));
        assert!(l.moves(&p).is_empty());
    }

    #[test]
    fn balance_blocks_a_move() {
        let (mut p, mut l) = org(&[(2, 5, 4.0)]);
        // Each silo (a: 3 units, b: 3, c: 2) must keep its size exactly.
        let mut limits = loose(2);
        for s in [1u32, 4, 7] {
            limits.min_size[s as usize] = p.silo_size(s);
            limits.max_size[s as usize] = p.silo_size(s);
        }
        refine(&mut p, &mut l, &limits);
        assert!(l.moves(&p).is_empty());
        assert_eq!(p.objective(), 4.0);
    }
}
