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
    let loaded = ingest::read_export(dir)?;
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
    let export = dir.display().to_string();
    let sorted = |mut v: Vec<Diagnostic>| {
        error::Diagnostics::sort_for_reading(&mut v);
        v
    };
    match load(dir, options) {
        Ok((org, warnings)) => Ok(report::validate::Validation {
            schema_version: report::validate::VALIDATE_SCHEMA_VERSION,
            export,
            valid: true,
            summary: Some(model::summary::OrgSummary::of(&org)),
            errors: Vec::new(),
            warnings: sorted(warnings),
        }),
        Err(SeamsError::InvalidInput(d)) => Ok(report::validate::Validation {
            schema_version: report::validate::VALIDATE_SCHEMA_VERSION,
            export,
            valid: false,
            summary: None,
            errors: sorted(d.errors().cloned().collect()),
            warnings: sorted(d.warnings().cloned().collect()),
        }),
        Err(e) => Err(e),
    }
}
pub mod metrics;
