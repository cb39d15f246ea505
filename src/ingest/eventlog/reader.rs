//! The two-thread reader: an event log (one CSV file) → 24-byte events with interned strings
//! (docs/event-logs.md). One thread reads rows through `table::open_file` (line numbers, UTF-8,
//! ragged rows and open quotes checked exactly as for an export) and copies the five mapped
//! fields into batches; the other parses timestamps, checks each row and interns case, team,
//! activity and silo values. [`read_log`] then hands the events to case building (`cases.rs`).

use std::path::Path;
use std::sync::mpsc;

use rustc_hash::FxHashMap;

use super::cases::{self, Built};
use super::clock::TimeReading;
use super::table::{self, FileDiagnostics, Opened, Schema};
use super::timestamp::Timestamp;
use super::{ImportOptions, ImportedLog};
use crate::error::{Diagnostic, Diagnostics, SeamsError, Severity};
use crate::records::is_customer;

/// Blank-team rows listed one by one before the rest are only counted.
const BLANK_TEAM_WARNINGS: u64 = 20;

/// Strings → dense indices, in order of first appearance (one allocation per distinct string).
#[derive(Default)]
pub(super) struct Interner {
    map: FxHashMap<Box<str>, u32>,
}

impl Interner {
    pub(super) fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.map.get(s) {
            return i;
        }
        let i = self.map.len() as u32;
        self.map.insert(s.into(), i);
        i
    }

    /// The strings by index (the map is consumed; its order never matters).
    pub(super) fn into_names(self) -> Vec<Box<str>> {
        let mut names: Vec<Box<str>> = vec![Box::from(""); self.map.len()];
        for (name, i) in self.map {
            names[i as usize] = name;
        }
        names
    }
}

/// One event as kept while reading: 24 bytes.
#[derive(Clone, Copy)]
pub(super) struct Event {
    /// Its instant: Unix seconds and nanoseconds (kept apart to stay at 24 bytes).
    pub(super) secs: i64,
    pub(super) nanos: u32,
    /// Interned case.
    pub(super) case: u32,
    /// Interned team.
    pub(super) team: u32,
    /// Interned activity; [`NO_ACTIVITY`] when blank.
    pub(super) activity: u32,
}

/// [`Event::activity`] of an event whose activity is blank.
pub(super) const NO_ACTIVITY: u32 = u32::MAX;

impl Event {
    /// The event's instant.
    pub(super) fn time(&self) -> Timestamp {
        Timestamp::from_unix(self.secs, self.nanos)
    }
}

/// What reading the log gathered (strings by interned index): the input of case building.
pub(super) struct ReadEvents {
    /// The events, in file order.
    pub(super) events: Vec<Event>,
    /// Case, team, activity and silo values by interned index.
    pub(super) cases: Vec<Box<str>>,
    pub(super) teams: Vec<Box<str>>,
    pub(super) activities: Vec<Box<str>>,
    pub(super) silo_values: Vec<Box<str>>,
    /// Per event (in file order, as `events`): its interned silo value, [`NO_SILO`] when blank;
    /// empty without a silo column.
    pub(super) event_silo: Vec<u32>,
    /// Per interned team: the line of its first event.
    pub(super) team_first_line: Vec<u64>,
    /// What the period filter dropped (set by `adjust`).
    pub(super) dropped: super::period::Dropped,
}

/// [`ReadEvents::event_silo`] of an event whose silo cell is blank.
pub(super) const NO_SILO: u32 = u32::MAX;
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

/// Reads an event log and converts it into export records (docs/event-logs.md).
///
/// # Arguments
/// * `path` - the CSV file (UTF-8, header row, comma-separated).
/// * `options` - the column mapping and `collapse_repeats`.
///
/// # Returns
/// The export and its warnings; or [`SeamsError::InvalidInput`] with every error of the log
/// (`file:line:` each: a missing column, a blank case, a timestamp that cannot be read, a team
/// named `customer`, a ragged row, invalid UTF-8, …) and the warnings; [`SeamsError::Usage`]
/// when two roles name the same column ([`super::LogColumns::check`]) or the file does not
/// exist.
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
    options.columns.check()?;
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
    let mut table = match table::open_file(path, &schema, &options.read, &mut diags) {
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
        let time = &options.time;
        let worker = scope.spawn(move || {
            let mut state = ReadState::new(names, time);
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
        event_silo,
        team_first_line,
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
    let read = ReadEvents {
        events,
        cases: cases.into_names(),
        teams: teams.into_names(),
        activities: activities.into_names(),
        silo_values: silo_values.into_names(),
        event_silo,
        team_first_line,
        dropped: Default::default(),
    };
    let (read, mut adjusted) = super::adjust(read, path, options)?;
    warnings.append(&mut adjusted);
    let built: Built = cases::build(read, silo_col.is_some(), options);
    warnings.extend(built.silo_warnings(path, silo_name.as_deref().unwrap_or("")));
    let mut export = built.export;
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
struct ReadState<'t> {
    names: ColumnNames,
    /// How the time column is read (`--time-format`, `--timezone`).
    time: &'t TimeReading,
    cases: Interner,
    teams: Interner,
    activities: Interner,
    silo_values: Interner,
    /// Per event: its silo value (when a silo column is given).
    event_silo: Vec<u32>,
    /// Per interned team: the line of its first event.
    team_first_line: Vec<u64>,
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

impl<'t> ReadState<'t> {
    fn new(names: ColumnNames, time: &'t TimeReading) -> ReadState<'t> {
        ReadState {
            names,
            time,
            cases: Interner::default(),
            teams: Interner::default(),
            activities: Interner::default(),
            silo_values: Interner::default(),
            event_silo: Vec::new(),
            team_first_line: Vec::new(),
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
        let time = match self.time.parse(time) {
            Ok(t) => Some(t),
            Err(e) => {
                let m = format!("`{}`: {e}", self.names.time);
                self.error(line, m);
                ok = false;
                None
            }
        };
        let silo_cell = silo.map(|s| Some(s).filter(|s| !s.is_empty()));
        let silo = silo_cell.flatten();
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
        if team as usize == self.team_first_line.len() {
            self.team_first_line.push(line);
        }
        let activity = match activity {
            "" => NO_ACTIVITY,
            a => self.activities.intern(a),
        };
        if let Some(silo) = silo_cell {
            self.event_silo.push(match silo {
                Some(s) => self.silo_values.intern(s),
                None => NO_SILO,
            });
        }
        self.events.push(Event {
            secs: time.unix_seconds(),
            nanos: time.subsec_nanos(),
            case,
            team,
            activity,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns, errors, import};
    use super::*;

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
}
