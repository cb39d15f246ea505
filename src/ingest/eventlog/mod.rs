//! Event logs → export records (docs/event-logs.md): the second ingest route, read by
//! `seams import-log`.
//!
//! A process-mining event log is one CSV file with a row per event: the case it belongs to, the
//! activity, a timestamp and the team (group, queue, department) that did it. Three steps, one
//! file each:
//!
//! - [`timestamp`]: the timestamps, parsed by hand (no date crate): ISO 8601 with or without an
//!   offset, `YYYY-MM-DD HH:MM:SS`, Unix seconds ([`parse_timestamp`]); [`clock`] adds
//!   `--time-format` (strftime patterns, jiff) and `--timezone` for offset-less times, and
//!   proposes a pattern for day-first values;
//! - `reader`: [`read_log`] streams the log once on two threads (one reads rows through
//!   `table::open_file`, so line numbers, UTF-8, ragged rows and open quotes are checked exactly
//!   as for an export; the other parses timestamps and interns strings) into 24-byte events;
//! - `cases`: the events become a [`LogExport`]: each **case** a journey (events ordered by
//!   timestamp, ties in file order; each event a step, or with `collapse_repeats` each run of
//!   events by one team), each **team** a unit (a root, or with a silo column the child of the
//!   silo value it appears under most often), each **change of team** between consecutive events
//!   of a case a handoff (`volume` = how many times, `wait_hours` = the mean gap).
//!
//! Between reading and case building, `adjust` applies the options that change which events
//! and teams there are: [`period`] (`--from`/`--until`: the cases that start in the period),
//! [`mapping`] (`--into`/`--map`: teams renamed to the units of an existing teams.csv) and the
//! check of `--customer-team`; [`customer`] counts the handoffs with the customer
//! (`--customer-activity`) while the cases are built.
//!
//! Writing the export is not ingest's job: `crate::import` writes a [`LogExport`] as
//! `teams.csv`, `handoffs.csv` and `journeys.csv`. Like the rest of ingest, reading never stops
//! at the first problem and never prints: it returns every error of the log at once.

mod cases;
pub mod clock;
pub mod customer;
pub mod mapping;
pub mod period;
mod reader;
pub mod timestamp;
#[cfg(feature = "xes")]
mod xes;
#[cfg(feature = "xes")]
mod xes_chunks;
#[cfg(feature = "xes")]
mod xes_lines;

pub use clock::TimeReading;
pub use customer::CustomerMarking;
pub use mapping::{KnownUnits, TeamMap};
pub use period::Period;
pub use reader::read_log;
pub use timestamp::{parse_timestamp, Timestamp};
#[cfg(feature = "xes")]
pub use xes::{check_columns as check_xes_columns, detect_format, read_xes, LogFormat};
#[cfg(feature = "xes")]
pub use xes::{DEFAULT_ACTIVITY, DEFAULT_CASE, DEFAULT_TIME};

use std::path::Path;

use crate::error::{Diagnostic, Diagnostics, SeamsError};

use super::table;

/// Prefix given to a silo value that is also a team id (docs/event-logs.md).
pub const SILO_PREFIX: &str = "silo:";

/// Which columns of the log hold what (header names, matched case-insensitively after trimming,
/// with spaces and hyphens read as `_`, exactly as export headers are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogColumns {
    /// The case (ticket, application, order): one journey per value.
    pub case: String,
    /// What was done; becomes the step's `activity`.
    pub activity: String,
    /// When it was done; orders the steps and gives the waits.
    pub time: String,
    /// Who did it (team, group, queue): becomes a unit.
    pub team: String,
    /// Optional: a column naming each team's higher unit (department, division).
    pub silo: Option<String>,
}

impl LogColumns {
    /// The role flags and the columns they name, in flag order (`--silo` only when given).
    pub fn roles(&self) -> Vec<(&'static str, &str)> {
        let mut roles = vec![
            ("--case", self.case.as_str()),
            ("--activity", self.activity.as_str()),
            ("--time", self.time.as_str()),
            ("--team", self.team.as_str()),
        ];
        if let Some(silo) = &self.silo {
            roles.push(("--silo", silo.as_str()));
        }
        roles
    }

