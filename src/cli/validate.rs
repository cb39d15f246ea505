//! `seams validate DIR`.

use std::path::PathBuf;

use clap::Args;
use seams::model::ModelOptions;

use super::{print_stdout, Format, Outcome};

/// Check an export: list every error and warning with file:line, and summarise what was read.
///
/// Prints the units per hierarchy depth, systems, dependencies, handoffs, journeys and the
/// silo level with its silos, then every error and warning. Exit 0 when the export is valid
/// (warnings allowed), 2 when it has errors.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  seams validate sample-data
  seams validate export/ --format json > problems.json
  seams validate export/ --silo-level 2

See also: seams help input-format (every file, column and limit)")]
pub struct ValidateArgs {
    /// The export directory (teams.csv and the optional systems.csv, dependencies.csv,
    /// handoffs.csv, journeys.csv).
    pub dir: PathBuf,
    /// Depth of the hierarchy whose units are the silos (0 = roots). Default: the shallowest
    /// depth with at least two units.
    #[arg(long, value_name = "N")]
    pub silo_level: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    // `--delimiter`, `--encoding`.
    #[command(flatten)]
    pub dialect: super::options::DialectArgs,
}

pub fn run(args: ValidateArgs) -> anyhow::Result<Outcome> {
    let options = ModelOptions {
        silo_level: args.silo_level,
    };
    let (v, org) = seams::validate_keeping(&args.dialect.files(&args.dir), &options)?;
    // The process exits right after printing: freeing the model's millions of small
    // allocations one by one would only cost time (docs/performance.md).
    std::mem::forget(org);
    let text = match args.format {
        Format::Text => seams::report::validate::render_text(&v),
        Format::Json => serde_json::to_string_pretty(&v)? + "\n",
    };
    if v.valid || args.format == Format::Json {
        print_stdout(&text)?;
    } else {
        // Problems go to stderr so a pipeline sees them even when stdout is redirected.
        eprint!("{text}");
    }
    Ok(if v.valid {
        Outcome::Success
    } else {
        Outcome::InvalidInput
    })
}
