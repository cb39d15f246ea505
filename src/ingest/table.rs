//! Reading one CSV file of an export: header matching (aliases, case, BOM), row iteration with
//! 1-based physical line numbers, per-row checks shared by every file (UTF-8, ragged rows, field
//! size, printable text), and the value parsers (numbers, booleans, integers). Streaming: one
//! reused `ByteRecord` over a [`Source`] that counts lines and bounds the row length.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::files::ExportFiles;
use super::printable;
use super::stream::{self, Opening, Source};
use crate::error::{Diagnostic, DiagnosticKind};

pub use super::stream::MAX_ROW_BYTES;

/// Largest accepted field (`docs/input-format.md`, "Limits").
pub const MAX_FIELD_BYTES: usize = 1 << 20;

/// Largest accepted number (a volume or a wait): large enough for any real count or duration,
/// small enough that no sum or product the metrics form can pass the largest `f64`
/// (`docs/input-format.md`, "Limits").
pub const MAX_NUMBER: f64 = 1e15;

/// Most errors reported for one file; the rest are counted in one closing line.
pub const MAX_ERRORS_PER_FILE: usize = 200;

/// One column a file understands.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Canonical (normalised) name, e.g. `customer_facing`.
    pub name: &'static str,
    /// Whether the file is rejected without it.
    pub required: bool,
}

/// The columns of one file kind.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    /// File name inside the export, e.g. `teams.csv`.
    pub file: &'static str,
    /// Singular used in `<singular>_X` header aliases, e.g. `team`.
    pub singular: &'static str,
    /// Known columns.
    pub columns: &'static [Column],
}

impl Schema {
    fn expected_header(&self) -> String {
        self.columns
            .iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Collects the diagnostics of one file, capping the errors so a broken million-row file
/// still gives a readable report.
pub struct FileDiagnostics<'a> {
    path: PathBuf,
    out: &'a mut Vec<Diagnostic>,
    errors: usize,
}

impl<'a> FileDiagnostics<'a> {
    /// Diagnostics for `path`, appended to `out`.
    pub fn new(path: &Path, out: &'a mut Vec<Diagnostic>) -> Self {
        FileDiagnostics {
            path: path.to_path_buf(),
            out,
            errors: 0,
        }
    }

    /// The file these diagnostics are about.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records an error at `line` (None = the whole file), of kind [`DiagnosticKind::Other`].
    pub fn error(&mut self, line: Option<u64>, message: impl Into<String>) {
        self.report(line, DiagnosticKind::Other, None, message);
    }

    /// Records an error of `kind` at `line` (None = the whole file), about `column` if known.
    pub fn report(
        &mut self,
        line: Option<u64>,
        kind: DiagnosticKind,
        column: Option<&str>,
        message: impl Into<String>,
    ) {
        self.errors += 1;
        if self.errors <= MAX_ERRORS_PER_FILE {
            let mut d = Diagnostic::error(&self.path, line, message.into()).with_kind(kind);
            if let Some(c) = column {
                d = d.with_column(c);
            }
            self.out.push(d);
        }
    }

    /// A cell of `column` on `line` holds a bad value.
    pub fn bad_value(&mut self, line: u64, column: &str, message: impl Into<String>) {
        self.report(Some(line), DiagnosticKind::BadValue, Some(column), message);
    }

    /// A cell of `column` on `line` names an id that does not exist.
    pub fn unknown(&mut self, line: u64, column: &str, message: impl Into<String>) {
        self.report(
            Some(line),
            DiagnosticKind::UnknownReference,
            Some(column),
            message,
        );
    }

    /// Records a warning at `line`.
    pub fn warning(&mut self, line: Option<u64>, message: impl Into<String>) {
        self.out
            .push(Diagnostic::warning(&self.path, line, message.into()));
    }

    /// Number of errors seen so far in this file (including suppressed ones).
    pub fn error_count(&self) -> usize {
        self.errors
    }

