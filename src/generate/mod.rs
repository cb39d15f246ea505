//! Synthetic organisations for demos, tests and benchmarks (`seams generate`).
//!
//! [`generate`] writes a complete export (docs/input-format.md) — `teams.csv`, `systems.csv`,
//! `dependencies.csv`, `handoffs.csv` and `journeys.csv` — for an organisation of any size. The
//! output always passes `seams validate`: every referenced id exists, the hierarchy has no cycle,
//! ids and (journey, step) pairs are unique, numbers are finite and ≥ 0.
//!
//! # Determinism
//!
//! All randomness comes from [`crate::rng::Rng`] seeded by [`GenerateConfig::seed`] (one
//! sub-stream per part: hierarchy, systems, dependencies, handoffs, journeys, names — names
//! last, so that they could change without changing anything else). The organisation is
//! built sequentially in `Vec`s indexed by position, never by hash order, and only the formatting
//! of the five files runs in parallel; so the same configuration gives byte-identical files on every
//! machine and whatever the thread count.
//!
//! # Shape of a generated organisation (N = `--teams`)
//!
//! **Hierarchy** (`teams.csv`, columns `id,name,parent,kind,customer_facing,headcount`).
//! One company root `org` (depth 0) → 4–9 divisions `d01`… (at least ⌈N / 13,000⌉, fewer for tiny
//! N) → departments `d01-p04` of 4–10 teams (7 on average) → teams `d01-p04-t07`: exactly N leaf
//! teams. When a division has more than 12 departments, balanced *group* levels are inserted
//! (`d01-g02-p04-t07`, `d01-g02-g01-p04-t07`), so that no unit has more than 12 children. Teams sit
//! at depth 3 in divisions of up to ~120 teams, 4 up to ~1,440 and 5 up to ~17,000 teams per
//! division — i.e. depth 3–5 for every N up to 100,000 (larger organisations get more group
//! levels). Divisions get similar shares of the teams (weights 0.85–1.15). Kinds: `company`,
//! `division`, `group`, `department`, and for teams either `team` or a Team Topologies type
//! (`stream-aligned`, `platform`, `enabling`, `complicated-subsystem`). Every unit has its own
//! name, from its division's domain (see **Names**). `headcount` is 3–12
//! for teams (mean ≈ 7.5) and blank above; `customer_facing` is `false` for every unit above teams.
//!
//! **Customer-facing teams**: ≈ 15 % of the teams. One or two *front* divisions (Stores, Sales,
//! Customer Service, Online) hold most of them (≈ 30–45 % of their teams); every other division has
//! ≈ 5 %. There is always at least one.
//!
//! **Hubs** (shared services): ≈ 2.5 % of the teams (none below 10 teams), half of them in the
//! Technology division when there is one, the rest anywhere; never customer-facing; kind `platform`;
//! named after a shared service of their division ("Service Desk", "Data Platform" in Technology,
//! "Logistics Service Desk" in Supply Chain), which also names their systems. They receive cross-division handoffs by
//! preferential attachment, so a few of them carry a large share of the organisation's work.
//!
//! **Systems** (`systems.csv`, `id,name,owner,customer_facing,holds_customer_data`): ≈ 0.6 per
//! team (`s00001`…). Each hub owns 2–6 (platform systems), the rest go to random teams. ≈ 5 % are
//! shared (`owner` = two ids separated by `;`, the second a department sibling or a hub), ≈ 3 %
//! are orphans (blank owner). ≈ 60 % of the systems of customer-facing teams are customer-facing;
//! 15–50 % hold customer data.
//!
//! **Dependencies** (`dependencies.csv`, `from,to,kind`): ≈ 1.5 per system (0–3 each, plus a few
//! integration systems with 5–14): ≈ 55 % to a system of the same division, ≈ 30 % to a hub-owned
//! system (preferential attachment), ≈ 15 % anywhere; kind `api` (60 %), `db` (20 %), `event`
//! (20 %). No self row and no duplicate row.
//!
//! **Handoffs** (`handoffs.csv`, `from,to,volume,wait_hours,channel`): ≈ `handoffs_per_team` × N
//! rows in total (≈ 1,000,000 for 100,000 teams at the default 10). Each team sends a log-normal
//! number of handoffs (σ = 0.75, so a heavy tail of busy teams), at least one, except ≈ 3 % of
//! *peripheral* teams with 0 or 1. Each target is drawn ≈ 70 % in the team's department, ≈ 20 %
//! elsewhere in its division and ≈ 10 % in other divisions (60 % of those to hubs, by preferential
//! attachment), and a team's targets are distinct: a department has only 3–9 other teams, so when
//! it is exhausted the draw moves on to the division. By rows that gives ≈ 45 % department, 45 %
//! division, 10 % elsewhere; by **volume** ≈ 70 % / 20 % / 10 %, because work inside a department is
//! heavier: `volume` is a log-normal integer 1–500 with median ≈ 12 inside the department, ≈ 3
//! elsewhere in the division, ≈ 11 towards a hub and ≈ 6 to other teams. ≈ 1 % of rows repeat a
//! pair through another channel (such rows are merged on ingest). `wait_hours` is log-normal
//! 0.1–200 h with one decimal (median ≈ 6 h), blank (unknown) for ≈ 5 %;
//! `channel` one of ticket, email, chat, meeting, api (mostly ticket towards hubs). Every
//! customer-facing team gets a `customer,<team>` row and 60 % of them a `<team>,customer` row.
//! No row has `from` = `to`.
//!
//! **Journeys** (`journeys.csv`, `journey,step,team,activity,system,wait_hours,volume`):
//! [`GenerateConfig::journeys`] of them (default ⌈clamp(N / 20, 5, 5,000)⌉), ids `j00001`…, each of
//! 5–15 steps numbered 1, 2, 3… (or 10, 20, 30… for ≈ 20 %). The first step is done by a
//! customer-facing team; each next step follows one of the current team's handoffs (55 %), stays in
//! its department (20 %), goes to a hub (12 %) or to any team (13 %); consecutive steps are by
//! different teams except ≈ 5 % of the time; 40 % of journeys end back with the team that started
//! them. `activity` is a verb and a noun ("Verify identity"); `system` is blank or an existing
//! system (preferably one of the step's team); `wait_hours` is blank on step 1, else log-normal
//! (median ≈ 3 h); `volume` (median ≈ 40 per period) is the same on every row of a journey.
//!
//! **Journeys in the log style** ([`JourneyStyle::Log`], `--journey-style log`): cases like a
//! ticketing log's, for the views that aggregate journeys (variants, ping-pong, seam maps).
//! Default count ⌈clamp(N / 10, 1,000, 10,000)⌉ (at most [`MAX_LOG_JOURNEYS`]). One journey per
//! case (`volume` 1), 20–120 steps (log-normal, median ≈ 50, mean ≈ 55) numbered 1, 2, 3…
//! Each follows one of clamp(journeys / 25, 3, 400) *variants* — 5–18 runs by distinct teams
//! walked from a customer-facing team like the short style's steps, 45 % of them with
//! ping-pong between two teams (A B A B), 30 % ending back at the front door — picked by a
//! Zipf law (rank k weighs 1 / k^1.1: the top variant ≈ 20 % of the journeys, a long tail of
//! variants seen once), and ≈ 30 % of journeys alter theirs slightly (a detour, one more
//! ping-pong, a skipped team). A journey's steps are spread over its runs by the variant's run
//! weights, so a team does several steps in a row (the same system through a run); `wait_hours`
//! is ≈ 6 h (median) at a handover and ≈ 0.5 h within a run; the activity's noun is the case's
//! subject, the same on every step. Only `journeys.csv` differs from the short style: the
//! other four files are byte-identical for the same seed.
//!
//! **Names** (`teams.csv`'s `name`): unique over all units (a hash set of names during
//! generation) and drawn from the division's *domain* — every division profile (Stores,
//! Technology, Supply Chain, …) has its own department themes, team focuses and shared-service
//! names, distinct from other domains' — so a Supply Chain team is "Replenishment Squad" and
//! its department "Inventory Operations". Groups add to the division's name an area (level 1:
//! "Supply Chain North"), a business line (level 2: "Supply Chain North Grocery") and a site
//! (level 3: "… Grocery Leeds"); from level 4 (more than ≈ 145,000 teams in one division, i.e.
//! above ≈ 1.2 M teams) they are numbered "… Leeds Cluster 3", the one systematic qualifier. A
//! department is "{theme} {suffix}", a team "{focus} {kind word}" ("Cold Chain Platform",
//! "Inbound Team"); when a name is taken, the department's theme and then the parent group's
//! qualifier are added ("Inventory Replenishment Squad", "Replenishment Squad – North Grocery":
//! after an en dash, not in parentheses, since the report puts a team's silo in parentheses
//! after its name), and last "Replenishment Squad of Inventory Operations – North Grocery".
//! No generated name has a parenthesis (a unit test checks up to 100,000 teams). Up to 1,000,000
//! teams no name has a number (measured; the unit tests check up to 100,000); names are at
//! most ≈ 100 characters.

