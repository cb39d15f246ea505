//! `seams check --baseline A --candidate B`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;
use seams::check::diff::Facts;
use seams::check::rules::RuleSet;
use seams::check::source::ExportSource;
use seams::check::{format, Verdict};
use seams::error::SeamsError;

use super::options::AnalysisArgs;
use super::{name_invalid_input, print_stdout, validate_hint, Outcome};

/// Compare a candidate export with a baseline and check rules: a CI gate for org-chart changes.
///
/// Says what the change does to silos, seams and the customer: rule results first, then the
/// org-wide figures, the journeys, and every change sorted by importance (regressions,
/// improvements, other changed figures, structural changes).
///
/// Rules come from `--rules seams.toml` (merged over the defaults) or the defaults, which
/// fail only on regressions: no_new_unreachable (error), no_new_articulation_points,
/// no_new_congruence_gaps and max_seam_increase = 0 (warnings). `seams help ci` documents
/// every rule and a CI workflow.
///
/// Exit codes: 0 every rule of severity error holds (warnings allowed), 1 a rule of severity
/// error failed, 2 bad input (an invalid export, a bad rules file, a bad flag).
///
/// When GITHUB_ACTIONS=true, failed rules are also written to stderr as workflow annotations
/// (::error / ::warning).
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  seams check --baseline sample-data --candidate sample-data/reorg
  seams check --baseline sample-data --candidate sample-data/reorg \\
      --rules sample-data/reorg/seams.toml
  seams check --baseline origin/main:org --candidate org \\
      --format markdown >> \"$GITHUB_STEP_SUMMARY\"
  seams check --baseline HEAD~1:org --candidate org --rules seams.toml \\
      --junit seams-junit.xml

See also: seams help ci (every rule, a CI workflow), seams explain (each figure)")]
pub struct CheckArgs {
    /// The export before the change: a directory, or REV:PATH to read it from a git revision
    /// of the current repository (e.g. origin/main:org). An existing directory named like the
    /// argument wins.
    #[arg(long, value_name = "DIR|REV:PATH")]
    pub baseline: String,
    /// The export after the change: a directory (or REV:PATH).
    #[arg(long, value_name = "DIR|REV:PATH")]
    pub candidate: String,
    /// Rules file (TOML, e.g. seams.toml); its rules override the defaults one by one.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Also write the JUnit report to this file (whatever --format is).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Also write the before/after as a self-contained HTML page, OUT/report.html: the rules,
    /// the figures that moved, and the journeys that gained or lost seams with their charts
    /// before and after (never inside an export).
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// Replace the --report directory even when it holds files seams did not write.
    #[arg(long, requires = "report")]
    pub force: bool,
    // Analysis options (as `seams analyze`), applied to both sides.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// `--format` values of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// For a terminal (coloured when stdout is a terminal and NO_COLOR is unset).
    Text,
    /// GitHub-flavoured Markdown, for a pull-request comment or a job summary.
    Markdown,
    /// One JSON document with a schema_version.
    Json,
    /// JUnit XML: one test case per rule.
    Junit,
}

