//! Errors and diagnostics. Every problem found in an input carries its file and line (1-based,
//! the header is line 1) and reads like a compiler message: `path:line: what is wrong (expected …)`.
//! Ingest never stops at the first problem: it collects every diagnostic of the run.

use std::fmt;
use std::path::PathBuf;

/// How serious a diagnostic is: errors make the run fail with exit code 2, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The export cannot be analysed until this is fixed.
    Error,
    /// Suspicious but usable; reported, never fatal.
    Warning,
}

/// What sort of problem a diagnostic reports, so a program reading `validate --format json`
/// can group or filter problems without parsing the message (`docs/input-format.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticKind {
    /// The file cannot be parsed as CSV here: wrong width, a quote left open, not UTF-8, the
    /// wrong separator or encoding, an empty file.
    Syntax,
    /// The header lacks a required column, or names one twice.
    MissingColumn,
    /// A cell holds a value of the wrong form or out of range (a number, a boolean, a blank
    /// required cell, a control character).
    BadValue,
    /// An id names nothing that exists (a parent, an owner, a team, a system).
    UnknownReference,
    /// An id or a step is defined twice.
    Duplicate,
    /// The parent hierarchy has a cycle.
    Cycle,
    /// A size or magnitude limit was passed (field or row length, a sum past the largest number).
    Limit,
    /// The file cannot be opened or read (missing, not a regular file, permissions).
    Io,
    /// Not one of the above (warnings and messages of other inputs).
    #[default]
    Other,
    /// Not a problem of its own: the line saying how many more errors of a file were not
    /// shown. Never counted as an error (see [`Diagnostics::error_count`]).
    Omitted,
}

/// One problem found in an input, with its position.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in (as the user named it), if it is in a file.
    pub file: Option<PathBuf>,
    /// 1-based line in that file (the header is line 1), if the problem is on one line.
    pub line: Option<u64>,
    /// What is wrong and what was expected.
    pub message: String,
    /// What sort of problem this is.
    pub kind: DiagnosticKind,
    /// The column (header as written, or its canonical name) the problem is in, when known.
    pub column: Option<String>,
    /// For an [`DiagnosticKind::Omitted`] line, how many errors it stands for (0 otherwise).
    #[serde(skip)]
    pub omitted: u64,
}

impl Diagnostic {
    /// An error at `file:line`.
    pub fn error(file: impl Into<PathBuf>, line: Option<u64>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: Some(file.into()),
            line,
            message: message.into(),
            kind: DiagnosticKind::Other,
            column: None,
            omitted: 0,
        }
    }

    /// A warning at `file:line`.
    pub fn warning(
        file: impl Into<PathBuf>,
        line: Option<u64>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            file: Some(file.into()),
            line,
            message: message.into(),
            kind: DiagnosticKind::Other,
            column: None,
            omitted: 0,
        }
    }

    /// The closing line of a file whose errors were capped: `count` more were not shown.
    pub fn omitted(file: impl Into<PathBuf>, count: u64) -> Self {
        let mut d = Diagnostic::error(
            file,
            None,
            format!("{count} more error(s) not shown (fix the ones above and run again)"),
        );
        d.kind = DiagnosticKind::Omitted;
        d.omitted = count;
        d
    }

    /// The same diagnostic, of `kind`.
    pub fn with_kind(mut self, kind: DiagnosticKind) -> Self {
        self.kind = kind;
        self
    }

    /// The same diagnostic, about column `column`.
    pub fn with_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// True for errors (including the line counting errors not shown).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// How many errors this diagnostic stands for: 1 for an error, the count for the line of
    /// errors not shown, 0 for a warning.
    pub fn error_weight(&self) -> u64 {
        match (self.severity, self.kind) {
            (Severity::Error, DiagnosticKind::Omitted) => self.omitted,
            (Severity::Error, _) => 1,
            (Severity::Warning, _) => 0,
        }
    }
}

/// `path:line: message` on one line: control characters and line breaks of the ids and values
/// quoted in the message (or of the path) are shown escaped ([`crate::text::printable`]), so a
/// hostile id can neither start a line of its own (a GitHub workflow command) nor send a
/// terminal escape sequence.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = crate::text::printable(&self.message);
        match (&self.file, self.line) {
            (Some(file), Some(line)) => {
                let file = file.display().to_string();
                write!(f, "{}:{}: {}", crate::text::printable(&file), line, message)
            }
            (Some(file), None) => {
                let file = file.display().to_string();
                write!(f, "{}: {}", crate::text::printable(&file), message)
            }
            _ => write!(f, "{message}"),
        }
    }
}

/// The outcome of reading an export that had errors: every error and every warning of the run.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    /// All diagnostics, errors and warnings, in the order they were found.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }
    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }
    /// Orders the diagnostics for reading: files in the order they were first reported
    /// (teams.csv, systems.csv, …), and within a file by line (whole-file messages first), the
    /// count of errors not shown last, below the errors it follows.
    pub fn sort_for_reading(items: &mut [Diagnostic]) {
        let mut files: Vec<Option<PathBuf>> = Vec::new();
        for d in items.iter() {
            if !files.contains(&d.file) {
                files.push(d.file.clone());
            }
        }
        items.sort_by_key(|d| {
            (
                files.iter().position(|f| *f == d.file),
                d.kind == DiagnosticKind::Omitted,
                d.line,
            )
        });
    }

    /// Number of errors, counting those not shown and not the line that counts them.
    pub fn error_count(&self) -> usize {
        count_errors(&self.items)
    }
}