mod blueprint;
mod config;
mod handoffs;
mod hierarchy;
mod journeys;
mod names;
mod render;
mod roles;
mod systems;
mod words;

use std::path::Path;

use rayon::prelude::*;

use crate::error::SeamsError;
use crate::output::write_atomic;
use crate::rng::Rng;

use blueprint::Blueprint;
pub use config::{
    GenerateConfig, GenerateError, JourneyStyle, MAX_HANDOFFS_PER_TEAM, MAX_HANDOFF_ROWS,
    MAX_JOURNEYS, MAX_LOG_JOURNEYS, MAX_TEAMS,
};

/// What [`generate`] wrote (row counts, headers excluded), for the CLI to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GenerateSummary {
    /// Rows of `teams.csv`: every unit (company, divisions, groups, departments and teams).
    pub units: usize,
    /// Leaf teams among the units (equals [`GenerateConfig::teams`]).
    pub teams: usize,
    /// Rows of `systems.csv`.
    pub systems: usize,
    /// Rows of `dependencies.csv`.
    pub dependencies: usize,
    /// Rows of `handoffs.csv`, customer rows included.
    pub handoffs: usize,
    /// Distinct journeys in `journeys.csv`.
    pub journeys: usize,
    /// Rows of `journeys.csv` (steps of all journeys).
    pub journey_steps: usize,
}

