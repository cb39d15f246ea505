//! Test support: a model built from CSV text, for the unit tests of the metrics.

use super::{ModelOptions, Org};

/// Builds the model of an export given as `(file name, CSV text)` pairs (written to a
/// temporary directory and read by the real ingest). Panics with the diagnostics if invalid.
pub(crate) fn org_from_csv(files: &[(&str, &str)]) -> Org {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write CSV");
    }
    match crate::load(dir.path(), &ModelOptions::default()) {
        Ok((org, _)) => org,
        Err(e) => panic!("invalid test export: {e}"),
    }
}
