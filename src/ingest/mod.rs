//! Ingest: an export directory of CSV files → validated, id-resolved records ([`Export`]).
//!
//! Owns the input format (docs/input-format.md) and its rules: header aliases, blank = unknown,
//! booleans, numbers, merging of repeated handoffs, derivation of handoffs from journeys. It
//! never stops at the first problem: [`read_export`] returns the export and its warnings, or
//! every error of the run (and the warnings) at once. It does not build graphs (that is
//! `model`) and never prints.
//!
//! Units are stored sorted by id (byte order), so a [`UnitId`] order is the id order and every
//! later table can be ordered by index.

#[cfg(feature = "backstage")]
pub mod backstage;
mod blocks;
pub mod dialect;
pub mod encoding;
pub mod eventlog;
mod files;
mod handoffs;
mod header;
mod journeys;
pub mod metadata;
mod printable;
mod stream;
mod suggest;
mod systems;
pub mod table;
mod units;
mod values;

use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{Diagnostic, DiagnosticKind, Diagnostics, SeamsError};
use crate::records::{Export, FilesPresent, HandoffSource, Party};

pub use dialect::{Delimiter, FileDialect, ReadOptions};
pub use encoding::Encoding;
pub use files::ExportFiles;
pub use handoffs::{merge_handoffs, Merged, Overflow};

/// A validated export together with the warnings found while reading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The export.
    pub export: Export,
    /// Warnings (never fatal), in file order.
    pub warnings: Vec<Diagnostic>,
}

/// Id → index lookup used while reading (never iterated).
pub(crate) struct IdIndex {
    map: FxHashMap<Box<str>, u32>,
    /// Ids of rows that were rejected with an error of their own.
    skipped: FxHashSet<Box<str>>,
    /// The file may have lost rows without a trace: no unknown id is reported.
    incomplete: bool,
    /// Built on the first unknown id, for "did you mean".
    suggestions: std::sync::OnceLock<suggest::Suggestions>,
}

impl IdIndex {
    fn new<'a>(ids: impl Iterator<Item = &'a str>) -> Self {
        let mut map = FxHashMap::default();
        for (i, id) in ids.enumerate() {
            map.entry(id.into()).or_insert(i as u32);
        }
        IdIndex {
            map,
            skipped: FxHashSet::default(),
            incomplete: false,
            suggestions: std::sync::OnceLock::new(),
        }
    }

    /// Marks ids whose rows were rejected (already reported), and whether the file may have
    /// lost rows, so references to them do not repeat the error as "unknown id".
    fn excusing(mut self, skipped: &[String], incomplete: bool) -> Self {
        self.skipped = skipped.iter().map(|s| s.as_str().into()).collect();
        self.incomplete = incomplete;
        self
    }

    pub(crate) fn get(&self, id: &str) -> Option<u32> {
        self.map.get(id).copied()
    }

    /// `; did you mean `x`?` for an unknown `id` when a known id is close to it, shown only
    /// while `diags` still shows errors (so a file of a million unknown ids costs 200 searches).
    pub(crate) fn did_you_mean(&self, id: &str, diags: &table::FileDiagnostics<'_>) -> String {
        if !diags.shows_next() {
            return String::new();
        }
        let s = self
            .suggestions
            .get_or_init(|| suggest::Suggestions::new(self.map.keys().map(|k| &**k)));
        suggest::did_you_mean(s.closest(id))
    }

    /// The id whose index is `index` (a linear search: for the rare message that names one).
    pub(crate) fn id_of(&self, index: u32) -> Option<&str> {
        self.map
            .iter()
            .find(|&(_, &i)| i == index)
            .map(|(id, _)| &**id)
    }

    /// True when a missing `id` must not be reported: its row was rejected with an error of
    /// its own, or the file is incomplete. The reference is still unresolved.
    pub(crate) fn excuses(&self, id: &str) -> bool {
        self.incomplete || self.skipped.contains(id)
    }
}

/// How each file of the export that exists is read: its delimiter (forced, or detected from
/// its header as the readers detect it), encoding and whether numbers may use a decimal comma,
/// in file order (teams, systems, dependencies, handoffs, journeys). A file that cannot be
/// opened or decoded is left out (reading it reports why).
pub fn read_dialects(src: &ExportFiles) -> Vec<FileDialect> {
    let schemas = [
        &units::SCHEMA,
        &systems::SYSTEMS,
        &systems::DEPENDENCIES,
        &handoffs::SCHEMA,
        &journeys::SCHEMA,
    ];
    let mut out = Vec::new();
    for schema in schemas {
        let stream::Opening::File(file) = src.open(schema.file) else {
            continue;
        };
        let mut sink = Vec::new();
        let path = src.path(schema.file);
        let mut diags = table::FileDiagnostics::new(&path, &mut sink);
        if let Some(p) = table::prepare(file, schema, src.options(), &mut diags) {
            out.push(p.dialect);
        }
    }
    out
}

