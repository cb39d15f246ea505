//! Where an export's files come from: a directory, or memory (a caller that builds an export
//! in code, a doctest, a fuzzer). Every reader of ingest opens its file through an
//! [`ExportFiles`], so both routes are read by exactly the same code.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::dialect::ReadOptions;
use super::stream::{self, Opening};

/// The files of one export, and how to read them (delimiter, encoding).
#[derive(Debug, Clone)]
pub struct ExportFiles {
    origin: Origin,
    options: ReadOptions,
}

#[derive(Debug, Clone)]
enum Origin {
    Dir(PathBuf),
    Memory {
        label: PathBuf,
        files: Vec<(String, Vec<u8>)>,
    },
}

impl ExportFiles {
    /// The export in directory `dir` (teams.csv, systems.csv, …).
    pub fn dir(dir: impl Into<PathBuf>) -> ExportFiles {
        ExportFiles {
            origin: Origin::Dir(dir.into()),
            options: ReadOptions::default(),
        }
    }

    /// An export held in memory: `(file name, contents)` pairs such as
    /// `("teams.csv", "id,parent\nhq,\n")`. Diagnostics name the files as `label/FILE`.
    pub fn memory<N, B>(label: impl Into<PathBuf>, files: impl IntoIterator<Item = (N, B)>) -> Self
    where
        N: Into<String>,
        B: Into<Vec<u8>>,
    {
        ExportFiles {
            origin: Origin::Memory {
                label: label.into(),
                files: files
                    .into_iter()
                    .map(|(n, b)| (n.into(), b.into()))
                    .collect(),
            },
            options: ReadOptions::default(),
        }
    }

    /// The same files read with `options` (`--delimiter`, `--encoding`; by default UTF-8,
    /// the delimiter detected per file).
    ///
    /// # Examples
    /// ```
    /// use seams::ingest::{read_export_from, Delimiter, ExportFiles, ReadOptions};
    /// let src = ExportFiles::memory("acme", [
    ///     ("teams.csv", "id;parent\nhq;\nsales;hq\n"),
    ///     ("handoffs.csv", "from;to;volume\ncustomer;sales;2,5\n"),
    /// ]);
    /// // Detected from the header:
    /// assert_eq!(read_export_from(&src).unwrap().export.handoffs[0].volume, 2.5);
    /// // Forced:
    /// let forced = src.with_options(ReadOptions {
    ///     delimiter: Some(Delimiter::Semicolon),
    ///     ..ReadOptions::default()
    /// });
    /// assert_eq!(read_export_from(&forced).unwrap().export.units.len(), 2);
    /// ```
    pub fn with_options(mut self, options: ReadOptions) -> ExportFiles {
        self.options = options;
        self
    }

    /// How the files are read.
    pub fn options(&self) -> &ReadOptions {
        &self.options
    }

    /// The directory, or the label of an export in memory.
    pub fn label(&self) -> &Path {
        match &self.origin {
            Origin::Dir(d) => d,
            Origin::Memory { label, .. } => label,
        }
    }

    /// The path a file of the export is shown as.
    pub(crate) fn path(&self, file: &str) -> PathBuf {
        self.label().join(file)
    }

    /// Whether this is a directory that exists (always true in memory).
    pub(crate) fn is_usable(&self) -> bool {
        match &self.origin {
            Origin::Dir(d) => d.is_dir(),
            Origin::Memory { .. } => true,
        }
    }

    /// Opens one file of the export (a non-regular file on disk is refused).
    pub(super) fn open(&self, file: &str) -> Opening<Box<dyn Read + Send + '_>> {
        match &self.origin {
            Origin::Dir(d) => match stream::open_regular(&d.join(file)) {
                Opening::File(f) => Opening::File(Box::new(f)),
                Opening::Missing => Opening::Missing,
                Opening::Refused(m) => Opening::Refused(m),
            },
            Origin::Memory { files, .. } => match files.iter().find(|(n, _)| n == file) {
                Some((_, bytes)) => Opening::File(Box::new(bytes.as_slice())),
                None => Opening::Missing,
            },
        }
    }

    /// The size in bytes of one file of the export, when known (for reserving memory only:
    /// the file may change before it is read).
    pub(super) fn size(&self, file: &str) -> Option<u64> {
        match &self.origin {
            Origin::Dir(d) => std::fs::metadata(d.join(file)).ok().map(|m| m.len()),
            Origin::Memory { files, .. } => files
                .iter()
                .find(|(n, _)| n == file)
                .map(|(_, bytes)| bytes.len() as u64),
        }
    }
}
