//! `seams generate --teams N --seed S --out DIR`.

use std::path::PathBuf;

use clap::Args;
use seams::generate::{generate, GenerateConfig};

use super::{print_stdout, Outcome};

/// Write a realistic synthetic organisation (all five CSV files), for demos and benchmarks.
///
/// Company → divisions → departments → teams, ~15 % customer-facing teams, shared-service hubs,
/// systems with owners and dependencies, heavy-tailed handoffs mostly inside departments, and
/// journeys of 5–15 steps. The same seed always gives byte-identical files.
///
/// Example: seams generate --teams 10000 --seed 1 --out /tmp/org-10k
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of teams (leaf units) to generate.
    #[arg(long, value_name = "N")]
    pub teams: usize,
    /// Seed of the random generator.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Average number of handoff rows per team.
    #[arg(long, value_name = "H", default_value_t = 10.0)]
    pub handoffs_per_team: f64,
    /// Number of journeys (default: one per 20 teams, between 5 and 5000).
    #[arg(long, value_name = "J")]
    pub journeys: Option<usize>,
    /// Output directory (created if missing; existing export files in it are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(args: GenerateArgs) -> anyhow::Result<Outcome> {
    if args.teams == 0 {
        return Err(
            seams::error::SeamsError::Usage("--teams must be at least 1".to_string()).into(),
        );
    }
    if !(args.handoffs_per_team.is_finite() && args.handoffs_per_team >= 0.0) {
        return Err(seams::error::SeamsError::Usage(
            "--handoffs-per-team must be a number ≥ 0".to_string(),
        )
        .into());
    }
    let out = seams::output::prepare_output_dir(&args.out, &[])?;
    let config = GenerateConfig {
        teams: args.teams,
        seed: args.seed,
        handoffs_per_team: args.handoffs_per_team,
        journeys: args.journeys,
    };
    let s = generate(&config, &out)?;
    print_stdout(&format!(
        "wrote {}: {} units ({} teams), {} systems, {} dependencies, {} handoffs, {} journeys ({} steps)\n",
        out.display(),
        s.units,
        s.teams,
        s.systems,
        s.dependencies,
        s.handoffs,
        s.journeys,
        s.journey_steps
    ))?;
    Ok(Outcome::Success)
}
