//! Handoffs between teams and with the customer (module doc of `generate`, **Handoffs**): a
//! log-normal number per team, targets mostly in the department, hubs by preferential
//! attachment, log-normal volumes and waits.

use super::blueprint::{Blueprint, PlannedHandoff, CUSTOMER, NONE};
use crate::rng::Rng;

/// Expected customer rows per team (15 % customer-facing × (1 + 0.6)).
const CUSTOMER_ROWS_PER_TEAM: f64 = 0.24;
/// Share of peripheral teams (0 or 1 out-handoff).
const PERIPHERAL: f64 = 0.03;
/// Share of rows repeated through a second channel.
const REPEAT: f64 = 0.01;
/// σ of the log-normal number of out-handoffs per team.
const OUT_SIGMA: f64 = 0.75;

/// The handoff rows of every team, in team order, and `out_of`, the range of rows each team
/// generated (module doc of `generate`, **Handoffs**).
///
/// # Complexity
/// O(n · per_team) expected time.
pub(super) fn build_handoffs(plan: &mut Blueprint, per_team: f64, rng: &mut Rng) {
    let n = plan.teams.len();
    // Mean out-degree of ordinary teams such that all rows together average `per_team`.
    let mean_out = if per_team > 0.0 {
        ((per_team - CUSTOMER_ROWS_PER_TEAM - PERIPHERAL * 0.5)
            / ((1.0 - PERIPHERAL) * (1.0 + REPEAT)))
            .max(0.05)
    } else {
        0.0
    };
    let mu = mean_out.max(1e-9).ln() - OUT_SIGMA * OUT_SIGMA / 2.0;
    let cap = (mean_out * 20.0).ceil() as usize + 1;

    let mut rows: Vec<PlannedHandoff> =
        Vec::with_capacity((per_team * n as f64 * 1.05) as usize + 16);
    let mut out_of = Vec::with_capacity(n + 1);
    // Hubs as a preferential-attachment urn: each received handoff adds a ball.
    let mut urn: Vec<u32> = plan.hubs.clone();
    let mut chosen: Vec<u32> = Vec::new();
    let ndiv = plan.divisions.len();

    for t in 0..n as u32 {
        out_of.push(rows.len() as u32);
        let team = &plan.teams[t as usize];
        let (p0, p1) = plan.depts[team.dept as usize].teams;
        let (v0, v1) = plan.divisions[team.division as usize].teams;
        if team.cf {
            rows.push(PlannedHandoff {
                from: CUSTOMER,
                to: t,
                volume: volume(rng, 3.0, 1.0),
                wait: wait(rng),
                channel: customer_channel(rng),
            });
        }
        let k = if mean_out <= 0.0 {
            0
        } else if rng.chance(PERIPHERAL) {
            rng.index(2)
        } else {
            (rng.lognormal(mu, OUT_SIGMA).round() as usize).clamp(1, cap)
        };
        chosen.clear();
        for _ in 0..k {
            let r = rng.next_f64();
            // Class 0 = department, 1 = division, 2 = elsewhere; fall through when exhausted.
            let mut class = if r < 0.7 {
                0
            } else if r < 0.9 {
                1
            } else {
                2
            };
            let mut picked = None;
            while picked.is_none() && class < 4 {
                for _attempt in 0..6 {
                    let cand = match class {
                        0 => p0 + rng.below(u64::from(p1 - p0)) as u32,
                        1 => v0 + rng.below(u64::from(v1 - v0)) as u32,
                        2 => {
                            if !urn.is_empty() && rng.chance(0.6) {
                                urn[rng.index(urn.len())]
                            } else if ndiv > 1 {
                                // A team outside the division: skip over its range.
                                let c = rng.below((n as u32 - (v1 - v0)) as u64) as u32;
                                if c >= v0 {
                                    c + (v1 - v0)
                                } else {
                                    c
                                }
                            } else {
                                rng.index(n) as u32
                            }
                        }
                        _ => rng.index(n) as u32,
                    };
                    if cand != t && !chosen.contains(&cand) {
                        picked = Some(cand);
                        break;
                    }
                }
                class += 1;
            }
            let Some(to) = picked else { continue };
            chosen.push(to);
            let to_hub = plan.teams[to as usize].hub;
            if to_hub {
                urn.push(to);
            }
            let channel = if to_hub && rng.chance(0.65) {
                0
            } else {
                team_channel(rng)
            };
            // Daily work inside a department is heavier than occasional work further away, so
            // that by volume ≈ 70 % stays in the department although its teams run out sooner.
            let mu = if (p0..p1).contains(&to) {
                2.5
            } else if (v0..v1).contains(&to) {
                1.2
            } else if to_hub {
                2.4
            } else {
                1.8
            };
            rows.push(PlannedHandoff {
                from: t,
                to,
                volume: volume(rng, mu, 1.0),
                wait: wait(rng),
                channel,
            });
            if rng.chance(REPEAT) {
                // The same pair through another channel (merged on ingest).
                let other = (channel + 1 + rng.index(4) as u8) % 5;
                rows.push(PlannedHandoff {
                    from: t,
                    to,
                    volume: volume(rng, 0.7, 0.9),
                    wait: wait(rng),
                    channel: other,
                });
            }
        }
        if team.cf && rng.chance(0.6) {
            rows.push(PlannedHandoff {
                from: t,
                to: CUSTOMER,
                volume: volume(rng, 2.5, 1.0),
                wait: wait(rng),
                channel: customer_channel(rng),
            });
        }
    }
    out_of.push(rows.len() as u32);
    plan.handoffs = rows;
    plan.out_of = out_of;
}

/// A heavy-tailed integer volume in 1..=500.
fn volume(rng: &mut Rng, mu: f64, sigma: f64) -> u32 {
    (rng.lognormal(mu, sigma).round() as u32).clamp(1, 500)
}

/// A wait in tenths of an hour, 0.1–200 h (median ≈ 6 h), or unknown (≈ 5 %).
fn wait(rng: &mut Rng) -> u32 {
    if rng.chance(0.05) {
        NONE
    } else {
        ((rng.lognormal(6f64.ln(), 1.2) * 10.0).round() as u32).clamp(1, 2000)
    }
}

/// Channel between teams: ticket 35 %, email 25 %, chat 20 %, meeting 10 %, api 10 %.
fn team_channel(rng: &mut Rng) -> u8 {
    let r = rng.next_f64();
    if r < 0.35 {
        0
    } else if r < 0.60 {
        1
    } else if r < 0.80 {
        2
    } else if r < 0.90 {
        3
    } else {
        4
    }
}

/// Channel with the customer: email 35 %, chat 35 %, meeting 15 %, ticket 10 %, api 5 %.
fn customer_channel(rng: &mut Rng) -> u8 {
    let r = rng.next_f64();
    if r < 0.35 {
        1
    } else if r < 0.70 {
        2
    } else if r < 0.85 {
        3
    } else if r < 0.95 {
        0
    } else {
        4
    }
}
