//! `seams`: shows an organisation where it is divided. See ARCHITECTURE.md for the code map.
#![warn(missing_docs)]

pub mod check;
pub mod error;
pub mod generate;
pub mod import;
pub mod ingest;
pub mod model;
pub mod output;
pub mod plot;
pub mod records;
pub mod rng;
pub mod text;
pub mod value;

pub mod report;

use std::path::Path;

use error::{Diagnostic, SeamsError};
use model::{ModelOptions, Org};

/// Reads an export and builds its model: the one entry point every command uses.
///
/// # Returns
/// The model and all warnings (ingest's, then the model's), or every error of the export.
pub fn load(dir: &Path, options: &ModelOptions) -> Result<(Org, Vec<Diagnostic>), SeamsError> {
    load_from(&ingest::ExportFiles::dir(dir), options)
}

/// Like [`load`], for an export from any source, e.g. files held in memory.
///
/// # Examples
/// ```
/// use seams::ingest::ExportFiles;
/// let files = ExportFiles::memory("acme", [
///     ("teams.csv", "id,parent\nhq,\nsales,hq\nops,hq\n"),
///     ("handoffs.csv", "from,to,volume\ncustomer,sales,10\nsales,ops,4\n"),
/// ]);
/// let (org, warnings) = seams::load_from(&files, &Default::default()).unwrap();
/// assert_eq!(org.export.units.len(), 3);
/// assert_eq!(org.handoffs.node_count(), 2); // the teams sales and ops
/// // One warning: no handoff says how long it waits.
/// assert_eq!(warnings.len(), 1);
/// ```
pub fn load_from(
    files: &ingest::ExportFiles,
    options: &ModelOptions,
) -> Result<(Org, Vec<Diagnostic>), SeamsError> {
    let loaded = ingest::read_export_from(files)?;
    let mut warnings = loaded.warnings;
    let (org, more) = Org::build(loaded.export, options)?;
    warnings.extend(more);
    Ok((org, warnings))
}

/// Validates an export: its summary when readable, and every error and warning.
/// Usage problems (not a directory, `--silo-level` too deep) are returned as errors.
pub fn validate(
    dir: &Path,
    options: &ModelOptions,
) -> Result<report::validate::Validation, SeamsError> {
    validate_from(&ingest::ExportFiles::dir(dir), options)
}

/// Like [`validate`], for an export from any source.
pub fn validate_from(
    files: &ingest::ExportFiles,
    options: &ModelOptions,
) -> Result<report::validate::Validation, SeamsError> {
    let export = files.label().display().to_string();
    let sorted = |mut v: Vec<Diagnostic>| {
        error::Diagnostics::sort_for_reading(&mut v);
        v
    };
    let dialects = ingest::read_dialects(files);
    match load_from(files, options) {
        Ok((org, warnings)) => Ok(report::validate::Validation {
            schema_version: report::validate::VALIDATE_SCHEMA_VERSION,
            export,
            valid: true,
            summary: Some(model::summary::OrgSummary::of(&org)),
            errors: Vec::new(),
            warnings: sorted(warnings),
            files: dialects,
        }),
        Err(SeamsError::InvalidInput(d)) => Ok(report::validate::Validation {
            schema_version: report::validate::VALIDATE_SCHEMA_VERSION,
            export,
            valid: false,
            summary: None,
            errors: sorted(d.errors().cloned().collect()),
            warnings: sorted(d.warnings().cloned().collect()),
            files: dialects,
        }),
        Err(e) => Err(e),
    }
}
pub mod metrics;
