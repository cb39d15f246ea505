//! `seams import-log FILE --case C --activity A --time T --team G [--silo S] --out DIR`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use seams::error::{Diagnostics, SeamsError};
use seams::import::import_log;
use seams::ingest::eventlog::{
    check_xes_columns, detect_format, ImportOptions, ImportSummary, LogColumns, LogFormat,
    DEFAULT_ACTIVITY, DEFAULT_CASE, DEFAULT_TIME,
};
use seams::output::OutputSet;

use super::{print_stdout, Outcome};

/// Turn a process-mining event log (ticketing, case management) into an export.
///
/// The log is one CSV file with a row per event; name its columns with the flags. Each case
/// becomes a journey (steps ordered by timestamp, ties kept in file order), each team a unit,
/// and each change of team between consecutive events of a case a handoff. Writes teams.csv,
/// handoffs.csv and journeys.csv into --out, ready for `seams validate`, `analyze`, `report`.
///
/// Timestamps: ISO 8601 with or without an offset (2011-10-11T11:45:40.276Z,
/// 2011-10-11T11:45:40+02:00, 2011-10-11 11:45:40; no offset = UTC), or Unix seconds
/// (1318333540, 1318333540.276). Any other value is an error at its line: all errors are
/// listed at once and nothing is written (exit 2). A row with a blank team is skipped with a
/// warning. Two flags naming the same column are a usage error. A value that a spreadsheet
/// would run as a formula (=, +, -, @) is written with a leading ' that validate and analyze
/// drop again. docs/event-logs.md explains the mapping.
///
/// XES and XES.gz logs (by extension .xes/.xes.gz, or by content) are read too: flags then
/// name attributes, and --case/--activity/--time default to the trace's concept:name, the
/// event's concept:name and time:timestamp (--team org:group, --team org:resource). <global>
/// defaults are not filled in: an event without its own team attribute is skipped.
///
/// Example (the WABO building-permit log shipped with the tests):
///
///     seams import-log tests/fixtures/realdata/wabo-receipt/events.csv \
///         --case case_id --activity activity --time timestamp --team group \
///         --out /tmp/wabo
///     seams validate /tmp/wabo && seams analyze /tmp/wabo
///     seams import-log tests/fixtures/realdata/wabo-receipt/receipt.xes.gz \
///         --team org:group --out /tmp/wabo-xes
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ImportLogArgs {
    /// The event log: a CSV file with a header row, one row per event (or an XES / XES.gz log).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Column holding the case id (ticket, application, order): one journey per case.
    /// Required for CSV; for XES a trace attribute, by default concept:name.
    #[arg(long, value_name = "COLUMN")]
    pub case: Option<String>,
    /// Column holding the activity (what was done): each step's activity.
    /// Required for CSV; for XES an event attribute, by default concept:name.
    #[arg(long, value_name = "COLUMN")]
    pub activity: Option<String>,
    /// Column holding the event's timestamp: orders the steps and gives the waits.
    /// Required for CSV; for XES an event attribute, by default time:timestamp.
    #[arg(long, value_name = "COLUMN")]
    pub time: Option<String>,
    /// Column holding the team (group, queue, resource pool) that did the event.
    #[arg(long, value_name = "COLUMN")]
    pub team: String,
    /// Column naming each team's higher unit (department, division): the team's parent is the
    /// value it appears under most often (ties → the smaller id; a warning lists teams seen
    /// under several). A value equal to a team id becomes `silo:VALUE`. Without it every team
    /// is a root unit.
    #[arg(long, value_name = "COLUMN")]
    pub silo: Option<String>,
    /// Merge consecutive events of a case by the same team into one step (the step's activity
    /// is its first event's; journeys.csv gets an `events` column). Handoffs do not change.
    #[arg(long)]
    pub collapse_repeats: bool,
    /// Output directory (created if missing, replaced whole: docs/output.md, "Where outputs
    /// go"); it may sit beside the log, but must not hold it.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace --out even when it holds files seams did not write (they are deleted).
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: ImportLogArgs) -> anyhow::Result<Outcome> {
    // The plan is checked before the log is opened.
    let out = OutputSet::plan(&args.out, "import-log", &[&args.file], args.force)?;
    if args.file.is_dir() {
        return Err(SeamsError::Usage(format!(
            "{} is a directory (expected the event log, one CSV file)",
            args.file.display()
        ))
        .into());
    }
    let format = detect_format(&args.file);
    let (case, activity, time) = match format {
        LogFormat::Xes => (
            args.case.unwrap_or_else(|| DEFAULT_CASE.into()),
            args.activity.unwrap_or_else(|| DEFAULT_ACTIVITY.into()),
            args.time.unwrap_or_else(|| DEFAULT_TIME.into()),
        ),
        LogFormat::Csv => match (args.case, args.activity, args.time) {
            (Some(c), Some(a), Some(t)) => (c, a, t),
            (c, a, t) => {
                let missing: Vec<&str> = [
                    ("--case", c.is_none()),
                    ("--activity", a.is_none()),
                    ("--time", t.is_none()),
                ]
                .into_iter()
                .filter_map(|(flag, absent)| absent.then_some(flag))
                .collect();
                return Err(SeamsError::Usage(format!(
                    "{} is a CSV log: {} must name its column{} (expected --case, --activity and --time; only an XES log has default attributes)",
                    args.file.display(),
                    missing.join(", "),
                    if missing.len() == 1 { "" } else { "s" }
                ))
                .into());
            }
        },
    };
    let options = ImportOptions {
        columns: LogColumns {
            case,
            activity,
            time,
            team: args.team,
            silo: args.silo,
        },
        collapse_repeats: args.collapse_repeats,
    };
    match format {
        LogFormat::Csv => options.columns.check()?,
        LogFormat::Xes => check_xes_columns(&options.columns)?,
    }

    let spinner = indicatif::ProgressBar::new_spinner()
        .with_message(format!("importing {}", args.file.display()));
    spinner.enable_steady_tick(Duration::from_millis(120));
    let imported = import_log(&args.file, &options, &out);
    spinner.finish_and_clear();
    let imported = match imported {
        Ok(i) => i,
        Err(SeamsError::InvalidInput(mut d)) => {
            Diagnostics::sort_for_reading(&mut d.items);
            eprint!("{d}");
            eprintln!(
                "seams: {} error(s) in {}; nothing was written (fix them and run again)",
                d.error_count(),
                args.file.display()
            );
            return Ok(Outcome::InvalidInput);
        }
        Err(e) => return Err(e.into()),
    };
    for w in &imported.warnings {
        eprintln!("warning: {w}");
    }
    print_stdout(&summary_line(out.path(), &imported.export.summary))?;
    Ok(Outcome::Success)
}

fn summary_line(out: &Path, s: &ImportSummary) -> String {
    let skipped = if s.skipped_blank_team > 0 {
        format!(" ({} rows with a blank team skipped)", s.skipped_blank_team)
    } else {
        String::new()
    };
    let silos = if s.silos > 0 {
        format!(
            " under {} silo{}",
            s.silos,
            if s.silos == 1 { "" } else { "s" }
        )
    } else {
        String::new()
    };
    format!(
        "wrote {}: {} events{skipped} in {} cases → {} teams{silos}, {} journey steps, \
         {} seams over {} handoff pairs\nnext: seams validate {}\n",
        out.display(),
        s.events,
        s.cases,
        s.teams,
        s.steps,
        s.seams,
        s.handoff_pairs,
        out.display()
    )
}