    /// Adds the closing "N more error(s) not shown" line when errors were suppressed (a
    /// [`DiagnosticKind::Omitted`] diagnostic: counted as the errors it stands for, shown last).
    pub fn finish(self) {
        if self.errors > MAX_ERRORS_PER_FILE {
            let more = self.errors - MAX_ERRORS_PER_FILE;
            self.out.push(Diagnostic::omitted(&self.path, more as u64));
        }
    }
}

/// Normalises a header name: trim, lowercase, spaces and hyphens to `_` (SPEC §5.2).
pub fn normalise_header(raw: &str) -> String {
    raw.trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

/// Which known column a normalised header names, if any: `X`, `X_id`, `<singular>_X`.
fn match_column(schema: &Schema, header: &str) -> Option<usize> {
    schema.columns.iter().position(|c| {
        header == c.name
            || header.strip_suffix("_id") == Some(c.name)
            || header
                .strip_prefix(schema.singular)
                .and_then(|rest| rest.strip_prefix('_'))
                == Some(c.name)
    })
}

/// An open CSV file whose header has been matched against a schema.
pub struct Table<'a> {
    reader: csv::Reader<Source<Box<dyn Read + Send + 'a>>>,
    /// For each schema column, the field index holding it.
    pub index: Vec<Option<usize>>,
    /// Extra columns kept as attributes: (header as written, field index).
    pub extra: Vec<(String, usize)>,
    width: usize,
    /// Header names as written, for messages about a field.
    names: Vec<String>,
    /// For each field, the schema column it holds (its canonical name), if any.
    canonical: Vec<Option<&'static str>>,
    record: csv::ByteRecord,
    /// Values of the first schema column (the id) of rows rejected as unreadable (wrong width,
    /// invalid UTF-8, oversized field), so references to them are not reported again as unknown.
    pub skipped_keys: Vec<String>,
    /// True when rows may have been lost without a trace (a quote left open swallowed the rest
    /// of the file, or reading stopped early): ids missing from this file prove nothing.
    pub incomplete: bool,
}

/// What opening a table gives: the table, nothing (the optional file is absent), or failure
/// (diagnostics already recorded).
pub enum Opened<'a> {
    /// The file exists and its header is usable.
    Table(Box<Table<'a>>),
    /// The file does not exist.
    Missing,
    /// The file exists but cannot be read (errors recorded).
    Broken,
}

/// Opens `dir/schema.file`, reads and matches its header. Missing required columns, duplicate
/// columns, an empty file or an unreadable header are recorded as errors.
pub fn open<'a>(
    src: &'a ExportFiles,
    schema: &Schema,
    diags: &mut FileDiagnostics<'_>,
) -> Opened<'a> {
    read_opening(src.open(schema.file), schema, diags)
}