    /// Checks that no two roles name the same column (header names compared as the header is
    /// matched: trimmed, case-insensitive, spaces and hyphens as `_`).
    ///
    /// # Returns
    /// [`SeamsError::Usage`] naming every pair of flags that share a column: one column cannot
    /// be both the case and the team (every event would hand over to itself, or never).
    pub fn check(&self) -> Result<(), SeamsError> {
        let roles = self.roles();
        let mut clashes = Vec::new();
        for (i, (flag_a, a)) in roles.iter().enumerate() {
            for (flag_b, b) in &roles[i + 1..] {
                if table::normalise_header(a) == table::normalise_header(b) {
                    clashes.push(format!(
                        "{flag_a} and {flag_b} both name column `{}`",
                        table::shorten(b.trim())
                    ));
                }
            }
        }
        if clashes.is_empty() {
            return Ok(());
        }
        Err(SeamsError::Usage(format!(
            "{} (expected a different column for each role: the case, the activity, the time, the team and the silo are read from separate columns)",
            clashes.join("; ")
        )))
    }
}

/// How to turn a log into an export.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The column mapping.
    pub columns: LogColumns,
    /// Merge consecutive events of one case by the same team into one step (off by default).
    pub collapse_repeats: bool,
    /// How timestamps are read (`--time-format`, `--timezone`; default ISO 8601 in UTC).
    pub time: TimeReading,
    /// Only cases starting in this period are kept (`--from`, `--until`; default all).
    pub period: Period,
    /// Where the customer touches the journeys (`--customer-activity`, `--customer-team`).
    pub customer: CustomerMarking,
    /// `--into`: the units the teams must be (teams.csv of the export) and the map to them.
    pub units: Option<KnownUnits>,
    /// How the log is read (`--delimiter`, `--encoding`; default: UTF-8, delimiter detected).
    pub read: crate::ingest::ReadOptions,
}

impl ImportOptions {
    /// The options of a plain import: `columns`, nothing else set.
    pub fn new(columns: LogColumns) -> ImportOptions {
        ImportOptions {
            columns,
            collapse_repeats: false,
            time: TimeReading::default(),
            period: Period::default(),
            customer: CustomerMarking::default(),
            units: None,
            read: crate::ingest::ReadOptions::default(),
        }
    }
}

/// The steps between reading the events and building cases: the period filter, the renaming of
/// teams to units (`--into`), the check of `--customer-team`.
///
/// # Returns
/// The events and the warnings; or every error (with the warnings).
fn adjust(
    mut read: reader::ReadEvents,
    log: &Path,
    options: &ImportOptions,
) -> Result<(reader::ReadEvents, Vec<Diagnostic>), SeamsError> {
    let dropped = period::keep_period(&mut read, &options.period);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    if read.events.is_empty() {
        errors.push(Diagnostic::error(
            log,
            None,
            format!(
                "no case starts in the period ({} cases outside it; expected --from/--until around the log's cases)",
                dropped.cases
            ),
        ));
    }
    if let Some(units) = &options.units {
        let (mut e, mut w) = mapping::resolve_teams(&mut read, log, units);
        errors.append(&mut e);
        warnings.append(&mut w);
    }
    errors.extend(customer::check_teams(&read, &options.customer.teams, log));
    read.dropped = dropped;
    if errors.is_empty() {
        Ok((read, warnings))
    } else {
        errors.append(&mut warnings);
        Err(SeamsError::InvalidInput(Diagnostics { items: errors }))
    }
}

/// A team of the log: a unit of the export.
#[derive(Debug, Clone, PartialEq)]
pub struct LogTeam {
    /// The team column's value (trimmed).
    pub id: String,
    /// Index in [`LogExport::silos`] of its parent; None = a root.
    pub parent: Option<u32>,
    /// Number of events it did.
    pub events: u64,
}

/// A silo unit (a value of the silo column): a root whose children are teams.
#[derive(Debug, Clone, PartialEq)]
pub struct LogSilo {
    /// The unit id: the value, or `silo:` + the value when the value is also a team id.
    pub id: String,
    /// The value as written in the log.
    pub value: String,
    /// Events of the teams under it.
    pub events: u64,
}

/// One step of a journey.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogStep {
    /// Index in [`LogExport::teams`].
    pub team: u32,
    /// Index in [`LogExport::activities`] of its (first) event's activity; None when blank.
    pub activity: Option<u32>,
    /// Events merged into this step (1 unless `collapse_repeats`).
    pub events: u32,
    /// Hours from the previous step's last event to this step's first event; None for step 1.
    pub wait_hours: Option<f64>,
}

/// One case, as a journey.
#[derive(Debug, Clone, PartialEq)]
pub struct LogJourney {
    /// The case id.
    pub id: String,
    /// Steps in time order (ties in file order).
    pub steps: Vec<LogStep>,
}

/// A handoff: consecutive events of a case by two different teams.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogHandoff {
    /// Index in [`LogExport::teams`] of the team handing over.
    pub from: u32,
    /// Index of the team receiving.
    pub to: u32,
    /// How many times it happens in the log.
    pub volume: u64,
    /// Mean gap between the two events, in hours.
    pub wait_hours: f64,
}

