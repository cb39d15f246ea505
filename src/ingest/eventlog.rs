//! Event logs → an export (SPEC §1 second ingest route, §5.25): what `seams import-log` runs.
//!
//! A process-mining event log is one CSV file with a row per event: the case it belongs to, the
//! activity, a timestamp and the team (group, queue, department) that did it. [`read_log`]
//! streams it once through one reused record (`table::open_file`, so line numbers, UTF-8, ragged
//! rows and open quotes are checked exactly as for an export) on one thread while a second one
//! parses timestamps and interns strings, keeps a 24-byte record per event (interned case, team
//! and activity, the instant), and builds a [`LogExport`]:
//!
//! - each **case** becomes a journey; its events ordered by timestamp, ties kept in file order;
//!   each event a step (or, with `collapse_repeats`, each run of events by one team);
//! - each **team** becomes a unit: a root, or with a silo column the child of the silo value it
//!   appears under most often;
//! - each **change of team** between consecutive events of a case is a handoff: `volume` = how
//!   many times it happens, `wait_hours` = the mean gap between the two events.
//!
//! [`LogExport::write`] writes it as `teams.csv`, `handoffs.csv` and `journeys.csv`, a valid
//! export that every other command reads. Like the rest of ingest, reading never stops at the
//! first problem and never prints: it returns every error of the log at once.
//!
//! Timestamps are parsed by hand (no date crate): ISO 8601 with or without an offset
//! (`2011-10-11T11:45:40.276Z`, `2011-10-11T11:45:40+02:00`, `2011-10-11T11:45:40`),
//! `YYYY-MM-DD HH:MM:SS` (with the same optional fraction and offset) and Unix seconds (`1318333540`,
//! `1318333540.276`). A time without an offset is UTC. See [`parse_timestamp`].

use std::io::{self, Write};
use std::path::Path;
use std::sync::mpsc;

use rayon::iter::ParallelIterator;
use rayon::slice::{ParallelSlice, ParallelSliceMut};
use rustc_hash::{FxHashMap, FxHashSet};

use super::table::{self, FileDiagnostics, Opened, Schema};
use crate::error::{Diagnostic, Diagnostics, SeamsError, Severity};
use crate::output::write_atomic;
use crate::records::is_customer;

/// Blank-team rows listed one by one before the rest are only counted.
const BLANK_TEAM_WARNINGS: u64 = 20;

/// Prefix given to a silo value that is also a team id (SPEC §5.25).
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

/// How to turn a log into an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// The column mapping.
    pub columns: LogColumns,
    /// Merge consecutive events of one case by the same team into one step (off by default).
    pub collapse_repeats: bool,
}

/// An instant, as seconds since 1970-01-01T00:00:00Z plus nanoseconds within that second.
///
/// Ordered chronologically; parsed from text by [`parse_timestamp`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    secs: i64,
    nanos: u32,
}

impl Timestamp {
    /// The instant `secs` seconds and `nanos` nanoseconds after the Unix epoch (`nanos` < 10⁹).
    pub fn from_unix(secs: i64, nanos: u32) -> Timestamp {
        debug_assert!(nanos < 1_000_000_000);
        Timestamp { secs, nanos }
    }

    /// Whole seconds since the Unix epoch (rounded down).
    pub fn unix_seconds(self) -> i64 {
        self.secs
    }

    /// Nanoseconds past [`Timestamp::unix_seconds`].
    pub fn subsec_nanos(self) -> u32 {
        self.nanos
    }

    /// Nanoseconds from `earlier` to `self` (negative when `self` is earlier).
    pub fn nanos_since(self, earlier: Timestamp) -> i128 {
        (self.secs as i128 - earlier.secs as i128) * 1_000_000_000
            + (self.nanos as i128 - earlier.nanos as i128)
    }

    /// Hours from `earlier` to `self`.
    ///
    /// # Examples
    /// ```
    /// use seams::ingest::eventlog::parse_timestamp;
    /// let a = parse_timestamp("2011-10-11T11:45:40Z").unwrap();
    /// let b = parse_timestamp("2011-10-11T13:15:40+00:00").unwrap();
    /// assert_eq!(b.hours_since(a), 1.5);
    /// ```
    pub fn hours_since(self, earlier: Timestamp) -> f64 {
        nanos_to_hours(self.nanos_since(earlier))
    }
}

fn nanos_to_hours(ns: i128) -> f64 {
    ns as f64 / 3.6e12
}

/// Seconds of 0000-01-01T00:00:00Z and of 9999-12-31T23:59:59Z: the accepted range.
const MIN_SECS: i64 = -62_167_219_200;
const MAX_SECS: i64 = 253_402_300_799;

const EXPECTED_TIME: &str = "expected ISO 8601 such as 2011-10-11T11:45:40Z, 2011-10-11T11:45:40.276+02:00 or 2011-10-11 11:45:40 (no offset = UTC), or Unix seconds such as 1318333540";

/// Parses a timestamp of an event log.
///
/// Accepted: ISO 8601 date and time, `T` (or a space) between them, seconds required, an
/// optional fraction of a second (`.` or `,`, any number of digits, kept to the nanosecond), and
/// an optional offset `Z`, `±HH:MM`, `±HHMM` or `±HH` (a space before it is allowed); and Unix
/// seconds, whole or fractional, optionally negative. A time without an offset is UTC. Years
/// 0000–9999.
///
/// # Returns
/// The instant, or a message saying what is wrong and what was expected (the caller adds the
/// `file:line:`).
///
/// # Examples
/// ```
/// use seams::ingest::eventlog::parse_timestamp;
/// let z = parse_timestamp("2011-10-11T11:45:40.276Z").unwrap();
/// assert_eq!(z.unix_seconds(), 1_318_333_540);
/// assert_eq!(z.subsec_nanos(), 276_000_000);
/// assert_eq!(parse_timestamp("2011-10-11T13:45:40.276+02:00"), Ok(z));
/// assert_eq!(parse_timestamp("1318333540.276"), Ok(z));
/// assert!(parse_timestamp("11/10/2011 11:45").is_err());
/// ```
pub fn parse_timestamp(text: &str) -> Result<Timestamp, String> {
    let b = text.as_bytes();
    if b.is_empty() {
        return Err(format!("the timestamp is blank ({EXPECTED_TIME})"));
    }
    let iso_shaped = b.len() >= 10 && b[4] == b'-' && b[7] == b'-';
    let result = if iso_shaped {
        parse_iso(b)
    } else if b
        .iter()
        .all(|&c| c.is_ascii_digit() || c == b'.' || c == b'-')
    {
        parse_unix(b)
    } else {
        Err(String::new())
    };
    result.map_err(|why| {
        let shown = table::shorten(text);
        if why.is_empty() {
            format!("`{shown}` is not a timestamp ({EXPECTED_TIME})")
        } else {
            format!("`{shown}` {why}")
        }
    })
}

/// Reads `n` ASCII digits at `b[at..]`.
fn digits(b: &[u8], at: usize, n: usize) -> Option<i64> {
    let s = b.get(at..at + n)?;
    let mut v = 0i64;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (c - b'0') as i64;
    }
    Some(v)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Up to 9 fraction digits → nanoseconds; further digits are checked and dropped.
fn fraction(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut nanos = 0u32;
    for i in 0..9 {
        nanos = nanos * 10 + b.get(i).map_or(0, |&c| (c - b'0') as u32);
    }
    Some(nanos)
}

