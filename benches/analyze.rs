//! The whole of `analyze` and the cheap families (distance, Conway, journey seams) at
//! 1k / 10k / 100k teams. Exact betweenness up to 10k teams; at 100k `analyze` runs with
//! `--approx 256`, as the CLI would choose for very large graphs.
//!
//! `SEAMS_BENCH_TEAMS=10000 cargo bench --bench analyze`; see benches/common for the knobs.

#[path = "common/mod.rs"]
mod common;

use seams::metrics::{analyze, conway, distance, seams as journey, AnalysisOptions};

fn main() {
    divan::main();
}

fn options(teams: usize) -> AnalysisOptions {
    AnalysisOptions {
        approx: (teams > 20_000).then_some(256),
        ..AnalysisOptions::default()
    }
}

#[divan::bench(args = common::sizes(), sample_count = 3)]
fn whole_analysis(bencher: divan::Bencher, teams: usize) {
    let org = common::generated(teams);
    let opts = options(teams);
    bencher.bench(|| analyze(divan::black_box(org), &opts).expect("analysis"));
}

#[divan::bench(args = common::sizes(), sample_count = 10)]
fn customer_distance(bencher: divan::Bencher, teams: usize) {
    let org = common::generated(teams);
    bencher.bench(|| distance::customer_distance(divan::black_box(org)));
}

#[divan::bench(args = common::sizes(), sample_count = 10)]
fn conway_alignment(bencher: divan::Bencher, teams: usize) {
    let org = common::generated(teams);
    bencher.bench(|| conway::conway_alignment(divan::black_box(org)));
}

#[divan::bench(args = common::sizes(), sample_count = 10)]
fn journey_seams(bencher: divan::Bencher, teams: usize) {
    let org = common::generated(teams);
    bencher.bench(|| journey::journey_seams(divan::black_box(org)));
}

#[divan::bench(args = common::dirs(), sample_count = 3)]
fn whole_analysis_existing(bencher: divan::Bencher, dir: &str) {
    let org = common::existing(dir);
    let opts = AnalysisOptions::default();
    bencher.bench(|| analyze(divan::black_box(org), &opts).expect("analysis"));
}