/// Like [`open`], for a file at any path (`schema.file` is then only a label). With a schema of
/// no columns, every header lands in [`Table::extra`] for the caller to match (`import-log`).
/// A non-regular file (directory, FIFO, device, socket) is refused before it is opened.
pub fn open_file(path: &Path, schema: &Schema, diags: &mut FileDiagnostics<'_>) -> Opened<'static> {
    let opening = match stream::open_regular(path) {
        Opening::File(f) => Opening::File(Box::new(f) as Box<dyn Read + Send>),
        Opening::Missing => Opening::Missing,
        Opening::Refused(m) => Opening::Refused(m),
    };
    read_opening(opening, schema, diags)
}

/// Reads and matches the header of an opened file.
fn read_opening<'a>(
    opening: Opening<Box<dyn Read + Send + 'a>>,
    schema: &Schema,
    diags: &mut FileDiagnostics<'_>,
) -> Opened<'a> {
    let file = match opening {
        Opening::File(f) => f,
        Opening::Missing => return Opened::Missing,
        Opening::Refused(message) => {
            diags.report(None, DiagnosticKind::Io, None, message);
            return Opened::Broken;
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(stream::READ_AHEAD)
        .from_reader(Source::new(file));
    let mut header = csv::ByteRecord::new();
    match reader.read_byte_record(&mut header) {
        Ok(true) => {}
        Ok(false) => {
            let expected = if schema.columns.is_empty() {
                "expected a header row naming the columns".to_string()
            } else {
                format!("expected a header row: {}", schema.expected_header())
            };
            diags.report(
                Some(1),
                DiagnosticKind::Syntax,
                None,
                format!("the file is empty ({expected})"),
            );
            return Opened::Broken;
        }
        Err(e) => {
            let line = reader.get_ref().row_line();
            if reader.get_ref().too_long {
                diags.report(Some(line), DiagnosticKind::Limit, None, row_too_long());
            } else {
                diags.report(
                    Some(line),
                    DiagnosticKind::Syntax,
                    None,
                    format!("the header cannot be read: {}", read_error(&e)),
                );
            }
            return Opened::Broken;
        }
    }
    // Blank lines may come before the header: it is not always line 1.
    let header_line = reader.get_ref().row_line();
    let end = reader.position().byte();
    reader.get_mut().begin_row(end);
    // Two common export mistakes, each reported as one clear error rather than as a header
    // that is not UTF-8 or that misses every required column.
    let first = header.get(0).unwrap_or_default();
    if first.starts_with(&[0xff, 0xfe]) || first.starts_with(&[0xfe, 0xff]) {
        diags.report(
            Some(header_line),
            DiagnosticKind::Syntax,
            None,
            "the file is UTF-16 encoded (save it as UTF-8, e.g. Excel's \"CSV UTF-8 (Comma delimited)\")",
        );
        return Opened::Broken;
    }
    if header.len() == 1 && !schema.columns.is_empty() {
        if let Some(sep) = [b';', b'\t', b'|'].into_iter().find(|s| first.contains(s)) {
            let shown = match sep {
                b'\t' => "tabs".to_string(),
                _ => format!("`{}`", sep as char),
            };
            diags.report(
                Some(header_line),
                DiagnosticKind::Syntax,
                None,
                format!(
                    "the header is separated by {shown}, not commas (save the file as comma-separated CSV; expected columns: {})",
                    schema.expected_header()
                ),
            );
            return Opened::Broken;
        }
    }
    let mut index: Vec<Option<usize>> = vec![None; schema.columns.len()];
    let mut extra = Vec::new();
    let mut ok = true;
    for (i, raw) in header.iter().enumerate() {
        let Ok(text) = std::str::from_utf8(raw) else {
            diags.report(
                Some(header_line),
                DiagnosticKind::Syntax,
                None,
                format!(
                    "header field {} is not valid UTF-8 (save the file as UTF-8)",
                    i + 1
                ),
            );
            ok = false;
            continue;
        };
        if let Some((_, refused)) = printable::first_refused(text) {
            diags.report(
                Some(header_line),
                DiagnosticKind::BadValue,
                None,
                format!("header field {} {}", i + 1, refused.message()),
            );
            ok = false;
            continue;
        }
        let norm = normalise_header(text);
        match match_column(schema, &norm) {
            Some(c) => {
                if let Some(prev) = index[c] {
                    diags.report(
                        Some(header_line),
                        DiagnosticKind::Duplicate,
                        Some(schema.columns[c].name),
                        format!(
                            "columns {} and {} both name column `{}` (keep one of them)",
                            prev + 1,
                            i + 1,
                            schema.columns[c].name
                        ),
                    );
                    ok = false;
                } else {
                    index[c] = Some(i);
                }
            }
            None => {
                if norm.is_empty() {
                    continue; // an unnamed column carries nothing we could show
                }
                if extra
                    .iter()
                    .any(|(n, _): &(String, usize)| normalise_header(n) == norm)
                {
                    diags.report(
                        Some(header_line),
                        DiagnosticKind::Duplicate,
                        Some(text.trim()),
                        format!("column `{}` appears twice (keep one of them)", text.trim()),
                    );
                    ok = false;
                } else {
                    extra.push((text.trim().trim_start_matches('\u{feff}').to_string(), i));
                }
            }
        }
    }
    for (c, col) in schema.columns.iter().enumerate() {
        if col.required && index[c].is_none() {
            diags.report(
                Some(header_line),
                DiagnosticKind::MissingColumn,
                Some(col.name),
                format!(
                    "missing required column `{}` (the header must name it; expected columns: {})",
                    col.name,
                    schema.expected_header()
                ),
            );
            ok = false;
        }
    }
    if !ok {
        return Opened::Broken;
    }
    let names = header
        .iter()
        .map(|f| {
            String::from_utf8_lossy(f)
                .trim()
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .collect();
    let canonical = (0..header.len())
        .map(|i| {
            let c = index.iter().position(|&f| f == Some(i))?;
            Some(schema.columns[c].name)
        })
        .collect();
    Opened::Table(Box::new(Table {
        reader,
        index,
        extra,
        width: header.len(),
        canonical,
        names,
        record: csv::ByteRecord::new(),
        skipped_keys: Vec::new(),
        incomplete: false,
    }))
}

/// One data row, valid UTF-8 and of the header's width.
pub struct Row<'t> {
    record: &'t csv::ByteRecord,
    /// The record's fields concatenated, checked as UTF-8 once per row.
    text: &'t str,
    index: &'t [Option<usize>],
    /// 1-based line where the row starts.
    pub line: u64,
}

impl<'t> Row<'t> {
    /// The trimmed value of schema column `c` ("" when the column is absent or the cell blank),
    /// with a neutralising `'` dropped ([`strip_formula_quote`]).
    pub fn get(&self, c: usize) -> &'t str {
        match self.index[c] {
            Some(i) => strip_formula_quote(self.field(i)),
            None => "",
        }
    }

    /// The trimmed value of field `i` of the record.
    pub fn field(&self, i: usize) -> &'t str {
        // `for_each_row` checked that the record is UTF-8 and that every field starts and ends
        // on a character boundary, so this slice never needs a second check.
        self.record
            .range(i)
            .and_then(|r| self.text.get(r))
            .unwrap_or("")
            .trim()
    }
}