pub fn run(args: CheckArgs) -> anyhow::Result<Outcome> {
    // The plan: every flag and the rules file checked before an export is read.
    let plan = args.analysis.plan()?;
    let rules = match &args.rules {
        None => RuleSet::defaults(),
        Some(path) => RuleSet::from_file(path).map_err(|e| {
            name_invalid_input(
                e,
                &format!("the rules file {}", path.display()),
                "`seams help ci` documents every rule",
            )
        })?,
    };
    let baseline = ExportSource::resolve(&args.baseline, "--baseline")?;
    let candidate = ExportSource::resolve(&args.candidate, "--candidate")?;
    if let Some(junit) = &args.junit {
        refuse_junit_path(junit, &[("baseline", &baseline), ("candidate", &candidate)])?;
    }
    let junit = match &args.junit {
        Some(junit) => {
            let mut inputs: Vec<&std::path::Path> = [&baseline, &candidate]
                .iter()
                .filter(|s| !s.from_git())
                .map(|s| s.dir())
                .collect();
            inputs.extend(args.rules.as_deref());
            Some(seams::output::OutputFile::plan(junit, &inputs)?)
        }
        None => None,
    };
    let report_set = match &args.report {
        Some(out) => {
            let mut inputs: Vec<&Path> = [&baseline, &candidate].iter().map(|s| s.dir()).collect();
            inputs.extend(args.rules.as_deref());
            Some(seams::output::OutputSet::plan(
                out,
                "check-report",
                &inputs,
                args.force,
            )?)
        }
        None => None,
    };
    // Loaded here rather than with `plan.run`: the pool is sized once for both sides, and the
    // diagnostics of a git revision are relabelled REV:PATH/file.
    super::set_threads(plan.threads)?;
    // The models and analyses are kept only for --report (its journey charts).
    type Analysed = (Facts, Option<(seams::model::Org, seams::metrics::Analysis)>);
    let keep = report_set.is_some();
    let facts = |source: &ExportSource, what: &str| -> anyhow::Result<Analysed> {
        let (org, _warnings) = seams::load_from(&plan.dialect.files(source.dir()), &plan.model)
            .map_err(|e| {
                let hint = if source.from_git() {
                    "`seams validate` on a checkout of that revision lists them all".to_string()
                } else {
                    validate_hint(source.dir())
                };
                name_invalid_input(source.relabel(e), source.label(), &hint)
            })?;
        let bar = super::progress_bar(what);
        let analysis =
            seams::metrics::analyze_with_progress(&org, &plan.analysis, &|done, total| {
                bar.set_length(total);
                bar.set_position(done);
            })?;
        bar.finish_and_clear();
        let facts = Facts::of(&org, &analysis);
        Ok((facts, keep.then_some((org, analysis))))
    };
    let (base, base_model) = facts(&baseline, "baseline")?;
    let (cand, cand_model) = facts(&candidate, "candidate")?;
    let mut report = seams::check::check(
        (&base, baseline.label()),
        (&cand, candidate.label()),
        &rules,
    );
    report.locations = seams::check::Locations {
        candidate_dir: candidate.repo_dir().map(str::to_string),
        rules_file: args
            .rules
            .as_deref()
            .and_then(seams::check::source::repo_relative),
    };

    if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        // stderr, so that stdout stays the chosen format (e.g. >> $GITHUB_STEP_SUMMARY);
        // the runner reads workflow commands from both streams.
        eprint!("{}", format::github_annotations(&report));
    }
    if let Some(junit) = &junit {
        let xml = format::junit(&report);
        junit.write(|w| w.write_all(xml.as_bytes()))?;
    }
    if let (Some(set), Some(b), Some(c)) = (&report_set, &base_model, &cand_model) {
        use seams::report::check_report::{self, Side};
        let (base_side, cand_side) = (
            Side {
                org: &b.0,
                analysis: &b.1,
            },
            Side {
                org: &c.0,
                analysis: &c.1,
            },
        );
        let html = check_report::render(&report, base_side, cand_side)?;
        set.write(|dir| check_report::write(dir, &html))?;
        eprintln!("wrote {}", set.path().join(check_report::PAGE).display());
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

/// Refuses a `--junit` file inside either export: a directory given as such (nothing is ever
/// written into an input), or the temporary copy of a `REV:PATH` export, which is removed when
/// check ends (so the file would be lost) — or any `seams-baseline-*` folder of the system's
/// temporary directory, where those copies live.
fn refuse_junit_path(junit: &Path, sides: &[(&str, &ExportSource)]) -> Result<(), SeamsError> {
    let refuse = |why: String| {
        SeamsError::Usage(format!(
            "--junit {}: refusing to write {why} (choose a path outside the exports)",
            junit.display()
        ))
    };
    for (side, source) in sides {
        if seams::output::refuse_inside_inputs(junit, &[source.dir()]).is_err() {
            return Err(refuse(if source.from_git() {
                format!(
                    "inside the temporary copy of a REV:PATH export ({} {}), which is removed when seams check ends",
                    side,
                    source.label()
                )
            } else {
                format!("inside the {side} export {}", source.label())
            }));
        }
    }
    let abs = std::env::current_dir()
        .map(|d| d.join(junit))
        .unwrap_or_else(|_| junit.to_path_buf());
    let temp = std::env::temp_dir();
    let temp = temp.canonicalize().unwrap_or(temp);
    for dir in abs.ancestors().skip(1) {
        let copy = dir
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(seams::check::source::TEMP_PREFIX));
        let parent = dir
            .parent()
            .map(|p| p.canonicalize().unwrap_or(p.to_path_buf()));
        if copy && parent.as_deref() == Some(temp.as_path()) {
            return Err(refuse(format!(
                "inside the temporary copy of a REV:PATH export ({}), which is removed when seams check ends",
                dir.display()
            )));
        }
    }
    Ok(())
}
