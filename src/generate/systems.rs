//! Systems and their dependencies (module doc of `generate`, **Systems** and **Dependencies**).

use super::blueprint::{Blueprint, PlannedSystem, NONE};
use super::render::digits;
use super::words::SYSTEM_SUFFIXES;
use crate::rng::Rng;

/// The systems (≈ 0.6 per team; hubs own 2–6 each), their owners, names and customer flags.
///
/// # Complexity
/// O(n) time for n teams.
pub(super) fn build_systems(plan: &mut Blueprint, rng: &mut Rng) {
    let n = plan.teams.len();
    let total = ((n as f64 * 0.6).round() as usize).max(1);
    let mut counts = vec![0u32; n];
    let mut assigned = 0usize;
    for &h in &plan.hubs {
        if assigned >= total {
            break;
        }
        let c = (2 + rng.index(5)).min(total - assigned);
        counts[h as usize] += c as u32;
        assigned += c;
    }
    while assigned < total {
        counts[rng.index(n)] += 1;
        assigned += 1;
    }

    plan.systems = Vec::with_capacity(total);
    plan.systems_of = Vec::with_capacity(n + 1);
    for (t, &count) in counts.iter().enumerate() {
        plan.systems_of.push(plan.systems.len() as u32);
        let team = &plan.teams[t];
        let front = plan.divisions[team.division as usize].front;
        let (d0, d1) = plan.depts[team.dept as usize].teams;
        for _ in 0..count {
            let owner = if rng.chance(0.03) { NONE } else { t as u32 };
            let mut second_owner = NONE;
            if owner != NONE && rng.chance(0.05) {
                // A department sibling, or a hub.
                let cand = if d1 - d0 > 1 && (plan.hubs.is_empty() || rng.chance(0.6)) {
                    d0 + rng.below(u64::from(d1 - d0)) as u32
                } else if !plan.hubs.is_empty() {
                    plan.hubs[rng.index(plan.hubs.len())]
                } else {
                    t as u32
                };
                if cand != t as u32 {
                    second_owner = cand;
                }
            }
            let base = if team.hub {
                team.hub_name
            } else {
                plan.depts[team.dept as usize].theme
            };
            let name = format!(
                "{base} {}",
                SYSTEM_SUFFIXES[rng.index(SYSTEM_SUFFIXES.len())]
            );
            let p_cf = if team.cf {
                0.6
            } else if front {
                0.15
            } else {
                0.04
            };
            let customer_facing = rng.chance(p_cf);
            let p_data = if customer_facing {
                0.5
            } else if team.hub {
                0.35
            } else {
                0.15
            };
            let customer_data = rng.chance(p_data);
            plan.systems.push(PlannedSystem {
                home: t as u32,
                owner,
                second_owner,
                name,
                customer_facing,
                customer_data,
            });
        }
    }
    plan.systems_of.push(plan.systems.len() as u32);
    plan.id_width_system = digits(plan.systems.len()).max(5);
}

/// The dependencies between systems: ≈ 1.5 per system, mostly inside the division or towards
/// hub-owned systems by preferential attachment; no self row and no duplicate row.
///
/// # Complexity
/// O(s) expected time for s systems (a system's few targets are checked linearly).
pub(super) fn build_dependencies(plan: &mut Blueprint, rng: &mut Rng) {
    let s = plan.systems.len();
    if s < 2 {
        return;
    }
    // Hub-owned systems, as a preferential-attachment urn.
    let mut urn: Vec<u32> = (0..s as u32)
        .filter(|&i| plan.teams[plan.systems[i as usize].home as usize].hub)
        .collect();
    let mut deps = Vec::with_capacity(s * 3 / 2 + 16);
    let mut chosen: Vec<u32> = Vec::new();
    for from in 0..s as u32 {
        const TABLE: [usize; 10] = [0, 0, 1, 1, 1, 1, 2, 2, 2, 3];
        let mut k = TABLE[rng.index(TABLE.len())];
        if rng.chance(0.02) {
            k += 5 + rng.index(10); // an integration system
        }
        let home = plan.systems[from as usize].home;
        let div = &plan.divisions[plan.teams[home as usize].division as usize];
        let (s0, s1) = (
            plan.systems_of[div.teams.0 as usize],
            plan.systems_of[div.teams.1 as usize],
        );
        chosen.clear();
        for _ in 0..k {
            let mut picked = None;
            for _attempt in 0..8 {
                let r = rng.next_f64();
                let cand = if r < 0.55 && s1 - s0 > 1 {
                    s0 + rng.below(u64::from(s1 - s0)) as u32
                } else if r < 0.85 && !urn.is_empty() {
                    urn[rng.index(urn.len())]
                } else {
                    rng.index(s) as u32
                };
                if cand != from && !chosen.contains(&cand) {
                    picked = Some(cand);
                    break;
                }
            }
            let Some(to) = picked else { continue };
            if plan.teams[plan.systems[to as usize].home as usize].hub {
                urn.push(to);
            }
            chosen.push(to);
            let r = rng.next_f64();
            let kind = if r < 0.6 {
                0
            } else if r < 0.8 {
                1
            } else {
                2
            };
            deps.push((from, to, kind));
        }
    }
    plan.deps = deps;
}