/// ISO 8601 (`YYYY-MM-DD[T ]HH:MM:SS[.f][zone]`). An empty error means "not a timestamp".
fn parse_iso(b: &[u8]) -> Result<Timestamp, String> {
    let none = String::new;
    let year = digits(b, 0, 4).ok_or_else(none)?;
    let month = digits(b, 5, 2).ok_or_else(none)?;
    let day = digits(b, 8, 2).ok_or_else(none)?;
    if b.len() == 10 {
        return Err(format!(
            "has a date but no time of day (expected e.g. {}T00:00:00Z; {EXPECTED_TIME})",
            String::from_utf8_lossy(b)
        ));
    }
    if b.len() < 19 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return Err(none());
    }
    let hour = digits(b, 11, 2).ok_or_else(none)?;
    let minute = digits(b, 14, 2).ok_or_else(none)?;
    let second = digits(b, 17, 2).ok_or_else(none)?;
    if !(1..=12).contains(&month) {
        return Err(format!("has month {month:02} (expected 01-12)"));
    }
    let dim = days_in_month(year, month);
    if !(1..=dim).contains(&day) {
        return Err(format!(
            "has day {day:02}, but {year:04}-{month:02} has {dim} days"
        ));
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(format!(
            "has time of day {hour:02}:{minute:02}:{second:02} (expected 00:00:00-23:59:59)"
        ));
    }
    let mut at = 19;
    let mut nanos = 0;
    if matches!(b.get(at), Some(b'.' | b',')) {
        let start = at + 1;
        let end = start + b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
        nanos = fraction(&b[start..end]).ok_or_else(none)?;
        at = end;
    }
    if b.get(at) == Some(&b' ') && at + 1 < b.len() {
        at += 1;
    }
    let offset = match &b[at..] {
        [] => 0,
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (h, m) = match rest.len() {
                2 => (digits(rest, 0, 2), Some(0)),
                4 => (digits(rest, 0, 2), digits(rest, 2, 2)),
                5 if rest[2] == b':' => (digits(rest, 0, 2), digits(rest, 3, 2)),
                _ => (None, None),
            };
            let (Some(h), Some(m)) = (h, m) else {
                return Err(format!(
                    "has an offset that is not ±HH:MM, ±HHMM or ±HH ({EXPECTED_TIME})"
                ));
            };
            if h > 23 || m > 59 {
                return Err(format!("has offset {h:02}:{m:02} (expected at most 23:59)"));
            }
            let secs = h * 3600 + m * 60;
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return Err(none()),
    };
    let secs =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset;
    Ok(Timestamp { secs, nanos })
}

/// Unix seconds: `-?\d+(\.\d+)?`. An empty error means "not a timestamp".
fn parse_unix(b: &[u8]) -> Result<Timestamp, String> {
    let (negative, body) = match b {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, b),
    };
    let (int, frac) = match body.iter().position(|&c| c == b'.') {
        Some(p) => (&body[..p], Some(&body[p + 1..])),
        None => (body, None),
    };
    if int.is_empty() || !int.iter().all(u8::is_ascii_digit) {
        return Err(String::new());
    }
    let nanos = match frac {
        Some(f) => fraction(f).ok_or_else(String::new)?,
        None => 0,
    };
    let too_far = || {
        "is out of range for Unix seconds (years 0000-9999 are accepted; is it in milliseconds? then divide by 1000)"
            .to_string()
    };
    let mut secs: i64 = 0;
    for &c in int {
        secs = secs
            .checked_mul(10)
            .and_then(|s| s.checked_add((c - b'0') as i64))
            .ok_or_else(too_far)?;
    }
    let (secs, nanos) = match (negative, nanos) {
        (false, n) => (secs, n),
        (true, 0) => (-secs, 0),
        (true, n) => (-secs - 1, 1_000_000_000 - n),
    };
    if !(MIN_SECS..=MAX_SECS).contains(&secs) {
        return Err(too_far());
    }
    Ok(Timestamp { secs, nanos })
}

/// Strings → dense indices, in order of first appearance (one allocation per distinct string).
#[derive(Default)]
struct Interner {
    map: FxHashMap<Box<str>, u32>,
}

impl Interner {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.map.get(s) {
            return i;
        }
        let i = self.map.len() as u32;
        self.map.insert(s.into(), i);
        i
    }

    /// The strings by index (the map is consumed; its order never matters).
    fn into_names(self) -> Vec<Box<str>> {
        let mut names: Vec<Box<str>> = vec![Box::from(""); self.map.len()];
        for (name, i) in self.map {
            names[i as usize] = name;
        }
        names
    }
}

/// One event as kept while reading: 24 bytes.
#[derive(Clone, Copy)]
struct Event {
    secs: i64,
    nanos: u32,
    case: u32,
    team: u32,
    /// Interned activity; `NO_ACTIVITY` when blank.
    activity: u32,
}

const NO_ACTIVITY: u32 = u32::MAX;