/// Generates a synthetic organisation and writes its five CSV files into `out`.
///
/// # Arguments
/// * `config` — size, seed and densities (see [`GenerateConfig`]).
/// * `out` — an existing directory; `teams.csv`, `systems.csv`, `dependencies.csv`,
///   `handoffs.csv` and `journeys.csv` are written there atomically (temporary file + rename),
///   replacing files of those names; nothing else in the directory is touched.
///
/// # Returns
/// The row counts of what was written, or [`SeamsError::Usage`] for an impossible configuration
/// (the wording of the [`GenerateError`] of [`GenerateConfig::validate`]: 0 teams, a negative or
/// non-finite handoff density, absurd sizes), or [`SeamsError::Io`].
///
/// # Complexity
/// O(N · handoffs_per_team) time and memory; 100,000 teams (≈ 1,000,000 handoffs) take a few
/// seconds in a release build.
///
/// # Determinism
/// Same `config` → byte-identical files, whatever the thread count (see the module doc).
pub fn generate(config: &GenerateConfig, out: &Path) -> Result<GenerateSummary, SeamsError> {
    config.validate()?;
    let plan = draw_blueprint(config);
    let summary = GenerateSummary {
        units: plan.units.len(),
        teams: plan.teams.len(),
        systems: plan.systems.len(),
        dependencies: plan.deps.len(),
        handoffs: plan.handoffs.len(),
        journeys: plan.journey_volumes.len(),
        journey_steps: plan.steps.len(),
    };
    type Render = fn(&Blueprint) -> Vec<u8>;
    let files: [(&str, Render); 5] = [
        ("teams.csv", render::render_teams),
        ("systems.csv", render::render_systems),
        ("dependencies.csv", render::render_dependencies),
        ("handoffs.csv", render::render_handoffs),
        ("journeys.csv", render::render_journeys),
    ];
    let results: Vec<Result<(), SeamsError>> = files
        .as_slice()
        .par_iter()
        .map(|(name, render)| {
            let buf = render(&plan);
            write_atomic(&out.join(name), |w| w.write_all(&buf))
        })
        .collect();
    // Report the first failure in file order, so the error does not depend on scheduling.
    for r in results {
        r?;
    }
    Ok(summary)
}

/// The organisation of `config`, part by part, each part from its own stream drawn in a fixed
/// order from the master seed (hierarchy and roles share the first; names have the last).
fn draw_blueprint(config: &GenerateConfig) -> Blueprint {
    let mut master = Rng::new(config.seed);
    let mut rng_hier = Rng::new(master.next_u64());
    let mut rng_sys = Rng::new(master.next_u64());
    let mut rng_dep = Rng::new(master.next_u64());
    let mut rng_hand = Rng::new(master.next_u64());
    let mut rng_jour = Rng::new(master.next_u64());
    // Drawn last, so that adding names left every earlier stream (and so every id, kind,
    // handoff and journey) as it was.
    let mut rng_names = Rng::new(master.next_u64());

    let mut plan = hierarchy::build_hierarchy(config.teams, &mut rng_hier);
    roles::assign_roles(&mut plan, &mut rng_hier);
    names::name_units(&mut plan, &mut rng_names);
    systems::build_systems(&mut plan, &mut rng_sys);
    systems::build_dependencies(&mut plan, &mut rng_dep);
    handoffs::build_handoffs(&mut plan, config.handoffs_per_team, &mut rng_hand);
    match config.journey_style {
        JourneyStyle::Short => {
            journeys::build_journeys(&mut plan, config.journey_count(), &mut rng_jour)
        }
        JourneyStyle::Log => {
            journeys::build_log_journeys(&mut plan, config.journey_count(), &mut rng_jour)
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_orgs_are_well_formed() {
        for n in 1..40 {
            let plan = draw_blueprint(&GenerateConfig {
                teams: n,
                ..GenerateConfig::default()
            });
            assert_eq!(plan.teams.len(), n);
            assert!(plan.teams.iter().any(|t| t.cf));
            assert!(plan.handoffs.iter().all(|h| h.from != h.to));
            assert_eq!(plan.journey_volumes.len(), 5);
        }
    }

    #[test]
    fn bad_configs_are_usage_errors_and_write_nothing() {
        let dir = tempfile::tempdir().unwrap();
        for c in [
            GenerateConfig {
                teams: 0,
                ..Default::default()
            },
            GenerateConfig {
                handoffs_per_team: f64::NAN,
                ..Default::default()
            },
            GenerateConfig {
                handoffs_per_team: -1.0,
                ..Default::default()
            },
        ] {
            let e = c.validate().unwrap_err();
            match generate(&c, dir.path()) {
                Err(SeamsError::Usage(m)) => assert_eq!(m, e.to_string()),
                other => panic!("{c:?}: {other:?}"),
            }
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
