//! The roles of the generated teams (module doc of `generate`, **Customer-facing teams** and
//! **Hubs**): which teams face the customer, which are shared-service hubs, and each team's kind,
//! name and headcount.

use super::blueprint::{Blueprint, Kind};
use super::words::STREAM_WORDS;
use crate::rng::Rng;

/// Customer-facing teams, hubs, team kinds, the words of their names (kind word, hub name) and
/// headcounts, drawn from the same stream as the hierarchy right after it. The names themselves
/// are composed by [`super::names::name_units`].
///
/// # Complexity
/// O(n) time for n teams.
pub(super) fn assign_roles(plan: &mut Blueprint, rng: &mut Rng) {
    let n = plan.teams.len();
    // Customer-facing: ≈ 15 % overall, concentrated in the front divisions.
    let front_teams: usize = plan
        .divisions
        .iter()
        .filter(|d| d.front)
        .map(|d| (d.teams.1 - d.teams.0) as usize)
        .sum();
    let f = front_teams as f64 / n as f64;
    let p_other = if f >= 1.0 { 0.15 } else { 0.05 };
    let p_front = if f > 0.0 {
        ((0.15 - p_other * (1.0 - f)) / f).clamp(0.05, 0.9)
    } else {
        0.0
    };
    for t in 0..n {
        let div = &plan.divisions[plan.teams[t].division as usize];
        let p = if div.front { p_front } else { p_other };
        plan.teams[t].cf = rng.chance(p);
    }
    if !plan.teams.iter().any(|t| t.cf) {
        let first_front = plan
            .divisions
            .iter()
            .find(|d| d.front)
            .map_or(0, |d| d.teams.0);
        plan.teams[first_front as usize].cf = true;
    }

    // Hubs: ≈ 2.5 % of the teams, half in Technology, never customer-facing.
    let wanted = ((n as f64 * 0.025).round() as usize).max(usize::from(n >= 10));
    let tech_candidates: Vec<u32> = (0..n as u32)
        .filter(|&t| {
            !plan.teams[t as usize].cf
                && plan.divisions[plan.teams[t as usize].division as usize].tech
        })
        .collect();
    let in_tech = wanted.div_ceil(2).min(tech_candidates.len());
    let mut hubs: Vec<u32> = rng
        .sample_indices(tech_candidates.len(), in_tech)
        .into_iter()
        .map(|i| tech_candidates[i])
        .collect();
    for &h in &hubs {
        plan.teams[h as usize].hub = true;
    }
    let other_candidates: Vec<u32> = (0..n as u32)
        .filter(|&t| !plan.teams[t as usize].cf && !plan.teams[t as usize].hub)
        .collect();
    let rest = (wanted - in_tech).min(other_candidates.len());
    for i in rng.sample_indices(other_candidates.len(), rest) {
        let h = other_candidates[i];
        plan.teams[h as usize].hub = true;
        hubs.push(h);
    }
    hubs.sort_unstable();
    plan.hubs = hubs;

    // Kinds, name words, headcounts.
    for t in 0..n {
        let team = &plan.teams[t];
        let division = &plan.divisions[team.division as usize];
        let tech = division.tech;
        let hubs = division.profile.hubs;
        let (kind, word, hub_name) = if team.hub {
            // One draw whatever the list's length: the stream stays as it was.
            (Kind::Platform, "", hubs[rng.index(hubs.len())])
        } else {
            let kind = if team.cf {
                if rng.chance(0.75) {
                    Kind::StreamAligned
                } else {
                    Kind::Team
                }
            } else {
                let r = rng.next_f64();
                let (a, b, c, d) = if tech {
                    (0.30, 0.45, 0.80, 0.90)
                } else {
                    (0.45, 0.70, 0.82, 0.91)
                };
                if r < a {
                    Kind::Team
                } else if r < b {
                    Kind::StreamAligned
                } else if r < c {
                    Kind::Platform
                } else if r < d {
                    Kind::Enabling
                } else {
                    Kind::ComplicatedSubsystem
                }
            };
            let word = match kind {
                Kind::StreamAligned => STREAM_WORDS[rng.index(STREAM_WORDS.len())],
                Kind::Platform => "Platform",
                Kind::Enabling => "Enablement",
                Kind::ComplicatedSubsystem => "Engine",
                _ => "Team",
            };
            (kind, word, "")
        };
        let headcount = (7.5 + 2.2 * rng.normal() + if team.hub { 2.0 } else { 0.0 })
            .round()
            .clamp(3.0, 12.0) as u8;
        let cf = team.cf;
        let team = &mut plan.teams[t];
        team.kind_word = word;
        team.hub_name = hub_name;
        let unit = &mut plan.units[team.unit as usize];
        unit.kind = kind;
        unit.headcount = headcount;
        unit.customer_facing = cf;
    }
}
