//! Import: other formats → an export directory (docs/event-logs.md). Reading is ingest's job
//! (`ingest::eventlog` turns an event log into records); this module writes what it read as an
//! export that every other command reads (`writer`), and [`import_log`] runs the two.

pub mod writer;

use std::path::{Path, PathBuf};

use crate::error::SeamsError;
use crate::ingest::eventlog::{read_log, ImportOptions, ImportedLog};
use crate::output::prepare_output_dir;

/// Converts the event log `log` into an export in `out` (what `seams import-log` runs).
///
/// Reads the whole log first ([`read_log`]): when it has errors nothing is created or written.
/// Then creates `out` (refused when it is one of `inputs` or inside one) and writes teams.csv,
/// handoffs.csv and journeys.csv into it ([`writer::write`]).
///
/// # Returns
/// The imported log (its summary and warnings) and the output directory; or every error of
/// the log ([`SeamsError::InvalidInput`]), a usage error (two roles on one column, a missing
/// file, an output directory inside an input, another export's files in `out`), or the I/O
/// error that stopped writing.
///
/// # Complexity
/// That of [`read_log`], plus one pass over the events to write journeys.csv.
pub fn import_log(
    log: &Path,
    options: &ImportOptions,
    out: &Path,
    inputs: &[&Path],
) -> Result<(ImportedLog, PathBuf), SeamsError> {
    let imported = read_log(log, options)?;
    let out = prepare_output_dir(out, inputs)?;
    writer::write(&imported.export, &out)?;
    Ok((imported, out))
}
