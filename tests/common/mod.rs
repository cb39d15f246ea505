//! Shared helpers for the integration tests: locating fixtures and loading reference JSON.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use seams::model::{ModelOptions, Org};
use serde_json::Value;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One reference fixture: the org directory, its model options and the networkx values.
pub struct Reference {
    pub name: String,
    pub dir: PathBuf,
    pub options: ModelOptions,
    pub json: Value,
}

/// Every reference fixture under tests/fixtures/reference (sorted by file name).
pub fn references() -> Vec<Reference> {
    let dir = root().join("tests/fixtures/reference");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/reference exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "expected the reference fixtures, found {}",
        files.len()
    );
    files
        .into_iter()
        .map(|f| {
            let json: Value =
                serde_json::from_str(&std::fs::read_to_string(&f).expect("read fixture"))
                    .expect("fixture is JSON");
            let org = json["org"].as_str().expect("org name").to_string();
            let stem = f.file_stem().unwrap().to_string_lossy().to_string();
            let silo_level = stem
                .contains(".silo-level-")
                .then(|| json["silo_level"].as_u64().expect("silo_level") as u32);
            Reference {
                name: stem,
                dir: root().join("tests/fixtures/orgs").join(&org),
                options: ModelOptions { silo_level },
                json,
            }
        })
        .collect()
}

/// Loads an org (panics with the diagnostics if it is invalid).
pub fn load(dir: &Path, options: &ModelOptions) -> Org {
    match seams::load(dir, options) {
        Ok((org, _)) => org,
        Err(seams::error::SeamsError::InvalidInput(d)) => {
            panic!("{} is invalid:\n{d}", dir.display())
        }
        Err(e) => panic!("{}: {e}", dir.display()),
    }
}

/// Asserts two optional floats are equal within 1e-9 (relative for large values).
pub fn close(what: &str, actual: Option<f64>, expected: &Value) {
    match (actual, expected.as_f64()) {
        (None, None) => {}
        (Some(a), Some(e)) => assert!(
            (a - e).abs() <= 1e-9 * e.abs().max(1.0),
            "{what}: expected {e}, got {a}"
        ),
        (a, _) => panic!("{what}: expected {expected}, got {a:?}"),
    }
}
