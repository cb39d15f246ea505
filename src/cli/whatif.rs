//! `seams whatif DIR --changes FILE`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;
use seams::check::rules::RuleSet;
use seams::check::{format, Verdict};
use seams::error::SeamsError;
use seams::output::{OutputFile, OutputSet};

use super::check::CheckFormat;
use super::options::AnalysisArgs;
use super::{print_stdout, Outcome};

/// Try proposed changes (move, merge, channel, owner) on an export in memory: what would they do?
///
/// Applies the changes file (TOML: [[move]] a unit under a new parent, [[merge]] units into
/// one, open or close a [[channel]] of handoffs, change a system's [[owner]]; `seams help whatif`)
/// in file order, analyses the export before and after, and prints the same report as
/// `seams check`: rules, key figures, journeys and every change, regressions first. The result
/// is exactly what `seams check` says of the same edit made by hand to the CSV files.
///
/// Rules come from `--rules seams.toml` or the defaults, as for `seams check` (`seams help ci`).
/// `--write OUT` also writes the changed export (every CSV file of the export, every column
/// kept).
///
/// Exit codes: 0 every rule of severity error holds, 1 a rule of severity error failed, 2 bad
/// input (a bad changes file or a change that cannot be applied, every problem as FILE:LINE;
/// an invalid export; a bad rules file or flag).
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  seams whatif sample-data --changes sample-data/whatif/changes.toml
  seams whatif sample-data --changes sample-data/whatif/changes.toml \\
      --format markdown
  seams whatif org --changes proposal.toml --rules seams.toml \\
      --junit whatif-junit.xml
  seams whatif org --changes proposal.toml --write org-after

See also: seams help whatif (the changes file), seams help ci (the rules), seams check")]
pub struct WhatifArgs {
    /// Export directory (teams.csv, …).
    pub dir: PathBuf,
    /// The changes to try (TOML; `seams help whatif`).
    #[arg(long, value_name = "FILE")]
    pub changes: PathBuf,
    /// Rules file (TOML, e.g. seams.toml); its rules override the defaults one by one.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Also write the JUnit report to this file (whatever --format is).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Also write the changed export into this directory (replaced whole).
    #[arg(long, value_name = "DIR")]
    pub write: Option<PathBuf>,
    /// Replace the --write directory even if it holds files seams did not write.
    #[arg(long, requires = "write")]
    pub force: bool,
    // Analysis options (as `seams analyze`), applied to both sides.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

pub fn run(args: WhatifArgs) -> anyhow::Result<Outcome> {
    // The plan: every flag, the rules file and the outputs checked before an export is read.
    let plan = args.analysis.plan()?;
    let rules = match &args.rules {
        None => RuleSet::defaults(),
        Some(path) => match RuleSet::from_file(path) {
            Ok(r) => r,
            Err(e) => {
                return Err(super::name_invalid_input(
                    e,
                    &format!("the rules file {}", path.display()),
                    "`seams help ci` documents every rule",
                ))
            }
        },
    };
    let mut inputs: Vec<&Path> = vec![&args.dir, &args.changes];
    inputs.extend(args.rules.as_deref());
    let write = match &args.write {
        Some(out) => Some(OutputSet::plan(out, "whatif", &inputs, args.force)?),
        None => None,
    };
    let junit = match &args.junit {
        Some(path) => Some(OutputFile::plan(path, &inputs)?),
        None => None,
    };
    super::set_threads(plan.threads)?;
    let result = seams::whatif::evaluate(&args.dir, &args.changes, &plan.model, &plan.analysis);
    let whatif = match result {
        Ok(w) => w,
        Err(SeamsError::InvalidInput(d))
            if d.items
                .first()
                .is_some_and(|i| i.file.as_deref() == Some(args.changes.as_path())) =>
        {
            return Err(super::name_invalid_input(
                SeamsError::InvalidInput(d),
                &format!("the changes file {}", args.changes.display()),
                "`seams help whatif` documents the changes file",
            ))
        }
        Err(e) => {
            return Err(super::name_invalid_input(
                e,
                &args.dir.display().to_string(),
                &super::validate_hint(&args.dir),
            ))
        }
    };
    let report = whatif.report(
        &rules,
        &args.dir.display().to_string(),
        &format!("{} + {}", args.dir.display(), args.changes.display()),
    );
    if let Some(set) = &write {
        set.write(|dir| whatif.write(dir))?;
    }
    if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        eprint!("{}", format::github_annotations(&report));
    }
    if let Some(junit) = &junit {
        let xml = format::junit(&report);
        junit.write(|w| w.write_all(xml.as_bytes()))?;
    }
    let out = match args.format {
        CheckFormat::Text => {
            let colour = std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").map_or(true, |v| v.is_empty());
            format::text(&report, colour)
        }
        CheckFormat::Markdown => format::markdown(&report),
        CheckFormat::Json => format::json(&report),
        CheckFormat::Junit => format::junit(&report),
    };
    print_stdout(&out)?;
    Ok(match report.verdict() {
        Verdict::Fail => Outcome::RuleFailed,
        Verdict::Pass | Verdict::PassWithWarnings => Outcome::Success,
    })
}