/// Counts describing one import, for the command's summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    /// Data rows read (well-formed or not).
    pub rows: u64,
    /// Events kept (rows minus the skipped ones).
    pub events: u64,
    /// Rows skipped because their team cell was blank.
    pub skipped_blank_team: u64,
    /// Cases (journeys).
    pub cases: usize,
    /// Cases with a single event.
    pub one_event_cases: usize,
    /// Distinct teams.
    pub teams: usize,
    /// Silo units written (values of the silo column that are some team's parent).
    pub silos: usize,
    /// Journey steps written (= events unless repeats are collapsed).
    pub steps: u64,
    /// Consecutive event pairs inside cases (= events − cases).
    pub transitions: u64,
    /// Of them, by two different teams: the seams.
    pub seams: u64,
    /// Distinct (from, to) handoff pairs.
    pub handoff_pairs: usize,
    /// Volume of the handoffs to and from the customer (`--customer-activity`).
    pub customer_handoffs: u64,
    /// Cases dropped because they start outside `--from`/`--until`.
    pub cases_outside_period: usize,
    /// Their events.
    pub events_outside_period: u64,
}

/// An event log converted to an export, ready to be written.
#[derive(Debug, Clone)]
pub struct LogExport {
    /// The teams, sorted by id (a step's or handoff's team index points here).
    pub teams: Vec<LogTeam>,
    /// The silo units that are some team's parent, sorted by id (empty without a silo column).
    pub silos: Vec<LogSilo>,
    /// Distinct activities, in order of first appearance.
    pub activities: Vec<String>,
    /// One journey per case, sorted by case id.
    pub journeys: Vec<LogJourney>,
    /// Cross-team handoffs, sorted by (from, to) id.
    pub handoffs: Vec<LogHandoff>,
    /// Per team: volume of `customer → team` (`--customer-activity`; empty without it).
    pub customer_from: Vec<u64>,
    /// Per team: volume of `team → customer` (empty without `--customer-activity`).
    pub customer_to: Vec<u64>,
    /// Per team: customer-facing (`--customer-team`; empty without it).
    pub customer_facing: Vec<bool>,
    /// The first and the last event kept.
    pub span: Option<(Timestamp, Timestamp)>,
    /// The column names used for `kind`: (team column, silo column).
    pub kinds: (String, Option<String>),
    /// Whether steps are runs of events (adds an `events` column to journeys.csv).
    pub collapse_repeats: bool,
    /// What was read and made.
    pub summary: ImportSummary,
}

/// An imported log and the warnings found while reading it.
#[derive(Debug, Clone)]
pub struct ImportedLog {
    /// The export.
    pub export: LogExport,
    /// Warnings (never fatal): skipped blank-team rows, teams under several silos.
    pub warnings: Vec<Diagnostic>,
}

/// Helpers shared by the unit tests of the event-log modules and of `crate::import`.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// The mapping `case,activity,time,team` (and `silo` when given).
    pub(crate) fn columns(silo: Option<&str>) -> ImportOptions {
        ImportOptions::new(LogColumns {
            case: "case".into(),
            activity: "activity".into(),
            time: "time".into(),
            team: "team".into(),
            silo: silo.map(str::to_string),
        })
    }

    /// Imports `log` (written to a temp file) with `options`.
    pub(crate) fn import(log: &str, options: &ImportOptions) -> Result<ImportedLog, SeamsError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.csv");
        std::fs::write(&path, log).unwrap();
        read_log(&path, options)
    }

    /// The errors of importing `log`, as `line: message` (`-` for a whole-file error).
    pub(crate) fn errors(log: &str, options: &ImportOptions) -> Vec<String> {
        match import(log, options) {
            Err(SeamsError::InvalidInput(d)) => d
                .errors()
                .map(|e| {
                    format!(
                        "{}: {}",
                        e.line.map_or("-".into(), |l| l.to_string()),
                        e.message
                    )
                })
                .collect(),
            other => panic!("expected errors, got {other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::columns;
    use super::*;

    #[test]
    fn two_roles_on_one_column_are_a_usage_error() {
        assert!(columns(Some("dept")).columns.check().is_ok());
        let mut c = columns(None).columns;
        c.team = " Case ".into();
        let Err(SeamsError::Usage(m)) = c.check() else {
            panic!("expected a usage error");
        };
        assert!(
            m.starts_with("--case and --team both name column `Case`"),
            "{m}"
        );
        let mut c = columns(Some("time")).columns;
        c.activity = "case".into();
        let Err(SeamsError::Usage(m)) = c.check() else {
            panic!("expected a usage error");
        };
        assert!(m.contains("--case and --activity both name column `case`; --time and --silo both name column `time`"), "{m}");
    }
}