/// Number of errors in `items`, counting those not shown (see [`Diagnostic::error_weight`]).
pub fn count_errors(items: &[Diagnostic]) -> usize {
    items.iter().map(|d| d.error_weight() as usize).sum()
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.errors() {
            writeln!(f, "error: {d}")?;
        }
        for d in self.warnings() {
            writeln!(f, "warning: {d}")?;
        }
        Ok(())
    }
}

/// Everything that can make a `seams` operation fail. All variants map to exit code 2
/// (bad input or usage); a failed `check` rule is a result, not an error.
#[derive(Debug)]
pub enum SeamsError {
    /// The input has errors; the diagnostics list every one of them (and the warnings).
    InvalidInput(Diagnostics),
    /// A flag or argument is wrong (the message says which and what to do).
    Usage(String),
    /// A library option is out of range (typed, worded without command-line flags: the CLI
    /// names its own flags).
    Option(OptionError),
    /// Reading or writing a file failed. Displayed once, as `path: OS error (hint)`: the OS
    /// error is part of the message, not a separate source, so an error chain never repeats it.
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// An option of the library out of range, with the values involved. The library validates its
/// options once ([`crate::metrics::AnalysisOptions::validate`], `Org::build`); the CLI turns
/// these into messages that name its flags.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum OptionError {
    /// The silo level is deeper than every unit.
    SiloLevelTooDeep {
        /// The level asked for.
        level: u32,
        /// The depth of the deepest unit (0 = a root).
        deepest: u32,
    },
    /// Sampled betweenness needs at least two sources.
    TooFewSources {
        /// The number of sources asked for.
        k: usize,
    },
    /// Sampled and exact betweenness were both asked for.
    SampledAndExact,
    /// Zero change agents were asked for.
    NoAgents,
}

impl fmt::Display for OptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionError::SiloLevelTooDeep { level, deepest } => write!(
                f,
                "silo level {level} is deeper than every unit (the deepest unit is at depth {deepest}; depth 0 = a root)"
            ),
            OptionError::TooFewSources { k } => write!(
                f,
                "sampled betweenness needs at least 2 source nodes (got {k}); leave sampling out for exact betweenness"
            ),
            OptionError::SampledAndExact => {
                write!(f, "sampled and exact betweenness contradict each other (ask for one)")
            }
            OptionError::NoAgents => write!(f, "the number of change agents must be at least 1"),
        }
    }
}

impl From<OptionError> for SeamsError {
    fn from(e: OptionError) -> Self {
        SeamsError::Option(e)
    }
}

impl fmt::Display for SeamsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeamsError::InvalidInput(d) => write!(f, "{} error(s) in the input", d.error_count()),
            SeamsError::Usage(message) => write!(f, "{message}"),
            SeamsError::Option(e) => write!(f, "{e}"),
            SeamsError::Io { path, source } => {
                write!(f, "{}: {source}", path.display())?;
                match io_hint(source) {
                    Some(hint) => write!(f, " ({hint})"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl std::error::Error for SeamsError {}

/// What to do about an I/O error, by its kind (None when there is nothing useful to say).
pub fn io_hint(e: &std::io::Error) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => return Some("check the path: it, or a directory above it, does not exist"),
        K::PermissionDenied => {
            return Some("check the permissions of the file and of its directory")
        }
        K::AlreadyExists => {
            return Some("something of that name is in the way: remove it or choose another path")
        }
        _ => {}
    }
    // The other kinds worth a hint are newer than the supported Rust: read the errno (the
    // same numbers on Linux and macOS).
    #[cfg(unix)]
    match e.raw_os_error() {
        Some(20) => return Some("a part of the path is a file, not a directory"),
        Some(21) => return Some("it is a directory: give a file path"),
        Some(28) => return Some("the disk is full: free some space or write elsewhere"),
        Some(30) => return Some("the file system is read-only: write elsewhere"),
        _ => {}
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_not_shown_are_counted_and_sorted_last() {
        let mut items = vec![
            Diagnostic::error("a.csv", Some(3), "x"),
            Diagnostic::omitted("a.csv", 800),
            Diagnostic::error("a.csv", None, "whole file"),
            Diagnostic::warning("a.csv", Some(2), "w"),
            Diagnostic::error("b.csv", Some(1), "y"),
        ];
        Diagnostics::sort_for_reading(&mut items);
        let order: Vec<&str> = items.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            order,
            [
                "whole file",
                "w",
                "x",
                "800 more error(s) not shown (fix the ones above and run again)",
                "y"
            ]
        );
        assert_eq!(Diagnostics { items }.error_count(), 803);
    }

    #[test]
    fn an_io_error_is_shown_once_with_a_hint() {
        let e = SeamsError::Io {
            path: PathBuf::from("out"),
            source: std::io::Error::from(std::io::ErrorKind::AlreadyExists),
        };
        assert!(std::error::Error::source(&e).is_none());
        let text = e.to_string();
        assert!(text.starts_with("out: "), "{text}");
        assert!(
            text.ends_with(
                "(something of that name is in the way: remove it or choose another path)"
            ),
            "{text}"
        );
    }
}
