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

/// Variants a log-style journey can follow: one per 25 journeys, 3 to 400.
fn log_variant_count(count: usize) -> usize {
    (count / 25).clamp(3, 400)
}

/// `count` journeys like the cases of a ticketing log (module doc of `generate`, **Journeys in
/// the log style**): each follows one of a few hundred *variants* — sequences of team runs
/// drawn once along the teams' handoffs, with ping-pong between two teams and returns to the
/// front door — picked by a Zipf law (rank k weighs 1 / k^1.1, so a few dominate), and ≈ 30 %
/// of journeys change their variant a little (a detour, one more ping-pong, a skipped team:
/// the long tail). Each journey then spreads 20–120 steps (log-normal, median 50) over its
/// runs, more to a variant's "sticky" runs, so a team often does several steps in a row.
///
/// # Complexity
/// O(steps) time: O(log variants) per journey to pick its variant, O(1) per step.
pub(super) fn build_log_journeys(plan: &mut Blueprint, count: usize, rng: &mut Rng) {
    let front_door: Vec<u32> = (0..plan.teams.len() as u32)
        .filter(|&t| plan.teams[t as usize].cf)
        .collect();
    let variants: Vec<(Vec<u32>, Vec<f64>)> = (0..log_variant_count(count))
        .map(|_| log_variant(plan, &front_door, rng))
        .collect();
    let mut cumulative = Vec::with_capacity(variants.len());
    let mut total = 0.0;
    for k in 0..variants.len() {
        total += 1.0 / ((k + 1) as f64).powf(1.1);
        cumulative.push(total);
    }
    let s = plan.systems.len();
    let mut steps = Vec::with_capacity(count * 55);
    let (mut seq, mut weight, mut lens) = (Vec::new(), Vec::new(), Vec::new());
    for j in 0..count as u32 {
        let u = rng.next_f64() * total;
        let v = cumulative
            .partition_point(|&c| c <= u)
            .min(variants.len() - 1);
        seq.clone_from(&variants[v].0);
        weight.clone_from(&variants[v].1);
        if rng.chance(0.3) {
            mutate_variant(plan, &mut seq, &mut weight, rng);
        }
        let target = (rng.lognormal(50f64.ln(), 0.45).round() as usize).clamp(20, 120);
        spread_steps(&weight, target.max(seq.len()), &mut lens, rng);
        let noun = rng.index(NOUNS.len()) as u8;
        let mut k = 0u32;
        for (&team, &len) in seq.iter().zip(&lens) {
            let (o0, o1) = (
                plan.systems_of[team as usize],
                plan.systems_of[team as usize + 1],
            );
            let r = rng.next_f64();
            let system = if r < 0.6 && o1 > o0 {
                o0 + rng.below(u64::from(o1 - o0)) as u32
            } else if r < 0.75 {
                rng.index(s) as u32
            } else {
                NONE
            };
            for i in 0..len {
                // A handover waits hours, a step within a run minutes.
                let wait = if k == 0 {
                    NONE
                } else if i == 0 {
                    ((rng.lognormal(6f64.ln(), 1.2) * 10.0).round() as u32).clamp(1, 2000)
                } else {
                    ((rng.lognormal(0.5f64.ln(), 1.0) * 10.0).round() as u32).clamp(1, 2000)
                };
                k += 1;
                steps.push(PlannedStep {
                    journey: j,
                    step: k,
                    team,
                    verb: rng.index(VERBS.len()) as u8,
                    noun,
                    system,
                    wait,
                });
            }
        }
    }
    plan.steps = steps;
    // One case each, as an imported log gives.
    plan.journey_volumes = vec![1; count];
    plan.id_width_journey = digits(count).max(5);
}

/// One log variant: 5–18 runs by distinct teams, except that 45 % of variants go back and forth
/// between two teams (a ping-pong, with probability 0.25 at each step) and 30 % end back at the
/// front door; each run's weight (log-normal, σ = 0.8) is its share of a journey's steps.
fn log_variant(plan: &Blueprint, front_door: &[u32], rng: &mut Rng) -> (Vec<u32>, Vec<f64>) {
    let runs = 5 + rng.index(14);
    let first = front_door[rng.index(front_door.len())];
    let ping_pong = rng.chance(0.45);
    let mut seq = vec![first];
    let mut misses = 0;
    while seq.len() < runs && misses < 8 {
        let cur = seq[seq.len() - 1];
        if ping_pong && seq.len() >= 2 && rng.chance(0.25) {
            // Ping-pong: back to the previous team, and on to this one again.
            let prev = seq[seq.len() - 2];
            seq.extend([prev, cur]);
            continue;
        }
        let next = next_step_team(plan, cur, rng);
        if next == cur || seq.contains(&next) {
            misses += 1;
        } else {
            seq.push(next);
        }
    }
    if seq[seq.len() - 1] != first && rng.chance(0.3) {
        seq.push(first);
    }
    let weight = seq.iter().map(|_| rng.lognormal(0.0, 0.8)).collect();
    (seq, weight)
}

