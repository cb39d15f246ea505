//! The baseline `seams suggest` must beat (docs/suggest.md, "Baseline"): move misplaced teams
//! (in a Louvain community whose majority sits in another silo; `metrics::silo`) into their
//! community's majority silo, within the same limits and number of moves.

use crate::records::UnitId;

use super::gains::{Candidate, Placement};
use super::search::{Ledger, Limits};

/// Applies the baseline to the placement: repeatedly, among the misplaced units not moved yet
/// whose move is allowed (movable, balanced, within the budget), the one whose move into its
/// community's majority silo gains most (ties by unit id), while that gain is positive.
///
/// # Arguments
/// * `misplaced` — (unit, majority silo of its community) pairs.
///
/// # Complexity
/// O(K · M) gain look-ups for K moves and M misplaced units, plus the moves.
pub fn community_baseline(
    p: &mut Placement,
    ledger: &mut Ledger,
    limits: &Limits,
    misplaced: &[(UnitId, UnitId)],
) {
    let mut done = vec![false; misplaced.len()];
    while ledger.moved() < limits.max_moves {
        let mut best: Option<(usize, Candidate)> = None;
        for (i, &(u, silo)) in misplaced.iter().enumerate() {
            if done[i] || !p.movable(u) || !p.is_target(silo) || p.silo(u) == silo {
                continue;
            }
            let c = Candidate {
                gain: p.gain(u, silo),
                unit: u,
                silo,
            };
            if c.gain <= 0.0 || !limits.balanced(p, &c) {
                continue;
            }
            if best.map_or(true, |(_, b)| c < b) {
                best = Some((i, c));
            }
        }
        let Some((i, c)) = best else { break };
        done[i] = true;
        let parent = p.parent_in(c.unit, c.silo, ledger.original_parent(c.unit));
        ledger.apply(p, c.unit, parent);
    }
}

#[cfg(test)]
mod tests {
    use super::super::gains::UnitGraph;
    use super::*;

    #[test]
    fn moves_only_gaining_misplaced_units() {
        // hq → {a, b}; a → {a1, a2}; b → {b1}. ids 0 hq, 1 a, 2 a1, 3 a2, 4 b, 5 b1.
        let parent = vec![None, Some(0), Some(1), Some(1), Some(0), Some(4)];
        let graph = UnitGraph::from_pairs(6, [(2, 5, 3.0), (3, 5, 1.0), (3, 2, 2.0)]);
        let mut p = Placement::new(parent.clone(), 1, graph, vec![1.0; 6], &[false; 6]);
        let mut l = Ledger::new(parent);
        let limits = Limits {
            max_moves: 5,
            min_size: vec![f64::NEG_INFINITY; 6],
            max_size: vec![f64::INFINITY; 6],
        };
        // a2 alone would lose (1 with b − 2 with a): it stays.
        community_baseline(&mut p, &mut l, &limits, &[(3, 4)]);
        assert!(l.moves(&p).is_empty());
        // a1 gains 3 − 2 = 1; then a2 follows it (3 with b now, 0 with a).
        community_baseline(&mut p, &mut l, &limits, &[(2, 4), (3, 4)]);
        assert_eq!(l.moves(&p), vec![(2, 4), (3, 4)]);
        assert_eq!(p.objective(), 0.0);
    }
}
