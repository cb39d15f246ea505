//! Ingest + model build (`seams::load`) on `seams generate` output.
//!
//! `cargo bench --bench ingest`; sizes from `SEAMS_BENCH_TEAMS` (default here `10000,100000`).
//! The figure README quotes is handoff rows per second (divan's item throughput).

#[path = "common/mod.rs"]
mod common;

use divan::counter::ItemsCount;
use seams::model::ModelOptions;

fn main() {
    divan::main();
}

fn sizes() -> Vec<usize> {
    if std::env::var("SEAMS_BENCH_TEAMS").is_ok() {
        common::sizes()
    } else {
        vec![10_000, 100_000]
    }
}

#[divan::bench(args = sizes(), sample_count = 5)]
fn load_export_and_build_model(bencher: divan::Bencher, teams: usize) {
    let dir = common::generated_dir(teams);
    let rows = std::fs::read_to_string(dir.join("handoffs.csv"))
        .expect("read handoffs")
        .lines()
        .count()
        - 1;
    bencher
        .counter(ItemsCount::new(rows))
        .bench(|| seams::load(&dir, &ModelOptions::default()).expect("valid export"));
}
