//! Customer journeys (module doc of `generate`, **Journeys**).

use super::blueprint::{Blueprint, PlannedStep, CUSTOMER, NONE};
use super::render::digits;
use super::words::{NOUNS, VERBS};
use crate::rng::Rng;

/// `count` journeys of 5–15 steps, each started by a customer-facing team and walked along
/// the teams' handoffs (module doc of `generate`, **Journeys**).
///
/// # Complexity
/// O(count) time (at most 15 steps each).
pub(super) fn build_journeys(plan: &mut Blueprint, count: usize, rng: &mut Rng) {
    let n = plan.teams.len();
    let front_door: Vec<u32> = (0..n as u32)
        .filter(|&t| plan.teams[t as usize].cf)
        .collect();
    let s = plan.systems.len();
    let mut steps = Vec::with_capacity(count * 10);
    let mut volumes = Vec::with_capacity(count);
    for j in 0..count as u32 {
        let len = 5 + rng.index(11); // 5..=15
        let tens = rng.chance(0.2);
        let volume = (rng.lognormal(40f64.ln(), 1.2).round() as u32).clamp(1, 100_000);
        volumes.push(volume);
        let first = front_door[rng.index(front_door.len())];
        let mut cur = first;
        for k in 0..len {
            // The first step, and the last one of 40 % of journeys, by the front-door team.
            let team = if k == 0 || (k == len - 1 && cur != first && rng.chance(0.4)) {
                first
            } else {
                next_step_team(plan, cur, rng)
            };
            cur = team;
            let r = rng.next_f64();
            let (o0, o1) = (
                plan.systems_of[team as usize],
                plan.systems_of[team as usize + 1],
            );
            let system = if r < 0.55 && o1 > o0 {
                o0 + rng.below(u64::from(o1 - o0)) as u32
            } else if r < 0.70 {
                rng.index(s) as u32
            } else {
                NONE
            };
            let wait = if k == 0 {
                NONE
            } else {
                ((rng.lognormal(3f64.ln(), 1.3) * 10.0).round() as u32).clamp(1, 2000)
            };
            steps.push(PlannedStep {
                journey: j,
                step: if tens {
                    10 * (k as u32 + 1)
                } else {
                    k as u32 + 1
                },
                team,
                verb: rng.index(VERBS.len()) as u8,
                noun: rng.index(NOUNS.len()) as u8,
                system,
                wait,
            });
        }
    }
    plan.steps = steps;
    plan.journey_volumes = volumes;
    plan.id_width_journey = digits(count).max(5);
}

/// The team doing the step after one by `cur`: mostly along a handoff, within the department,
/// to a hub or anywhere; a different team except now and then.
fn next_step_team(plan: &Blueprint, cur: u32, rng: &mut Rng) -> u32 {
    let n = plan.teams.len();
    let allow_repeat = rng.chance(0.05);
    let mut cand = cur;
    for _attempt in 0..4 {
        let r = rng.next_f64();
        let (h0, h1) = (plan.out_of[cur as usize], plan.out_of[cur as usize + 1]);
        cand = if r < 0.55 && h1 > h0 {
            let to = plan.handoffs[(h0 + rng.below(u64::from(h1 - h0)) as u32) as usize].to;
            if to == CUSTOMER {
                continue;
            }
            to
        } else if r < 0.75 {
            let (p0, p1) = plan.depts[plan.teams[cur as usize].dept as usize].teams;
            p0 + rng.below(u64::from(p1 - p0)) as u32
        } else if r < 0.87 && !plan.hubs.is_empty() {
            plan.hubs[rng.index(plan.hubs.len())]
        } else {
            rng.index(n) as u32
        };
        if cand != cur || allow_repeat {
            return cand;
        }
    }
    cand
}