impl Event {
    fn time(&self) -> Timestamp {
        Timestamp {
            secs: self.secs,
            nanos: self.nanos,
        }
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

/// Finds a column named on the command line among the header's columns.
fn find_column(
    extra: &[(String, usize)],
    flag: &str,
    name: &str,
    diags: &mut FileDiagnostics<'_>,
) -> Option<usize> {
    let wanted = table::normalise_header(name);
    let found = extra
        .iter()
        .find(|(h, _)| table::normalise_header(h) == wanted)
        .map(|&(_, i)| i);
    if found.is_none() {
        let names: Vec<String> = extra.iter().map(|(h, _)| format!("`{h}`")).collect();
        diags.error(
            Some(1),
            format!(
                "the header has no column `{}` (named by {flag}; the columns are {})",
                table::shorten(name),
                names.join(", ")
            ),
        );
    }
    found
}

/// Reads an event log and converts it into an export (SPEC §5.25).
///
/// # Arguments
/// * `path` - the CSV file (UTF-8, header row, comma-separated).
/// * `options` - the column mapping and `collapse_repeats`.
///
/// # Returns
/// The export and its warnings; or [`SeamsError::InvalidInput`] with every error of the log
/// (`file:line:` each: a missing column, a blank case, a timestamp that cannot be read, a team
/// named `customer`, a ragged row, invalid UTF-8, …) and the warnings; [`SeamsError::Usage`]
/// when the file does not exist.
///
/// # Complexity
/// One pass over the file, on two threads (reading rows; parsing and interning), batches of
/// 4,096 rows between them. O(E) memory for E events (24 bytes each, plus the distinct
/// strings). Grouping by case is a counting sort; ordering inside a case is a stable sort
/// (linear on a log already in time order); the S seams are sorted once by (from, to).
/// O(E + C log C + S log S) overall for C cases.
///
/// # Determinism
/// Teams, silos, journeys and handoffs are sorted by id; nothing depends on hash order or on
/// thread timing (diagnostics are returned in line order, the reader's errors counted first
/// against the per-file cap).
pub fn read_log(path: &Path, options: &ImportOptions) -> Result<ImportedLog, SeamsError> {
    if !path.exists() {
        return Err(SeamsError::Usage(format!(
            "{}: no such file (expected an event log in CSV)",
            path.display()
        )));
    }
    let schema = Schema {
        file: "event log",
        singular: "event",
        columns: &[],
    };
    let cols = &options.columns;
    let mut items: Vec<Diagnostic> = Vec::new();
    let mut diags = FileDiagnostics::new(path, &mut items);
    let mut table = match table::open_file(path, &schema, &mut diags) {
        Opened::Table(t) => t,
        Opened::Missing | Opened::Broken => {
            diags.finish();
            return Err(SeamsError::InvalidInput(Diagnostics { items }));
        }
    };
    let extra = std::mem::take(&mut table.extra);
    let case_col = find_column(&extra, "--case", &cols.case, &mut diags);
    let activity_col = find_column(&extra, "--activity", &cols.activity, &mut diags);
    let time_col = find_column(&extra, "--time", &cols.time, &mut diags);
    let team_col = find_column(&extra, "--team", &cols.team, &mut diags);
    let silo_col = match &cols.silo {
        Some(s) => find_column(&extra, "--silo", s, &mut diags).map(Some),
        None => Some(None),
    };
    let (Some(case_col), Some(activity_col), Some(time_col), Some(team_col), Some(silo_col)) =
        (case_col, activity_col, time_col, team_col, silo_col)
    else {
        diags.finish();
        return Err(SeamsError::InvalidInput(Diagnostics { items }));
    };
    let header = |i: usize| {
        extra
            .iter()
            .find(|&&(_, j)| j == i)
            .map_or(String::new(), |(h, _)| h.clone())
    };
    let (time_name, team_name) = (header(time_col), header(team_col));
    let silo_name = silo_col.map(header);

    // Two stages on two threads: this one reads rows (csv parsing, UTF-8, ragged rows) and
    // copies the five fields into batches; the other parses timestamps, interns and keeps the
    // events. Its diagnostics are added after the reader's, in line order, so the report (and
    // which errors the per-file cap keeps) never depends on timing.
    let names = ColumnNames {
        team: team_name.clone(),
        time: time_name,
    };
    let (full_tx, full_rx) = mpsc::sync_channel::<Batch>(4);
    let (empty_tx, empty_rx) = mpsc::channel::<Batch>();
    let has_silo = silo_col.is_some();
    let (rows, state) = std::thread::scope(|scope| {
        let worker = scope.spawn(move || {
            let mut state = ReadState::new(names);
            for batch in full_rx {
                for (k, line) in batch.lines.iter().enumerate() {
                    let f = batch.fields(k);
                    state.row(*line, f[0], f[1], f[2], f[3], has_silo.then_some(f[4]));
                }
                let _ = empty_tx.send(batch.cleared());
            }
            state
        });
        let mut batch = Batch::default();
        let rows = table.for_each_row(&mut diags, |row, _| {
            batch.push(
                row.line,
                [
                    row.field(case_col),
                    row.field(activity_col),
                    row.field(time_col),
                    row.field(team_col),
                    silo_col.map_or("", |c| row.field(c)),
                ],
            );
            if batch.lines.len() == BATCH_ROWS {
                let next = empty_rx.try_recv().unwrap_or_default();
                // A send fails only if the worker panicked; join reports it below.
                let _ = full_tx.send(std::mem::replace(&mut batch, next));
            }
        });
        let _ = full_tx.send(batch);
        drop(full_tx);
        let state = match worker.join() {
            Ok(state) => state,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        (rows, state)
    });
    let ReadState {
        cases,
        teams,
        activities,
        silo_values,
        silo_votes,
        events,
        messages,
        errors_not_kept,
        blank_team,
        ..
    } = state;
    for m in messages {
        match m.severity {
            Severity::Error => diags.error(Some(m.line), m.message),
            Severity::Warning => diags.warning(Some(m.line), m.message),
        }
    }
    for _ in 0..errors_not_kept {
        // Counted by the cap; never shown (more than the cap were kept above).
        diags.error(None, String::new());
    }
    if blank_team > BLANK_TEAM_WARNINGS {
        diags.warning(
            None,
            format!(
                "{blank_team} events in all were skipped because `{team_name}` is blank (the first {BLANK_TEAM_WARNINGS} are listed)"
            ),
        );
    }
    if diags.error_count() == 0 && events.is_empty() {
        let why = if rows == 0 {
            "the log has a header but no events".to_string()
        } else {
            format!("no event has a team: all {rows} rows were skipped")
        };
        diags.error(
            None,
            format!("{why} (expected at least one row with a case, a timestamp and a team)"),
        );
    }
    let failed = diags.error_count() > 0;
    diags.finish();
    // The two threads' diagnostics in line order (whole-file ones first, as
    // `Diagnostics::sort_for_reading` orders them).
    items.sort_by_key(|d| d.line);
    if failed {
        return Err(SeamsError::InvalidInput(Diagnostics { items }));
    }

    let mut warnings = items;
    let built = build(
        ReadEvents {
            events,
            cases: cases.into_names(),
            teams: teams.into_names(),
            activities: activities.into_names(),
            silo_values: silo_values.into_names(),
            silo_votes,
        },
        silo_col.is_some(),
        options.collapse_repeats,
    );
    let mut export = built.export;
    let silo_label = silo_name.as_deref().unwrap_or("");
    for several in &built.several_silos {
        let listed: Vec<String> = several
            .values
            .iter()
            .take(5)
            .map(|(v, n)| format!("`{v}` ({n} events)"))
            .collect();
        warnings.push(Diagnostic::warning(
            path,
            None,
            format!(
                "team `{}` appears under {} values of `{silo_label}`: {}{}; its parent is `{}`, the most frequent",
                export.teams[several.team as usize].id,
                several.values.len(),
                listed.join(", "),
                if several.values.len() > 5 { ", …" } else { "" },
                several.parent,
            ),
        ));
    }
    if !built.no_silo.is_empty() {
        let listed: Vec<String> = built
            .no_silo
            .iter()
            .take(10)
            .map(|&t| format!("`{}`", export.teams[t as usize].id))
            .collect();
        warnings.push(Diagnostic::warning(
            path,
            None,
            format!(
                "{} team(s) have a blank `{silo_label}` on every event and become root units: {}{}",
                built.no_silo.len(),
                listed.join(", "),
                if built.no_silo.len() > 10 {
                    ", …"
                } else {
                    ""
                },
            ),
        ));
    }
    export.summary.rows = rows;
    export.summary.skipped_blank_team = blank_team;
    export.kinds = (team_name, silo_name);
    Ok(ImportedLog { export, warnings })
}

/// Rows per batch handed from the reading thread to the processing thread.
const BATCH_ROWS: usize = 4096;

/// Rows read but not yet processed: their five fields (case, activity, time, team, silo)
/// concatenated, with end offsets.
#[derive(Default)]
struct Batch {
    text: String,
    ends: Vec<[u32; 5]>,
    lines: Vec<u64>,
}

impl Batch {
    fn push(&mut self, line: u64, fields: [&str; 5]) {
        let mut ends = [0u32; 5];
        for (end, f) in ends.iter_mut().zip(fields) {
            self.text.push_str(f);
            *end = self.text.len() as u32;
        }
        self.ends.push(ends);
        self.lines.push(line);
    }

    fn fields(&self, k: usize) -> [&str; 5] {
        let mut start = if k == 0 {
            0
        } else {
            self.ends[k - 1][4] as usize
        };
        self.ends[k].map(|end| {
            let f = &self.text[start..end as usize];
            start = end as usize;
            f
        })
    }

    fn cleared(mut self) -> Batch {
        self.text.clear();
        self.ends.clear();
        self.lines.clear();
        self
    }
}

/// Header names used in messages.
struct ColumnNames {
    team: String,
    time: String,
}

/// A diagnostic found by the processing thread.
struct Message {
    severity: Severity,
    line: u64,
    message: String,
}

/// What the processing thread builds from the rows.
struct ReadState {
    names: ColumnNames,
    cases: Interner,
    teams: Interner,
    activities: Interner,
    silo_values: Interner,
    /// (team, silo value) → events, when a silo column is given.
    silo_votes: FxHashMap<(u32, u32), u64>,
    events: Vec<Event>,
    /// Errors (at most the per-file cap of them) and the first blank-team warnings.
    messages: Vec<Message>,
    /// Errors beyond the cap: only counted.
    errors_not_kept: usize,
    errors: usize,
    blank_team: u64,
    /// The previous row's case (logs are often grouped by case: skips most hash look-ups).
    last_case: (String, u32),
}

impl ReadState {
    fn new(names: ColumnNames) -> ReadState {
        ReadState {
            names,
            cases: Interner::default(),
            teams: Interner::default(),
            activities: Interner::default(),
            silo_values: Interner::default(),
            silo_votes: FxHashMap::default(),
            events: Vec::new(),
            messages: Vec::new(),
            errors_not_kept: 0,
            errors: 0,
            blank_team: 0,
            last_case: (String::new(), u32::MAX),
        }
    }

    fn error(&mut self, line: u64, message: impl Into<String>) {
        self.errors += 1;
        if self.errors <= table::MAX_ERRORS_PER_FILE {
            self.messages.push(Message {
                severity: Severity::Error,
                line,
                message: message.into(),
            });
        } else {
            self.errors_not_kept += 1;
        }
    }

    /// One row: checks it, and keeps its event when it has no error.
    fn row(
        &mut self,
        line: u64,
        case: &str,
        activity: &str,
        time: &str,
        team: &str,
        silo: Option<&str>,
    ) {
        if team.is_empty() {
            self.blank_team += 1;
            if self.blank_team <= BLANK_TEAM_WARNINGS {
                self.messages.push(Message {
                    severity: Severity::Warning,
                    line,
                    message: format!(
                        "`{}` is blank: the event is skipped (it has no team to belong to)",
                        self.names.team
                    ),
                });
            }
            return;
        }
        let mut ok = true;
        if is_customer(team) {
            let m = format!("`{}` is `{team}`, which is reserved for the customer (leave the customer's own actions out of the log, or rename the team)", self.names.team);
            self.error(line, m);
            ok = false;
        }
        if case.is_empty() {
            self.error(
                line,
                "the case is blank (every event needs the id of the case it belongs to)",
            );
            ok = false;
        }
        let time = match parse_timestamp(time) {
            Ok(t) => Some(t),
            Err(e) => {
                let m = format!("`{}`: {e}", self.names.time);
                self.error(line, m);
                ok = false;
                None
            }
        };
        let silo = silo.filter(|s| !s.is_empty());
        if let Some(s) = silo.filter(|s| is_customer(s)) {
            self.error(
                line,
                format!("the silo value is `{s}`, which is reserved for the customer (rename it)"),
            );
            ok = false;
        }
        let (true, Some(time)) = (ok, time) else {
            return;
        };
        let case = if self.last_case.1 != u32::MAX && self.last_case.0 == case {
            self.last_case.1
        } else {
            let c = self.cases.intern(case);
            self.last_case.0.clear();
            self.last_case.0.push_str(case);
            self.last_case.1 = c;
            c
        };
        let team = self.teams.intern(team);
        let activity = match activity {
            "" => NO_ACTIVITY,
            a => self.activities.intern(a),
        };
        if let Some(s) = silo {
            let s = self.silo_values.intern(s);
            *self.silo_votes.entry((team, s)).or_insert(0) += 1;
        }
        self.events.push(Event {
            secs: time.secs,
            nanos: time.nanos,
            case,
            team,
            activity,
        });
    }
}

/// One seam while building: the (from, to) pair packed in a u64 (from in the high half, so the
/// order is (from, to)) and the gap as whole seconds + nanoseconds (no overflow for any gap).
struct SeamGap {
    pair: u64,
    secs: i64,
    nanos: u32,
}

impl SeamGap {
    fn new(from: u32, to: u32, gap_ns: i128) -> SeamGap {
        SeamGap {
            pair: (from as u64) << 32 | to as u64,
            secs: gap_ns.div_euclid(1_000_000_000) as i64,
            nanos: gap_ns.rem_euclid(1_000_000_000) as u32,
        }
    }

    fn nanos(&self) -> i128 {
        self.secs as i128 * 1_000_000_000 + self.nanos as i128
    }
}

/// A team seen under several silo values.
struct SeveralSilos {
    team: u32,
    /// The unit id of the chosen parent.
    parent: String,
    /// (value, events), most frequent first (ties by unit id).
    values: Vec<(String, u64)>,
}

struct Built {
    export: LogExport,
    /// Teams seen under several silo values.
    several_silos: Vec<SeveralSilos>,
    /// Teams with no silo value at all (only when a silo column is given).
    no_silo: Vec<u32>,
}

/// What reading the log gathered (strings by interned index).
struct ReadEvents {
    events: Vec<Event>,
    cases: Vec<Box<str>>,
    teams: Vec<Box<str>>,
    activities: Vec<Box<str>>,
    silo_values: Vec<Box<str>>,
    /// (team, silo value) → events.
    silo_votes: FxHashMap<(u32, u32), u64>,
}

/// Sorts the read events into journeys, handoffs, teams and silos.
fn build(read: ReadEvents, has_silo: bool, collapse_repeats: bool) -> Built {
    let ReadEvents {
        mut events,
        cases: case_names,
        teams: team_names,
        activities: activity_names,
        silo_values: silo_names,
        silo_votes,
    } = read;
    // Teams in id order: renumber.
    let mut team_order: Vec<u32> = (0..team_names.len() as u32).collect();
    team_order.sort_unstable_by(|&a, &b| team_names[a as usize].cmp(&team_names[b as usize]));
    let mut rank = vec![0u32; team_names.len()];
    for (new, &old) in team_order.iter().enumerate() {
        rank[old as usize] = new as u32;
    }
    let mut team_events = vec![0u64; team_names.len()];
    for e in &mut events {
        e.team = rank[e.team as usize];
        team_events[e.team as usize] += 1;
    }
    let mut team_names: Vec<Option<Box<str>>> = team_names.into_iter().map(Some).collect();
    let mut teams: Vec<LogTeam> = team_order
        .iter()
        .zip(&team_events)
        .map(|(&old, &n)| LogTeam {
            id: team_names[old as usize]
                .take()
                .map(String::from)
                .unwrap_or_default(),
            parent: None,
            events: n,
        })
        .collect();

    // Group by case, keeping file order inside a case (counting sort), then order each case by
    // time with a stable sort (ties keep file order).
    let mut start = vec![0usize; case_names.len() + 1];
    for e in &events {
        start[e.case as usize + 1] += 1;
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let mut grouped: Vec<Event> = match events.first() {
        Some(&first) => vec![first; events.len()],
        None => Vec::new(),
    };
    let mut next = start.clone();
    for e in &events {
        let slot = &mut next[e.case as usize];
        grouped[*slot] = *e;
        *slot += 1;
    }
    drop(events);

    let mut case_order: Vec<u32> = (0..case_names.len() as u32).collect();
    case_order.sort_unstable_by(|&a, &b| case_names[a as usize].cmp(&case_names[b as usize]));
    let mut case_names: Vec<Option<Box<str>>> = case_names.into_iter().map(Some).collect();

    let mut summary = ImportSummary {
        events: grouped.len() as u64,
        cases: case_order.len(),
        teams: teams.len(),
        ..ImportSummary::default()
    };
    // One record per seam, sorted by (from, to) afterwards: with many distinct pairs this is
    // much faster than a hash-map update per seam (sequential writes, no cache misses).
    let mut seams: Vec<SeamGap> = Vec::new();
    let mut journeys: Vec<LogJourney> = Vec::with_capacity(case_order.len());
    for &c in &case_order {
        let evs = &mut grouped[start[c as usize]..start[c as usize + 1]];
        evs.sort_by_key(|e| (e.secs, e.nanos));
        if evs.len() == 1 {
            summary.one_event_cases += 1;
        }
        let mut steps: Vec<LogStep> = Vec::with_capacity(evs.len());
        let mut prev: Option<&Event> = None;
        for e in evs.iter() {
            let activity = (e.activity != NO_ACTIVITY).then_some(e.activity);
            match prev {
                None => steps.push(LogStep {
                    team: e.team,
                    activity,
                    events: 1,
                    wait_hours: None,
                }),
                Some(p) => {
                    let gap = e.time().nanos_since(p.time());
                    summary.transitions += 1;
                    if p.team != e.team {
                        seams.push(SeamGap::new(p.team, e.team, gap));
                    }
                    match steps.last_mut() {
                        Some(last) if collapse_repeats && last.team == e.team => last.events += 1,
                        _ => steps.push(LogStep {
                            team: e.team,
                            activity,
                            events: 1,
                            wait_hours: Some(nanos_to_hours(gap)),
                        }),
                    }
                }
            }
            prev = Some(e);
        }
        summary.steps += steps.len() as u64;
        journeys.push(LogJourney {
            id: case_names[c as usize]
                .take()
                .map(String::from)
                .unwrap_or_default(),
            steps,
        });
    }
    summary.seams = seams.len() as u64;
    seams.par_sort_unstable_by_key(|g| g.pair);
    let handoffs: Vec<LogHandoff> = seams
        .chunk_by(|a, b| a.pair == b.pair)
        .map(|run| {
            // Integer sum: exact, whatever the order.
            let sum: i128 = run.iter().map(|g| g.nanos()).sum();
            LogHandoff {
                from: (run[0].pair >> 32) as u32,
                to: run[0].pair as u32,
                volume: run.len() as u64,
                wait_hours: nanos_to_hours(sum) / run.len() as f64,
            }
        })
        .collect();
    drop(seams);
    summary.handoff_pairs = handoffs.len();

    // Silos: each team's most frequent silo value (ties → the smaller unit id).
    let mut several_silos = Vec::new();
    let mut no_silo = Vec::new();
    let mut silos: Vec<LogSilo> = Vec::new();
    if has_silo {
        let team_ids: FxHashSet<&str> = teams.iter().map(|t| t.id.as_str()).collect();
        // Unit ids: the value, or `silo:` + value when it is a team id (repeated until free).
        let mut used: FxHashSet<String> = silo_names
            .iter()
            .filter(|v| !team_ids.contains(&v[..]))
            .map(|v| v.to_string())
            .collect();
        used.extend(team_ids.iter().map(|t| t.to_string()));
        let mut by_value: Vec<u32> = (0..silo_names.len() as u32).collect();
        by_value.sort_unstable_by(|&a, &b| silo_names[a as usize].cmp(&silo_names[b as usize]));
        let mut unit_id: Vec<String> = vec![String::new(); silo_names.len()];
        for &s in &by_value {
            let v = &silo_names[s as usize];
            unit_id[s as usize] = if team_ids.contains(&**v) {
                let mut id = format!("{SILO_PREFIX}{v}");
                while used.contains(&id) {
                    id.insert_str(0, SILO_PREFIX);
                }
                used.insert(id.clone());
                id
            } else {
                v.to_string()
            };
        }
        // Votes per team, in team order; hash order never reaches the result (sorted here).
        let mut votes: Vec<(u32, u32, u64)> = silo_votes
            .into_iter()
            .map(|((t, s), n)| (rank[t as usize], s, n))
            .collect();
        votes.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.2.cmp(&a.2))
                .then_with(|| unit_id[a.1 as usize].cmp(&unit_id[b.1 as usize]))
        });
        // Parent (old silo index) per team.
        let mut parent_of: Vec<Option<u32>> = vec![None; teams.len()];
        let mut i = 0;
        while i < votes.len() {
            let t = votes[i].0;
            let j = i + votes[i..].iter().take_while(|v| v.0 == t).count();
            parent_of[t as usize] = Some(votes[i].1);
            if j - i > 1 {
                several_silos.push(SeveralSilos {
                    team: t,
                    parent: unit_id[votes[i].1 as usize].clone(),
                    values: votes[i..j]
                        .iter()
                        .map(|v| (silo_names[v.1 as usize].to_string(), v.2))
                        .collect(),
                });
            }
            i = j;
        }
        // Silo units = the parents, sorted by unit id; renumber.
        let mut chosen: Vec<u32> = parent_of.iter().flatten().copied().collect();
        chosen.sort_unstable_by(|&a, &b| unit_id[a as usize].cmp(&unit_id[b as usize]));
        chosen.dedup();
        let mut silo_rank: FxHashMap<u32, u32> = FxHashMap::default();
        for (new, &old) in chosen.iter().enumerate() {
            silo_rank.insert(old, new as u32);
            silos.push(LogSilo {
                id: std::mem::take(&mut unit_id[old as usize]),
                value: silo_names[old as usize].to_string(),
                events: 0,
            });
        }
        for (t, team) in teams.iter_mut().enumerate() {
            match parent_of[t] {
                Some(old) => {
                    let s = silo_rank[&old];
                    team.parent = Some(s);
                    silos[s as usize].events += team.events;
                }
                None => no_silo.push(t as u32),
            }
        }
    }
    summary.silos = silos.len();
    Built {
        export: LogExport {
            teams,
            silos,
            activities: activity_names.into_iter().map(String::from).collect(),
            journeys,
            handoffs,
            kinds: (String::new(), None),
            collapse_repeats,
            summary,
        },
        several_silos,
        no_silo,
    }
}

/// Export files another export may hold that `import-log` does not write: their presence in the
/// output directory would mix two organisations.
const FOREIGN_FILES: [&str; 2] = ["systems.csv", "dependencies.csv"];

impl LogExport {
    /// Writes `teams.csv`, `handoffs.csv` and `journeys.csv` into `dir` (which must exist), each
    /// atomically (temporary file, then rename), journeys.csv beside the other two.
    ///
    /// - `teams.csv`: `id,parent,kind,events`; silo units first (roots, kind = the silo
    ///   column's name), then the teams (kind = the team column's name), each sorted by id.
    /// - `handoffs.csv`: `from,to,volume,wait_hours`, sorted by (from, to).
    /// - `journeys.csv`: `journey,step,team,activity,wait_hours` (plus `events` when repeats are
    ///   collapsed), by case id then step; `wait_hours` blank on step 1.
    ///
    /// # Returns
    /// [`SeamsError::Usage`] when `dir` already holds `systems.csv` or `dependencies.csv` (they
    /// would belong to another export); [`SeamsError::Io`] when writing fails.
    pub fn write(&self, dir: &Path) -> Result<(), SeamsError> {
        let foreign: Vec<&str> = FOREIGN_FILES
            .iter()
            .copied()
            .filter(|f| dir.join(f).exists())
            .collect();
        if !foreign.is_empty() {
            return Err(SeamsError::Usage(format!(
                "{} already holds {} from another export; the imported log would be mixed with it (choose an empty directory, or remove those files)",
                dir.display(),
                foreign.join(" and ")
            )));
        }
        // The two small files on a thread of their own, beside the big journeys.csv: their fsyncs
        // overlap, and the rayon pool stays free for encoding journeys.csv.
        std::thread::scope(|scope| {
            let small = scope.spawn(|| {
                write_atomic(&dir.join("teams.csv"), |w| self.write_teams(w))?;
                write_atomic(&dir.join("handoffs.csv"), |w| self.write_handoffs(w))
            });
            let journeys = write_atomic(&dir.join("journeys.csv"), |w| self.write_journeys(w));
            let small = match small.join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            journeys.and(small)
        })
    }

