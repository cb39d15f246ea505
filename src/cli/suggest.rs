//! `seams suggest DIR`.

use std::path::PathBuf;

use clap::Args;
use seams::error::SeamsError;
use seams::output::OutputFile;
use seams::suggest::{render, suggest, Objective, SuggestOptions};

use super::options::AnalysisArgs;
use super::{print_stdout, Outcome};

/// Suggest the reorganisation that most reduces the work crossing silo boundaries (the
/// inverse Conway manoeuvre, computed), within limits you set.
///
/// Moves units (with everything below them) to other silos, best move first, refined by
/// Fiduccia–Mattheyses passes, and re-runs the full analysis after every move: the table shows
/// the org E-I, modularity, cross-silo journey seams, congruence and silo sizes after each,
/// recomputed. The result is never worse than moving misplaced teams into their community's
/// majority silo (the baseline, shown too). Also proposes the channels that close the
/// heaviest congruence gaps. Details: `seams help suggest`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  seams suggest sample-data
  seams suggest sample-data --max-moves 3 --balance 0.1 \\
      --fixed store-tills,web-checkout
  seams suggest sample-data --objective journeys --format markdown
  seams suggest org --write-changes changes.toml --approx 64
  seams whatif org --changes changes.toml

See also: seams help suggest (objective, moves, limits), seams whatif, seams explain")]
pub struct SuggestArgs {
    /// The export directory.
    pub dir: PathBuf,
    /// What to reduce: cross-silo handoff volume, or volume-weighted cross-silo journey seams.
    #[arg(long, value_enum, default_value_t = ObjectiveArg::Handoffs)]
    pub objective: ObjectiveArg,
    /// At most this many units end up under another parent.
    #[arg(long, value_name = "K", default_value_t = 5)]
    pub max_moves: usize,
    /// Every silo keeps its headcount (node count when headcounts are unknown) within ±B of
    /// today (0.2 = ±20%).
    #[arg(long, value_name = "B", default_value_t = 0.2)]
    pub balance: f64,
    /// Units that never move (comma-separated ids); a unit above one of them never moves either.
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub fixed: Vec<String>,
    /// Let customer-facing units move (by default they stay where customers know them).
    #[arg(long)]
    pub move_customer_facing: bool,
    /// Propose this many channels for the heaviest congruence gaps.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub channels: usize,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = SuggestFormat::Text)]
    pub format: SuggestFormat,
    /// Also write the moves and channels as a changes file for `seams whatif` (TOML).
    #[arg(long, value_name = "FILE")]
    pub write_changes: Option<PathBuf>,
    // Analysis options, shared with `seams analyze`.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// `--objective` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ObjectiveArg {
    /// Cross-silo handoff volume (the E of the org-wide E-I).
    Handoffs,
    /// Volume-weighted cross-silo journey seams.
    Journeys,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SuggestFormat {
    /// Readable terminal tables.
    Text,
    /// One JSON document.
    Json,
    /// A Markdown page.
    Markdown,
}

pub fn run(args: SuggestArgs) -> anyhow::Result<Outcome> {
    let plan = args.analysis.plan()?;
    if !(args.balance.is_finite() && args.balance >= 0.0) {
        return Err(SeamsError::Usage(format!(
            "--balance {}: expected a share ≥ 0 (0.2 = every silo within ±20% of today)",
            args.balance
        ))
        .into());
    }
    let changes = match &args.write_changes {
        Some(path) => Some(OutputFile::plan(path, &[args.dir.as_path()])?),
        None => None,
    };
    let (org, today) = plan.run(&args.dir)?;
    let mut fixed = Vec::new();
    let mut unknown = Vec::new();
    for id in args
        .fixed
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        match org.export.units.binary_search_by(|u| u.id.as_str().cmp(id)) {
            Ok(i) => fixed.push(i as u32),
            Err(_) => unknown.push(format!("`{}`", seams::text::printable(id))),
        }
    }
    if !unknown.is_empty() {
        return Err(SeamsError::Usage(format!(
            "--fixed: no unit {} in teams.csv (expected ids of teams.csv)",
            unknown.join(", ")
        ))
        .into());
    }
    let options = SuggestOptions {
        objective: match args.objective {
            ObjectiveArg::Handoffs => Objective::Handoffs,
            ObjectiveArg::Journeys => Objective::Journeys,
        },
        max_moves: args.max_moves,
        balance: args.balance,
        fixed,
        move_customer_facing: args.move_customer_facing,
        channels: args.channels,
        analysis: plan.analysis,
    };
    let found = suggest(&org, &today, &options)?;
    if let Some(file) = &changes {
        let command = format!("seams suggest {}", args.dir.display());
        let text = render::changes_toml(&org, &found, &command);
        file.write(|w| w.write_all(text.as_bytes()))?;
    }
    let out = match args.format {
        SuggestFormat::Text => render::text(&org, &found),
        SuggestFormat::Json => render::json(&org, &found),
        SuggestFormat::Markdown => render::markdown(&org, &found),
    };
    print_stdout(&out)?;
    Ok(Outcome::Success)
}
