//! Reading one CSV file of an export: header matching (aliases, case, BOM), row iteration with
//! 1-based physical line numbers, per-row checks shared by every file (UTF-8, ragged rows, field
//! size, printable text), and the value parsers (numbers, booleans, integers). Streaming: one
//! reused `ByteRecord` over a [`Source`] that counts lines and bounds the row length.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::dialect::{self, Delimiter, FileDialect, ReadOptions};
use super::encoding::{self, Encoding, Refusal};
use super::files::ExportFiles;
use super::header;
use super::printable;
use super::stream::{self, Opening, Source};
use crate::error::{Diagnostic, DiagnosticKind};

pub use super::header::{names_column, normalise_header, Column, Schema};
pub use super::stream::MAX_ROW_BYTES;
pub use super::values::{parse_bool, parse_count, parse_number, shorten, MAX_NUMBER};

/// Largest accepted field (`docs/input-format.md`, "Limits").
pub const MAX_FIELD_BYTES: usize = 1 << 20;

/// Most errors reported for one file; the rest are counted in one closing line.
pub const MAX_ERRORS_PER_FILE: usize = 200;

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

    /// Whether the next error is still shown (below [`MAX_ERRORS_PER_FILE`]): work that only
    /// improves a message, such as finding "did you mean", is skipped past it.
    pub fn shows_next(&self) -> bool {
        self.errors < MAX_ERRORS_PER_FILE
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

/// An open CSV file whose header has been matched against a schema.
pub struct Table<'a> {
    /// The csv reader past the header (taken out while rows are read).
    reader: Option<csv::Reader<Source<Box<dyn Read + Send + 'a>>>>,
    /// Where the rows start, for the block reader ([`super::blocks`]): the bytes the csv
    /// reader buffered past the header, their first line, and whether a `\r` ended the
    /// header. None once rows were read through the csv reader.
    pub(super) resume: Option<Resume>,
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
    /// The byte ranges of the current record's fields in its text.
    spans: Vec<(usize, usize)>,
    /// Values of the first schema column (the id) of rows rejected as unreadable (wrong width,
    /// invalid UTF-8, oversized field), so references to them are not reported again as unknown.
    pub skipped_keys: Vec<String>,
    /// True when rows may have been lost without a trace (a quote left open swallowed the rest
    /// of the file, or reading stopped early): ids missing from this file prove nothing.
    pub incomplete: bool,
    /// How the file is read (delimiter, encoding, decimal comma).
    pub dialect: FileDialect,
    /// The file's size in bytes when known, so readers can reserve for its rows at once
    /// instead of growing (and copying) their vectors ([`super::blocks`]).
    pub(super) size_hint: Option<u64>,
}

/// The rows' bytes as the header's reader left them (see [`Table::resume`]).
pub(super) struct Resume {
    /// Bytes after the header (line breaks already `\n`), not parsed yet.
    pub pending: Vec<u8>,
    /// 1-based line of `pending`'s first byte.
    pub line: u64,
    /// The last byte before `pending` was a `\r` (a `\n` read next belongs to it).
    pub after_cr: bool,
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

/// Opens `dir/schema.file`, reads and matches its header, in the dialect of the export's
/// [`ReadOptions`]. Missing required columns, duplicate columns, an empty file or an
/// unreadable header are recorded as errors.
pub fn open<'a>(
    src: &'a ExportFiles,
    schema: &Schema,
    diags: &mut FileDiagnostics<'_>,
) -> Opened<'a> {
    let mut opened = read_opening(src.open(schema.file), schema, src.options(), diags);
    if let Opened::Table(t) = &mut opened {
        t.size_hint = src.size(schema.file);
    }
    opened
}

/// Like [`open`], for a file at any path (`schema.file` is then only a label), read with
/// `options`. With a schema of no columns, every header lands in [`Table::extra`] for the
/// caller to match (`import-log`). A non-regular file (directory, FIFO, device, socket) is
/// refused before it is opened.
pub fn open_file(
    path: &Path,
    schema: &Schema,
    options: &ReadOptions,
    diags: &mut FileDiagnostics<'_>,
) -> Opened<'static> {
    let opening = match stream::open_regular(path) {
        Opening::File(f) => Opening::File(Box::new(f) as Box<dyn Read + Send>),
        Opening::Missing => Opening::Missing,
        Opening::Refused(m) => Opening::Refused(m),
    };
    read_opening(opening, schema, options, diags)
}

/// A file decoded to UTF-8 with its delimiter known, before its header is read.
pub(super) struct Prepared<'a> {
    /// The UTF-8 bytes (the header line, if read to detect the delimiter, replayed first).
    pub reader: Box<dyn Read + Send + 'a>,
    /// How the file is read.
    pub dialect: FileDialect,
}