/// Undoes the formula neutralisation of an export's writer (docs/input-format.md): a value of
/// a `'` followed by a formula start (`=`, `+`, `-`, `@`, tab, carriage return), possibly after
/// more `'`s, loses exactly one leading `'` (`'=x` → `=x`, `''=x` → `'=x`); any other value
/// is kept as written. The inverse of `import::writer::cell`.
pub fn strip_formula_quote(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) => {
            let start = rest.trim_start_matches('\'');
            let formula = crate::value::neutralise(start).len() != start.len();
            if formula {
                rest
            } else {
                value
            }
        }
        None => value,
    }
}

impl Table<'_> {
    /// Calls `each` for every well-formed data row; rows with invalid UTF-8, the wrong number of
    /// fields, an oversized field, a character that is not printable text or a quote left open
    /// are recorded as errors and skipped (their id goes to [`Table::skipped_keys`]). Lines of
    /// only spaces are skipped silently. A row longer than [`MAX_ROW_BYTES`] stops the reading
    /// (one error). Returns the number of data rows seen (well-formed or not).
    pub fn for_each_row(
        &mut self,
        diags: &mut FileDiagnostics<'_>,
        mut each: impl FnMut(&Row<'_>, &mut FileDiagnostics<'_>),
    ) -> u64 {
        let mut rows = 0;
        loop {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let src = self.reader.get_ref();
                    let line = src.row_line();
                    if src.too_long {
                        diags.report(Some(line), DiagnosticKind::Limit, None, row_too_long());
                    } else {
                        diags.report(
                            Some(line),
                            DiagnosticKind::Io,
                            None,
                            format!("the file cannot be read further: {}", read_error(&e)),
                        );
                    }
                    self.incomplete = true;
                    break;
                }
            }
            // Lines come from the source, which counts physical lines (the csv crate's own
            // count is wrong after blank lines): the row's first line, and the line breaks
            // inside its quoted values.
            let line = self.reader.get_ref().row_line();
            let inner_breaks = self
                .record
                .as_slice()
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            let end = self.reader.position().byte();
            let src = self.reader.get_ref();
            let ended_by_eof = src.eof && end == src.out;
            let newline_at_end = src.last == Some(b'\n');
            self.reader.get_mut().begin_row(end);
            if self.record.len() == 1
                && self
                    .record
                    .get(0)
                    .is_some_and(|f| f.trim_ascii().is_empty())
                && self.width > 1
            {
                continue; // a line of only spaces
            }
            rows += 1;
            if ended_by_eof && newline_at_end {
                // The file's final line break was read as part of a value: a quote is open.
                let last_line = (line + inner_breaks).saturating_sub(1).max(line);
                diags.report(
                    Some(line),
                    DiagnosticKind::Syntax,
                    None,
                    format!(
                        "a quoted value that starts on this line is never closed, so lines {line}-{last_line} were read as one row (add the closing `\"`; write a quote inside a quoted value as `\"\"`)"
                    ),
                );
                self.incomplete = true;
                self.remember_skipped();
                continue;
            }
            let last_line = line + inner_breaks;
            if self.record.len() != self.width {
                let hint = if last_line > line {
                    format!("a quoted value takes it from this line to line {last_line}: is a `\"` missing or extra?")
                } else {
                    "quote a value that contains a comma, or fix the separators".to_string()
                };
                diags.report(
                    Some(line),
                    DiagnosticKind::Syntax,
                    None,
                    format!(
                        "this row has {} field(s) but the header has {} ({hint})",
                        self.record.len(),
                        self.width
                    ),
                );
                // Rows swallowed by the quoted value are lost without a trace.
                self.incomplete |= last_line > line;
                self.remember_skipped();
                continue;
            }
            let text = match std::str::from_utf8(self.record.as_slice()) {
                Ok(text) => text,
                Err(e) => {
                    let field = field_of_offset(&self.record, e.valid_up_to()) - 1;
                    self.report_field(
                        diags,
                        line,
                        field,
                        "is not valid UTF-8 (save the file as UTF-8)",
                    );
                    self.remember_skipped();
                    continue;
                }
            };
            // A multi-byte character split across two fields is valid as a whole but not per
            // field: report it like any other invalid UTF-8.
            if let Some(split) = (0..self.record.len()).find(|&i| {
                self.record.range(i).is_some_and(|r| {
                    !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end)
                })
            }) {
                self.report_field(
                    diags,
                    line,
                    split,
                    "is not valid UTF-8 (save the file as UTF-8)",
                );
                self.remember_skipped();
                continue;
            }
            if let Some(big) =
                (0..self.record.len()).find(|&i| self.record[i].len() > MAX_FIELD_BYTES)
            {
                let message = format!(
                    "{} is {} bytes long (at most 1 MiB per field; is a quote left open?)",
                    self.field_label(big),
                    self.record[big].len()
                );
                let column = self.column_name(big);
                diags.report(Some(line), DiagnosticKind::Limit, column, message);
                self.remember_skipped();
                continue;
            }
            if let Some((at, refused)) = printable::first_refused(text) {
                let field = field_of_offset(&self.record, at) - 1;
                let message = match self.header_name(field) {
                    Some(name) => format!("column `{}`: {}", shorten(name), refused.message()),
                    None => format!("field {}: {}", field + 1, refused.message()),
                };
                let column = self.column_name(field);
                diags.report(Some(line), DiagnosticKind::BadValue, column, message);
                self.remember_skipped();
                continue;
            }
            let row = Row {
                record: &self.record,
                text,
                index: &self.index,
                line,
            };
            each(&row, diags);
        }
        rows
    }

    /// Records a syntax error about field `i` (0-based): `field N (`header`) <what>`.
    fn report_field(&self, diags: &mut FileDiagnostics<'_>, line: u64, i: usize, what: &str) {
        let message = format!("{} {what}", self.field_label(i));
        diags.report(
            Some(line),
            DiagnosticKind::Syntax,
            self.column_name(i),
            message,
        );
    }

    /// The column of field `i` (0-based) for [`Diagnostic::column`]: the canonical name of a
    /// schema column, else the header as written (None for an unnamed column).
    fn column_name(&self, i: usize) -> Option<&str> {
        match self.canonical.get(i).copied().flatten() {
            Some(name) => Some(name),
            None => self.header_name(i),
        }
    }

    /// The header of field `i` (0-based) as written, when it has one.
    fn header_name(&self, i: usize) -> Option<&str> {
        self.names
            .get(i)
            .map(String::as_str)
            .filter(|n| !n.is_empty())
    }

    /// `field N (`header`)` for field index `i` (0-based).
    fn field_label(&self, i: usize) -> String {
        match self.names.get(i).filter(|n| !n.is_empty()) {
            Some(name) => format!("field {} (`{}`)", i + 1, shorten(name)),
            None => format!("field {}", i + 1),
        }
    }

    /// Keeps the id (first schema column) of the rejected current record, when readable.
    fn remember_skipped(&mut self) {
        let Some(i) = self.index.first().copied().flatten() else {
            return;
        };
        if let Some(Ok(key)) = self.record.get(i).map(std::str::from_utf8) {
            let key = key.trim();
            if !key.is_empty() && !key.contains('\n') && key.len() <= MAX_FIELD_BYTES {
                self.skipped_keys.push(key.to_string());
            }
        }
    }
}

