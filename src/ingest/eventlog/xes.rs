//! XES and XES.gz event logs (docs/event-logs.md, "XES logs"): the second log format of
//! `seams import-log`, read with the streaming XES reader of `process_mining` (rust4pm).
//!
//! Each `<trace>` is a case (its `concept:name`, or the trace attribute `--case` names), each
//! `<event>` an event whose activity, time, team and silo are event attributes (defaults:
//! `concept:name`, `time:timestamp`; `--team` and `--silo` name any attribute, such as
//! `org:group`). The events become the same 24-byte events the CSV reader makes and go through
//! the same case building (`cases.rs`), so a log gives the same export as XES and as CSV.
//!
//! `<global>` declarations are defaults for tools that want them, not values: like pm4py,
//! seams never fills them in, so an event without its own team attribute is skipped (with a
//! warning) even when a global default exists.
//!
//! `process_mining` keeps no positions, so the XML passes through
//! [`xes_lines::LineTracker`](super::xes_lines) on the way in: it gives each trace and event the
//! line its tag starts on, and XML or gzip errors the line the reader had reached.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use super::reader::NO_SILO;
use process_mining::core::event_data::case_centric::xes::{
    stream_xes_bufread, XESImportOptions, XESParseError,
};
use process_mining::core::event_data::case_centric::{
    Attribute, AttributeValue, Attributes, Trace, XESEditableAttribute,
};

use super::cases;
use super::reader::{Event, Interner, ReadEvents, NO_ACTIVITY};
use super::table::{self, FileDiagnostics};
use super::timestamp::{parse_timestamp, Timestamp};
use super::xes_chunks;
use super::xes_lines::{LineTracker, Positions, EMPTY_EVENT};
use super::{ImportOptions, ImportedLog, LogColumns};
use crate::error::{Diagnostic, Diagnostics, SeamsError};
use crate::records::is_customer;

/// The trace attribute holding the case id when `--case` is not given (XES concept extension).
pub const DEFAULT_CASE: &str = "concept:name";
/// The event attribute holding the activity when `--activity` is not given.
pub const DEFAULT_ACTIVITY: &str = "concept:name";
/// The event attribute holding the time when `--time` is not given (XES time extension).
pub const DEFAULT_TIME: &str = "time:timestamp";

/// Events without a team listed one by one before the rest are only counted (as for CSV).
const MISSING_TEAM_WARNINGS: u64 = 20;

/// The two formats `seams import-log` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// One CSV file with a header row (docs/event-logs.md).
    Csv,
    /// An XES document, plain or gzip-compressed.
    Xes,
}

/// Detects the format of the log at `path`: XES when its name ends in `.xes` or `.xes.gz`
/// (any case), or when it starts with the gzip magic bytes, or (after a BOM and whitespace)
/// with `<?xml` or `<log`; CSV otherwise (also when the file cannot be read: the CSV reader
/// then reports why).
pub fn detect_format(path: &Path) -> LogFormat {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with(".xes") || name.ends_with(".xes.gz") {
        return LogFormat::Xes;
    }
    let mut head = [0u8; 256];
    let n = File::open(path)
        .and_then(|mut f| read_up_to(&mut f, &mut head))
        .unwrap_or(0);
    if looks_like_xes(&head[..n]) {
        LogFormat::Xes
    } else {
        LogFormat::Csv
    }
}