/// A small change to a variant, keeping consecutive runs by different teams: a detour through
/// one more team (50 %), one more ping-pong (30 %) or a team skipped (20 %).
fn mutate_variant(plan: &Blueprint, seq: &mut Vec<u32>, weight: &mut Vec<f64>, rng: &mut Rng) {
    if seq.len() < 2 {
        return;
    }
    let p = 1 + rng.index(seq.len() - 1); // 1..len
    let r = rng.next_f64();
    if r < 0.5 {
        let t = next_step_team(plan, seq[p - 1], rng);
        if t != seq[p - 1] && t != seq[p] {
            seq.insert(p, t);
            weight.insert(p, 1.0);
        }
    } else if r < 0.8 {
        let (a, b) = (seq[p - 1], seq[p]);
        seq.splice(p + 1..p + 1, [a, b]);
        weight.splice(p + 1..p + 1, [1.0, 1.0]);
    } else if p + 1 < seq.len() && seq[p - 1] != seq[p + 1] {
        seq.remove(p);
        weight.remove(p);
    }
}

/// Spreads `total` steps (≥ the number of runs) over runs of the given weights: one each, the
/// rest in proportion to the weights with random rounding, then trimmed or topped up so that
/// the journey has 20–120 steps when it has at most 120 runs.
fn spread_steps(weight: &[f64], total: usize, lens: &mut Vec<usize>, rng: &mut Rng) {
    let extra = total - weight.len();
    let sum: f64 = weight.iter().sum();
    lens.clear();
    lens.extend(
        weight
            .iter()
            .map(|w| 1 + (w / sum * extra as f64 + rng.next_f64()) as usize),
    );
    let mut have: usize = lens.iter().sum();
    let heaviest = (0..weight.len())
        .max_by(|&a, &b| weight[a].total_cmp(&weight[b]).then(b.cmp(&a)))
        .unwrap_or(0);
    if have < 20 {
        lens[heaviest] += 20 - have;
        have = 20;
    }
    while have > 120.max(weight.len()) {
        let longest = (0..lens.len())
            .max_by(|&a, &b| lens[a].cmp(&lens[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        lens[longest] -= 1;
        have -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::super::{draw_blueprint, GenerateConfig, JourneyStyle};
    use super::*;
    use std::collections::HashMap;

    /// The journeys of a blueprint: (team of each step) per journey, in step order.
    fn journeys(plan: &Blueprint) -> Vec<Vec<u32>> {
        let mut out: Vec<Vec<u32>> = vec![Vec::new(); plan.journey_volumes.len()];
        for s in &plan.steps {
            let j = &mut out[s.journey as usize];
            assert_eq!(s.step as usize, j.len() + 1, "steps are numbered 1, 2, 3…");
            j.push(s.team);
        }
        out
    }

    /// Consecutive repeats collapsed.
    fn collapsed(teams: &[u32]) -> Vec<u32> {
        let mut v = teams.to_vec();
        v.dedup();
        v
    }

    #[test]
    fn log_style_makes_long_repetitive_journeys_with_ping_pong_and_dominant_variants() {
        let plan = draw_blueprint(&GenerateConfig {
            teams: 1500,
            seed: 4,
            journeys: Some(2000),
            journey_style: JourneyStyle::Log,
            ..GenerateConfig::default()
        });
        let all = journeys(&plan);
        assert_eq!(all.len(), 2000);
        assert!(plan.journey_volumes.iter().all(|&v| v == 1));
        let (mut runs_of_three, mut ping_pong) = (0, 0);
        let mut variants: HashMap<Vec<u32>, usize> = HashMap::new();
        for teams in &all {
            assert!((20..=120).contains(&teams.len()), "{} steps", teams.len());
            assert!(plan.teams[teams[0] as usize].cf, "starts at the front door");
            if teams.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) {
                runs_of_three += 1;
            }
            let seq = collapsed(teams);
            // A team in two separate runs (docs/output.md, ping-pong).
            let mut sorted = seq.clone();
            sorted.sort_unstable();
            if sorted.windows(2).any(|w| w[0] == w[1]) {
                ping_pong += 1;
            }
            *variants.entry(seq).or_default() += 1;
        }
        let share = |x: usize| x as f64 / all.len() as f64;
        assert!(share(runs_of_three) > 0.9, "runs of 3 in {runs_of_three}");
        assert!(
            (0.3..=0.8).contains(&share(ping_pong)),
            "ping-pong in {ping_pong}"
        );
        let mut counts: Vec<usize> = variants.values().copied().collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        assert!(share(counts[0]) >= 0.1, "top variant {counts:?}");
        assert!(
            share(counts[..5].iter().sum()) >= 0.3,
            "top five {counts:?}"
        );
        let singletons = counts.iter().filter(|&&c| c == 1).count();
        assert!(
            singletons >= 100,
            "a long tail: {singletons} variants seen once"
        );
        let mean = plan.steps.len() as f64 / all.len() as f64;
        assert!((35.0..=70.0).contains(&mean), "mean length {mean}");
    }

    #[test]
    fn log_style_works_for_tiny_organisations() {
        for teams in [1, 2, 5, 13] {
            let plan = draw_blueprint(&GenerateConfig {
                teams,
                journeys: Some(50),
                journey_style: JourneyStyle::Log,
                ..GenerateConfig::default()
            });
            for j in journeys(&plan) {
                assert!((20..=120).contains(&j.len()), "{teams} teams: {}", j.len());
            }
        }
    }

    #[test]
    fn the_default_style_is_unchanged_and_log_has_its_own_default_count() {
        let short = GenerateConfig::default();
        assert_eq!(short.journey_style, JourneyStyle::Short);
        assert_eq!(short.journey_count(), 50);
        let log = |teams| GenerateConfig {
            teams,
            journey_style: JourneyStyle::Log,
            ..GenerateConfig::default()
        };
        assert_eq!(log(1000).journey_count(), 1000);
        assert_eq!(log(50_000).journey_count(), 5000);
        assert_eq!(log(1_000_000).journey_count(), 10_000);
    }
}
