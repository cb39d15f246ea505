//! Import: other formats → an export directory (docs/event-logs.md). Reading is ingest's job
//! (`ingest::eventlog` turns an event log into records); this module writes what it read as an
//! export that every other command reads (`writer`), and [`import_log`] runs the two.

pub mod writer;

use std::path::Path;

use crate::error::SeamsError;
use crate::ingest::eventlog::{
    detect_format, read_log, read_xes, ImportOptions, ImportedLog, LogFormat,
};
use crate::output::OutputSet;

/// Converts the event log `log` into an export in `out` (what `seams import-log` runs).
///
/// Reads the whole log first ([`read_log`], or [`read_xes`] for an XES log: see
/// [`detect_format`]): when it has errors nothing is created or written.
/// Then writes teams.csv, handoffs.csv and journeys.csv ([`writer::write`]) as one output set:
/// they replace `out` whole, or nothing changes (docs/output.md, "Where outputs go").
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
    let imported = match detect_format(log) {
        LogFormat::Csv => read_log(log, options)?,
        LogFormat::Xes => read_xes(log, options)?,
    };
    out.write(|dir| writer::write(&imported.export, dir))?;
    Ok(imported)
}
