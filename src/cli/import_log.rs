//! `seams import-log FILE --case C --activity A --time T --team G [--silo S] --out DIR`, or
//! `--into DIR [--map FILE]` to add the log to an existing export.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use seams::error::{Diagnostics, SeamsError};
use seams::import::{import_log, import_log_into};
use seams::ingest::eventlog::customer::activity_pattern;
use seams::ingest::eventlog::{
    check_xes_columns, detect_format, ImportOptions, ImportSummary, LogColumns, LogFormat, Period,
    TimeReading, DEFAULT_ACTIVITY, DEFAULT_CASE, DEFAULT_TIME,
};
use seams::output::OutputSet;

use super::{name_invalid_input, print_stdout, Outcome};

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
/// drop again.
///
/// Other times: --time-format "%d.%m.%Y %H:%M" (strftime, read with jiff) and --timezone
/// Europe/Amsterdam for times without an offset. --from/--until keep the cases that start in
/// a period (recorded in export.toml). --customer-activity "Customer.*|Call.*" and
/// --customer-team ID,… say where the customer touches the journeys. --into DIR writes
/// handoffs.csv and journeys.csv into an existing export, keeping its teams.csv; --map FILE
/// (value,unit) renames log values to its unit ids.
///
/// XES and XES.gz logs (by extension .xes/.xes.gz, or by content) are read too: flags then
/// name attributes, and --case/--activity/--time default to the trace's concept:name, the
/// event's concept:name and time:timestamp (--team org:group, --team org:resource). <global>
/// defaults are not filled in: an event without its own team attribute is skipped.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  seams import-log tickets.csv --case ticket_id --activity action \\
      --time created_at --team assigned_group --silo department --out tickets
  seams import-log tests/fixtures/realdata/wabo-receipt/events.csv \\
      --case case_id --activity activity --time timestamp --team group \\
      --out /tmp/wabo
  seams validate /tmp/wabo && seams analyze /tmp/wabo
  seams import-log tickets.csv --case id --activity action --time opened \\
      --team group --time-format %d.%m.%Y --into hr-export --map groups.csv

See also: seams help event-logs (the mapping, step by step)")]
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
    /// is a root unit. Not with --into (the hierarchy is the export's teams.csv).
    #[arg(long, value_name = "COLUMN", conflicts_with = "into")]
    pub silo: Option<String>,
    /// A strftime pattern for the time column (e.g. "%d.%m.%Y %H:%M", "%m/%d/%Y %I:%M %p"),
    /// read with jiff. Without it: ISO 8601 or Unix seconds.
    #[arg(long, value_name = "PATTERN")]
    pub time_format: Option<String>,
    /// Time zone of times without an offset: an IANA name (Europe/Amsterdam) or an offset
    /// (+02:00). Default UTC.
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
    /// Keep only cases whose first event is at or after this date or timestamp (ISO 8601;
    /// a date is midnight in --timezone).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Keep only cases whose first event is before this date or timestamp (exclusive).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Activities in which the customer takes part (a regular expression matching the whole
    /// activity, e.g. "Customer.*|Call.*"): adds customer → team when such an event starts
    /// its case, team → customer when it ends it, both in between.
    #[arg(long, value_name = "REGEX")]
    pub customer_activity: Option<String>,
    /// Teams (values of the team column) that face the customer: customer_facing=true in
    /// teams.csv. Not with --into (mark them in the export's teams.csv).
    #[arg(
        long,
        value_name = "ID,...",
        value_delimiter = ',',
        conflicts_with = "into"
    )]
    pub customer_team: Vec<String>,
    /// Merge consecutive events of a case by the same team into one step (the step's activity
    /// is its first event's; journeys.csv gets an `events` column). Handoffs do not change.
    #[arg(long)]
    pub collapse_repeats: bool,
    /// Output directory (created if missing, replaced whole: `seams help output`, "Where
    /// outputs go"); it may sit beside the log, but must not hold it.
    #[arg(
        long,
        value_name = "DIR",
        required_unless_present = "into",
        conflicts_with = "into"
    )]
    pub out: Option<PathBuf>,
    /// An existing export: write handoffs.csv, journeys.csv and export.toml into it and keep
    /// its teams.csv and every other file. Every team of the log must be a unit there.
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,
    /// With --into: a CSV file `value,unit` renaming log team values to unit ids.
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// Replace --out even when it holds files seams did not write (they are deleted).
    #[arg(long, conflicts_with = "into")]
    pub force: bool,
    // `--delimiter`, `--encoding`.
    #[command(flatten)]
    pub dialect: super::options::DialectArgs,
}

