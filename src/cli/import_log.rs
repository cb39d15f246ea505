//! `seams import-log FILE --case C --activity A --time T --team G [--silo S] --out DIR`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use seams::error::{Diagnostics, SeamsError};
use seams::import::import_log;
use seams::ingest::eventlog::{ImportOptions, ImportSummary, LogColumns};
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
/// Example (the WABO building-permit log shipped with the tests):
///
///     seams import-log tests/fixtures/realdata/wabo-receipt/events.csv \
///         --case case_id --activity activity --time timestamp --team group \
///         --out /tmp/wabo
///     seams validate /tmp/wabo && seams analyze /tmp/wabo
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ImportLogArgs {
    /// The event log: a CSV file with a header row, one row per event.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Column holding the case id (ticket, application, order): one journey per case.
    #[arg(long, value_name = "COLUMN")]
    pub case: String,
    /// Column holding the activity (what was done): each step's activity.
    #[arg(long, value_name = "COLUMN")]
    pub activity: String,
    /// Column holding the event's timestamp: orders the steps and gives the waits.
    #[arg(long, value_name = "COLUMN")]
    pub time: String,
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
    // `--delimiter`, `--encoding`.
    #[command(flatten)]
    pub dialect: super::options::DialectArgs,
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
    let options = ImportOptions {
        columns: LogColumns {
            case: args.case,
            activity: args.activity,
            time: args.time,
            team: args.team,
            silo: args.silo,
        },
        collapse_repeats: args.collapse_repeats,
        read: args.dialect.options(),
    };
    options.columns.check()?;

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
