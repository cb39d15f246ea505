//! `seams report DIR --out DIR`.

use std::path::PathBuf;

use clap::Args;
use seams::ingest::metadata::read_metadata;
use seams::output::OutputSet;
use seams::report::seam_report::{self, ReportHeader, ReportOptions};

use super::options::AnalysisArgs;
use super::{name_invalid_input, validate_hint, Outcome};

/// Write the seam report: one self-contained HTML page, the same as Markdown, and the charts.
///
/// report.html works offline and prints (inline SVG and CSS, no script, no web font);
/// report.md links the PNG charts, for a wiki or a pull request; charts/ holds every chart as
/// SVG and PNG: a journey seam chart per journey (the most seams × volume first, at most 12),
/// the silo matrix, the bottlenecks, the distance from the customer and the silo × community
/// chart. The title is --title, else the one in the export's export.toml, else the file it was
/// imported from (`seams help input-format`, "export.toml"). The same export always
/// gives byte-identical files. The --out directory must not be the export or inside it.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  seams report sample-data --out report
  seams report export/ --out /tmp/seams-report --silo-level 2 --weight volume
  seams report tickets/ --out report --title Q3-tickets

See also: seams explain (what each figure means), seams help output (\"Where outputs go\")")]
pub struct ReportArgs {
    /// The export directory.
    pub dir: PathBuf,
    /// Directory to write report.html, report.md and charts/ into (created if missing;
    /// never inside the export).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The report's title (default: the export's title in export.toml, else the file it was
    /// imported from, else the name of its root unit).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Replace --out even when it holds files seams did not write (they are deleted).
    #[arg(long)]
    pub force: bool,
    // Analysis options, shared with `seams analyze`.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

pub fn run(args: ReportArgs) -> anyhow::Result<Outcome> {
    // The plan: every flag checked before any file is opened.
    let plan = args.analysis.plan()?;
    let out = OutputSet::plan(&args.out, "report", &[&args.dir], args.force)?;
    let (org, analysis, warnings) = plan.run_with_warnings(&args.dir).map_err(|e| {
        name_invalid_input(
            e,
            &args.dir.display().to_string(),
            &validate_hint(&args.dir),
        )
    })?;
    let header = ReportHeader {
        title: args.title.clone(),
        export: read_metadata(&args.dir),
        warnings,
    };
    let report = out.write(|dir| {
        seam_report::build_and_write_with(&org, &analysis, &ReportOptions::default(), &header, dir)
    })?;
    eprintln!(
        "seams: wrote {} (and report.md, {} charts as SVG and PNG in charts/)",
        out.path().join("report.html").display(),
        report.journeys.len()
            + report.charts.len()
            + report.story.iter().filter(|s| s.chart.is_some()).count()
    );
    Ok(Outcome::Success)
}
