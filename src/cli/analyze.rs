//! `seams analyze DIR`.

use std::path::PathBuf;

use clap::Args;
use seams::error::SeamsError;
use seams::metrics::{AnalysisOptions, Weight};
use seams::model::ModelOptions;

use super::{print_stdout, Format, Outcome};

/// Compute every metric: silos, bottlenecks, distance from the customer, Conway alignment and
/// journey seams.
///
/// By default prints a readable summary: headline figures, then the top rows of each table.
/// `--format json` prints one JSON document with every table (schema in docs/output.md);
/// `--out DIR` also writes one CSV per table. The same input always gives byte-identical JSON
/// and CSV, whatever --threads.
///
/// Betweenness is exact unless the graph is too large (n·m > 2·10¹⁰: it then samples 256
/// sources and says so); `--approx K` samples K sources, `--exact` forces exact.
///
/// Examples:
///   seams analyze sample-data
///   seams analyze sample-data --format json > analysis.json
///   seams analyze export/ --out results/ --weight volume --threads 4
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The export directory.
    pub dir: PathBuf,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also write one CSV file per table into this directory (never inside the export).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Depth of the hierarchy whose units are the silos (0 = roots). Default: the shallowest
    /// depth with at least two units.
    #[arg(long, value_name = "N")]
    pub silo_level: Option<u32>,
    /// Edge length for betweenness: hops (1 per handoff), volume (1/volume: busy channels are
    /// short) or wait (hours).
    #[arg(long, value_enum, default_value_t = WeightArg::Hops)]
    pub weight: WeightArg,
    /// Estimate betweenness from K sampled sources (K ≥ 2; K ≥ nodes means exact).
    #[arg(long, value_name = "K", conflicts_with = "exact")]
    pub approx: Option<usize>,
    /// Compute exact betweenness even on a very large graph.
    #[arg(long)]
    pub exact: bool,
    /// Seed for sampled betweenness.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// `--weight` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WeightArg {
    /// Every handoff has length 1.
    Hops,
    /// Length 1/volume.
    Volume,
    /// Length = wait hours.
    Wait,
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<Outcome> {
    // The plan: every flag checked before any file is opened.
    if let Some(k) = args.approx {
        if k < 2 {
            return Err(SeamsError::Usage(format!(
                "--approx {k}: sampling needs at least 2 sources (or leave --approx out for exact betweenness)"
            ))
            .into());
        }
    }
    if args.threads == Some(0) {
        return Err(SeamsError::Usage("--threads must be at least 1".to_string()).into());
    }
    if let Some(out) = &args.out {
        seams::output::refuse_inside_inputs(out, &[&args.dir])?;
    }
    let options = AnalysisOptions {
        weight: match args.weight {
            WeightArg::Hops => Weight::Hops,
            WeightArg::Volume => Weight::Volume,
            WeightArg::Wait => Weight::Wait,
        },
        approx: args.approx,
        exact: args.exact,
        seed: args.seed,
    };
    super::set_threads(args.threads)?;
    let (org, _warnings) = seams::load(
        &args.dir,
        &ModelOptions {
            silo_level: args.silo_level,
        },
    )?;
    let bar = super::progress_bar("betweenness");
    let analysis = seams::metrics::analyze(&org, &options, &|done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    let doc = seams::report::analysis::document(&org, &analysis);
    if let Some(out) = &args.out {
        let dir = seams::output::prepare_output_dir(out, &[&args.dir])?;
        seams::report::analysis::write_csv_tables(&doc, &dir)?;
    }
    let dir_text = args.dir.display().to_string();
    match args.format {
        Format::Text => print_stdout(&seams::report::summary::render(&org, &analysis, &dir_text))?,
        Format::Json => print_stdout(&seams::report::analysis::to_json(&doc))?,
    }
    Ok(Outcome::Success)
}