/// The options of the flags, checked before the log is opened.
fn options(
    args: &ImportLogArgs,
    columns: LogColumns,
    format: LogFormat,
) -> Result<ImportOptions, SeamsError> {
    let mut options = ImportOptions::new(columns);
    options.collapse_repeats = args.collapse_repeats;
    options.read = args.dialect.options();
    match format {
        LogFormat::Csv => options.columns.check()?,
        LogFormat::Xes => check_xes_columns(&options.columns)?,
    }
    options.time = TimeReading::new(args.time_format.as_deref(), args.timezone.as_deref())
        .map_err(SeamsError::Usage)?;
    let bound = |flag: &str, v: &Option<String>| {
        v.as_deref()
            .map(|t| {
                options
                    .time
                    .parse_bound(t)
                    .map_err(|m| SeamsError::Usage(format!("{flag}: {m}")))
            })
            .transpose()
    };
    let period = Period {
        from: bound("--from", &args.from)?,
        until: bound("--until", &args.until)?,
    };
    if let (Some(f), Some(u)) = (period.from, period.until) {
        if f >= u {
            return Err(SeamsError::Usage(format!(
                "--from {} is not before --until {} (expected a period: from inclusive, until exclusive)",
                args.from.as_deref().unwrap_or(""),
                args.until.as_deref().unwrap_or("")
            )));
        }
    }
    options.period = period;
    if let Some(p) = &args.customer_activity {
        options.customer.activity = Some(activity_pattern(p).map_err(SeamsError::Usage)?);
    }
    options.customer.teams = args
        .customer_team
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    Ok(options)
}

pub fn run(args: ImportLogArgs) -> anyhow::Result<Outcome> {
    // The plan is checked before the log is opened.
    let out = match &args.out {
        Some(out) => Some(OutputSet::plan(
            out,
            "import-log",
            &[&args.file],
            args.force,
        )?),
        None => None,
    };
    if args.file.is_dir() {
        return Err(SeamsError::Usage(format!(
            "{} is a directory (expected the event log, one CSV file)",
            args.file.display()
        ))
        .into());
    }
    if args.map.is_some() && args.into.is_none() {
        return Err(SeamsError::Usage(
            "--map renames log values to the units of an existing export (expected --into DIR with it)".into(),
        )
        .into());
    }
    let format = detect_format(&args.file);
    let (case, activity, time) = match format {
        LogFormat::Xes => (
            args.case.clone().unwrap_or_else(|| DEFAULT_CASE.into()),
            args.activity
                .clone()
                .unwrap_or_else(|| DEFAULT_ACTIVITY.into()),
            args.time.clone().unwrap_or_else(|| DEFAULT_TIME.into()),
        ),
        LogFormat::Csv => match (args.case.clone(), args.activity.clone(), args.time.clone()) {
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
    let options = options(
        &args,
        LogColumns {
            case,
            activity,
            time,
            team: args.team.clone(),
            silo: args.silo.clone(),
        },
        format,
    )?;

    let spinner = indicatif::ProgressBar::new_spinner()
        .with_message(format!("importing {}", args.file.display()));
    spinner.enable_steady_tick(Duration::from_millis(120));
    let (imported, written) = match (&out, &args.into) {
        (Some(out), _) => (import_log(&args.file, &options, out), out.path()),
        (None, Some(into)) => (
            import_log_into(&args.file, &options, into, args.map.as_deref()),
            into.as_path(),
        ),
        (None, None) => unreachable!("clap requires --out or --into"),
    };
    spinner.finish_and_clear();
    let imported = match imported {
        Ok(i) => i,
        Err(SeamsError::InvalidInput(mut d)) => {
            Diagnostics::sort_for_reading(&mut d.items);
            return Err(name_invalid_input(
                SeamsError::InvalidInput(d),
                &args.file.display().to_string(),
                "`seams help event-logs` explains each column",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    for w in &imported.warnings {
        eprintln!("warning: {w}");
    }
    print_stdout(&summary_line(written, &imported.export.summary))?;
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
    let mut extra = String::new();
    if s.cases_outside_period > 0 {
        extra.push_str(&format!(
            "; {} cases ({} events) starting outside the period left out",
            s.cases_outside_period, s.events_outside_period
        ));
    }
    if s.customer_handoffs > 0 {
        extra.push_str(&format!(
            "; {} handoffs with the customer",
            s.customer_handoffs
        ));
    }
    format!(
        "wrote {}: {} events{skipped} in {} cases → {} teams{silos}, {} journey steps, \
         {} seams over {} handoff pairs{extra}\nnext: seams validate {}\n",
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
