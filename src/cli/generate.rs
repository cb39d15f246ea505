//! `seams generate --teams N --seed S --out DIR`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use seams::error::SeamsError;
use seams::generate::{generate, GenerateConfig, GenerateError, JourneyStyle};

use super::{print_stdout, Outcome};

/// Write a realistic synthetic organisation (all five CSV files), for demos and benchmarks.
///
/// Company → divisions → departments → teams, ~15 % customer-facing teams, shared-service hubs,
/// systems with owners and dependencies, heavy-tailed handoffs mostly inside departments, and
/// journeys of 5–15 steps (or, with `--journey-style log`, cases of 20–120 steps like a
/// ticketing log). Every unit has its own name, from its division's vocabulary. The same seed
/// always gives byte-identical files.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  seams generate --teams 10000 --seed 1 --out /tmp/org-10k
  seams generate --teams 200 --journeys 30 --handoffs-per-team 4 --out demo
  seams generate --teams 3000 --journey-style log --journeys 5000 --out /tmp/log

See also: seams help input-format (the files it writes), seams help performance")]
pub struct GenerateArgs {
    /// Number of teams (leaf units) to generate.
    #[arg(long, value_name = "N")]
    pub teams: usize,
    /// Seed of the random generator.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Average number of handoff rows per team.
    #[arg(long, value_name = "H", default_value = "10", value_parser = parse_density)]
    pub handoffs_per_team: Density,
    /// Number of journeys (default: one per 20 teams, between 5 and 5000; in the log style
    /// one per 10 teams, between 1000 and 10000).
    #[arg(long, value_name = "J")]
    pub journeys: Option<usize>,
    /// What journeys look like: `short` customer journeys of 5–15 steps, or `log`: cases of
    /// 20–120 steps with runs of one team, ping-pong between two teams, a few dominant
    /// variants and a long tail, one case each (volume 1).
    #[arg(long, value_name = "STYLE", value_enum, default_value_t = Style::Short)]
    pub journey_style: Style,
    /// Output directory (created if missing; existing export files in it are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// `--journey-style` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Style {
    /// Customer journeys of 5–15 steps (the default).
    Short,
    /// Long, repetitive cases like a ticketing log.
    Log,
}

impl From<Style> for JourneyStyle {
    fn from(s: Style) -> Self {
        match s {
            Style::Short => JourneyStyle::Short,
            Style::Log => JourneyStyle::Log,
        }
    }
}

/// `--handoffs-per-team` as typed, beside its value, so that a message quotes the user's text
/// (`18446744073709551615`, not the nearest float's `18446744073709552000`).
#[derive(Debug, Clone)]
pub struct Density {
    value: f64,
    text: String,
}

fn parse_density(text: &str) -> Result<Density, std::num::ParseFloatError> {
    Ok(Density {
        value: text.parse()?,
        text: text.to_string(),
    })
}

pub fn run(args: GenerateArgs) -> anyhow::Result<Outcome> {
    let config = GenerateConfig {
        teams: args.teams,
        seed: args.seed,
        handoffs_per_team: args.handoffs_per_team.value,
        journeys: args.journeys,
        journey_style: args.journey_style.into(),
    };
    // Checked before the output directory is created. The library holds the limits; this only
    // words them for the flags.
    if let Err(e) = config.validate() {
        return Err(SeamsError::Usage(flag_message(&e, &args.handoffs_per_team.text)).into());
    }
    let out = seams::output::prepare_output_dir(&args.out, &[])?;
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

/// The library's [`GenerateError`] in the words of this command's flags.
fn flag_message(e: &GenerateError, density: &str) -> String {
    match e {
        GenerateError::NoTeams => {
            "--teams must be at least 1 (the number of leaf teams to generate)".to_string()
        }
        GenerateError::TooManyTeams { teams, max } => {
            format!("--teams {teams} is too large (at most {max})")
        }
        GenerateError::HandoffsPerTeamOutOfRange { max, .. } => format!(
            "--handoffs-per-team {density} is out of range (expected a number from 0 to {max})"
        ),
        GenerateError::TooManyJourneys { journeys, max } => {
            format!("--journeys {journeys} is too large (at most {max})")
        }
        GenerateError::TooManyHandoffs { teams, max, .. } => format!(
            "--teams {teams} with --handoffs-per-team {density} is too many handoff rows \
             (at most {max} in all: lower one of them)"
        ),
    }
}