/// Reads and validates the export in `dir`: teams.csv (required), then the optional
/// systems.csv, dependencies.csv, handoffs.csv and journeys.csv.
///
/// # Returns
/// The export and its warnings, or [`SeamsError::InvalidInput`] with every error and warning
/// of the run; [`SeamsError::Usage`] when `dir` is not a directory.
pub fn read_export(dir: &Path) -> Result<Loaded, SeamsError> {
    read_export_from(&ExportFiles::dir(dir))
}

/// Reads and validates an export from any source: a directory or files held in memory.
///
/// # Examples
/// ```
/// use seams::ingest::{read_export_from, ExportFiles};
/// let src = ExportFiles::memory("acme", [
///     ("teams.csv", "id,parent\nhq,\nsales,hq\n"),
///     ("handoffs.csv", "from,to,volume\ncustomer,sales,10\n"),
/// ]);
/// let loaded = read_export_from(&src).unwrap();
/// assert_eq!(loaded.export.units.len(), 2);
/// assert_eq!(loaded.export.handoffs[0].volume, 10.0);
/// ```
///
/// # Returns
/// As [`read_export`].
pub fn read_export_from(src: &ExportFiles) -> Result<Loaded, SeamsError> {
    let dir = src.label();
    if !src.is_usable() {
        return Err(SeamsError::Usage(format!(
            "{} is not a directory (expected an export directory holding teams.csv and the other CSV files)",
            dir.display()
        )));
    }
    let mut diags: Vec<Diagnostic> = Vec::new();
    let units = units::read(src, &mut diags);
    let unit_index = units.as_ref().map(|u| {
        IdIndex::new(u.units.iter().map(|u| u.id.as_str())).excusing(&u.skipped, u.incomplete)
    });
    // Every other file needs only the unit ids (dependencies and journeys also need the system
    // ids): read systems, dependencies and journeys on one side and handoffs (the big file) on
    // the other, in parallel. Diagnostics are kept per file and appended in file order, so the
    // report does not depend on scheduling.
    let (
        (systems, dependencies, journeys, mut d_sys, mut d_journeys),
        (handoff_file, mut d_handoffs),
    ) = rayon::join(
        || {
            let (mut d, mut dj) = (Vec::new(), Vec::new());
            let systems = systems::read_systems(src, unit_index.as_ref(), &mut d);
            let system_index = systems.as_ref().map(|s| {
                IdIndex::new(s.systems.iter().map(|s| s.id.as_str()))
                    .excusing(&s.skipped, s.incomplete)
            });
            let dependencies =
                systems::read_dependencies(src, system_index.as_ref(), systems.is_some(), &mut d);
            let journeys = journeys::read(src, unit_index.as_ref(), system_index.as_ref(), &mut dj);
            (systems, dependencies, journeys, d, dj)
        },
        || {
            let mut d = Vec::new();
            let handoff_file = handoffs::read(src, unit_index.as_ref(), &mut d);
            (handoff_file, d)
        },
    );
    diags.append(&mut d_sys);
    diags.append(&mut d_handoffs);
    diags.append(&mut d_journeys);

    if diags.iter().any(|d| d.is_error()) {
        return Err(SeamsError::InvalidInput(Diagnostics { items: diags }));
    }
    let (Some(units), Some(journeys)) = (units, journeys) else {
        // Unreachable in practice: a missing result always comes with an error.
        return Err(SeamsError::InvalidInput(Diagnostics { items: diags }));
    };
    let (handoffs, handoff_source, handoff_rows) = match handoff_file {
        Some(h) => (h.merged, HandoffSource::File, h.rows),
        None if journeys.present => {
            let derived = handoffs::derive_from_journeys(&journeys.journeys);
            if !derived.overflows.is_empty() {
                let path = dir.join(journeys::SCHEMA.file);
                for o in &derived.overflows {
                    let name = |p: Party| match p {
                        Party::Customer => "customer".to_string(),
                        Party::Unit(u) => units.units[u as usize].id.clone(),
                    };
                    diags.push(
                        Diagnostic::error(&path, o.lines.first().copied(), o.message(name))
                            .with_kind(DiagnosticKind::Limit)
                            .with_column("volume"),
                    );
                }
                return Err(SeamsError::InvalidInput(Diagnostics { items: diags }));
            }
            (derived.handoffs, HandoffSource::Journeys, 0)
        }
        None => (Vec::new(), HandoffSource::None, 0),
    };
    let files = FilesPresent {
        systems: systems.is_some(),
        dependencies: dependencies.present,
        handoffs: handoff_source == HandoffSource::File,
        journeys: journeys.present,
    };
    let systems = systems.unwrap_or_default();
    let export = Export {
        dir: dir.to_path_buf(),
        units: units.units,
        unit_attributes: units.attributes,
        systems: systems.systems,
        system_attributes: systems.attributes,
        dependencies: dependencies.dependencies,
        handoffs,
        handoff_source,
        handoff_rows,
        journeys: journeys.journeys,
        files,
    };
    Ok(Loaded {
        export,
        warnings: diags,
    })
}