/// The message for a row past [`MAX_ROW_BYTES`].
fn row_too_long() -> String {
    format!(
        "this row is longer than {} MiB, the most a row may hold, so reading stopped here (is a quote left open, or is this not a CSV file?)",
        MAX_ROW_BYTES >> 20
    )
}

/// A csv reading error, without the csv crate's own (miscounted) position.
fn read_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => match crate::error::io_hint(io) {
            Some(hint) => format!("{io} ({hint})"),
            None => io.to_string(),
        },
        _ => e.to_string(),
    }
}

/// 1-based field number holding byte `offset` of the record's concatenated fields.
fn field_of_offset(record: &csv::ByteRecord, offset: usize) -> usize {
    let mut end = 0;
    for i in 0..record.len() {
        end += record[i].len();
        if offset < end {
            return i + 1;
        }
    }
    record.len().max(1)
}

/// Parses an optional non-negative finite number; blank = None.
pub fn parse_number(text: &str) -> Result<Option<f64>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    if let Some(v) = plain_decimal(text) {
        return bounded(text, v);
    }
    match text.parse::<f64>() {
        Ok(v) if !v.is_finite() => Err(format!(
            "`{}` is not a finite number (expected a number ≥ 0)",
            shorten(text)
        )),
        Ok(v) if v < 0.0 => Err(format!(
            "`{}` is negative (expected a number ≥ 0)",
            shorten(text)
        )),
        Ok(v) => bounded(text, if v == 0.0 { 0.0 } else { v }),
        Err(_) => Err(format!(
            "`{}` is not a number (expected a number ≥ 0, e.g. 12 or 0.5)",
            shorten(text)
        )),
    }
}

