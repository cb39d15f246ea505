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
}

impl Diagnostic {
    /// An error at `file:line`.
    pub fn error(file: impl Into<PathBuf>, line: Option<u64>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: Some(file.into()),
            line,
            message: message.into(),
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
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{}:{}: {}", file.display(), line, self.message),
            (Some(file), None) => write!(f, "{}: {}", file.display(), self.message),
            _ => write!(f, "{}", self.message),
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
    /// (teams.csv, systems.csv, …), and within a file by line (whole-file messages first).
    pub fn sort_for_reading(items: &mut [Diagnostic]) {
        let mut files: Vec<Option<PathBuf>> = Vec::new();
        for d in items.iter() {
            if !files.contains(&d.file) {
                files.push(d.file.clone());
            }
        }
        items.sort_by_key(|d| (files.iter().position(|f| *f == d.file), d.line));
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.errors().count()
    }
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
#[derive(Debug, thiserror::Error)]
pub enum SeamsError {
    /// The input has errors; the diagnostics list every one of them (and the warnings).
    #[error("{} error(s) in the input", .0.error_count())]
    InvalidInput(Diagnostics),
    /// A flag or argument is wrong (the message says which and what to do).
    #[error("{0}")]
    Usage(String),
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
}
