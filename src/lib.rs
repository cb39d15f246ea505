//! `seams` shows an organisation where it is divided: its silos, its bottlenecks, how far each
//! team sits from the customer, whether teams that own dependent systems talk (Conway's law),
//! and where the customer journey crosses from one team to another (the *seams*).
//!
//! The data flows one way (ARCHITECTURE.md has the code map):
//! [`records`] (the domain types) ← [`ingest`] (files → records) → [`model`] (the graphs) →
//! [`metrics`] (one module per family) → outputs ([`report`], [`check`]). The `seams` binary is
//! a thin layer on top of this library.
//!
//! ```
//! use seams::ingest::ExportFiles;
//! let files = ExportFiles::memory("acme", [
//!     ("teams.csv", "id,parent\nhq,\nsales,hq\nops,hq\n"),
//!     ("handoffs.csv", "from,to,volume\ncustomer,sales,10\nsales,ops,4\nops,sales,1\n"),
//! ]);
//! let (org, _warnings) = seams::load_from(&files, &seams::ModelOptions::default())?;
//! let analysis = seams::analyze(&org, &seams::AnalysisOptions::default())?;
//! // Silos are sales and ops (depth 1): all 5 units of handoff volume between them cross.
//! assert_eq!(analysis.silo.org_ei_index, Some(1.0));
//! # Ok::<(), seams::SeamsError>(())
//! ```
//!
//! Cargo features: `cli` (default: the binary, with all of the below), `report` (charts, the HTML
//! seam report, graph exports), `check` (`seams check`, `whatif`, `suggest`, JUnit), `terminal`
//! (terminal tables), `xes` (XES event logs), `backstage` (Backstage catalogs). With
//! `default-features = false` the crate is ingest (CSV exports and event logs), model, metrics
//! and the JSON/CSV tables.
#![warn(missing_docs)]

#[cfg(feature = "check")]
pub mod check;
pub mod error;
pub mod generate;
pub mod import;
pub mod ingest;
pub mod metrics;
pub mod model;
pub mod output;
#[cfg(feature = "report")]
pub mod plot;
pub mod records;
pub mod report;
pub(crate) mod rng;
#[cfg(feature = "check")]
pub mod suggest;
pub mod text;
pub mod value;
#[cfg(feature = "check")]
pub mod whatif;

#[cfg(feature = "check")]
pub use check::check;
pub use error::{Diagnostic, DiagnosticKind, Diagnostics, SeamsError};
pub use ingest::ExportFiles;
pub use metrics::{analyze, analyze_with_progress, Analysis, AnalysisOptions, Weight};
pub use model::{ModelOptions, Org};
pub use records::Export;

use std::path::Path;

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
    validate_keeping(files, options).map(|(v, _org)| v)
}

/// Like [`validate_from`], also handing back the model it built (None when the export has
/// errors): a caller about to exit can skip freeing it (`seams validate` does), which for a
/// large org is a noticeable part of the run.
pub fn validate_keeping(
    files: &ingest::ExportFiles,
    options: &ModelOptions,
) -> Result<(report::validate::Validation, Option<Org>), SeamsError> {
    let export = files.label().display().to_string();
    let sorted = |mut v: Vec<Diagnostic>| {
        error::Diagnostics::sort_for_reading(&mut v);
        v
    };
    let dialects = ingest::read_dialects(files);
    match load_from(files, options) {
        Ok((org, warnings)) => Ok((
            report::validate::Validation {
                schema_version: report::validate::VALIDATE_SCHEMA_VERSION,
                export,
                valid: true,
                summary: Some(model::summary::OrgSummary::of(&org)),
                errors: Vec::new(),
                warnings: sorted(warnings),
                files: dialects,
            },
            Some(org),
        )),
        Err(SeamsError::InvalidInput(d)) => Ok((
            report::validate::Validation {
                schema_version: report::validate::VALIDATE_SCHEMA_VERSION,
                export,
                valid: false,
                summary: None,
                errors: sorted(d.errors().cloned().collect()),
                warnings: sorted(d.warnings().cloned().collect()),
                files: dialects,
            },
            None,
        )),
        Err(e) => Err(e),
    }
}