    /// teams.csv.
    pub fn write_teams(&self, w: &mut dyn Write) -> io::Result<()> {
        let mut out = csv_writer(w);
        out.write_record(["id", "parent", "kind", "events"])?;
        let silo_kind = self.kinds.1.as_deref().unwrap_or("silo");
        let mut n = Num::default();
        for s in &self.silos {
            out.write_record([s.id.as_bytes(), b"", silo_kind.as_bytes(), n.int(s.events)])?;
        }
        for t in &self.teams {
            let parent = t.parent.map_or("", |p| self.silos[p as usize].id.as_str());
            out.write_record([
                t.id.as_bytes(),
                parent.as_bytes(),
                self.kinds.0.as_bytes(),
                n.int(t.events),
            ])?;
        }
        out.flush()
    }

    /// handoffs.csv.
    pub fn write_handoffs(&self, w: &mut dyn Write) -> io::Result<()> {
        let mut out = csv_writer(w);
        out.write_record(["from", "to", "volume", "wait_hours"])?;
        let (mut n, mut x) = (Num::default(), Num::default());
        for h in &self.handoffs {
            out.write_record([
                self.teams[h.from as usize].id.as_bytes(),
                self.teams[h.to as usize].id.as_bytes(),
                n.int(h.volume),
                x.float(h.wait_hours),
            ])?;
        }
        out.flush()
    }

