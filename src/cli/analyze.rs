//! `seams analyze DIR`.

use std::path::{Path, PathBuf};

use clap::Args;
use seams::output::OutputSet;

use super::options::AnalysisArgs;
use super::{name_invalid_input, print_stdout, validate_hint, write_stdout, Format, Outcome};

/// Compute every metric: silos, bottlenecks, distance from the customer, Conway alignment and
/// journey seams.
///
/// By default prints a readable summary: headline figures, then the top rows of each table.
/// `--format json` prints one JSON document with every table (`seams help output` documents
/// each); `--out DIR` also writes one CSV per table. The same input always gives
/// byte-identical JSON and CSV, whatever --threads.
///
/// Betweenness is exact unless the graph is too large (n·m > 2·10¹⁰: it then samples 256
/// sources and says so); `--approx K` samples K sources, `--exact` forces exact.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  seams analyze sample-data
  seams analyze sample-data --format json > analysis.json
  seams analyze export/ --out results/ --weight volume --threads 4
  seams analyze big-export/ --approx 256 --seed 7

See also: seams help output (every table and column), seams explain (each figure)")]
pub struct AnalyzeArgs {
    /// The export directory.
    pub dir: PathBuf,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also write one CSV file per table into this directory (never inside the export). The
    /// directory is replaced whole (`seams help output`, "Where outputs go").
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace --out even when it holds files seams did not write (they are deleted).
    #[arg(long, requires = "out")]
    pub force: bool,
    // Analysis options, shared with `seams report`.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<Outcome> {
    // The plan: every flag checked before any file is opened.
    let plan = args.analysis.plan()?;
    let out = match &args.out {
        Some(out) => Some(OutputSet::plan(out, "analyze", &[&args.dir], args.force)?),
        None => None,
    };
    let (org, analysis) = plan.run(&args.dir).map_err(|e| {
        name_invalid_input(
            e,
            &args.dir.display().to_string(),
            &validate_hint(&args.dir),
        )
    })?;
    let doc = seams::report::analysis::document(&org, &analysis);
    super::phases::phase("tables");
    if let Some(out) = &out {
        out.write(|dir| seams::report::analysis::write_csv_tables(&doc, dir))?;
        eprintln!("seams: {}", wrote_tables(out.path(), &doc));
    }
    let dir_text = args.dir.display().to_string();
    match args.format {
        Format::Text => print_stdout(&seams::report::summary::render(&org, &analysis, &dir_text))?,
        Format::Json => write_stdout(|w| seams::report::analysis::write_json(&doc, w))?,
    }
    super::phases::phase("written");
    Ok(Outcome::Success)
}

/// What `--out` received: `wrote 17 tables to results/ (org.csv, units.csv, silos.csv, …)`.
fn wrote_tables(out: &Path, doc: &seams::report::analysis::AnalysisDocument) -> String {
    let names: Vec<String> = std::iter::once("org")
        .chain(doc.tables.iter().map(|t| t.name))
        .map(|n| format!("{n}.csv"))
        .collect();
    let shown = names.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    let more = if names.len() > 3 { ", …" } else { "" };
    format!(
        "wrote {} tables to {}{} ({shown}{more})",
        names.len(),
        out.display(),
        if out.as_os_str().to_string_lossy().ends_with('/') {
            ""
        } else {
            "/"
        }
    )
}