/// Decodes an opened file and settles its delimiter (forced, or detected from the header
/// line). None when the file cannot be decoded (the error recorded at line 1).
pub(super) fn prepare<'a>(
    file: Box<dyn Read + Send + 'a>,
    schema: &Schema,
    options: &ReadOptions,
    diags: &mut FileDiagnostics<'_>,
) -> Option<Prepared<'a>> {
    let encoding = options.encoding.unwrap_or(Encoding::Utf8);
    let mut reader = match encoding::decoded(file, encoding) {
        Ok(r) => r,
        Err(Refusal::Syntax(message)) => {
            diags.report(Some(1), DiagnosticKind::Syntax, None, message);
            return None;
        }
        Err(Refusal::Io(e)) => {
            diags.report(
                None,
                DiagnosticKind::Io,
                None,
                format!("cannot be read: {e}"),
            );
            return None;
        }
    };
    let delimiter = match options.delimiter {
        Some(d) => d,
        None => {
            // Read ahead to the end of the header line (at most the csv reader's buffer).
            let mut head = Vec::new();
            let mut chunk = [0u8; 8192];
            while head.len() < stream::READ_AHEAD && !dialect::has_header_line(&head) {
                match reader.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(n) => head.extend_from_slice(&chunk[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        diags.report(
                            Some(1),
                            DiagnosticKind::Io,
                            None,
                            format!("the header cannot be read: {e}"),
                        );
                        return None;
                    }
                }
            }
            let d = dialect::detect(dialect::first_line(&head), schema);
            reader = Box::new(std::io::Cursor::new(head).chain(reader));
            d
        }
    };
    Some(Prepared {
        reader,
        dialect: FileDialect {
            file: schema.file.to_string(),
            delimiter,
            delimiter_detected: options.delimiter.is_none(),
            encoding,
            decimal_comma: delimiter.allows_decimal_comma(),
        },
    })
}

/// The csv reader of every table: no header (ingest matches it), rows of any width (ragged
/// rows are reported, not refused), the file's delimiter.
fn csv_reader<R: Read>(delimiter: Delimiter, source: Source<R>) -> csv::Reader<Source<R>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter.byte())
        .buffer_capacity(stream::READ_AHEAD)
        .from_reader(source)
}

/// Reads and matches the header of an opened file.
fn read_opening<'a>(
    opening: Opening<Box<dyn Read + Send + 'a>>,
    schema: &Schema,
    options: &ReadOptions,
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
    let Some(prepared) = prepare(file, schema, options, diags) else {
        return Opened::Broken;
    };
    let mut reader = csv_reader(
        prepared.dialect.delimiter,
        Source::new(prepared.reader).keeping(),
    );
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
    let kept = reader.get_mut().take_kept();
    let resume = usize::try_from(end)
        .ok()
        .filter(|&e| e <= kept.len())
        .map(|e| Resume {
            pending: kept[e..].to_vec(),
            line: 1 + kept[..e].iter().filter(|&&b| b == b'\n').count() as u64,
            after_cr: reader.get_ref().after_cr(),
        });
    drop(kept);
    let mut ok = true;
    let mut texts: Vec<Option<&str>> = Vec::with_capacity(header.len());
    for (i, raw) in header.iter().enumerate() {
        let Ok(text) = std::str::from_utf8(raw) else {
            diags.report(
                Some(header_line),
                DiagnosticKind::Syntax,
                None,
                format!(
                    "header field {} is not valid UTF-8{}",
                    i + 1,
                    encoding::not_utf8_hint(raw)
                ),
            );
            ok = false;
            texts.push(None);
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
            texts.push(None);
            continue;
        }
        texts.push(Some(text));
    }
    let matched = header::match_header(schema, &texts, header_line, diags);
    let (Some(matched), true) = (matched, ok) else {
        return Opened::Broken;
    };
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
            let c = matched.index.iter().position(|&f| f == Some(i))?;
            Some(schema.columns[c].name)
        })
        .collect();
    Opened::Table(Box::new(Table {
        reader: Some(reader),
        resume,
        index: matched.index,
        extra: matched.extra,
        width: header.len(),
        canonical,
        names,
        record: csv::ByteRecord::new(),
        spans: Vec::new(),
        skipped_keys: Vec::new(),
        incomplete: false,
        dialect: prepared.dialect,
        size_hint: None,
    }))
}

