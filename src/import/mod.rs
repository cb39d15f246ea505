//! Import: other formats → an export directory (docs/event-logs.md; Backstage catalogs in
//! docs/input-format.md). Reading is ingest's job (`ingest::eventlog` turns an event log into
//! records, `ingest::backstage` a catalog); this module writes what it read as an export that
//! every other command reads (`writer`, `backstage`), with `export.toml` saying what it covers
//! (`metadata`), or into an existing export (`into`). [`import_log`], [`import_log_into`] and
//! [`backstage::import_backstage`] run the steps.

#[cfg(feature = "backstage")]
pub mod backstage;
pub mod into;
pub mod metadata;
pub mod writer;

use std::path::Path;

use crate::error::SeamsError;
#[cfg(feature = "xes")]
use crate::ingest::eventlog::{detect_format, read_xes, LogFormat};
use crate::ingest::eventlog::{read_log, ImportOptions, ImportedLog};
use crate::output::OutputSet;

use metadata::{write_metadata, ExportMetadata};

/// Converts the event log `log` into an export in `out` (what `seams import-log --out` runs).
///
/// Reads the whole log first ([`read_log`], or [`read_xes`] for an XES log: see
/// [`detect_format`]): when it has errors nothing is created or written.
/// Then writes teams.csv, handoffs.csv, journeys.csv ([`writer::write`]) and export.toml
/// ([`metadata`]) as one output set: they replace `out` whole, or nothing changes
/// (docs/output.md, "Where outputs go").
///
/// # Returns
/// The imported log (its summary and warnings); or every error of the log
/// ([`SeamsError::InvalidInput`]), a usage error (two roles on one column, a missing file), or
/// the I/O error that stopped writing.
///
/// # Complexity
/// That of [`read_log`], plus one pass over the events to write journeys.csv.
pub fn import_log(
    log: &Path,
    options: &ImportOptions,
    out: &OutputSet,
) -> Result<ImportedLog, SeamsError> {
    let imported = read_any(log, options)?;
    let meta = ExportMetadata::of_import(log, options, &imported.export);
    out.write(|dir| {
        writer::write(&imported.export, dir)?;
        write_metadata(&meta, dir)
    })?;
    Ok(imported)
}

/// Converts the event log `log` into handoffs.csv, journeys.csv and export.toml of the existing
/// export `dir`, keeping its teams.csv and every other file (`seams import-log --into`): each
/// team of the log must be a unit of `dir/teams.csv`, directly or through the `map` file
/// ([`into::read_units`]).
///
/// # Returns
/// As [`import_log`]; the errors of teams.csv or of the map come alone (they are read first).
pub fn import_log_into(
    log: &Path,
    options: &ImportOptions,
    dir: &Path,
    map: Option<&Path>,
) -> Result<ImportedLog, SeamsError> {
    let mut inputs: Vec<&Path> = vec![log];
    inputs.extend(map);
    into::check_targets(dir, &inputs)?;
    let mut options = options.clone();
    options.units = Some(into::read_units(dir, map)?);
    let imported = read_any(log, &options)?;
    let meta = ExportMetadata::of_import(log, &options, &imported.export);
    into::write_into(&imported.export, &meta, dir)?;
    Ok(imported)
}

/// Reads an event log in the format it is in (CSV or XES, `detect_format`).
#[cfg(feature = "xes")]
fn read_any(log: &Path, options: &ImportOptions) -> Result<ImportedLog, SeamsError> {
    match detect_format(log) {
        LogFormat::Csv => read_log(log, options),
        LogFormat::Xes => read_xes(log, options),
    }
}

/// Reads an event log (CSV; XES needs the `xes` feature).
#[cfg(not(feature = "xes"))]
fn read_any(log: &Path, options: &ImportOptions) -> Result<ImportedLog, SeamsError> {
    read_log(log, options)
}