    /// journeys.csv. Rows are assembled as bytes: each distinct case, team and activity is
    /// CSV-encoded once and numbers are formatted without `fmt` (the file has a row per event).
    /// Windows of journeys are encoded in parallel (rayon) on a helper thread while this one
    /// writes the previous window, so the output is the same bytes as a sequential encoding.
    pub fn write_journeys(&self, w: &mut dyn Write) -> io::Result<()> {
        /// Journeys encoded as one buffer, and per window (in parallel).
        const CHUNK: usize = 1024;
        const WINDOW: usize = 16 * CHUNK;
        let teams: Vec<Vec<u8>> = self.teams.iter().map(|t| csv_field(&t.id)).collect();
        let activities: Vec<Vec<u8>> = self.activities.iter().map(|a| csv_field(a)).collect();
        let mut header = b"journey,step,team,activity,wait_hours".to_vec();
        if self.collapse_repeats {
            header.extend_from_slice(b",events");
        }
        header.push(b'\n');
        w.write_all(&header)?;
        let (teams, activities) = (&teams, &activities);
        let (tx, rx) = mpsc::sync_channel::<Vec<Vec<u8>>>(2);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                for window in self.journeys.chunks(WINDOW) {
                    let encoded: Vec<Vec<u8>> = window
                        .par_chunks(CHUNK)
                        .map(|js| self.encode_journeys(js, teams, activities))
                        .collect();
                    if tx.send(encoded).is_err() {
                        break; // the writer stopped on an error
                    }
                }
            });
            for encoded in rx {
                for buf in encoded {
                    w.write_all(&buf)?;
                }
            }
            w.flush()
        })
    }

    /// The journeys.csv rows of `journeys` (`teams` and `activities` CSV-encoded by index).
    fn encode_journeys(
        &self,
        journeys: &[LogJourney],
        teams: &[Vec<u8>],
        activities: &[Vec<u8>],
    ) -> Vec<u8> {
        let mut buf: Vec<u8> = Vec::with_capacity(journeys.len() * 256);
        let mut n = Num::default();
        for j in journeys {
            let case = csv_field(&j.id);
            for (k, s) in j.steps.iter().enumerate() {
                buf.extend_from_slice(&case);
                buf.push(b',');
                buf.extend_from_slice(n.int(k as u64 + 1));
                buf.push(b',');
                buf.extend_from_slice(&teams[s.team as usize]);
                buf.push(b',');
                if let Some(a) = s.activity {
                    buf.extend_from_slice(&activities[a as usize]);
                }
                buf.push(b',');
                if let Some(h) = s.wait_hours {
                    buf.extend_from_slice(n.float(h));
                }
                if self.collapse_repeats {
                    buf.push(b',');
                    buf.extend_from_slice(n.int(s.events as u64));
                }
                buf.push(b'\n');
            }
        }
        buf
    }
}

