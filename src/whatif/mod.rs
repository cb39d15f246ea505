//! `seams whatif`: proposed changes applied to an export in memory, analysed before and after,
//! and compared as `seams check` compares two exports (docs/whatif.md).
//!
//! - [`changes`] reads the changes file (`changes.toml`: `[[move]]`, `[[merge]]`,
//!   `[[channel]]`, `[[owner]]`) into typed [`Change`]s, every problem as `file:line`;
//! - [`apply`](mod@apply) applies them, in file order, to the export's CSV rows
//!   ([`ExportRows`]), checking each against the export the previous ones left;
//! - this file runs it all: the original export and the changed rows (serialised to CSV in
//!   memory and read back by the real ingest, so the result is exactly the analysis of the same
//!   edit made by hand) are analysed, reduced to [`Facts`], and compared by
//!   [`crate::check::check`].
//!
//! Never prints; the CLI writes the report and, with `--write`, the changed files.

pub mod apply;
pub mod changes;

use std::path::Path;

pub use apply::{CsvTable, ExportRows, FILES};
pub use changes::{Change, What};

use crate::check::diff::Facts;
use crate::check::rules::RuleSet;
use crate::check::{CheckReport, Wording};
use crate::error::SeamsError;
use crate::metrics::AnalysisOptions;
use crate::model::ModelOptions;

/// The outcome of applying a changes file to an export.
#[derive(Debug, Clone)]
pub struct WhatIf {
    /// The export as it is.
    pub before: Facts,
    /// The export with the changes applied.
    pub after: Facts,
    /// The changed export's files (name, CSV bytes), as `--write` writes them and as the
    /// after-analysis read them.
    pub files: Vec<(String, Vec<u8>)>,
    /// How many changes were applied.
    pub changes: usize,
}

/// Reads the export in `dir` and the changes file, applies the changes and analyses both
/// sides with the same options.
///
/// # Errors
/// [`SeamsError::InvalidInput`]: a bad changes file (every problem as `changes:LINE`, before
/// the export is read), an invalid export (its diagnostics), or changes that cannot be applied
/// (every one as `changes:LINE`). [`SeamsError::Io`] when a file cannot be read.
pub fn evaluate(
    dir: &Path,
    changes_file: &Path,
    model: &ModelOptions,
    analysis: &AnalysisOptions,
) -> Result<WhatIf, SeamsError> {
    let changes = changes::read(changes_file)?;
    let (before_org, _warnings) = crate::load(dir, model)?;
    let mut rows = ExportRows::read(dir)?;
    apply::apply(&mut rows, &changes, changes_file)?;
    let label = format!("{} (after {})", dir.display(), changes_file.display());
    let files = rows.files();
    let (after_org, _warnings) = crate::load_from(
        &crate::ingest::ExportFiles::memory(label, files.clone()),
        model,
    )?;
    let before = Facts::of(
        &before_org,
        &crate::metrics::analyze(&before_org, analysis)?,
    );
    let after = Facts::of(&after_org, &crate::metrics::analyze(&after_org, analysis)?);
    Ok(WhatIf {
        before,
        after,
        files,
        changes: changes.len(),
    })
}

impl WhatIf {
    /// The `check`-style report: what the changes do, and the rules checked on the changed
    /// export against the original (`before`, `after` name the sides).
    pub fn report(&self, rules: &RuleSet, before: &str, after: &str) -> CheckReport {
        let mut report = crate::check::check((&self.before, before), (&self.after, after), rules);
        report.wording = Wording::WHATIF;
        report
    }

    /// Writes the changed export's files into `dir` (each atomically).
    ///
    /// # Errors
    /// [`SeamsError::Io`] when a file cannot be written.
    pub fn write(&self, dir: &Path) -> Result<(), SeamsError> {
        for (name, bytes) in &self.files {
            crate::output::write_atomic(&dir.join(name), |w| w.write_all(bytes))?;
        }
        Ok(())
    }
}
