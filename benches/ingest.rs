//! Ingest + model build on `seams generate` output.
//!
//! Run: `cargo bench --bench ingest` (both sizes) or `cargo bench --bench ingest -- 100000`.
//! The figure README quotes is handoff rows per second (divan's item throughput).

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::counter::ItemsCount;
use divan::Bencher;
use seams::generate::{generate, GenerateConfig};
use seams::model::ModelOptions;

fn main() {
    divan::main();
}

/// Generated orgs live in a temp dir for the whole run, one per size.
fn org(teams: usize) -> (PathBuf, usize) {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let root = DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"));
    let dir = root.path().join(format!("org-{teams}"));
    if !dir.exists() {
        std::fs::create_dir_all(&dir).expect("create org dir");
        generate(
            &GenerateConfig {
                teams,
                seed: 1,
                handoffs_per_team: 10.0,
                journeys: None,
            },
            &dir,
        )
        .expect("generate org");
    }
    let rows = std::fs::read_to_string(dir.join("handoffs.csv"))
        .expect("read handoffs")
        .lines()
        .count()
        - 1;
    (dir, rows)
}

#[divan::bench(args = [10_000, 100_000], sample_count = 5)]
fn load_export_and_build_model(bencher: Bencher, teams: usize) {
    let (dir, rows) = org(teams);
    bencher
        .counter(ItemsCount::new(rows))
        .bench(|| seams::load(&dir, &ModelOptions::default()).expect("valid export"));
}