/// `v` (parsed from `text`) when at most [`MAX_NUMBER`].
fn bounded(text: &str, v: f64) -> Result<Option<f64>, String> {
    if v > MAX_NUMBER {
        Err(format!(
            "`{}` is larger than 1e15, the largest number accepted (expected a number ≥ 0 and at most 1e15; is the unit wrong?)",
            shorten(text)
        ))
    } else {
        Ok(Some(v))
    }
}

/// The fast path for the usual cell, `123` or `12.5` with at most 15 digits: the digits form an
/// integer m < 2^53 and the divisor 10^k (k ≤ 15) is exact, so one correctly rounded division
/// gives exactly what `str::parse::<f64>` gives (Clinger's fast path). None for anything else.
fn plain_decimal(text: &str) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let bytes = text.as_bytes();
    if bytes.len() > 16 {
        return None;
    }
    let (mut mantissa, mut digits, mut frac, mut seen_dot) = (0u64, 0usize, 0usize, false);
    for &b in bytes {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
                if seen_dot {
                    frac += 1;
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => return None,
        }
    }
    if digits == 0 || digits > 15 {
        return None;
    }
    Some(mantissa as f64 / POW10[frac])
}

/// Parses an optional whole number ≥ 0; blank = None.
pub fn parse_count(text: &str) -> Result<Option<u64>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u64>().map(Some).map_err(|_| {
        format!(
            "`{}` is not a whole number ≥ 0 (expected e.g. 7)",
            shorten(text)
        )
    })
}