/// Reads until `buf` is full or the file ends.
fn read_up_to(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Whether the first bytes of a file are gzip or an XML / XES start.
fn looks_like_xes(head: &[u8]) -> bool {
    if head.starts_with(&[0x1f, 0x8b]) {
        return true;
    }
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let text = text.trim_ascii_start();
    text.starts_with(b"<?xml") || text.starts_with(b"<log")
}

/// Checks the attribute mapping of an XES log: the activity, time, team and silo must be four
/// different event attributes (keys compared exactly, as XES keys are). The case is a trace
/// attribute, so it may share its key with the activity (both `concept:name` by default).
///
/// # Returns
/// [`SeamsError::Usage`] naming every pair of flags that share an attribute.
pub fn check_columns(columns: &LogColumns) -> Result<(), SeamsError> {
    let mut roles = vec![
        ("--activity", columns.activity.as_str()),
        ("--time", columns.time.as_str()),
        ("--team", columns.team.as_str()),
    ];
    if let Some(silo) = &columns.silo {
        roles.push(("--silo", silo.as_str()));
    }
    let mut clashes = Vec::new();
    for (i, (flag_a, a)) in roles.iter().enumerate() {
        for (flag_b, b) in &roles[i + 1..] {
            if a == b {
                clashes.push(format!(
                    "{flag_a} and {flag_b} both name attribute `{}`",
                    table::shorten(b)
                ));
            }
        }
    }
    if clashes.is_empty() {
        return Ok(());
    }
    Err(SeamsError::Usage(format!(
        "{} (expected a different event attribute for each role: the activity, the time, the team and the silo)",
        clashes.join("; ")
    )))
}

/// The `kind` written for a unit read from attribute `key`: the key without its XES
/// extension prefix (`org:group` → `group`), so an XES log and the CSV made from it (whose
/// column is `group`) give the same teams.csv.
fn kind_of(key: &str) -> String {
    key.rsplit(':').next().unwrap_or(key).to_string()
}

/// Reads an XES (or gzip-compressed XES) event log and converts it into export records, with
/// the semantics of the CSV route ([`super::read_log`]; docs/event-logs.md, "XES logs").
///
/// # Arguments
/// * `path` - the `.xes` / `.xes.gz` file (gzip is detected by its magic bytes).
/// * `options` - the attribute mapping (`case` is a trace attribute, the others event
///   attributes, keys matched exactly) and `collapse_repeats`.
///
/// # Returns
/// The export and its warnings (events without the team attribute skipped, teams under several
/// silos); or [`SeamsError::InvalidInput`] with every error as `file:line:` (malformed XML,
/// truncated gzip, a trace without the case attribute, a timestamp that cannot be read, a team
/// named `customer`, …); [`SeamsError::Usage`] when two roles name one attribute or the file
/// does not exist. An XML or gzip error stops the reading: the errors found before it are
/// reported with it.
///
/// # Complexity
/// One pass over the file: `process_mining` parses one trace at a time, keeping only the
/// mapped attributes; O(E) memory for E events (24 bytes each, plus the distinct strings);
/// then the case building of the CSV route, O(E + C log C + S log S).
pub fn read_xes(path: &Path, options: &ImportOptions) -> Result<ImportedLog, SeamsError> {
    let cols = &options.columns;
    check_columns(cols)?;
    // The file, decompressed on a thread of its own when it is gzip.
    let open = || -> Result<(Box<dyn Read + Send>, bool), SeamsError> {
        let file = File::open(path).map_err(|e| {
            SeamsError::Usage(format!(
                "{}: {} (expected an event log in XES)",
                path.display(),
                if e.kind() == std::io::ErrorKind::NotFound {
                    "no such file".to_string()
                } else {
                    e.to_string()
                }
            ))
        })?;
        let mut file = BufReader::with_capacity(64 * 1024, file);
        let gzip = {
            use std::io::BufRead;
            file.fill_buf().map(|b| b.starts_with(&[0x1f, 0x8b]))
        }
        .unwrap_or(false);
        let source: Box<dyn Read + Send> = if gzip {
            Box::new(Decompressed::spawn(flate2::bufread::MultiGzDecoder::new(
                file,
            )))
        } else {
            Box::new(file)
        };
        Ok((source, gzip))
    };
    let (source, gzip) = open()?;

    let keep = |keys: &[&str]| -> Option<HashSet<String>> {
        Some(keys.iter().map(|k| k.to_string()).collect())
    };
    let mut event_keys = vec![
        cols.activity.as_str(),
        cols.time.as_str(),
        cols.team.as_str(),
    ];
    event_keys.extend(cols.silo.as_deref());
    let xes_options = XESImportOptions {
        ignore_log_attributes_except: keep(&[]),
        ignore_trace_attributes_except: keep(&[cols.case.as_str()]),
        ignore_event_attributes_except: keep(&event_keys),
        verbose: false,
        ..XESImportOptions::default()
    };

    let mut items: Vec<Diagnostic> = Vec::new();
    let mut diags = FileDiagnostics::new(path, &mut items);
    let mut state = XesState::new(cols);
    // First in parallel chunks of whole traces (`xes_chunks`); a log that does not parse
    // cleanly that way is read again by the sequential reader, which reports exactly.
    let chunked = xes_chunks::parse_chunked(
        source,
        &xes_options,
        cols,
        rayon::current_num_threads(),
        &mut |slim| state.traces(&slim, &mut diags),
    );
    let ending = if chunked.is_ok() {
        ParseEnding {
            failure: None,
            consumed_lines: 0,
            ends_with_log_end: true,
            empty_event: None,
        }
    } else {
        drop(diags);
        items.clear();
        diags = FileDiagnostics::new(path, &mut items);
        state = XesState::new(cols);
        let (source, _) = open()?;
        // The XML is parsed on its own thread, a few batches of traces ahead of the checks and
        // the interning here (which also free the traces): the two stages overlap, in order.
        let (batches, received) = std::sync::mpsc::sync_channel::<SlimTraces>(4);
        std::thread::scope(|scope| {
            let options = xes_options.clone();
            let parser =
                scope.spawn(move || parse_traces_in_batches(source, options, cols, batches));
            for batch in received {
                state.traces(&batch, &mut diags);
            }
            parser
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    };
    let at = ending.consumed_lines + 1;
    match ending.failure {
        Some(e) => {
            let (line, message) = describe(&e, ending.empty_event, gzip);
            diags.error(line.or(Some(at)), message);
        }
        None if !ending.ends_with_log_end => diags.error(
            Some(at),
            "the file ends before `</log>` (expected a complete XES document: was it cut short?)",
        ),
        None => {}
    }
    if state.missing_team > MISSING_TEAM_WARNINGS {
        diags.warning(
            None,
            format!(
                "{} events in all were skipped because they have no `{}` (the first {MISSING_TEAM_WARNINGS} are listed)",
                state.missing_team, cols.team
            ),
        );
    }
    if diags.error_count() == 0 && state.events.is_empty() {
        let why = if state.read == 0 {
            "the log has no events".to_string()
        } else {
            format!(
                "no event has a `{}`: all {} events were skipped",
                cols.team, state.read
            )
        };
        diags.error(
            None,
            format!(
                "{why} (expected at least one <event> in a <trace>, with a timestamp and a team)"
            ),
        );
    }
    let failed = diags.error_count() > 0;
    diags.finish();
    items.sort_by_key(|d| d.line);
    if failed {
        return Err(SeamsError::InvalidInput(Diagnostics { items }));
    }

    let XesState {
        cases: case_names,
        teams,
        activities,
        silo_values,
        event_silo,
        team_first_line,
        events,
        read,
        missing_team,
        ..
    } = state;
    let has_silo = cols.silo.is_some();
    let read_events = ReadEvents {
        events,
        cases: case_names.into_names(),
        teams: teams.into_names(),
        activities: activities.into_names(),
        silo_values: silo_values.into_names(),
        event_silo,
        team_first_line,
        dropped: Default::default(),
    };
    let mut warnings = items;
    // The same steps as the CSV route: the period, the renaming onto known units, the customer.
    let (read_events, mut adjusted) = super::adjust(read_events, path, options)?;
    warnings.append(&mut adjusted);
    let built = cases::build(read_events, has_silo, options);
    let silo_kind = cols.silo.as_deref().map(kind_of);
    warnings.extend(built.silo_warnings(path, cols.silo.as_deref().unwrap_or("")));
    let mut export = built.export;
    export.summary.rows = read;
    export.summary.skipped_blank_team = missing_team;
    export.kinds = (kind_of(&cols.team), silo_kind);
    Ok(ImportedLog { export, warnings })
}

/// Traces handed from the XML thread to the checks at a time.
const TRACE_BATCH: usize = 256;

/// A trace as the XML reader hands it over, with the lines its tag and its events' tags start
/// on (from [`LineTracker`]).
pub(super) struct ParsedTrace<'l> {
    pub(super) trace: Trace,
    pub(super) line: Option<u64>,
    pub(super) event_lines: &'l [u64],
}

/// How the XML thread ended: the error that stopped it, and where it was.
pub(super) struct ParseEnding {
    pub(super) failure: Option<XESParseError>,
    /// Newlines consumed by the XML reader (its line is this + 1).
    pub(super) consumed_lines: u64,
    pub(super) ends_with_log_end: bool,
    pub(super) empty_event: Option<u64>,
}

/// Reads `source` through a [`LineTracker`] into `process_mining`'s streaming reader, handing
/// each trace to `emit` with its lines (in the document's own line count) until `emit`
/// returns false or the document ends.
pub(super) fn parse_traces(
    source: impl Read,
    options: XESImportOptions,
    emit: &mut dyn FnMut(ParsedTrace<'_>) -> bool,
) -> ParseEnding {
    let positions = Rc::new(RefCell::new(Positions::default()));
    let tracker = LineTracker::new(source, positions.clone());
    // The current trace's event lines, in one buffer reused from trace to trace.
    let mut event_lines = Vec::new();
    let failure = match stream_xes_bufread(tracker, false, options) {
        Err(e) => Some(e),
        Ok((mut stream, _log_data)) => {
            for trace in &mut stream {
                // The lines of the trace just read and of its events are used up.
                let mut p = positions.borrow_mut();
                let line = p.trace_lines.pop_front();
                let events = trace.events.len().min(p.event_lines.len());
                event_lines.clear();
                event_lines.extend(p.event_lines.drain(..events));
                drop(p);
                let more = emit(ParsedTrace {
                    trace,
                    line,
                    event_lines: &event_lines,
                });
                if !more {
                    break;
                }
            }
            stream.check_for_errors()
            // The stream, and the tracker it owns, are dropped here: the positions are complete.
        }
    };
    let p = positions.borrow();
    ParseEnding {
        failure,
        consumed_lines: p.consumed_lines,
        ends_with_log_end: p.ends_with_log_end(),
        empty_event: p.empty_event,
    }
}

/// The sequential reader's XML thread: [`parse_traces`] over `source`, sending the traces
/// reduced to what `cols` names ([`SlimTraces`]) in batches of [`TRACE_BATCH`]. Stops early
/// when the receiver is gone.
fn parse_traces_in_batches(
    source: Box<dyn Read + Send>,
    options: XESImportOptions,
    cols: &LogColumns,
    batches: std::sync::mpsc::SyncSender<SlimTraces>,
) -> ParseEnding {
    let mut batch = SlimTraces::default();
    let ending = parse_traces(source, options, &mut |trace| {
        batch.push(trace, cols);
        if batch.len() < TRACE_BATCH {
            return true;
        }
        batches.send(std::mem::take(&mut batch)).is_ok()
    });
    if batch.len() > 0 {
        let _ = batches.send(batch);
    }
    ending
}

/// Bytes decompressed at a time by [`Decompressed`]'s thread.
const GZIP_CHUNK: usize = 256 * 1024;

/// A gzip stream decompressed on its own thread, a few chunks ahead of the XML reader (the two
/// take about as long each).
struct Decompressed {
    chunks: std::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>,
    current: Vec<u8>,
    pos: usize,
    done: bool,
}

impl Decompressed {
    /// Starts decompressing `source`; the thread ends at the end of the stream, at its first
    /// error (handed on as the next read's result), or when the reader is dropped.
    fn spawn(mut source: impl Read + Send + 'static) -> Self {
        let (tx, rx) = std::sync::mpsc::sync_channel(4);
        std::thread::spawn(move || loop {
            let mut chunk = vec![0; GZIP_CHUNK];
            let mut n = 0;
            let result = loop {
                match source.read(&mut chunk[n..]) {
                    Ok(0) => break Ok(()),
                    Ok(k) => {
                        n += k;
                        if n == chunk.len() {
                            break Ok(());
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => break Err(e),
                }
            };
            chunk.truncate(n);
            let last = n == 0 || result.is_err();
            if n > 0 && tx.send(Ok(chunk)).is_err() {
                return;
            }
            if let Err(e) = result {
                let _ = tx.send(Err(e));
            }
            if last {
                return;
            }
        });
        Decompressed {
            chunks: rx,
            current: Vec::new(),
            pos: 0,
            done: false,
        }
    }
}

impl Read for Decompressed {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.current.len() {
            if self.done {
                return Ok(0);
            }
            match self.chunks.recv() {
                Ok(Ok(chunk)) => {
                    self.current = chunk;
                    self.pos = 0;
                }
                Ok(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                Err(_) => {
                    self.done = true;
                    return Ok(0);
                }
            }
        }
        let n = out.len().min(self.current.len() - self.pos);
        out[..n].copy_from_slice(&self.current[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// The line (None = where the reader stopped) and message of an error that ended the stream.
fn describe(e: &XESParseError, empty_event: Option<u64>, gzip: bool) -> (Option<u64>, String) {
    // An I/O error below the XML reader: the gzip decoder, the file, or the tracker's stop at
    // an empty `<event/>`.
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    let mut io_error = None;
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            io_error = Some(io.to_string());
            break;
        }
        source = s.source();
    }
    if let XESParseError::XMLParsingError(x) = e {
        // quick-xml shows its I/O errors as `I/O error: …` (its source is not always the
        // `std::io::Error` itself).
        io_error = io_error.or_else(|| {
            x.to_string()
                .strip_prefix("I/O error: ")
                .map(str::to_string)
        });
    }
    if let Some(text) = io_error {
        if let Some(line) = empty_event.filter(|_| text.contains(EMPTY_EVENT)) {
            return (
                Some(line),
                "an empty `<event/>` element (expected `<event>…</event>` holding the event's attributes: the XES reader seams uses cannot read an empty one, remove it)".to_string(),
            );
        }
        let message = if gzip {
            format!(
                "the gzip data is corrupt or cut short ({text}) (expected a complete .xes.gz file)"
            )
        } else {
            format!("the file cannot be read ({text})")
        };
        return (None, message);
    }
    let message = match e {
        XESParseError::XMLParsingError(x) => {
            format!("the XML is malformed: {x} (expected a well-formed XES document)")
        }
        XESParseError::NoTopLevelLog => {
            "this is not an XES document: no `<log>` element before the first tag (expected `<log>` holding `<trace>` elements)".to_string()
        }
        XESParseError::MissingKey(k) => format!(
            "a `<global>` element has no `{k}` attribute (expected scope=\"trace\" or scope=\"event\")"
        ),
        XESParseError::InvalidKeyValue(k) => format!(
            "an element has an invalid `{k}` attribute (expected scope=\"trace\" or scope=\"event\" on `<global>`)"
        ),
        other => format!("the XES structure cannot be read ({other}) (expected `<log>` holding `<trace>` elements holding `<event>` elements)"),
    };
    (None, message)
}

/// A value of an XES attribute as text (trimmed, like a CSV cell), or why it has none.
enum Value<'a> {
    /// The attribute is absent.
    Missing,
    /// A list or container, or a value `process_mining` could not read (such as a `<date>`
    /// that is not a date).
    Unreadable,
    /// Its text.
    Text(Cow<'a, str>),
}

/// The value of `key` among `attributes`.
fn value<'a>(attributes: &'a Attributes, key: &str) -> Value<'a> {
    let Some(Attribute { value, .. }) = attributes.get_by_key(key) else {
        return Value::Missing;
    };
    let text: Cow<'a, str> = match value {
        AttributeValue::String(s) => Cow::Borrowed(s.trim()),
        AttributeValue::Int(i) => Cow::Owned(i.to_string()),
        AttributeValue::Float(f) => Cow::Owned(f.to_string()),
        AttributeValue::Boolean(b) => Cow::Owned(b.to_string()),
        AttributeValue::ID(u) => Cow::Owned(u.to_string()),
        AttributeValue::Date(d) => Cow::Owned(d.to_rfc3339()),
        AttributeValue::List(_) | AttributeValue::Container(_) | AttributeValue::None() => {
            return Value::Unreadable
        }
    };
    Value::Text(text)
}

/// Where a value lies in [`SlimTraces`]' text, or why there is none.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Missing,
    Unreadable,
    /// Start and length in the text.
    Text(u32, u32),
}

/// An event with only what seams reads of it.
#[derive(Debug)]
struct SlimEvent {
    /// The line of its `<event` tag (or of its trace's tag).
    line: Option<u64>,
    team: Slot,
    /// The instant, or the message saying why it has none (computed where the XML is parsed).
    time: Result<Timestamp, String>,
    silo: Slot,
    activity: Slot,
}

/// A trace with only what seams reads of it; its events follow its predecessor's.
#[derive(Debug)]
struct SlimTrace {
    /// The line of its `<trace` tag.
    line: Option<u64>,
    case: Slot,
    events: u32,
}

/// Traces reduced to the attributes seams reads, with all their text in one buffer. They are
/// made on the thread that parsed the XML, so `process_mining`'s traces are freed by the thread
/// that allocated them, and the checks ([`XesState::traces`]) free one buffer per batch.
#[derive(Debug, Default)]
pub(super) struct SlimTraces {
    text: String,
    traces: Vec<SlimTrace>,
    events: Vec<SlimEvent>,
}

impl SlimTraces {
    /// Traces held.
    pub(super) fn len(&self) -> usize {
        self.traces.len()
    }

    /// Adds `parsed`, reading the attributes `cols` names.
    pub(super) fn push(&mut self, parsed: ParsedTrace<'_>, cols: &LogColumns) {
        let ParsedTrace {
            trace,
            line,
            event_lines,
        } = parsed;
        let case = self.slot(value(&trace.attributes, &cols.case));
        for (k, event) in trace.events.iter().enumerate() {
            let a = &event.attributes;
            let team = self.slot(value(a, &cols.team));
            let silo = match cols.silo.as_deref() {
                Some(key) => self.slot(value(a, key)),
                None => Slot::Missing,
            };
            let activity = self.slot(value(a, &cols.activity));
            self.events.push(SlimEvent {
                // The tracker saw every `<event` tag of this trace, in order.
                line: event_lines.get(k).copied().or(line),
                team,
                time: time_of(a, &cols.time),
                silo,
                activity,
            });
        }
        self.traces.push(SlimTrace {
            line,
            case,
            events: trace.events.len() as u32,
        });
    }

    /// Applies `f` to every line (from a chunk's own count to the file's).
    pub(super) fn map_lines(&mut self, f: impl Fn(u64) -> u64) {
        for t in &mut self.traces {
            t.line = t.line.map(&f);
        }
        for e in &mut self.events {
            e.line = e.line.map(&f);
        }
    }

    /// Every trace and event as text, for tests comparing readings.
    #[cfg(test)]
    pub(super) fn describe(&self) -> Vec<String> {
        let text = |s: Slot| match self.value(s) {
            Value::Missing => "-".to_string(),
            Value::Unreadable => "?".to_string(),
            Value::Text(t) => format!("{t:?}"),
        };
        let mut events = self.events.iter();
        let mut out = Vec::new();
        for t in &self.traces {
            out.push(format!("trace {:?} {}", t.line, text(t.case)));
            for e in events.by_ref().take(t.events as usize) {
                out.push(format!(
                    "  event {:?} {} {:?} {} {}",
                    e.line,
                    text(e.team),
                    e.time,
                    text(e.silo),
                    text(e.activity)
                ));
            }
        }
        out
    }

    fn slot(&mut self, v: Value<'_>) -> Slot {
        match v {
            Value::Missing => Slot::Missing,
            Value::Unreadable => Slot::Unreadable,
            Value::Text(t) => {
                let start = self.text.len() as u32;
                self.text.push_str(&t);
                Slot::Text(start, t.len() as u32)
            }
        }
    }

    fn value(&self, slot: Slot) -> Value<'_> {
        match slot {
            Slot::Missing => Value::Missing,
            Slot::Unreadable => Value::Unreadable,
            Slot::Text(start, len) => {
                let start = start as usize;
                Value::Text(Cow::Borrowed(&self.text[start..start + len as usize]))
            }
        }
    }
}

/// The instant of attribute `key`: a `<date>` as `process_mining` read it, or a string read
/// like a CSV timestamp; or the message saying why there is none.
fn time_of(attributes: &Attributes, key: &str) -> Result<Timestamp, String> {
    if let Some(AttributeValue::Date(d)) = attributes.get_by_key(key).map(|a| &a.value) {
        return from_chrono(d);
    }
    match value(attributes, key) {
        Value::Text(t) => parse_timestamp(&t).map_err(|e| format!("`{key}`: {e}")),
        Value::Missing => Err(format!(
            "the event has no `{key}` (expected a <date key=\"{key}\" value=\"2011-10-11T11:45:40.276+02:00\"/>; a <global> default is not used)"
        )),
        Value::Unreadable => Err(format!(
            "`{key}` is not a timestamp the XES reader can read (expected an xs:dateTime such as 2011-10-11T11:45:40.276+02:00 or 2011-10-11T11:45:40Z)"
        )),
    }
}

/// What reading the traces builds: the counterpart of the CSV reader's state.
struct XesState<'c> {
    cols: &'c LogColumns,
    cases: Interner,
    teams: Interner,
    activities: Interner,
    silo_values: Interner,
    /// Per event: its interned silo value ([`NO_SILO`] when it has none); empty without
    /// `--silo`.
    event_silo: Vec<u32>,
    /// Per interned team: the line of its first event.
    team_first_line: Vec<u64>,
    events: Vec<Event>,
    /// Events read (kept or not).
    read: u64,
    /// Events skipped for having no team.
    missing_team: u64,
}

impl<'c> XesState<'c> {
    fn new(cols: &'c LogColumns) -> Self {
        XesState {
            cols,
            cases: Interner::default(),
            teams: Interner::default(),
            activities: Interner::default(),
            silo_values: Interner::default(),
            event_silo: Vec::new(),
            team_first_line: Vec::new(),
            events: Vec::new(),
            read: 0,
            missing_team: 0,
        }
    }

    /// Checks the traces of `slim` and their events, in order, keeping the events that have
    /// no error.
    fn traces(&mut self, slim: &SlimTraces, diags: &mut FileDiagnostics<'_>) {
        let mut events = slim.events.iter();
        for trace in &slim.traces {
            let case = self.case(slim.value(trace.case), trace.line, diags);
            for event in events.by_ref().take(trace.events as usize) {
                self.event(case, slim, event, diags);
            }
        }
    }

    /// A trace's interned case (None, with an error, when it has none).
    fn case(
        &mut self,
        case: Value<'_>,
        trace_line: Option<u64>,
        diags: &mut FileDiagnostics<'_>,
    ) -> Option<u32> {
        let cols = self.cols;
        let case = match case {
            Value::Text(c) if !c.is_empty() => Some(c),
            Value::Text(_) => {
                diags.error(
                    trace_line,
                    format!(
                        "the trace's `{}` is blank (every trace needs the id of its case)",
                        cols.case
                    ),
                );
                None
            }
            Value::Missing => {
                diags.error(trace_line, format!("the trace has no `{}` (expected the case id as a trace attribute, such as <string key=\"{}\" value=\"case-1\"/>; a <global> default is not used)", cols.case, cols.case));
                None
            }
            Value::Unreadable => {
                diags.error(
                    trace_line,
                    format!(
                        "the trace's `{}` is not a single value (expected the case id as a string)",
                        cols.case
                    ),
                );
                None
            }
        };
        case.map(|c| self.cases.intern(&c))
    }

    /// One event of a case (None when the case had an error): the checks of the CSV route.
    fn event(
        &mut self,
        case: Option<u32>,
        slim: &SlimTraces,
        event: &SlimEvent,
        diags: &mut FileDiagnostics<'_>,
    ) {
        let cols = self.cols;
        let line = event.line;
        self.read += 1;
        let team = match slim.value(event.team) {
            Value::Text(t) if !t.is_empty() => t,
            Value::Unreadable => {
                diags.error(
                    line,
                    format!(
                        "`{}` is not a single value (expected the team as a string)",
                        cols.team
                    ),
                );
                return;
            }
            _ => {
                self.missing_team += 1;
                if self.missing_team <= MISSING_TEAM_WARNINGS {
                    diags.warning(
                        line,
                        format!("the event has no `{}`: it is skipped (it has no team to belong to; a <global> default is not used)", cols.team),
                    );
                }
                return;
            }
        };
        let mut ok = case.is_some();
        if is_customer(&team) {
            diags.error(line, format!("`{}` is `{team}`, which is reserved for the customer (leave the customer's own actions out of the log, or rename the team)", cols.team));
            ok = false;
        }
        let time = match &event.time {
            Ok(t) => Some(*t),
            Err(m) => {
                diags.error(line, m.clone());
                ok = false;
                None
            }
        };
        let silo = match slim.value(event.silo) {
            Value::Text(s) if !s.is_empty() => Some(s),
            _ => None,
        };
        if let Some(s) = silo.as_deref().filter(|s| is_customer(s)) {
            diags.error(
                line,
                format!("the silo value is `{s}`, which is reserved for the customer (rename it)"),
            );
            ok = false;
        }
        let (true, Some(case), Some(time)) = (ok, case, time) else {
            return;
        };
        let team = self.teams.intern(&team);
        if team as usize == self.team_first_line.len() {
            self.team_first_line.push(line.unwrap_or(0));
        }
        let activity = match slim.value(event.activity) {
            Value::Text(a) if !a.is_empty() => self.activities.intern(&a),
            _ => NO_ACTIVITY,
        };
        if cols.silo.is_some() {
            let s = silo.map_or(NO_SILO, |s| self.silo_values.intern(&s));
            self.event_silo.push(s);
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

/// A `<date>` as parsed by `process_mining` (chrono), as an instant, checked like the CSV
/// route's timestamps: a leap second `:60` reads as `:59` with its fraction kept; the instant
/// must lie in years 0000-9999 in UTC.
fn from_chrono(
    d: &process_mining::core::chrono::DateTime<process_mining::core::chrono::FixedOffset>,
) -> Result<Timestamp, String> {
    use process_mining::core::chrono::Datelike;
    let secs = d.timestamp();
    let mut nanos = d.timestamp_subsec_nanos();
    if nanos >= 1_000_000_000 {
        nanos -= 1_000_000_000;
    }
    let year = d.naive_utc().year();
    if !(0..=9999).contains(&year) {
        return Err(format!(
            "`{}` is outside years 0000-9999 once its offset is applied (expected an instant in years 0000-9999 in UTC)",
            d.to_rfc3339()
        ));
    }
    Ok(Timestamp::from_unix(secs, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use process_mining::core::chrono::DateTime;

    fn columns() -> LogColumns {
        LogColumns {
            case: DEFAULT_CASE.into(),
            activity: DEFAULT_ACTIVITY.into(),
            time: DEFAULT_TIME.into(),
            team: "org:group".into(),
            silo: None,
        }
    }

    fn import(xes: &str) -> Result<ImportedLog, SeamsError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.xes");
        std::fs::write(&path, xes).unwrap();
        read_xes(&path, &ImportOptions::new(columns()))
    }

    fn event(activity: &str, time: &str, team: &str) -> String {
        format!("<event><string key=\"concept:name\" value=\"{activity}\"/><date key=\"time:timestamp\" value=\"{time}\"/><string key=\"org:group\" value=\"{team}\"/></event>\n")
    }

    #[test]
    fn format_by_extension_or_content() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        };
        assert_eq!(detect_format(&write("a.XES", b"x")), LogFormat::Xes);
        assert_eq!(detect_format(&write("a.xes.gz", b"x")), LogFormat::Xes);
        assert_eq!(detect_format(&write("a.gz", b"\x1f\x8bxx")), LogFormat::Xes);
        assert_eq!(
            detect_format(&write("a.txt", b"\xef\xbb\xbf\n  <?xml version=\"1.0\"?>")),
            LogFormat::Xes
        );
        assert_eq!(detect_format(&write("b.txt", b"<log>")), LogFormat::Xes);
        assert_eq!(
            detect_format(&write("a.csv", b"case,<log>")),
            LogFormat::Csv
        );
        assert_eq!(detect_format(&dir.path().join("missing")), LogFormat::Csv);
    }

    #[test]
    fn roles_need_different_event_attributes_but_the_case_may_share() {
        assert!(check_columns(&columns()).is_ok());
        let mut c = columns();
        c.silo = Some("org:group".into());
        c.time = "concept:name".into();
        let Err(SeamsError::Usage(m)) = check_columns(&c) else {
            panic!("expected a usage error")
        };
        assert!(m.starts_with("--activity and --time both name attribute `concept:name`; --team and --silo both name attribute `org:group`"), "{m}");
    }

    #[test]
    fn kinds_drop_the_extension_prefix() {
        assert_eq!(kind_of("org:group"), "group");
        assert_eq!(kind_of("department"), "department");
        assert_eq!(kind_of("a:b:c"), "c");
    }

    #[test]
    fn chrono_dates_follow_the_csv_rules() {
        let leap = DateTime::parse_from_rfc3339("2016-12-31T23:59:60.5Z").unwrap();
        let t = from_chrono(&leap).unwrap();
        assert_eq!(t, parse_timestamp("2016-12-31T23:59:60.5Z").unwrap());
        let early = DateTime::parse_from_rfc3339("0000-01-01T00:00:00+14:00").unwrap();
        assert!(from_chrono(&early)
            .unwrap_err()
            .contains("outside years 0000-9999"));
        let ok = DateTime::parse_from_rfc3339("2011-10-11T13:45:40.276+02:00").unwrap();
        assert_eq!(
            from_chrono(&ok).unwrap(),
            parse_timestamp("2011-10-11T11:45:40.276Z").unwrap()
        );
    }

    #[test]
    fn events_merge_by_case_and_sort_by_time_ties_in_file_order() {
        // Two traces with the same case id are one case, as two CSV row groups would be.
        let xes = format!(
            "<log>\n<trace><string key=\"concept:name\" value=\"c\"/>\n{}{}</trace>\n<trace><string key=\"concept:name\" value=\"c\"/>\n{}</trace>\n</log>\n",
            event("second", "2020-01-01T00:00:01Z", "B"),
            event("tie-1", "2020-01-01T00:00:02Z", "A"),
            event("first", "2020-01-01T00:00:00Z", "A") + &event("tie-2", "2020-01-01T00:00:02Z", "C"),
        );
        let imported = import(&xes).unwrap();
        let e = &imported.export;
        let acts: Vec<&str> = e.journeys[0]
            .steps
            .iter()
            .map(|s| e.activities[s.activity.unwrap() as usize].as_str())
            .collect();
        assert_eq!(acts, ["first", "second", "tie-1", "tie-2"]);
        assert_eq!(e.summary.seams, 3);
        assert_eq!(e.kinds, ("group".to_string(), None));
    }

    #[test]
    fn missing_teams_are_warned_and_counted() {
        let mut body = String::new();
        for i in 0..25 {
            body.push_str(&format!("<event><string key=\"concept:name\" value=\"a\"/><date key=\"time:timestamp\" value=\"2020-01-01T00:00:{i:02}Z\"/></event>\n"));
        }
        body.push_str(&event("b", "2020-01-01T00:01:00Z", "B"));
        let xes = format!(
            "<log>\n<trace><string key=\"concept:name\" value=\"c\"/>\n{body}</trace>\n</log>\n"
        );
        let imported = import(&xes).unwrap();
        let w = &imported.warnings;
        assert_eq!(w.len(), 21);
        assert!(w[0]
            .message
            .starts_with("25 events in all were skipped because they have no `org:group`"));
        assert_eq!(w[1].line, Some(3));
        assert_eq!(w[20].line, Some(22));
        let s = imported.export.summary;
        assert_eq!((s.rows, s.events, s.skipped_blank_team), (26, 1, 25));
        // Without any team at all, the log is an error.
        let none = xes.replace("<string key=\"org:group\" value=\"B\"/>", "");
        let Err(SeamsError::InvalidInput(d)) = import(&none) else {
            panic!("expected an error")
        };
        assert!(d.errors().any(|e| e
            .message
            .contains("no event has a `org:group`: all 26 events were skipped")));
    }
}