/// One CSV field as written (RFC 4180): quoted, with `"` doubled, when it holds a comma, a
/// quote or a line break.
fn csv_field(text: &str) -> Vec<u8> {
    if !text
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        return text.as_bytes().to_vec();
    }
    let mut out = Vec::with_capacity(text.len() + 2);
    out.push(b'"');
    for b in text.bytes() {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
    out
}

fn csv_writer(w: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new()
        .buffer_capacity(1 << 16)
        .from_writer(w)
}

/// Reusable buffers for formatting one number.
#[derive(Default)]
struct Num {
    int: itoa::Buffer,
    float: ryu::Buffer,
}

impl Num {
    fn int(&mut self, v: u64) -> &[u8] {
        self.int.format(v).as_bytes()
    }

    /// The shortest text that reads back as the same f64, without a trailing `.0` (`2`, `0.5`,
    /// `1e-7`).
    fn float(&mut self, v: f64) -> &[u8] {
        let s = self.float.format(v);
        s.strip_suffix(".0").unwrap_or(s).as_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> Timestamp {
        parse_timestamp(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn timestamp_formats_agree() {
        // 2011-10-11T11:45:40Z = 15258 days after 1970-01-01, + 11:45:40.
        let secs = 15_258 * 86_400 + 11 * 3600 + 45 * 60 + 40;
        assert_eq!(secs, 1_318_333_540);
        let z = Timestamp::from_unix(secs, 0);
        for text in [
            "2011-10-11T11:45:40Z",
            "2011-10-11T11:45:40",
            "2011-10-11 11:45:40",
            "2011-10-11t11:45:40z",
            "2011-10-11T11:45:40+00:00",
            "2011-10-11T13:45:40+02:00",
            "2011-10-11T13:45:40+0200",
            "2011-10-11T13:45:40+02",
            "2011-10-11T06:15:40-05:30",
            "2011-10-11 13:45:40 +02:00",
            "1318333540",
        ] {
            assert_eq!(ts(text), z, "{text}");
        }
        let f = Timestamp::from_unix(secs, 276_000_000);
        assert_eq!(ts("2011-10-11T11:45:40.276Z"), f);
        assert_eq!(ts("2011-10-11T11:45:40,276"), f);
        assert_eq!(ts("2011-10-11T12:45:40.276000+01:00"), f);
        assert_eq!(ts("1318333540.276"), f);
        // Nanoseconds kept, further digits dropped.
        assert_eq!(
            ts("1970-01-01T00:00:00.1234567891Z"),
            Timestamp::from_unix(0, 123_456_789)
        );
    }

    #[test]
    fn timestamp_calendar_edges() {
        assert_eq!(ts("1970-01-01T00:00:00Z").unix_seconds(), 0);
        assert_eq!(ts("1969-12-31T23:59:59Z").unix_seconds(), -1);
        assert_eq!(ts("2000-02-29T00:00:00Z").unix_seconds(), 951_782_400);
        assert_eq!(ts("2024-03-01T00:00:00Z").unix_seconds(), 1_709_251_200);
        assert_eq!(ts("0000-01-01T00:00:00Z").unix_seconds(), MIN_SECS);
        assert_eq!(ts("9999-12-31T23:59:59Z").unix_seconds(), MAX_SECS);
        // An offset can cross midnight and a month end.
        assert_eq!(ts("2024-03-01T01:00:00+02:00"), ts("2024-02-29T23:00:00Z"));
        // Negative fractional Unix seconds: -1.5 s = -2 s + 0.5 s.
        assert_eq!(ts("-1.5"), Timestamp::from_unix(-2, 500_000_000));
        assert_eq!(ts("-1"), Timestamp::from_unix(-1, 0));
        let a = ts("2011-10-11T11:45:40Z");
        assert_eq!(ts("2011-10-12T11:45:40Z").hours_since(a), 24.0);
        assert_eq!(a.hours_since(ts("2011-10-11T11:45:41Z")), -1.0 / 3600.0);
    }

    #[test]
    fn bad_timestamps_say_why() {
        let err = |t: &str| parse_timestamp(t).unwrap_err();
        for t in [
            "11/10/2011 11:45",
            "yesterday",
            "2011-10-11T11:45",
            "2011-10-11T11:45:4",
            "2011-10-11X11:45:40",
            "2011-10-11T11:45:40.",
            "2011-10-11T11:45:40Q",
            "2011-10-11T11:45:40+2",
            "1e9",
            "1.2.3",
            "--5",
            ".5",
        ] {
            assert!(
                err(t).contains("is not a timestamp") || err(t).contains("offset"),
                "{t}: {}",
                err(t)
            );
        }
        assert!(err("").contains("blank"));
        assert!(err("2011-02-29T00:00:00Z").contains("has day 29, but 2011-02 has 28 days"));
        assert!(err("2011-13-01T00:00:00Z").contains("month 13"));
        assert!(err("2011-10-11T24:00:00Z").contains("24:00:00"));
        assert!(err("2011-10-11T23:59:60Z").contains("23:59:60"));
        assert!(err("2011-10-11T11:45:40+25:00").contains("offset 25:00"));
        assert!(err("2011-10-11").contains("no time of day"));
        assert!(err("1318333540276").contains("milliseconds"));
        assert!(err("99999999999999999999").contains("out of range"));
    }

    fn columns(silo: Option<&str>) -> ImportOptions {
        ImportOptions {
            columns: LogColumns {
                case: "case".into(),
                activity: "activity".into(),
                time: "time".into(),
                team: "team".into(),
                silo: silo.map(str::to_string),
            },
            collapse_repeats: false,
        }
    }

    /// Imports `log` (written to a temp file) with `options`.
    fn import(log: &str, options: &ImportOptions) -> Result<ImportedLog, SeamsError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.csv");
        std::fs::write(&path, log).unwrap();
        read_log(&path, options)
    }

    fn errors(log: &str, options: &ImportOptions) -> Vec<String> {
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

    /// (team id, activity, wait) of each step of journey `j`.
    fn steps(e: &LogExport, j: usize) -> Vec<(String, String, Option<f64>, u32)> {
        e.journeys[j]
            .steps
            .iter()
            .map(|s| {
                (
                    e.teams[s.team as usize].id.clone(),
                    s.activity
                        .map_or(String::new(), |a| e.activities[a as usize].clone()),
                    s.wait_hours,
                    s.events,
                )
            })
            .collect()
    }

    #[test]
    fn journeys_in_time_order_ties_in_file_order() {
        // Case c2 is listed out of order; its events 2 and 3 share a timestamp (file order wins:
        // `second` before `third`). Case c1 comes after c2 in the file but first in the output.
        let log = "case,activity,time,team,extra\n\
                   c2,third,2024-01-01T12:00:00Z,B,x\n\
                   c2,first,2024-01-01T10:00:00Z,A,x\n\
                   c1,only,1704067200,A,x\n\
                   c2,tie-1,2024-01-01T12:00:00Z,A,x\n\
                   c2,tie-2,2024-01-01 12:00:00,C,x\n";
        let e = import(log, &columns(None)).unwrap().export;
        assert_eq!(
            e.journeys.iter().map(|j| j.id.as_str()).collect::<Vec<_>>(),
            ["c1", "c2"]
        );
        let h = |x: f64| Some(x);
        assert_eq!(
            steps(&e, 1),
            vec![
                ("A".into(), "first".into(), None, 1),
                ("B".into(), "third".into(), h(2.0), 1),
                ("A".into(), "tie-1".into(), h(0.0), 1),
                ("C".into(), "tie-2".into(), h(0.0), 1),
            ]
        );
        // Handoffs A→B (2 h), B→A (0 h), A→C (0 h), sorted by (from, to).
        let hs: Vec<(&str, &str, u64, f64)> = e
            .handoffs
            .iter()
            .map(|x| {
                (
                    e.teams[x.from as usize].id.as_str(),
                    e.teams[x.to as usize].id.as_str(),
                    x.volume,
                    x.wait_hours,
                )
            })
            .collect();
        assert_eq!(
            hs,
            vec![("A", "B", 1, 2.0), ("A", "C", 1, 0.0), ("B", "A", 1, 0.0)]
        );
        let s = e.summary;
        assert_eq!(
            (s.rows, s.events, s.cases, s.teams, s.one_event_cases),
            (5, 5, 2, 3, 1)
        );
        assert_eq!((s.transitions, s.seams, s.handoff_pairs), (3, 3, 3));
    }

    #[test]
    fn ties_keep_file_order_in_long_cases() {
        // 90 events cycling through three timestamps (t2, t1, t3, t2, …): a stable order puts
        // the 30 events of t1 first in file order, then t2's, then t3's. An unstable sort of a
        // slice this long scrambles equal keys.
        let mut log = String::from("case,activity,time,team\n");
        for i in 0..90 {
            let t = [2, 1, 3][i % 3];
            log.push_str(&format!("c,e{i:02},{t},T{}\n", i % 2));
        }
        let e = import(&log, &columns(None)).unwrap().export;
        let got: Vec<String> = steps(&e, 0).into_iter().map(|s| s.1).collect();
        let mut want: Vec<String> = Vec::new();
        for t in [1, 2, 3] {
            for i in 0..90 {
                if [2, 1, 3][i % 3] == t {
                    want.push(format!("e{i:02}"));
                }
            }
        }
        assert_eq!(got, want);
    }

    #[test]
    fn handoff_wait_is_the_mean_gap_and_repeats_are_not_handoffs() {
        // A→B with gaps 1 h and 3 h (mean 2 h); A→A is no handoff.
        let log = "case,activity,time,team\n\
                   x,a,2024-01-01T00:00:00Z,A\n\
                   x,b,2024-01-01T01:00:00Z,B\n\
                   y,a,2024-01-01T00:00:00Z,A\n\
                   y,a,2024-01-01T00:30:00Z,A\n\
                   y,b,2024-01-01T03:30:00Z,B\n";
        let e = import(log, &columns(None)).unwrap().export;
        assert_eq!(e.handoffs.len(), 1);
        assert_eq!((e.handoffs[0].volume, e.handoffs[0].wait_hours), (2, 2.0));
        assert_eq!((e.summary.transitions, e.summary.seams), (3, 2));
    }

    #[test]
    fn collapse_repeats_merges_runs_but_not_handoffs() {
        let log = "case,activity,time,team\n\
                   x,a1,2024-01-01T00:00:00Z,A\n\
                   x,a2,2024-01-01T01:00:00Z,A\n\
                   x,b1,2024-01-01T03:00:00Z,B\n\
                   x,a3,2024-01-01T04:00:00Z,A\n\
                   x,a4,2024-01-01T04:30:00Z,A\n";
        let plain = import(log, &columns(None)).unwrap().export;
        let mut options = columns(None);
        options.collapse_repeats = true;
        let collapsed = import(log, &options).unwrap().export;
        assert_eq!(plain.journeys[0].steps.len(), 5);
        // Runs A(a1,a2) B(b1) A(a3,a4); a run's wait runs from the previous run's last event.
        assert_eq!(
            steps(&collapsed, 0),
            vec![
                ("A".into(), "a1".into(), None, 2),
                ("B".into(), "b1".into(), Some(2.0), 1),
                ("A".into(), "a3".into(), Some(1.0), 2),
            ]
        );
        assert_eq!(plain.handoffs, collapsed.handoffs);
        assert_eq!(collapsed.summary.steps, 3);
        let mut out = Vec::new();
        collapsed.write_journeys(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "journey,step,team,activity,wait_hours,events\nx,1,A,a1,,2\nx,2,B,b1,2,1\nx,3,A,a3,1,2\n"
        );
    }

    #[test]
    fn silo_parent_is_the_most_frequent_value_ties_to_the_smaller_id() {
        // T1: ops ×2, sales ×1 → ops (warned). T2: sales ×1, ops ×1 → tie → ops (smaller id).
        // T3: its silo value `T1` is a team id → unit `silo:T1`. T4: blank silo → root.
        let log = "case,activity,time,team,dept\n\
                   c,a,1,T1,ops\nc,a,2,T1,ops\nc,a,3,T1,sales\n\
                   d,a,1,T2,sales\nd,a,2,T2,ops\n\
                   e,a,1,T3,T1\n\
                   f,a,1,T4,\n";
        let imported = import(log, &columns(Some("dept"))).unwrap();
        let e = &imported.export;
        let silos: Vec<(&str, u64)> = e.silos.iter().map(|s| (s.id.as_str(), s.events)).collect();
        assert_eq!(silos, vec![("ops", 5), ("silo:T1", 1)]);
        let parents: Vec<(&str, Option<&str>)> = e
            .teams
            .iter()
            .map(|t| {
                (
                    t.id.as_str(),
                    t.parent.map(|p| e.silos[p as usize].id.as_str()),
                )
            })
            .collect();
        assert_eq!(
            parents,
            vec![
                ("T1", Some("ops")),
                ("T2", Some("ops")),
                ("T3", Some("silo:T1")),
                ("T4", None)
            ]
        );
        let warnings: Vec<&str> = imported
            .warnings
            .iter()
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings[0].starts_with(
            "team `T1` appears under 2 values of `dept`: `ops` (2 events), `sales` (1 events)"
        ));
        assert!(warnings[1].starts_with("team `T2` appears under 2 values of `dept`: `ops` (1 events), `sales` (1 events); its parent is `ops`"));
        assert!(warnings[2].contains("`T4`"));
        let mut out = Vec::new();
        e.write_teams(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,parent,kind,events\nops,,dept,5\nsilo:T1,,dept,1\nT1,ops,team,3\nT2,ops,team,2\nT3,silo:T1,team,1\nT4,,team,1\n"
        );
    }

    #[test]
    fn blank_team_rows_are_skipped_with_a_warning() {
        let mut log = String::from("case,activity,time,team\nc,a,1,A\n");
        for i in 0..25 {
            log.push_str(&format!("c,a,{},\n", i + 2));
        }
        log.push_str("c,a,100,B\n");
        let imported = import(&log, &columns(None)).unwrap();
        let w = &imported.warnings;
        // One count (a whole-file warning, listed first), then 20 listed (lines 3..22).
        assert_eq!(w.len(), 21);
        assert_eq!(w[0].line, None);
        assert!(w[0].message.starts_with("25 events in all were skipped"));
        assert_eq!(w[1].line, Some(3));
        assert!(w[1].message.contains("`team` is blank"));
        assert_eq!(w[20].line, Some(22));
        let s = imported.export.summary;
        assert_eq!(
            (s.rows, s.events, s.skipped_blank_team, s.seams),
            (27, 2, 25, 1)
        );
    }

    #[test]
    fn every_error_at_once_with_its_line() {
        let log = "Case,Activity,Time,Team\n\
                   c,a,2024-01-01T00:00:00Z,Customer\n\
                   ,a,2024-01-01T00:00:00Z,A\n\
                   c,a,01/01/2024,A\n\
                   c,a,2024-01-01T00:00:00Z,A,extra\n\
                   c,a,2024-02-30T00:00:00Z,B\n";
        let e = errors(log, &columns(None));
        assert_eq!(e.len(), 5, "{e:?}");
        assert!(e[0].starts_with("2: `Team` is `Customer`, which is reserved for the customer"));
        assert!(e[1].starts_with("3: the case is blank"));
        assert!(e[2].starts_with("4: `Time`: `01/01/2024` is not a timestamp (expected ISO 8601"));
        assert!(e[3].starts_with("5: this row has 5 field(s) but the header has 4"));
        assert!(e[4].starts_with("6: `Time`: `2024-02-30T00:00:00Z` has day 30"));
    }

    #[test]
    fn parallel_journeys_csv_equals_a_sequential_encoding() {
        // 40,000 cases span three windows of 16,384 journeys (and many chunks of 1,024).
        let mut log = String::from("case,activity,time,team\n");
        for c in 0..40_000 {
            log.push_str(&format!(
                "k{c:05},a,{},T{}\nk{c:05},\"b,c\",{}.5,U\n",
                c,
                c % 7,
                c + 60
            ));
        }
        let e = import(&log, &columns(None)).unwrap().export;
        let mut parallel = Vec::new();
        e.write_journeys(&mut parallel).unwrap();
        let teams: Vec<Vec<u8>> = e.teams.iter().map(|t| csv_field(&t.id)).collect();
        let activities: Vec<Vec<u8>> = e.activities.iter().map(|a| csv_field(a)).collect();
        let mut sequential = b"journey,step,team,activity,wait_hours\n".to_vec();
        sequential.extend(e.encode_journeys(&e.journeys, &teams, &activities));
        assert!(parallel == sequential);
        let text = String::from_utf8(parallel).unwrap();
        assert_eq!(text.lines().count(), 80_001);
        assert!(
            text.ends_with("k39999,2,U,\"b,c\",0.016805555555555556\n"),
            "{}",
            &text[text.len() - 60..]
        );
    }

    #[test]
    fn crlf_and_bom() {
        let log = "\u{feff}case,activity,time,team\r\nc,a,1,A\r\nc,b,soon,B\r\n";
        assert_eq!(
            errors(log, &columns(None)),
            vec!["3: `time`: `soon` is not a timestamp (expected ISO 8601 such as 2011-10-11T11:45:40Z, 2011-10-11T11:45:40.276+02:00 or 2011-10-11 11:45:40 (no offset = UTC), or Unix seconds such as 1318333540)"]
        );
        let ok = import(
            "\u{feff}case,activity,time,team\r\nc,a,1,A\r\nc,b,2,B\r\n",
            &columns(None),
        );
        assert_eq!(ok.unwrap().export.summary.seams, 1);
    }

    #[test]
    fn error_cap_is_deterministic_across_threads() {
        // 10,000 bad timestamps (processing thread) and one ragged row (reading thread) on
        // line 5000: the ragged row is always kept, with the first 199 timestamp errors (lines
        // 2-200), and the closing line counts the other 9,801.
        let mut log = String::from("case,activity,time,team\n");
        for i in 0..10_000 {
            if i == 4998 {
                log.push_str("c,a,1,A,extra\n");
            }
            log.push_str("c,a,never,A\n");
        }
        for _ in 0..3 {
            let e = errors(&log, &columns(None));
            assert_eq!(e.len(), 201);
            assert!(
                e[0].starts_with("-: 9801 more error(s) not shown"),
                "{}",
                e[0]
            );
            assert!(e[1].starts_with("2: `time`: `never` is not a timestamp"));
            assert!(e[199].starts_with("200: `time`"), "{}", e[199]);
            assert!(
                e[200].starts_with("5000: this row has 5 field(s)"),
                "{}",
                e[200]
            );
        }
    }

    #[test]
    fn missing_columns_and_empty_logs() {
        let mut o = columns(Some("dept"));
        o.columns.time = "when".into();
        let e = errors("case,activity,time,team\nc,a,1,A\n", &o);
        assert_eq!(e.len(), 2);
        assert!(e[0].starts_with("1: the header has no column `when` (named by --time; the columns are `case`, `activity`, `time`, `team`)"));
        assert!(e[1].contains("`dept` (named by --silo"));
        assert!(errors("", &columns(None))[0].contains("the file is empty"));
        assert!(errors("case,activity,time,team\n", &columns(None))[0]
            .contains("the log has a header but no events"));
        assert!(errors("case,activity,time,team\nc,a,1,\n", &columns(None))
            .last()
            .unwrap()
            .contains("no event has a team"));
        assert!(matches!(
            read_log(Path::new("/nonexistent/log.csv"), &columns(None)),
            Err(SeamsError::Usage(_))
        ));
        // Headers match like export headers: case-insensitive, trimmed, spaces as `_`.
        let mut o = columns(None);
        o.columns.case = "Case ID".into();
        let e = import("case_id,activity,time,team\nc,a,1,A\n", &o).unwrap();
        assert_eq!(e.export.journeys[0].id, "c");
    }

    #[test]
    fn written_files() {
        let log = "case,activity,time,team\n\
                   \"c,1\",\"say \"\"hi\"\"\",2024-01-01T00:00:00Z,A\n\
                   \"c,1\",,2024-01-01T00:00:01Z,B\n";
        let e = import(log, &columns(None)).unwrap().export;
        let dir = tempfile::tempdir().unwrap();
        e.write(dir.path()).unwrap();
        let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
        assert_eq!(
            read("teams.csv"),
            "id,parent,kind,events\nA,,team,1\nB,,team,1\n"
        );
        assert_eq!(
            read("handoffs.csv"),
            "from,to,volume,wait_hours\nA,B,1,0.0002777777777777778\n"
        );
        assert_eq!(
            read("journeys.csv"),
            "journey,step,team,activity,wait_hours\n\"c,1\",1,A,\"say \"\"hi\"\"\",\n\"c,1\",2,B,,0.0002777777777777778\n"
        );
        // The written files are a valid export.
        let (org, _) = crate::load(dir.path(), &Default::default()).unwrap();
        assert_eq!(org.export.journeys[0].steps.len(), 2);
        // Another export's files in the output directory are refused.
        std::fs::write(dir.path().join("systems.csv"), "id,owner\n").unwrap();
        assert!(matches!(e.write(dir.path()), Err(SeamsError::Usage(_))));
    }
}