/// Parses a boolean: true/false/yes/no/y/n/1/0 in any case; blank = None (unknown).
pub fn parse_bool(text: &str) -> Result<Option<bool>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" => Ok(Some(true)),
        "false" | "no" | "n" | "0" => Ok(Some(false)),
        _ => Err(format!(
            "`{}` is not a boolean (expected true/false, yes/no, y/n or 1/0, or blank for unknown)",
            shorten(text)
        )),
    }
}

/// Shortens a value for an error message (long values are cut at 60 characters).
pub fn shorten(text: &str) -> String {
    if text.chars().count() <= 60 {
        text.to_string()
    } else {
        let head: String = text.chars().take(57).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: Schema = Schema {
        file: "teams.csv",
        singular: "team",
        columns: &[
            Column {
                name: "id",
                required: true,
            },
            Column {
                name: "parent",
                required: true,
            },
            Column {
                name: "customer_facing",
                required: false,
            },
        ],
    };

    #[test]
    fn header_aliases() {
        assert_eq!(normalise_header("\u{feff} Team ID "), "team_id");
        assert_eq!(normalise_header("Customer-Facing"), "customer_facing");
        assert_eq!(match_column(&SCHEMA, "team_id"), Some(0));
        assert_eq!(match_column(&SCHEMA, "id"), Some(0));
        assert_eq!(match_column(&SCHEMA, "parent_id"), Some(1));
        assert_eq!(match_column(&SCHEMA, "team_parent"), Some(1));
        assert_eq!(match_column(&SCHEMA, "customer_facing"), Some(2));
        assert_eq!(match_column(&SCHEMA, "owner"), None);
    }

    #[test]
    fn fast_number_path_equals_the_standard_parser() {
        for t in [
            "0",
            "7",
            "12",
            "0.5",
            "12.5",
            "3.14159",
            "0.1",
            "0.3",
            "1.",
            ".5",
            "999999999999999",
            "123456.789012345",
            "00012.50",
        ] {
            assert_eq!(plain_decimal(t), Some(t.parse::<f64>().unwrap()), "{t}");
        }
        for t in [
            "",
            ".",
            "1e3",
            "-1",
            "1.2.3",
            "1234567890123456",
            "inf",
            " 1",
        ] {
            assert_eq!(plain_decimal(t), None, "{t}");
        }
    }

    #[test]
    fn values() {
        assert_eq!(parse_number(""), Ok(None));
        assert_eq!(parse_number("2.5"), Ok(Some(2.5)));
        assert_eq!(parse_number("-0"), Ok(Some(0.0)));
        assert!(parse_number("-1").is_err());
        assert!(parse_number("NaN").is_err());
        assert!(parse_number("inf").is_err());
        assert!(parse_number("ten").is_err());
        assert_eq!(parse_number("1e15"), Ok(Some(1e15)));
        assert!(parse_number("1000000000000001").is_err());
        assert!(parse_number("1e308")
            .unwrap_err()
            .contains("larger than 1e15"));
        assert_eq!(parse_bool("Yes"), Ok(Some(true)));
        assert_eq!(parse_bool("0"), Ok(Some(false)));
        assert!(parse_bool("maybe").is_err());
        assert_eq!(parse_count("12"), Ok(Some(12)));
        assert!(parse_count("1.5").is_err());
    }
}