/// One data row, valid UTF-8 and of the header's width.
pub struct Row<'t> {
    /// The row's text: its fields (and, from the block reader, the separators between them),
    /// checked as UTF-8 once per row or block.
    text: &'t str,
    /// Each field's byte range in `text`.
    spans: &'t [(usize, usize)],
    index: &'t [Option<usize>],
    /// Numbers may use a decimal comma.
    decimal_comma: bool,
    /// 1-based line where the row starts.
    pub line: u64,
}

impl<'t> Row<'t> {
    /// A row of `text` whose fields are `spans` (ranges on character boundaries of `text`).
    pub(super) fn new(
        text: &'t str,
        spans: &'t [(usize, usize)],
        index: &'t [Option<usize>],
        decimal_comma: bool,
        line: u64,
    ) -> Self {
        Row {
            text,
            spans,
            index,
            decimal_comma,
            line,
        }
    }

    /// The trimmed value of schema column `c` ("" when the column is absent or the cell blank),
    /// with a neutralising `'` dropped ([`strip_formula_quote`]).
    #[inline]
    pub fn get(&self, c: usize) -> &'t str {
        match self.index[c] {
            Some(i) => strip_formula_quote(self.field(i)),
            None => "",
        }
    }

    /// The number in schema column `c` (blank = None), a decimal comma allowed when the file's
    /// delimiter is `;` or a tab ([`super::values::parse_number_in`]).
    #[inline]
    pub fn number(&self, c: usize) -> Result<Option<f64>, String> {
        super::values::parse_number_in(self.get(c), self.decimal_comma)
    }

    /// The trimmed value of field `i` of the record.
    #[inline]
    pub fn field(&self, i: usize) -> &'t str {
        // The reader checked that the text is UTF-8 and that every field starts and ends on a
        // character boundary, so this slice never needs a second check.
        let value = self
            .spans
            .get(i)
            .and_then(|&(a, b)| self.text.get(a..b))
            .unwrap_or("");
        // The usual value starts and ends with a printable ASCII character, never white space.
        match (value.as_bytes().first(), value.as_bytes().last()) {
            (Some(&f), Some(&l)) if (0x21..0x7f).contains(&f) && (0x21..0x7f).contains(&l) => value,
            _ => value.trim(),
        }
    }
}

/// Undoes the formula neutralisation of an export's writer (docs/input-format.md): a value of
/// a `'` followed by a formula start (`=`, `+`, `-`, `@`, tab, carriage return), possibly after
/// more `'`s, loses exactly one leading `'` (`'=x` → `=x`, `''=x` → `'=x`); any other value
/// is kept as written. The inverse of `import::writer::cell`.
#[inline]
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

impl<'a> Table<'a> {
    /// Calls `each` for every well-formed data row; rows with invalid UTF-8, the wrong number of
    /// fields, an oversized field, a character that is not printable text or a quote left open
    /// are recorded as errors and skipped (their id goes to [`Table::skipped_keys`]). Lines of
    /// only spaces are skipped silently. A row longer than [`MAX_ROW_BYTES`] stops the reading
    /// (one error). Returns the number of data rows seen (well-formed or not).
    pub fn for_each_row(
        &mut self,
        diags: &mut FileDiagnostics<'_>,
        each: impl FnMut(&Row<'_>, &mut FileDiagnostics<'_>),
    ) -> u64 {
        let Some(mut reader) = self.reader.take() else {
            return 0;
        };
        // The csv reader goes on from where the header left it: the block reader's copy of
        // those bytes is not needed.
        self.resume = None;
        let rows = self.records(&mut reader, diags, each);
        self.reader = Some(reader);
        rows
    }

