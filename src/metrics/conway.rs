//! Conway alignment: socio-technical congruence after Cataldo et al. (docs/output.md).
//!
//! Required coordination: unordered unit pairs {A, B}, A ≠ B, such that a system owned by A
//! depends on a system owned by B; weight = number of such (dependency, owner pair)
//! combinations. Actual coordination: pairs with handoff volume > 0 in either direction.
//! `congruence` = Σ weight of required pairs that are actual / Σ required weight.

use serde::Serialize;

use crate::model::Org;
use crate::records::{SystemId, UnitId};

/// One required-coordination pair, keyed `team_a` < `team_b` (by id).
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct RequiredPair {
    /// The smaller unit (by id).
    pub team_a: UnitId,
    /// The larger unit (by id).
    pub team_b: UnitId,
    /// Number of dependencies between their systems (either direction).
    pub weight: u64,
    /// Handoff volume a→b plus b→a.
    pub handoff_volume: f64,
    /// Whether the two actually coordinate (handoff volume > 0).
    pub actual: bool,
}

/// Congruence of one unit: over the required pairs that contain it.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct TeamCongruence {
    /// The unit.
    pub team: UnitId,
    /// Required weight of its pairs.
    pub required_weight: u64,
    /// Of it, the weight of pairs with handoffs.
    pub actual_weight: u64,
    /// actual / required (None when required = 0).
    pub congruence: Option<f64>,
}

/// The Conway family.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ConwayMetrics {
    /// All required pairs, sorted by (team_a, team_b).
    pub required: Vec<RequiredPair>,
    /// Total required weight.
    pub required_weight: u64,
    /// Of it, the weight of pairs that coordinate.
    pub actual_weight: u64,
    /// actual / required; None with no cross-team dependency.
    pub congruence: Option<f64>,
    /// Indices into `required` of the pairs without any handoff, heaviest first, then by ids.
    pub gaps: Vec<usize>,
    /// Per unit in a required pair, in unit order.
    pub teams: Vec<TeamCongruence>,
    /// Systems with more than one owner, in system order.
    pub shared_ownership: Vec<SystemId>,
    /// Systems whose owner is unknown, in system order.
    pub orphan_systems: Vec<SystemId>,
}

/// Computes the Conway family.
///
/// # Complexity
/// O(D·o² + P log P) for D dependencies with at most o owners per system and P pairs.
///
/// # Determinism
/// Pairs are collected and sorted by id; sums are integers.
pub fn conway_alignment(org: &Org) -> ConwayMetrics {
    let e = &org.export;
    let mut pairs: Vec<(UnitId, UnitId)> = Vec::new();
    for (from, to) in org.systems.dependencies() {
        let from = &e.systems[from as usize].owners;
        let to = &e.systems[to as usize].owners;
        for &a in from {
            for &b in to {
                if a != b {
                    pairs.push((a.min(b), a.max(b)));
                }
            }
        }
    }
    pairs.sort_unstable();
    let g = &org.handoffs;
    let volume_between = |a: UnitId, b: UnitId| -> f64 {
        match (g.node(a), g.node(b)) {
            (Some(x), Some(y)) => g.volume(x, y) + g.volume(y, x),
            _ => 0.0,
        }
    };
    let mut required: Vec<RequiredPair> = Vec::new();
    for (a, b) in pairs {
        match required.last_mut() {
            Some(last) if last.team_a == a && last.team_b == b => last.weight += 1,
            _ => {
                let handoff_volume = volume_between(a, b);
                required.push(RequiredPair {
                    team_a: a,
                    team_b: b,
                    weight: 1,
                    handoff_volume,
                    actual: handoff_volume > 0.0,
                })
            }
        }
    }
    let required_weight: u64 = required.iter().map(|p| p.weight).sum();
    let actual_weight: u64 = required.iter().filter(|p| p.actual).map(|p| p.weight).sum();
    let congruence = (required_weight > 0).then(|| actual_weight as f64 / required_weight as f64);
    let mut gaps: Vec<usize> = (0..required.len())
        .filter(|&i| !required[i].actual)
        .collect();
    gaps.sort_by(|&x, &y| {
        let (p, q) = (&required[x], &required[y]);
        q.weight
            .cmp(&p.weight)
            .then(p.team_a.cmp(&q.team_a))
            .then(p.team_b.cmp(&q.team_b))
    });
    let mut req = vec![0u64; e.units.len()];
    let mut act = vec![0u64; e.units.len()];
    for p in &required {
        for t in [p.team_a, p.team_b] {
            req[t as usize] += p.weight;
            if p.actual {
                act[t as usize] += p.weight;
            }
        }
    }
    let teams = (0..e.units.len())
        .filter(|&u| req[u] > 0)
        .map(|u| TeamCongruence {
            team: u as UnitId,
            required_weight: req[u],
            actual_weight: act[u],
            congruence: Some(act[u] as f64 / req[u] as f64),
        })
        .collect();
    ConwayMetrics {
        required,
        required_weight,
        actual_weight,
        congruence,
        gaps,
        teams,
        shared_ownership: (0..e.systems.len() as SystemId)
            .filter(|&s| e.systems[s as usize].owners.len() > 1)
            .collect(),
        orphan_systems: (0..e.systems.len() as SystemId)
            .filter(|&s| e.systems[s as usize].owners.is_empty())
            .collect(),
    }
}
