//! Import: other formats → an export directory (docs/event-logs.md; Backstage catalogs in
//! docs/input-format.md). Reading is ingest's job (`ingest::eventlog` turns an event log into
//! records, `ingest::backstage` a catalog); this module writes what it read as an export that
//! every other command reads (`writer`, `backstage`), and [`import_log`] and
//! [`backstage::import_backstage`] run the two.

pub mod backstage;
pub mod writer;

use std::path::Path;

use crate::error::SeamsError;
use crate::ingest::eventlog::{read_log, ImportOptions, ImportedLog};
use crate::output::OutputSet;

/// Converts the event log `log` into an export in `out` (what `seams import-log` runs).
///
/// Reads the whole log first ([`read_log`]): when it has errors nothing is created or written.
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
    let imported = read_log(log, options)?;
    out.write(|dir| writer::write(&imported.export, dir))?;
    Ok(imported)
}