    /// Takes the csv reader past the header, for the block reader to read its input on
    /// (None once rows were read through it).
    pub(super) fn take_reader(&mut self) -> Option<csv::Reader<Source<Box<dyn Read + Send + 'a>>>> {
        self.reader.take()
    }

    /// Number of fields of the header.
    pub(super) fn width(&self) -> usize {
        self.width
    }

    /// A csv reader of this table's rows from `source` (no header), as the header was read.
    pub(super) fn csv_reader<R: Read>(&self, source: Source<R>) -> csv::Reader<Source<R>> {
        csv_reader(self.dialect.delimiter, source)
    }

    /// [`Table::for_each_row`] over any csv reader of this table's rows (the header's reader,
    /// or the block reader's replay of some of its lines).
    pub(super) fn records<R: Read>(
        &mut self,
        reader: &mut csv::Reader<Source<R>>,
        diags: &mut FileDiagnostics<'_>,
        mut each: impl FnMut(&Row<'_>, &mut FileDiagnostics<'_>),
    ) -> u64 {
        let mut rows = 0;
        loop {
            match reader.read_byte_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let src = reader.get_ref();
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
            let line = reader.get_ref().row_line();
            let inner_breaks = self
                .record
                .as_slice()
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            let end = reader.position().byte();
            let src = reader.get_ref();
            let ended_by_eof = src.eof && end == src.out;
            let newline_at_end = src.last == Some(b'\n');
            reader.get_mut().begin_row(end);
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
                    match self.dialect.delimiter {
                        Delimiter::Comma => {
                            "quote a value that contains a comma, or fix the separators".to_string()
                        }
                        d => format!(
                            "the file is read as {}: quote a value that contains the separator, or fix the separators (--delimiter sets it)",
                            d.describe()
                        ),
                    }
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
                    let hint = encoding::not_utf8_hint(&self.record[field]);
                    self.report_field(diags, line, field, &format!("is not valid UTF-8{hint}"));
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
            self.spans.clear();
            for i in 0..self.record.len() {
                let r = self.record.range(i).unwrap_or(0..0);
                self.spans.push((r.start, r.end));
            }
            let row = Row::new(
                text,
                &self.spans,
                &self.index,
                self.dialect.decimal_comma,
                line,
            );
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

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: Schema = Schema {
        file: "handoffs.csv",
        singular: "handoff",
        columns: &[
            Column::required("from").with_aliases(&["source"]),
            Column::optional("volume"),
        ],
    };

    /// The volumes read from `bytes` with `options`, or the messages.
    fn volumes(bytes: &[u8], options: ReadOptions) -> Result<Vec<Option<f64>>, Vec<String>> {
        let src =
            ExportFiles::memory("x", [("handoffs.csv", bytes.to_vec())]).with_options(options);
        let mut out = Vec::new();
        let path = src.path("handoffs.csv");
        let mut diags = FileDiagnostics::new(&path, &mut out);
        let mut got = Vec::new();
        if let Opened::Table(mut t) = open(&src, &SCHEMA, &mut diags) {
            t.for_each_row(&mut diags, |row, diags| match row.number(1) {
                Ok(v) => got.push(v),
                Err(e) => diags.bad_value(row.line, "volume", e),
            });
        }
        diags.finish();
        if out.is_empty() {
            Ok(got)
        } else {
            Err(out
                .iter()
                .map(|d| format!("{}: {}", d.line.unwrap_or(0), d.message))
                .collect())
        }
    }

    #[test]
    fn dialects_are_detected_and_forced() {
        let auto = ReadOptions::default();
        assert_eq!(
            volumes(b"source;volume\na;2,5\n", auto),
            Ok(vec![Some(2.5)])
        );
        assert_eq!(
            volumes(b"from\tvolume\r\na\t0,1\r\n", auto),
            Ok(vec![Some(0.1)])
        );
        assert_eq!(
            volumes(b"from,volume\na,\"2.5\"\n", auto),
            Ok(vec![Some(2.5)])
        );
        let semi = ReadOptions {
            delimiter: Some(Delimiter::Semicolon),
            ..auto
        };
        // Forced on a one-column header, which detection reads as comma-separated.
        assert_eq!(volumes(b"from\na,b\n", semi), Ok(vec![None]));
        assert!(volumes(b"from\na,b\n", auto).is_err());
        let e = volumes(b"from;volume\na;1.234,5\n", auto).unwrap_err();
        assert!(
            e[0].starts_with("2: `1.234,5` is not a number: thousands separators are not accepted"),
            "{e:?}"
        );
        let e = volumes(b"from;volume\na;1;2\n", auto).unwrap_err();
        assert!(e[0].contains("the file is read as `;`-separated"), "{e:?}");
    }

    #[test]
    fn encodings_are_decoded_or_hinted() {
        let cp1252 = b"from;volume\nCaf\xe9 \x96;2,5\n";
        let e = volumes(cp1252, ReadOptions::default()).unwrap_err();
        assert!(
            e[0].contains("field 1 (`from`) is not valid UTF-8 (the bytes look like Windows-1252: run with --encoding windows-1252"),
            "{e:?}"
        );
        let read = ReadOptions {
            encoding: Some(Encoding::Windows1252),
            ..ReadOptions::default()
        };
        assert_eq!(volumes(cp1252, read), Ok(vec![Some(2.5)]));
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(
                "from\tvolume\na\t3,5\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let e = volumes(&utf16, ReadOptions::default()).unwrap_err();
        assert!(
            e[0].starts_with("1: the file is UTF-16 encoded") && e[0].contains("--encoding utf-16"),
            "{e:?}"
        );
        let read = ReadOptions {
            encoding: Some(Encoding::Utf16),
            ..ReadOptions::default()
        };
        assert_eq!(volumes(&utf16, read), Ok(vec![Some(3.5)]));
    }
}
