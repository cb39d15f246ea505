//! Test support: a model built from CSV text, for the unit tests of the metrics.

use super::{ModelOptions, Org};

/// Builds the model of an export given as `(file name, CSV text)` pairs, read from memory by
/// the real ingest. Panics with the diagnostics if invalid.
pub(crate) fn org_from_csv(files: &[(&str, &str)]) -> Org {
    let files = crate::ExportFiles::memory("test", files.iter().copied());
    match crate::load_from(&files, &ModelOptions::default()) {
        Ok((org, _)) => org,
        Err(e) => panic!("invalid test export: {e}"),
    }
}
